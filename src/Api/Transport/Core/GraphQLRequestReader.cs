using System.Buffers;
using System.Text.Json;
using GraphQL;
using GraphQL.Transport;
using GraphQLParser.AST;
using GraphQLParser.Exceptions;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Rephlo.Tiers.Api.Transport.Core;

/// <summary>A GraphQL request as every transport hands it to the executor: parsed once.</summary>
/// <param name="Document">The parsed document; null when it does not parse (executing reports the syntax error).</param>
/// <param name="OperationType">The type of the operation the request selects; null when unknown.</param>
public sealed record GraphQLOperationRequest(GraphQLRequest Request, GraphQLDocument? Document, OperationType? OperationType);

/// <summary>Why a request could not be read: an HTTP status, an error code and a message for the client.</summary>
public sealed record RequestProblem(int Status, string Code, string Message)
{
    public static RequestProblem BadRequest(string message, string code = "INVALID_REQUEST") => new(StatusCodes.Status400BadRequest, code, message);
}

/// <summary>
/// Reads GraphQL requests by the rules of GraphQL over HTTP, once for every transport: GET query
/// parameters, POST <c>application/json</c> bodies (size-limited; batches refused) and the payload
/// of a graphql-transport-ws <c>subscribe</c> message (the same JSON object shape).
/// </summary>
public sealed class GraphQLRequestReader(IGraphQLTextSerializer serializer, IOptions<GraphQLHttpOptions> options, ValidatedDocumentCache documents)
{
    public const string JsonMediaType = "application/json";

    /// <summary>A GET or POST request to the GraphQL endpoint.</summary>
    public async ValueTask<(GraphQLOperationRequest? Request, RequestProblem? Problem)> ReadAsync(HttpRequest request) =>
        HttpMethods.IsGet(request.Method) ? ReadGet(request) : await ReadPostAsync(request);

    /// <summary>A JSON object <c>{ query, operationName, variables, extensions }</c> (POST body or subscribe payload).</summary>
    public (GraphQLOperationRequest? Request, RequestProblem? Problem) ReadObject(JsonElement root)
    {
        if (root.ValueKind == JsonValueKind.Array)
        {
            return (null, RequestProblem.BadRequest("Batched requests (a JSON array) are not supported: send one request per POST."));
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            return (null, RequestProblem.BadRequest("The body must be a JSON object with a 'query'."));
        }

        try
        {
            var query = ReadString(root, "query") ?? throw new RequestShapeException("'query' is required.");
            return (Parse(new GraphQLRequest
            {
                Query = query,
                OperationName = ReadString(root, "operationName"),
                Variables = root.TryGetProperty("variables", out var v) ? ReadInputs(v, "variables") : null,
                Extensions = root.TryGetProperty("extensions", out var e) ? ReadInputs(e, "extensions") : null,
            }), null);
        }
        catch (RequestShapeException ex)
        {
            return (null, RequestProblem.BadRequest(ex.Message));
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException)
        {
            return (null, RequestProblem.BadRequest($"'variables' and 'extensions' must be JSON objects of valid values: {ex.Message}"));
        }
    }

    private (GraphQLOperationRequest? Request, RequestProblem? Problem) ReadGet(HttpRequest request)
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
            parsed.Variables = string.IsNullOrEmpty(variables) ? null : ReadInputs(JsonDocument.Parse(variables).RootElement, "variables");
            parsed.Extensions = string.IsNullOrEmpty(extensions) ? null : ReadInputs(JsonDocument.Parse(extensions).RootElement, "extensions");
        }
        catch (JsonException ex)
        {
            return (null, RequestProblem.BadRequest($"'variables' and 'extensions' must be JSON objects: {ex.Message}", "INVALID_JSON"));
        }
        catch (RequestShapeException ex)
        {
            return (null, RequestProblem.BadRequest(ex.Message));
        }

        return (Parse(parsed), null);
    }

    private async ValueTask<(GraphQLOperationRequest? Request, RequestProblem? Problem)> ReadPostAsync(HttpRequest request)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType) ||
            !string.Equals(contentType.MediaType.Value, JsonMediaType, StringComparison.OrdinalIgnoreCase))
        {
            return (null, new RequestProblem(StatusCodes.Status415UnsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE", $"POST bodies must be {JsonMediaType}."));
        }

        var limit = options.Value.MaxRequestBytes;
        var tooLarge = new RequestProblem(StatusCodes.Status413PayloadTooLarge, "REQUEST_TOO_LARGE", $"The request body may be at most {limit} bytes.");
        if (request.ContentLength > limit)
        {
            return (null, tooLarge);
        }

        var buffer = new ArrayBufferWriter<byte>();
        var chunk = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
            {
                if (buffer.WrittenCount + read > limit)
                {
                    return (null, tooLarge);
                }

                buffer.Write(chunk.AsSpan(0, read));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
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
            return ReadObject(body.RootElement);
        }
    }

    /// <summary>
    /// Parses the document once (or takes the validated one from the cache); the executor reuses
    /// it. A syntax error is left for the executor to report.
    /// </summary>
    private GraphQLOperationRequest Parse(GraphQLRequest request)
    {
        if (!documents.TryGet(request.Query!, out var document))
        {
            try
            {
                document = GraphQLParser.Parser.Parse(request.Query!);
            }
            catch (GraphQLSyntaxErrorException)
            {
            }
        }

        return new GraphQLOperationRequest(request, document, document is null ? null : FindOperation(document, request.OperationName)?.Operation);
    }

    private static GraphQLOperationDefinition? FindOperation(GraphQLDocument document, string? operationName)
    {
        GraphQLOperationDefinition? only = null;
        var count = 0;
        foreach (var definition in document.Definitions)
        {
            if (definition is not GraphQLOperationDefinition operation)
            {
                continue;
            }

            if (operationName is not null && operation.Name?.Value == operationName)
            {
                return operation;
            }

            only = operation;
            count++;
        }

        return operationName is null && count == 1 ? only : null;
    }

    private static string? ReadString(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String ? value.GetString() : throw new RequestShapeException($"'{name}' must be a string.");
    }

    private Inputs? ReadInputs(JsonElement value, string name) => value.ValueKind switch
    {
        JsonValueKind.Null => null,
        JsonValueKind.Object => serializer.ReadNode<Inputs>(value),
        _ => throw new RequestShapeException($"'{name}' must be a JSON object."),
    };

    private static string? NullIfEmpty(string value) => string.IsNullOrEmpty(value) ? null : value;

    private sealed class RequestShapeException(string message) : Exception(message);
}
