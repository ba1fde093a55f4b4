using System.Diagnostics;
using GraphQL;
using GraphQL.Execution;

namespace Rephlo.Tiers.Api.GraphQL.Common;

/// <summary>
/// Every error carries <c>extensions.code</c>; unexpected exceptions are masked (logged in full by
/// the executor's unhandled-exception hook) and carry a trace id to find them in the logs.
/// </summary>
public sealed class MaskingErrorInfoProvider() : ErrorInfoProvider(new ErrorInfoProviderOptions { ExposeExceptionDetails = false, ExposeCodes = false, ExposeData = false })
{
    public const string InternalCode = "INTERNAL_SERVER_ERROR";

    public override ErrorInfo GetInfo(ExecutionError executionError)
    {
        var info = base.GetInfo(executionError);
        var extensions = info.Extensions is null ? new Dictionary<string, object?>() : new Dictionary<string, object?>(info.Extensions);
        var message = info.Message;
        if (executionError is UnhandledError)
        {
            // The operation's trace id (also in its log line), stamped by the executor; else the current one.
            var traceId = executionError.Data[Transport.Core.MaskingErrorTrace.Key] as string ?? Activity.Current?.TraceId.ToString();
            message = "An unexpected error occurred." + (traceId is null ? string.Empty : $" Trace id: {traceId}.");
            extensions["code"] = InternalCode;
            if (traceId is not null)
            {
                extensions["traceId"] = traceId;
            }
        }
        else if (!extensions.ContainsKey("code"))
        {
            extensions["code"] = executionError is global::GraphQL.Validation.ValidationError ? "GRAPHQL_VALIDATION_FAILED" : "GRAPHQL_ERROR";
        }

        return new ErrorInfo { Message = message, Extensions = extensions };
    }
}
