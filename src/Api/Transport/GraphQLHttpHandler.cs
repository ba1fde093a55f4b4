using System.Buffers;
using System.Text.Json;
using GraphQL;
using GraphQL.Transport;
using GraphQL.Types;
using GraphQLParser;
using GraphQLParser.AST;
using GraphQLParser.Exceptions;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Rephlo.Tiers.Api.GraphQL.Common;

namespace Rephlo.Tiers.Api.Transport;

public sealed class GraphQLHttpOptions
{
    public const string Section = "GraphQL";

    /// <summary>Largest accepted POST body, in bytes.</summary>
    public int MaxRequestBytes { get; set; } = 256 * 1024;
}

/// <summary>
/// GraphQL over HTTP (the GraphQL Foundation's graphql-over-http specification): POST with a JSON
/// body and GET with query parameters; <c>application/graphql-response+json</c> when accepted (with
/// 4xx for requests that could not execute) and <c>application/json</c> otherwise (always 200
/// once the request is well-formed).
/// </summary>
public sealed class GraphQLHttpHandler(
    IDocumentExecuter<ISchema> executer,
    IGraphQLTextSerializer serializer,
    IOptions<GraphQLHttpOptions> options,
    IOptions<SubscriptionOptions> streaming,
    IHostApplicationLifetime lifetime,
    ILogger<GraphQLHttpHandler> logger)
{
    public const string EventStreamMediaType = "text/event-stream";

    public const string GraphQLResponseMediaType = "application/graphql-response+json";
    public const string JsonMediaType = "application/json";

    public async Task HandleAsync(HttpContext http)
    {
        if (http.WebSockets.IsWebSocketRequest)
        {
            await http.RequestServices.GetRequiredService<GraphQLWebSocketHandler>().HandleAsync(http);
            return;
        }

        if (await Explorer.TryHandleBrowserAsync(http))
        {
            return;
        }

        var wantsEvents = AcceptsEventStream(http.Request);
        var responseType = wantsEvents ? JsonMediaType : NegotiateResponseType(http.Request);
        if (responseType is null)
        {
            http.Response.StatusCode = StatusCodes.Status406NotAcceptable;
            await WriteErrorAsync(http, JsonMediaType, StatusCodes.Status406NotAcceptable, "NOT_ACCEPTABLE",
                $"Accept must allow {GraphQLResponseMediaType} or {JsonMediaType}.");
            return;
        }

        if (!HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsPost(http.Request.Method))
        {
            http.Response.Headers.Allow = "GET, POST";
            await WriteErrorAsync(http, responseType, StatusCodes.Status405MethodNotAllowed, "METHOD_NOT_ALLOWED", "GraphQL requests use GET or POST.");
            return;
        }

        if (http.User.Identity?.IsAuthenticated != true)
        {
            await http.ChallengeAsync();
            return;
        }

        var (request, problem) = HttpMethods.IsGet(http.Request.Method) ? ReadGet(http.Request) : await ReadPostAsync(http.Request);
        if (problem is not null)
        {
            await WriteErrorAsync(http, responseType, problem.Status, problem.Code, problem.Message);
            return;
        }

        GraphQLDocument? document = null;
        try
        {
            document = Parser.Parse(request!.Query!);
        }
        catch (GraphQLSyntaxErrorException)
        {
            // The executer reports the syntax error in the standard shape (code SYNTAX_ERROR).
        }

        var operationType = document is null ? (OperationType?)null : FindOperation(document, request!.OperationName)?.Operation;
        if (operationType == OperationType.Mutation && HttpMethods.IsGet(http.Request.Method))
        {
            http.Response.Headers.Allow = "POST";
            await WriteErrorAsync(http, responseType, StatusCodes.Status405MethodNotAllowed, "METHOD_NOT_ALLOWED", "Mutations must be sent with POST.");
            return;
        }

        if (wantsEvents)
        {
            await StreamAsync(http, request!, document);
            return;
        }

        if (operationType == OperationType.Subscription)
        {
            await WriteErrorAsync(http, responseType, StatusCodes.Status400BadRequest, "SUBSCRIPTION_TRANSPORT_REQUIRED",
                "Subscriptions need a streaming transport (graphql-transport-ws over WebSocket, or Server-Sent Events).");
            return;
        }

        var result = await ExecuteAsync(http, request!, document, http.RequestAborted);
        var status = responseType == GraphQLResponseMediaType && !result.Executed ? NotExecutedStatus(result) : StatusCodes.Status200OK;
        await WriteAsync(http, responseType, status, result);
    }

    private Task<ExecutionResult> ExecuteAsync(HttpContext http, GraphQLRequest request, GraphQLDocument? document, CancellationToken cancellationToken) =>
        executer.ExecuteAsync(new ExecutionOptions
        {
            Query = request.Query,
            Document = document,
            OperationName = request.OperationName,
            Variables = request.Variables,
            Extensions = request.Extensions,
            RequestServices = http.RequestServices,
            User = http.User,
            CancellationToken = cancellationToken,
        });

    /// <summary>A request that could not execute: 403 when authorization refused it, else 400.</summary>
    private static int NotExecutedStatus(ExecutionResult result) =>
        result.Errors?.Any(e => e is AccessDeniedError) == true ? StatusCodes.Status403Forbidden : StatusCodes.Status400BadRequest;

    /// <summary>
    /// GraphQL over Server-Sent Events (graphql-sse, distinct connections mode): every result is a
    /// <c>next</c> event, the end is a <c>complete</c> event. A request that cannot execute gets
    /// 400 with the errors as JSON, as in the plain HTTP transport.
    /// </summary>
    private async Task StreamAsync(HttpContext http, GraphQLRequest request, GraphQLDocument? document)
    {
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, lifetime.ApplicationStopping);
        var result = await ExecuteAsync(http, request, document, stopping.Token);
        if (!result.Executed)
        {
            await WriteAsync(http, JsonMediaType, NotExecutedStatus(result), result);
            return;
        }

        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = EventStreamMediaType + "; charset=utf-8";
        http.Response.Headers.CacheControl = "no-cache";
        http.Response.Headers["X-Accel-Buffering"] = "no";
        await http.Response.Body.FlushAsync(stopping.Token);

        var events = System.Threading.Channels.Channel.CreateBounded<ExecutionResult>(new System.Threading.Channels.BoundedChannelOptions(streaming.Value.MaxBufferedMessages) { SingleReader = true });
        IDisposable? subscription = null;
        if (result.Streams is { Count: > 0 } streams)
        {
            subscription = streams.Values.First().Subscribe(new ChannelObserver(events, logger));
        }
        else
        {
            events.Writer.TryWrite(result);
            events.Writer.TryComplete();
        }

        try
        {
            await foreach (var next in events.Reader.ReadAllAsync(stopping.Token))
            {
                await WriteEventAsync(http, "next", serializer.Serialize(next), stopping.Token);
            }
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            subscription?.Dispose();
        }

        if (!http.RequestAborted.IsCancellationRequested)
        {
            await WriteEventAsync(http, "complete", string.Empty, CancellationToken.None);
        }
    }

    private static async Task WriteEventAsync(HttpContext http, string name, string data, CancellationToken cancellationToken)
    {
        await http.Response.WriteAsync($"event: {name}\ndata: {data}\n\n", cancellationToken);
        await http.Response.Body.FlushAsync(cancellationToken);
    }

    private static bool AcceptsEventStream(HttpRequest request) =>
        MediaTypeHeaderValue.TryParseList(request.Headers.Accept, out var ranges)
        && ranges.Any(r => string.Equals(r.MediaType.Value, EventStreamMediaType, StringComparison.OrdinalIgnoreCase));

    /// <summary>Feeds a bounded channel; a consumer too slow to keep up loses its stream, never the server's memory.</summary>
    private sealed class ChannelObserver(System.Threading.Channels.Channel<ExecutionResult> channel, ILogger logger) : IObserver<ExecutionResult>
    {
        public void OnCompleted() => channel.Writer.TryComplete();

        public void OnError(Exception error)
        {
            logger.LogError(error, "A subscription streamed over SSE failed");
            channel.Writer.TryComplete();
        }

        public void OnNext(ExecutionResult value)
        {
            if (!channel.Writer.TryWrite(value))
            {
                logger.LogWarning("Ending an SSE stream whose client fell behind");
                channel.Writer.TryComplete();
            }
        }
    }

    /// <summary>Picks the response media type from Accept (highest quality wins; ties prefer the GraphQL one).</summary>
    internal static string? NegotiateResponseType(HttpRequest request)
    {
        var accept = request.Headers.Accept;
        if (accept.Count == 0 || string.IsNullOrWhiteSpace(accept.ToString()))
        {
            return JsonMediaType; // the spec's legacy default for clients that send no Accept
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
            var mediaType = range.MediaType.Value?.ToLowerInvariant();
            var candidate = mediaType switch
            {
                GraphQLResponseMediaType => GraphQLResponseMediaType,
                JsonMediaType => JsonMediaType,
                "application/*" or "*/*" => GraphQLResponseMediaType,
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

    private static GraphQLOperationDefinition? FindOperation(GraphQLDocument document, string? operationName)
    {
        var operations = document.Definitions.OfType<GraphQLOperationDefinition>().ToList();
        return operationName is null
            ? (operations.Count == 1 ? operations[0] : null)
            : operations.FirstOrDefault(o => o.Name?.Value == operationName);
    }

    private (GraphQLRequest? Request, RequestProblem? Problem) ReadGet(HttpRequest request)
    {
        var query = request.Query["query"].ToString();
        if (string.IsNullOrWhiteSpace(query))
        {
            return (null, RequestProblem.BadRequest("The 'query' parameter is required."));
        }

        var parsed = new GraphQLRequest { Query = query, OperationName = NullIfEmpty(request.Query["operationName"].ToString()) };
        var variables = request.Query["variables"].ToString();
        var extensions = request.Query["extensions"].ToString();
        try
        {
            parsed.Variables = string.IsNullOrEmpty(variables) ? null : ReadObject(JsonDocument.Parse(variables).RootElement, "variables");
            parsed.Extensions = string.IsNullOrEmpty(extensions) ? null : ReadObject(JsonDocument.Parse(extensions).RootElement, "extensions");
        }
        catch (JsonException ex)
        {
            return (null, RequestProblem.BadRequest($"'variables' and 'extensions' must be JSON objects: {ex.Message}", "INVALID_JSON"));
        }
        catch (RequestShapeException ex)
        {
            return (null, RequestProblem.BadRequest(ex.Message));
        }

        return (parsed, null);
    }

    private async Task<(GraphQLRequest? Request, RequestProblem? Problem)> ReadPostAsync(HttpRequest request)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType) ||
            !string.Equals(contentType.MediaType.Value, JsonMediaType, StringComparison.OrdinalIgnoreCase))
        {
            return (null, new RequestProblem(StatusCodes.Status415UnsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE", $"POST bodies must be {JsonMediaType}."));
        }

        var limit = options.Value.MaxRequestBytes;
        if (request.ContentLength > limit)
        {
            return (null, new RequestProblem(StatusCodes.Status413PayloadTooLarge, "REQUEST_TOO_LARGE", $"The request body may be at most {limit} bytes."));
        }

        var buffer = new ArrayBufferWriter<byte>();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            if (buffer.WrittenCount + read > limit)
            {
                return (null, new RequestProblem(StatusCodes.Status413PayloadTooLarge, "REQUEST_TOO_LARGE", $"The request body may be at most {limit} bytes."));
            }

            buffer.Write(chunk.AsSpan(0, read));
        }

        JsonDocument body;
        try
        {
            body = JsonDocument.Parse(buffer.WrittenMemory);
        }
        catch (JsonException ex)
        {
            return (null, RequestProblem.BadRequest($"The body is not valid JSON: {ex.Message}", "INVALID_JSON"));
        }

        using (body)
        {
            var root = body.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, RequestProblem.BadRequest("The body must be a JSON object with a 'query'."));
            }

            try
            {
                var query = ReadString(root, "query") ?? throw new RequestShapeException("'query' is required.");
                return (new GraphQLRequest
                {
                    Query = query,
                    OperationName = ReadString(root, "operationName"),
                    Variables = root.TryGetProperty("variables", out var v) ? ReadObject(v, "variables") : null,
                    Extensions = root.TryGetProperty("extensions", out var e) ? ReadObject(e, "extensions") : null,
                }, null);
            }
            catch (RequestShapeException ex)
            {
                return (null, RequestProblem.BadRequest(ex.Message));
            }
        }
    }

    private static string? ReadString(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String ? value.GetString() : throw new RequestShapeException($"'{name}' must be a string.");
    }

    private Inputs? ReadObject(JsonElement value, string name) => value.ValueKind switch
    {
        JsonValueKind.Null => null,
        JsonValueKind.Object => serializer.ReadNode<Inputs>(value),
        _ => throw new RequestShapeException($"'{name}' must be a JSON object."),
    };

    private static string? NullIfEmpty(string value) => string.IsNullOrEmpty(value) ? null : value;

    private Task WriteErrorAsync(HttpContext http, string mediaType, int status, string code, string message) =>
        WriteAsync(http, mediaType, status, new ExecutionResult(new ExecutionError(message) { Code = code }));

    private async Task WriteAsync(HttpContext http, string mediaType, int status, ExecutionResult result)
    {
        http.Response.StatusCode = status;
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

    private sealed record RequestProblem(int Status, string Code, string Message)
    {
        public static RequestProblem BadRequest(string message, string code = "INVALID_REQUEST") => new(StatusCodes.Status400BadRequest, code, message);
    }

    private sealed class RequestShapeException(string message) : Exception(message);
}
