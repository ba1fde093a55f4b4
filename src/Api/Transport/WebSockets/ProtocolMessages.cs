using System.Net.WebSockets;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Rephlo.Tiers.Api.Transport.WebSockets;

/// <summary>The messages and close codes of the <c>graphql-transport-ws</c> protocol.</summary>
public static class ProtocolMessages
{
    public const string SubProtocol = "graphql-transport-ws";

    public const string ConnectionInit = "connection_init";
    public const string Ping = "ping";
    public const string Pong = "pong";
    public const string Subscribe = "subscribe";
    public const string Complete = "complete";

    public const string ConnectionAck = """{"type":"connection_ack"}""";

    public static class CloseCodes
    {
        public const WebSocketCloseStatus BadRequest = (WebSocketCloseStatus)4400;
        public const WebSocketCloseStatus Unauthorized = (WebSocketCloseStatus)4401;
        public const WebSocketCloseStatus Forbidden = (WebSocketCloseStatus)4403;
        public const WebSocketCloseStatus SubprotocolNotAcceptable = (WebSocketCloseStatus)4406;
        public const WebSocketCloseStatus ConnectionInitTimeout = (WebSocketCloseStatus)4408;
        public const WebSocketCloseStatus SubscriberAlreadyExists = (WebSocketCloseStatus)4409;
        public const WebSocketCloseStatus TooManyInitRequests = (WebSocketCloseStatus)4429;
    }

    public static string PongFor(JsonElement ping) =>
        ping.TryGetProperty("payload", out var payload) && payload.ValueKind == JsonValueKind.Object
            ? $$"""{"type":"pong","payload":{{payload.GetRawText()}}}"""
            : """{"type":"pong"}""";

    /// <summary><c>next</c> with an already serialized execution result.</summary>
    public static string Next(string id, string serializedResult) =>
        $$"""{"id":{{JsonSerializer.Serialize(id)}},"type":"next","payload":{{serializedResult}}}""";

    public static string CompleteMessage(string id) =>
        $$"""{"id":{{JsonSerializer.Serialize(id)}},"type":"complete"}""";

    /// <summary><c>error</c> with an already serialized array of GraphQL errors.</summary>
    public static string Error(string id, string serializedErrors) =>
        $$"""{"id":{{JsonSerializer.Serialize(id)}},"type":"error","payload":{{serializedErrors}}}""";

    /// <summary><c>error</c> with one GraphQL error of the given code.</summary>
    public static string Error(string id, string message, string code) =>
        new JsonObject
        {
            ["id"] = id,
            ["type"] = "error",
            ["payload"] = new JsonArray(new JsonObject { ["message"] = message, ["extensions"] = new JsonObject { ["code"] = code } }),
        }.ToJsonString();
}
