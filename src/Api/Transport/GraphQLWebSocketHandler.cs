using System.Buffers;
using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using GraphQL;
using GraphQL.Transport;
using GraphQL.Types;
using Microsoft.Extensions.Options;
using Rephlo.Tiers.Api.Auth;

namespace Rephlo.Tiers.Api.Transport;

/// <summary>
/// The <c>graphql-transport-ws</c> protocol (the one the graphql-ws library and Banana Cake Pop
/// speak) at <c>/graphql</c>: connection_init/ack, ping/pong, subscribe, next, error, complete,
/// and the protocol's close codes (4400, 4401, 4403, 4406, 4408, 4409, 4429).
/// </summary>
public sealed class GraphQLWebSocketHandler(
    IDocumentExecuter<ISchema> executer,
    IGraphQLTextSerializer serializer,
    TokenValidator tokens,
    IOptions<SubscriptionOptions> options,
    IHostApplicationLifetime lifetime,
    IServiceScopeFactory scopes,
    ILogger<GraphQLWebSocketHandler> logger)
{
    public const string SubProtocol = "graphql-transport-ws";

    private readonly IDocumentExecuter<ISchema> _executer = executer;
    private readonly IGraphQLTextSerializer _serializer = serializer;
    private readonly TokenValidator _tokens = tokens;
    private readonly SubscriptionOptions _options = options.Value;
    private readonly IHostApplicationLifetime _lifetime = lifetime;
    private readonly IServiceScopeFactory _scopes = scopes;
    private readonly ILogger _logger = logger;

    public async Task HandleAsync(HttpContext http)
    {
        if (!http.WebSockets.WebSocketRequestedProtocols.Contains(SubProtocol))
        {
            // The legacy subscriptions-transport-ws protocol ("graphql-ws") is not implemented.
            using var rejected = await http.WebSockets.AcceptWebSocketAsync();
            await rejected.CloseAsync((WebSocketCloseStatus)4406, "Subprotocol not acceptable", CancellationToken.None);
            return;
        }

        using var socket = await http.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext
        {
            SubProtocol = SubProtocol,
            KeepAliveInterval = _options.KeepAliveInterval,
        });
        var connection = new Connection(this, http, socket);
        await connection.RunAsync();
    }

    private sealed class Connection(GraphQLWebSocketHandler owner, HttpContext http, WebSocket socket)
    {
        private const int MaxMessageBytes = 256 * 1024;

        private readonly Channel<string> _outgoing = Channel.CreateBounded<string>(new BoundedChannelOptions(owner._options.MaxBufferedMessages)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });

        private readonly ConcurrentDictionary<string, Operation> _operations = new(StringComparer.Ordinal);
        private readonly CancellationTokenSource _closing = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
        private int _initReceived;

        private ILogger Logger => owner._logger;

        private volatile bool _acknowledged;
        private ClaimsPrincipal? _user;
        private (WebSocketCloseStatus Status, string Reason)? _close;

        public async Task RunAsync()
        {
            var writer = Task.Run(WriteLoopAsync);
            using var shutdown = owner._lifetime.ApplicationStopping.Register(() =>
            {
                foreach (var id in _operations.Keys)
                {
                    Complete(id);
                }

                Close(WebSocketCloseStatus.EndpointUnavailable, "Server shutting down");
            });
            _ = CloseIfNotInitializedAsync();
            try
            {
                while (!_closing.IsCancellationRequested && socket.State == WebSocketState.Open)
                {
                    var message = await ReceiveAsync();
                    if (message is null)
                    {
                        break;
                    }

                    await HandleMessageAsync(message);
                }
            }
            catch (OperationCanceledException)
            {
            }
            catch (WebSocketException ex)
            {
                owner._logger.LogDebug(ex, "WebSocket connection ended abruptly");
            }
            finally
            {
                foreach (var operation in _operations.Values)
                {
                    operation.Dispose();
                }

                _operations.Clear();
                _outgoing.Writer.TryComplete();
                await writer;
            }
        }

        private async Task<string?> ReceiveAsync()
        {
            var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
            try
            {
                using var message = new MemoryStream();
                while (true)
                {
                    var result = await socket.ReceiveAsync(buffer, _closing.Token);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        return null;
                    }

                    message.Write(buffer, 0, result.Count);
                    if (message.Length > MaxMessageBytes)
                    {
                        Close(WebSocketCloseStatus.MessageTooBig, "Message too big");
                        return null;
                    }

                    if (result.EndOfMessage)
                    {
                        return Encoding.UTF8.GetString(message.GetBuffer(), 0, (int)message.Length);
                    }
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        private async Task HandleMessageAsync(string text)
        {
            JsonElement message;
            try
            {
                using var document = JsonDocument.Parse(text);
                message = document.RootElement.Clone();
            }
            catch (JsonException)
            {
                Close((WebSocketCloseStatus)4400, "Invalid message received");
                return;
            }

            if (message.ValueKind != JsonValueKind.Object || !message.TryGetProperty("type", out var typeElement) || typeElement.ValueKind != JsonValueKind.String)
            {
                Close((WebSocketCloseStatus)4400, "Invalid message received");
                return;
            }

            switch (typeElement.GetString())
            {
                case "connection_init":
                    await InitAsync(message);
                    break;
                case "ping":
                    Send(message.TryGetProperty("payload", out var pingPayload) && pingPayload.ValueKind == JsonValueKind.Object
                        ? $$"""{"type":"pong","payload":{{pingPayload.GetRawText()}}}"""
                        : """{"type":"pong"}""");
                    break;
                case "pong":
                    break;
                case "subscribe":
                    Subscribe(message);
                    break;
                case "complete":
                    if (message.TryGetProperty("id", out var completeId) && completeId.ValueKind == JsonValueKind.String)
                    {
                        if (_operations.TryRemove(completeId.GetString()!, out var operation))
                        {
                            operation.Dispose();
                        }
                    }
                    else
                    {
                        Close((WebSocketCloseStatus)4400, "Invalid message received");
                    }

                    break;
                default:
                    Close((WebSocketCloseStatus)4400, "Invalid message received");
                    break;
            }
        }

        private async Task InitAsync(JsonElement message)
        {
            if (Interlocked.Exchange(ref _initReceived, 1) == 1)
            {
                Close((WebSocketCloseStatus)4429, "Too many initialisation requests");
                return;
            }

            if (message.TryGetProperty("payload", out var payload) && payload.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null))
            {
                Close((WebSocketCloseStatus)4400, "Invalid message received");
                return;
            }

            string? authorization = null;
            if (payload.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in payload.EnumerateObject())
                {
                    if (string.Equals(property.Name, "authorization", StringComparison.OrdinalIgnoreCase) && property.Value.ValueKind == JsonValueKind.String)
                    {
                        authorization = property.Value.GetString();
                    }
                }
            }

            _user = authorization is not null
                ? await owner._tokens.ValidateAsync(authorization, _closing.Token)
                : http.User.Identity?.IsAuthenticated == true ? http.User : null;
            if (_user is null)
            {
                Close((WebSocketCloseStatus)4403, "Forbidden");
                return;
            }

            _acknowledged = true;
            Send("""{"type":"connection_ack"}""");
        }

        private void Subscribe(JsonElement message)
        {
            if (!_acknowledged)
            {
                Close((WebSocketCloseStatus)4401, "Unauthorized");
                return;
            }

            if (!message.TryGetProperty("id", out var idElement) || idElement.ValueKind != JsonValueKind.String || string.IsNullOrEmpty(idElement.GetString())
                || !message.TryGetProperty("payload", out var payload) || payload.ValueKind != JsonValueKind.Object
                || !payload.TryGetProperty("query", out var query) || query.ValueKind != JsonValueKind.String)
            {
                Close((WebSocketCloseStatus)4400, "Invalid message received");
                return;
            }

            var id = idElement.GetString()!;
            var isSubscription = IsSubscription(query.GetString()!, payload);
            var operation = new Operation(isSubscription);
            if (!_operations.TryAdd(id, operation))
            {
                Close((WebSocketCloseStatus)4409, $"Subscriber for {id} already exists");
                return;
            }

            // Subscriptions live long and are bounded by MaxOperationsPerConnection; queries and
            // mutations are short and have their own, larger bound (clients multiplex them).
            var (limit, running, what) = isSubscription
                ? (owner._options.MaxOperationsPerConnection, _operations.Values.Count(o => o.IsSubscription), "subscriptions")
                : (owner._options.MaxRequestsInFlightPerConnection, _operations.Values.Count(o => !o.IsSubscription), "queries and mutations");
            if (running > limit)
            {
                _operations.TryRemove(id, out _);
                SendError(id, $"At most {limit} {what} may run at once on one connection.", "TOO_MANY_OPERATIONS");
                return;
            }

            GraphQLRequest request;
            try
            {
                request = new GraphQLRequest
                {
                    Query = query.GetString(),
                    OperationName = payload.TryGetProperty("operationName", out var name) && name.ValueKind == JsonValueKind.String ? name.GetString() : null,
                    Variables = payload.TryGetProperty("variables", out var variables) && variables.ValueKind == JsonValueKind.Object ? owner._serializer.ReadNode<Inputs>(variables) : null,
                    Extensions = payload.TryGetProperty("extensions", out var extensions) && extensions.ValueKind == JsonValueKind.Object ? owner._serializer.ReadNode<Inputs>(extensions) : null,
                };
            }
            catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException)
            {
                _operations.TryRemove(id, out _);
                SendError(id, "Invalid variables.", "INVALID_REQUEST");
                return;
            }

            _ = Task.Run(() => ExecuteAsync(id, operation, request));
        }

        private async Task ExecuteAsync(string id, Operation operation, GraphQLRequest request)
        {
            // Every operation gets services of its own (DbContext, data loaders), never the
            // connection's: operations of one socket run concurrently. For a subscription they
            // serve only the subscribe step; each event is resolved in a scope of its own.
            await using var services = new OperationServices(owner._scopes);
            try
            {
                var result = await owner._executer.ExecuteAsync(new ExecutionOptions
                {
                    Query = request.Query,
                    OperationName = request.OperationName,
                    Variables = request.Variables,
                    Extensions = request.Extensions,
                    RequestServices = services,
                    User = _user!,
                    CancellationToken = operation.Token,
                });

                if (!result.Executed)
                {
                    if (_operations.TryRemove(id, out _))
                    {
                        Send($$"""{"id":{{JsonSerializer.Serialize(id)}},"type":"error","payload":{{ErrorsJson(result)}}}""");
                    }

                    return;
                }

                if (result.Streams is not { Count: > 0 } streams)
                {
                    if (_operations.ContainsKey(id))
                    {
                        Next(id, result);
                        Complete(id);
                    }

                    return;
                }

                operation.Attach(streams.Values.First().Subscribe(new Observer(this, id)));
            }
            catch (OperationCanceledException)
            {
            }
            catch (Exception ex)
            {
                owner._logger.LogError(ex, "Operation {Id} failed on a WebSocket connection", id);
                if (_operations.TryRemove(id, out _))
                {
                    SendError(id, "An unexpected error occurred.", "INTERNAL_SERVER_ERROR");
                }
            }
        }

        private void Next(string id, ExecutionResult result) =>
            Send($$"""{"id":{{JsonSerializer.Serialize(id)}},"type":"next","payload":{{owner._serializer.Serialize(result)}}}""");

        private void Complete(string id)
        {
            if (_operations.TryRemove(id, out var operation))
            {
                operation.Dispose();
                Send($$"""{"id":{{JsonSerializer.Serialize(id)}},"type":"complete"}""");
            }
        }

        private void SendError(string id, string message, string code) =>
            Send(new JsonObject
            {
                ["id"] = id,
                ["type"] = "error",
                ["payload"] = new JsonArray(new JsonObject { ["message"] = message, ["extensions"] = new JsonObject { ["code"] = code } }),
            }.ToJsonString());

        private string ErrorsJson(ExecutionResult result)
        {
            using var document = JsonDocument.Parse(owner._serializer.Serialize(result));
            return document.RootElement.TryGetProperty("errors", out var errors) ? errors.GetRawText() : "[]";
        }

        /// <summary>Queues a message; a client too slow to take its messages is disconnected.</summary>
        private void Send(string message)
        {
            if (_close is not null)
            {
                return;
            }

            if (!_outgoing.Writer.TryWrite(message) && !_closing.IsCancellationRequested)
            {
                owner._logger.LogWarning("Disconnecting a WebSocket client that fell {Count} messages behind", owner._options.MaxBufferedMessages);
                _closing.Cancel();
                socket.Abort();
            }
        }

        private void Close(WebSocketCloseStatus status, string reason)
        {
            _close ??= (status, reason);
            _outgoing.Writer.TryComplete();
        }

        private async Task CloseIfNotInitializedAsync()
        {
            try
            {
                await Task.Delay(owner._options.ConnectionInitTimeout, _closing.Token);
                if (Volatile.Read(ref _initReceived) == 0)
                {
                    Close((WebSocketCloseStatus)4408, "Connection initialisation timeout");
                }
            }
            catch (OperationCanceledException)
            {
            }
        }

        private async Task WriteLoopAsync()
        {
            try
            {
                await foreach (var message in _outgoing.Reader.ReadAllAsync(_closing.Token))
                {
                    await socket.SendAsync(Encoding.UTF8.GetBytes(message), WebSocketMessageType.Text, endOfMessage: true, _closing.Token);
                }

                if (_close is { } close && socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
                {
                    using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                    await socket.CloseOutputAsync(close.Status, close.Reason, timeout.Token);

                    // Let the reader take the client's close reply (cancelling a receive aborts the
                    // socket, which would lose the close code); give up after a grace period.
                    _closing.CancelAfter(TimeSpan.FromSeconds(5));
                    return;
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
            {
            }

            _closing.Cancel();
        }

        /// <summary>
        /// Whether the subscribe message asks for a subscription (by the operation it names, or its
        /// only one). A document that does not parse counts as a request: executing it reports the
        /// syntax error.
        /// </summary>
        private static bool IsSubscription(string query, JsonElement payload)
        {
            try
            {
                var document = GraphQLParser.Parser.Parse(query);
                var name = payload.TryGetProperty("operationName", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null;
                var operations = document.Definitions.OfType<GraphQLParser.AST.GraphQLOperationDefinition>().ToList();
                var selected = name is null
                    ? (operations.Count == 1 ? operations[0] : null)
                    : operations.FirstOrDefault(o => o.Name?.Value == name);
                return selected?.Operation == GraphQLParser.AST.OperationType.Subscription;
            }
            catch (GraphQLParser.Exceptions.GraphQLSyntaxErrorException)
            {
                return false;
            }
        }

        private sealed class Operation(bool isSubscription) : IDisposable
        {
            private readonly CancellationTokenSource _cancel = new();
            private IDisposable? _subscription;

            public bool IsSubscription { get; } = isSubscription;

            public CancellationToken Token => _cancel.Token;

            public void Attach(IDisposable subscription)
            {
                _subscription = subscription;
                if (_cancel.IsCancellationRequested)
                {
                    subscription.Dispose();
                }
            }

            public void Dispose()
            {
                _cancel.Cancel();
                _subscription?.Dispose();
            }
        }

        private sealed class Observer(Connection connection, string id) : IObserver<ExecutionResult>
        {
            public void OnCompleted() => connection.Complete(id);

            public void OnError(Exception error)
            {
                if (connection._operations.TryRemove(id, out var operation))
                {
                    operation.Dispose();
                    connection.Logger.LogError(error, "Subscription {Id} failed", id);
                    connection.SendError(id, "The subscription failed.", "INTERNAL_SERVER_ERROR");
                }
            }

            public void OnNext(ExecutionResult value)
            {
                if (connection._operations.ContainsKey(id))
                {
                    connection.Next(id, value);
                }
            }
        }
    }
}
