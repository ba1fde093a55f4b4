using System.Diagnostics;
using System.Security.Claims;
using GraphQL;
using GraphQL.Execution;
using GraphQL.Types;
using GraphQLParser.AST;
using Rephlo.Tiers.Api.Operations;
using Rephlo.Tiers.Infrastructure.Telemetry;

namespace Rephlo.Tiers.Api.Transport.Core;

/// <summary>
/// Executes a parsed request for any transport: the one place <see cref="ExecutionOptions"/> are
/// built, and where every operation is rate limited (once its type is known), traced (a span per
/// operation), measured and logged (one line when it ends; a subscription logs its start and end).
/// </summary>
public sealed class GraphQLExecutor(IDocumentExecuter<ISchema> executer, OperationRateLimiter limiter, ILogger<GraphQLExecutor> logger)
{
    /// <param name="services">The operation's own services (its DI scope: DbContext, data loaders).</param>
    /// <param name="clientAddress">The caller's address: the rate-limit partition of an anonymous caller.</param>
    public async Task<ExecutionResult> ExecuteAsync(GraphQLOperationRequest operation, IServiceProvider services, ClaimsPrincipal user, CancellationToken cancellationToken, string? clientAddress = null)
    {
        var log = new OperationLog(
            OperationNameOf(operation),
            TypeOf(operation.OperationType),
            user.FindFirst("sub")?.Value,
            Stopwatch.GetTimestamp());

        // A span per operation; without a listener a plain activity still gives the trace id that
        // the log line and a masked error share.
        var activity = TiersTelemetry.Source.StartActivity($"{log.Type} {log.Name}", ActivityKind.Internal)
            ?? new Activity("graphql.operation").Start();
        activity.SetTag("graphql.operation.name", log.Name);
        activity.SetTag("graphql.operation.type", log.Type);
        log.TraceId = activity.TraceId.ToString();
        try
        {
            if (limiter.TryAcquire(operation.OperationType, OperationRateLimiter.CallerOf(user, clientAddress)) is { } refused)
            {
                Finish(log, activity, "rate_limited", [RateLimitedError.ErrorCode]);
                return new ExecutionResult { Executed = false, Errors = [refused] };
            }

            var result = await executer.ExecuteAsync(new ExecutionOptions
            {
                Query = operation.Request.Query,
                Document = operation.Document,
                OperationName = operation.Request.OperationName,
                Variables = operation.Request.Variables,
                Extensions = operation.Request.Extensions,
                RequestServices = services,
                User = user,
                CancellationToken = cancellationToken,
            });

            var codes = result.Errors?.Select(CodeOf).Distinct().ToArray() ?? [];
            foreach (var unhandled in result.Errors?.OfType<UnhandledError>() ?? [])
            {
                unhandled.Data[MaskingErrorTrace.Key] = log.TraceId;
            }

            var outcome = !result.Executed ? "rejected" : codes.Length > 0 ? "error" : "success";
            if (result.Executed && result.Streams is { Count: > 0 } streams)
            {
                // A subscription logs its start now and its end when the stream ends (never each event).
                Finish(log, activity, outcome, codes, subscriptionStarted: true);
                foreach (var key in streams.Keys.ToArray())
                {
                    streams[key] = new EndObservedStream(streams[key], () => LogSubscriptionEnd(log));
                }
            }
            else
            {
                Finish(log, activity, outcome, codes);
            }

            return result;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Finish(log, activity, "cancelled", []);
            throw;
        }
        catch (Exception ex)
        {
            activity.AddException(ex);
            Finish(log, activity, "error", ["INTERNAL_SERVER_ERROR"]);
            throw;
        }
        finally
        {
            activity.Dispose();
        }
    }

    internal static string OperationNameOf(GraphQLOperationRequest operation)
    {
        var name = operation.Request.OperationName
            ?? operation.Document?.Definitions.OfType<GraphQLOperationDefinition>().FirstOrDefault()?.Name?.StringValue;
        return string.IsNullOrEmpty(name) ? "anonymous" : name.Length > 100 ? name[..100] : name;
    }

    private static string TypeOf(OperationType? type) => type switch
    {
        OperationType.Query => "query",
        OperationType.Mutation => "mutation",
        OperationType.Subscription => "subscription",
        _ => "unknown",
    };

    private static string CodeOf(ExecutionError error) => error switch
    {
        UnhandledError => "INTERNAL_SERVER_ERROR",
        global::GraphQL.Validation.ValidationError => error.Code ?? "GRAPHQL_VALIDATION_FAILED",
        _ => error.Code ?? "GRAPHQL_ERROR",
    };

    private void Finish(OperationLog log, Activity activity, string outcome, string[] codes, bool subscriptionStarted = false)
    {
        var elapsed = Stopwatch.GetElapsedTime(log.Started);
        activity.SetTag("rephlo.outcome", outcome);
        if (codes.Length > 0)
        {
            activity.SetTag("rephlo.error_codes", string.Join(',', codes));
        }

        activity.SetStatus(outcome is "success" ? ActivityStatusCode.Ok : ActivityStatusCode.Error);
        var tags = new TagList { { "graphql.operation.name", log.Name }, { "graphql.operation.type", log.Type }, { "outcome", outcome } };
        TiersTelemetry.Operations.Add(1, tags);
        TiersTelemetry.OperationDuration.Record(elapsed.TotalSeconds, tags);

        var durationMs = Math.Round(elapsed.TotalMilliseconds, 2);
        var errors = codes.Length == 0 ? null : string.Join(',', codes);
        if (subscriptionStarted)
        {
            log.Outcome = outcome;
            OperationLogMessages.SubscriptionStarted(logger, log.Name, outcome, durationMs, log.UserId, log.TraceId, errors);
        }
        else
        {
            OperationLogMessages.Completed(logger, log.Type, log.Name, outcome, durationMs, log.UserId, log.TraceId, errors);
        }
    }

    private void LogSubscriptionEnd(OperationLog log) =>
        OperationLogMessages.SubscriptionEnded(logger, log.Name, Math.Round(Stopwatch.GetElapsedTime(log.Started).TotalMilliseconds, 2), log.UserId, log.TraceId);

    private sealed class OperationLog(string name, string type, string? userId, long started)
    {
        public string Name { get; } = name;

        public string Type { get; } = type;

        public string? UserId { get; } = userId;

        public long Started { get; } = started;

        public string TraceId { get; set; } = string.Empty;

        public string Outcome { get; set; } = string.Empty;
    }

    /// <summary>Calls <paramref name="onEnd"/> once, when the subscriber unsubscribes or the stream completes or fails.</summary>
    private sealed class EndObservedStream(IObservable<ExecutionResult> inner, Action onEnd) : IObservable<ExecutionResult>
    {
        private int _ended;

        public IDisposable Subscribe(IObserver<ExecutionResult> observer)
        {
            var subscription = inner.Subscribe(new Observer(observer, End));
            return new Unsubscriber(subscription, End);
        }

        private void End()
        {
            if (Interlocked.Exchange(ref _ended, 1) == 0)
            {
                onEnd();
            }
        }

        private sealed class Observer(IObserver<ExecutionResult> inner, Action end) : IObserver<ExecutionResult>
        {
            public void OnCompleted()
            {
                inner.OnCompleted();
                end();
            }

            public void OnError(Exception error)
            {
                inner.OnError(error);
                end();
            }

            public void OnNext(ExecutionResult value) => inner.OnNext(value);
        }

        private sealed class Unsubscriber(IDisposable inner, Action end) : IDisposable
        {
            public void Dispose()
            {
                inner.Dispose();
                end();
            }
        }
    }
}

/// <summary>
/// The one log line per GraphQL operation (never the query text, variables or token). Structured:
/// with the JSON console each field is a property of <c>State</c>.
/// </summary>
internal static partial class OperationLogMessages
{
    [LoggerMessage(EventId = 1200, Level = LogLevel.Information, Message = "GraphQL {OperationType} {OperationName} {Outcome} in {DurationMs} ms (user {UserId}, trace {TraceId}, errors {ErrorCodes})")]
    public static partial void Completed(ILogger logger, string operationType, string operationName, string outcome, double durationMs, string? userId, string traceId, string? errorCodes);

    [LoggerMessage(EventId = 1201, Level = LogLevel.Information, Message = "GraphQL subscription {OperationName} started: {Outcome} in {DurationMs} ms (user {UserId}, trace {TraceId}, errors {ErrorCodes})")]
    public static partial void SubscriptionStarted(ILogger logger, string operationName, string outcome, double durationMs, string? userId, string traceId, string? errorCodes);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Information, Message = "GraphQL subscription {OperationName} ended after {DurationMs} ms (user {UserId}, trace {TraceId})")]
    public static partial void SubscriptionEnded(ILogger logger, string operationName, double durationMs, string? userId, string traceId);
}

/// <summary>Where the executor leaves an unhandled error's trace id for the masking error provider.</summary>
public static class MaskingErrorTrace
{
    public const string Key = "rephlo.traceId";
}
