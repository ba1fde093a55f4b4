using System.Buffers;
using System.Net.WebSockets;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Rephlo.Tiers.Api.Auth;
using static Rephlo.Tiers.Api.Transport.WebSockets.ProtocolMessages;

namespace Rephlo.Tiers.Api.Transport.WebSockets;

/// <summary>
/// One <c>graphql-transport-ws</c> connection's lifecycle: reading messages, connection_init and
/// its acknowledgement, ping/pong, the protocol's close codes (4400, 4401, 4403, 4408, 4409,
/// 4429) and one bounded queue of outgoing messages written by a single writer. Operations are
/// <see cref="WebSocketOperations"/>' business.
/// </summary>
public sealed class WebSocketConnection(
    HttpContext http,
    WebSocket socket,
    TokenValidator tokens,
    SubscriptionOptions options,
    IHostApplicationLifetime lifetime,
    ILogger logger)
{
    private const int MaxMessageBytes = 256 * 1024;

    private readonly Channel<string> _outgoing = Channel.CreateBounded<string>(new BoundedChannelOptions(options.MaxBufferedMessages)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait,
    });

    private readonly CancellationTokenSource _closing = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
    private int _initReceived;
    private volatile bool _acknowledged;
    private (WebSocketCloseStatus Status, string Reason)? _close;

    /// <summary>The authenticated caller, once the connection is acknowledged.</summary>
    public ClaimsPrincipal? User { get; private set; }

    public bool IsAcknowledged => _acknowledged;

    /// <summary>The client's address (the rate-limit partition of an anonymous caller).</summary>
    public string? RemoteAddress => http.Connection.RemoteIpAddress?.ToString();

    public async Task RunAsync(WebSocketOperations operations)
    {
        var writer = Task.Run(WriteLoopAsync);
        using var shutdown = lifetime.ApplicationStopping.Register(() =>
        {
            operations.CompleteAll();
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

                await HandleMessageAsync(message, operations);
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (WebSocketException ex)
        {
            logger.LogDebug(ex, "WebSocket connection ended abruptly");
        }
        finally
        {
            operations.StopAll();
            _outgoing.Writer.TryComplete();
            await writer;
        }
    }

    /// <summary>Queues a message; a client too slow to take its messages is disconnected.</summary>
    public void Send(string message)
    {
        if (_close is not null)
        {
            return;
        }

        if (!_outgoing.Writer.TryWrite(message) && !_closing.IsCancellationRequested)
        {
            logger.LogWarning("Disconnecting a WebSocket client that fell {Count} messages behind", options.MaxBufferedMessages);
            Infrastructure.Telemetry.TiersTelemetry.DroppedSlowClients.Add(1, new KeyValuePair<string, object?>("transport", "websocket"));
            _closing.Cancel();
            socket.Abort();
        }
    }

    /// <summary>Closes the connection with a protocol close code once the queued messages are written.</summary>
    public void Close(WebSocketCloseStatus status, string reason)
    {
        _close ??= (status, reason);
        _outgoing.Writer.TryComplete();
    }

    private async Task HandleMessageAsync(string text, WebSocketOperations operations)
    {
        JsonElement message;
        try
        {
            using var document = JsonDocument.Parse(text);
            message = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            Close(CloseCodes.BadRequest, "Invalid message received");
            return;
        }

        if (message.ValueKind != JsonValueKind.Object || !message.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String)
        {
            Close(CloseCodes.BadRequest, "Invalid message received");
            return;
        }

        switch (type.GetString())
        {
            case ConnectionInit:
                await InitAsync(message);
                break;
            case Ping:
                Send(PongFor(message));
                break;
            case Pong:
                break;
            case Subscribe:
                if (!_acknowledged)
                {
                    Close(CloseCodes.Unauthorized, "Unauthorized");
                    return;
                }

                operations.Start(message);
                break;
            case Complete:
                if (message.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String)
                {
                    operations.Stop(id.GetString()!);
                }
                else
                {
                    Close(CloseCodes.BadRequest, "Invalid message received");
                }

                break;
            default:
                Close(CloseCodes.BadRequest, "Invalid message received");
                break;
        }
    }

    private async Task InitAsync(JsonElement message)
    {
        if (Interlocked.Exchange(ref _initReceived, 1) == 1)
        {
            Close(CloseCodes.TooManyInitRequests, "Too many initialisation requests");
            return;
        }

        if (message.TryGetProperty("payload", out var payload) && payload.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null))
        {
            Close(CloseCodes.BadRequest, "Invalid message received");
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

        User = authorization is not null
            ? await tokens.ValidateAsync(authorization, _closing.Token)
            : http.User.Identity?.IsAuthenticated == true ? http.User : null;
        if (User is null)
        {
            Close(CloseCodes.Forbidden, "Forbidden");
            return;
        }

        _acknowledged = true;
        Send(ConnectionAck);
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

    private async Task CloseIfNotInitializedAsync()
    {
        try
        {
            await Task.Delay(options.ConnectionInitTimeout, _closing.Token);
            if (Volatile.Read(ref _initReceived) == 0)
            {
                Close(CloseCodes.ConnectionInitTimeout, "Connection initialisation timeout");
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
}
