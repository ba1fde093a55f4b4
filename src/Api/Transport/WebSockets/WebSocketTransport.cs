using System.Net.WebSockets;
using GraphQL;
using Microsoft.Extensions.Options;
using Rephlo.Tiers.Api.Auth;
using Rephlo.Tiers.Api.Transport.Core;

namespace Rephlo.Tiers.Api.Transport.WebSockets;

/// <summary>
/// The <c>graphql-transport-ws</c> protocol (the one the graphql-ws library and Banana Cake Pop
/// speak): accepts the socket and runs a <see cref="WebSocketConnection"/> over it.
/// </summary>
public sealed class WebSocketTransport(
    GraphQLRequestReader reader,
    GraphQLExecutor executor,
    IGraphQLTextSerializer serializer,
    TokenValidator tokens,
    IOptions<SubscriptionOptions> options,
    IHostApplicationLifetime lifetime,
    IServiceScopeFactory scopes,
    ILoggerFactory loggers)
{
    public async Task HandleAsync(HttpContext http)
    {
        if (!http.WebSockets.WebSocketRequestedProtocols.Contains(ProtocolMessages.SubProtocol))
        {
            // The legacy subscriptions-transport-ws protocol ("graphql-ws") is not implemented.
            using var rejected = await http.WebSockets.AcceptWebSocketAsync();
            await rejected.CloseAsync(ProtocolMessages.CloseCodes.SubprotocolNotAcceptable, "Subprotocol not acceptable", CancellationToken.None);
            return;
        }

        using var socket = await http.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext
        {
            SubProtocol = ProtocolMessages.SubProtocol,
            KeepAliveInterval = options.Value.KeepAliveInterval,
        });
        var logger = loggers.CreateLogger<WebSocketConnection>();
        var connection = new WebSocketConnection(http, socket, tokens, options.Value, lifetime, logger);
        var operations = new WebSocketOperations(connection, reader, executor, serializer, scopes, options.Value, logger);
        var transport = new KeyValuePair<string, object?>("transport", "websocket");
        Infrastructure.Telemetry.TiersTelemetry.OpenConnections.Add(1, transport);
        try
        {
            await connection.RunAsync(operations);
        }
        finally
        {
            Infrastructure.Telemetry.TiersTelemetry.OpenConnections.Add(-1, transport);
        }
    }
}
