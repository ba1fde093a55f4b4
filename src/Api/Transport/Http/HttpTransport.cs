using GraphQLParser.AST;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Net.Http.Headers;
using Rephlo.Tiers.Api.Transport.Core;
using Rephlo.Tiers.Api.Transport.Sse;

namespace Rephlo.Tiers.Api.Transport.Http;

/// <summary>
/// GraphQL over HTTP (the GraphQL Foundation's graphql-over-http specification): POST with a JSON
/// body and GET with query parameters; <c>application/graphql-response+json</c> when accepted (with
/// 4xx for requests that could not execute) and <c>application/json</c> otherwise (always 200
/// once the request is well-formed). A request that accepts <c>text/event-stream</c> is answered
/// by the SSE transport once it has passed the same checks.
/// </summary>
public sealed class HttpTransport(GraphQLRequestReader reader, GraphQLExecutor executor, GraphQLResponseWriter writer, SseTransport sse)
{
    private const string GraphQLResponseMediaType = GraphQLResponseWriter.GraphQLResponseMediaType;
    private const string JsonMediaType = GraphQLResponseWriter.JsonMediaType;

    public async Task HandleAsync(HttpContext http)
    {
        var wantsEvents = SseTransport.IsRequested(http.Request);
        var responseType = wantsEvents ? JsonMediaType : NegotiateResponseType(http.Request);
        if (responseType is null)
        {
            await writer.WriteErrorAsync(http, JsonMediaType, StatusCodes.Status406NotAcceptable, "NOT_ACCEPTABLE",
                $"Accept must allow {GraphQLResponseMediaType} or {JsonMediaType}.");
            return;
        }

        if (!HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsPost(http.Request.Method))
        {
            http.Response.Headers.Allow = "GET, POST";
            await writer.WriteErrorAsync(http, responseType, StatusCodes.Status405MethodNotAllowed, "METHOD_NOT_ALLOWED", "GraphQL requests use GET or POST.");
            return;
        }

        if (http.User.Identity?.IsAuthenticated != true)
        {
            await http.ChallengeAsync();
            return;
        }

        var (request, problem) = await reader.ReadAsync(http.Request);
        if (problem is not null)
        {
            await writer.WriteErrorAsync(http, responseType, problem.Status, problem.Code, problem.Message);
            return;
        }

        if (request!.OperationType == OperationType.Mutation && HttpMethods.IsGet(http.Request.Method))
        {
            http.Response.Headers.Allow = "POST";
            await writer.WriteErrorAsync(http, responseType, StatusCodes.Status405MethodNotAllowed, "METHOD_NOT_ALLOWED", "Mutations must be sent with POST.");
            return;
        }

        if (wantsEvents)
        {
            await sse.StreamAsync(http, request);
            return;
        }

        if (request.OperationType == OperationType.Subscription)
        {
            await writer.WriteErrorAsync(http, responseType, StatusCodes.Status400BadRequest, "SUBSCRIPTION_TRANSPORT_REQUIRED",
                "Subscriptions need a streaming transport (graphql-transport-ws over WebSocket, or Server-Sent Events).");
            return;
        }

        // The request's own DI scope (ASP.NET Core creates one per request) serves the operation.
        var result = await executor.ExecuteAsync(request, http.RequestServices, http.User, http.RequestAborted, http.Connection.RemoteIpAddress?.ToString());
        var status = !result.Executed && (responseType == GraphQLResponseMediaType || GraphQLResponseWriter.IsRateLimited(result))
            ? GraphQLResponseWriter.NotExecutedStatus(result)
            : StatusCodes.Status200OK;
        await writer.WriteAsync(http, responseType, status, result);
    }

    /// <summary>
    /// Picks the response media type from Accept (highest quality wins; ties prefer the GraphQL
    /// one). No Accept, or only wildcards, get <c>application/json</c>, as the specification
    /// advises for clients that predate the GraphQL media type.
    /// </summary>
    internal static string? NegotiateResponseType(HttpRequest request)
    {
        var accept = request.Headers.Accept;
        if (accept.Count == 0 || string.IsNullOrWhiteSpace(accept.ToString()))
        {
            return JsonMediaType;
        }

        if (!MediaTypeHeaderValue.TryParseList(accept, out var ranges))
        {
            return null;
        }

        string? best = null;
        double bestQuality = 0;
        foreach (var range in ranges)
        {
            var quality = range.Quality ?? 1.0;
            var candidate = range.MediaType.Value?.ToLowerInvariant() switch
            {
                GraphQLResponseMediaType => GraphQLResponseMediaType,
                JsonMediaType or "application/*" or "*/*" => JsonMediaType,
                _ => null,
            };
            if (candidate is null || quality <= 0)
            {
                continue;
            }

            if (quality > bestQuality || (quality == bestQuality && candidate == GraphQLResponseMediaType))
            {
                best = candidate;
                bestQuality = quality;
            }
        }

        return best;
    }
}
