using GraphQL;
using Rephlo.Tiers.Api.GraphQL.Common;

namespace Rephlo.Tiers.Api.Transport.Http;

/// <summary>Writes GraphQL results and request errors as HTTP responses (shared by HTTP and SSE).</summary>
public sealed class GraphQLResponseWriter(IGraphQLTextSerializer serializer, ILogger<GraphQLResponseWriter> logger)
{
    public const string GraphQLResponseMediaType = "application/graphql-response+json";
    public const string JsonMediaType = "application/json";

    /// <summary>A request that could not execute: 429 when rate limited (whatever the media type), 403 when authorization refused it, else 400.</summary>
    public static int NotExecutedStatus(ExecutionResult result) =>
        IsRateLimited(result) ? StatusCodes.Status429TooManyRequests
        : result.Errors?.Any(e => e is AccessDeniedError) == true ? StatusCodes.Status403Forbidden : StatusCodes.Status400BadRequest;

    public static bool IsRateLimited(ExecutionResult result) => result.Errors?.Any(e => e is Operations.RateLimitedError) == true;

    public Task WriteErrorAsync(HttpContext http, string mediaType, int status, string code, string message) =>
        WriteAsync(http, mediaType, status, new ExecutionResult(new ExecutionError(message) { Code = code }));

    public async Task WriteAsync(HttpContext http, string mediaType, int status, ExecutionResult result)
    {
        http.Response.StatusCode = status;
        if (result.Errors?.OfType<Operations.RateLimitedError>().FirstOrDefault() is { } limited)
        {
            http.Response.Headers.RetryAfter = limited.Seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        http.Response.ContentType = mediaType + "; charset=utf-8";
        try
        {
            await serializer.WriteAsync(http.Response.Body, result, http.RequestAborted);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            logger.LogDebug("The client went away before the response was written");
        }
    }
}
