using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Rephlo.Tiers.Api.IntegrationTests.Infrastructure;

namespace Rephlo.Tiers.Api.IntegrationTests;

/// <summary>The graphql-transport-ws protocol message by message and close code by close code, and GraphQL over SSE.</summary>
public sealed class SubscriptionTransportTests() : ApiTestBase(TestDatabase.Sqlite)
{
    private const string ChangedSubscription = "subscription($t: String) { tierConfigChanged(tierName: $t) { tierConfig { tierName configVersion monthlyCreditAllocation } historyEntry { configVersion newCredits } } }";

    protected override ApiFactory CreateFactory(TestDatabase db) => new FastInitTimeoutFactory();

    [Fact]
    public async Task Init_with_a_token_in_the_payload_is_acknowledged_and_ping_gets_pong()
    {
        await using var ws = await ConnectAsync();

        await ws.SendAsync(new { type = "connection_init", payload = new { Authorization = "Bearer " + ApiFactory.CreateToken() } });
        Assert.Equal("connection_ack", (await ws.ReceiveAsync())!["type"]!.GetValue<string>());

        await ws.SendAsync(new { type = "ping", payload = new { n = 1 } });
        var pong = await ws.ReceiveAsync();
        Assert.Equal("pong", pong!["type"]!.GetValue<string>());
        Assert.Equal(1, pong["payload"]!["n"]!.GetValue<int>());
    }

    [Fact]
    public async Task The_token_may_come_from_the_upgrade_request_and_the_payload_key_is_case_insensitive()
    {
        await using (var ws = await ConnectAsync(header: "Bearer " + ApiFactory.CreateToken()))
        {
            await ws.SendAsync(new { type = "connection_init" });
            Assert.Equal("connection_ack", (await ws.ReceiveAsync())!["type"]!.GetValue<string>());
        }

        await using var lower = await ConnectAsync();
        await lower.SendAsync(new Dictionary<string, object> { ["type"] = "connection_init", ["payload"] = new Dictionary<string, string> { ["authorization"] = "Bearer " + ApiFactory.CreateToken() } });
        Assert.Equal("connection_ack", (await lower.ReceiveAsync())!["type"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer not-a-token")]
    public async Task Missing_or_bad_tokens_close_with_4403(string? authorization)
    {
        await using var ws = await ConnectAsync();

        await ws.SendAsync(new { type = "connection_init", payload = authorization is null ? null : new { Authorization = authorization } });

        Assert.Equal(4403, await ws.ReceiveCloseAsync());
    }

    [Fact]
    public async Task No_init_within_the_timeout_closes_with_4408()
    {
        await using var ws = await ConnectAsync();

        Assert.Equal(4408, await ws.ReceiveCloseAsync());
    }

    [Fact]
    public async Task A_second_init_closes_with_4429()
    {
        await using var ws = await InitializedAsync();

        await ws.SendAsync(new { type = "connection_init", payload = new { Authorization = "Bearer " + ApiFactory.CreateToken() } });

        Assert.Equal(4429, await ws.ReceiveCloseAsync());
    }

    [Fact]
    public async Task Subscribing_before_the_ack_closes_with_4401()
    {
        await using var ws = await ConnectAsync();

        await ws.SendAsync(new { type = "subscribe", id = "1", payload = new { query = "{ tierConfigs { tierName } }" } });

        Assert.Equal(4401, await ws.ReceiveCloseAsync());
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"type":"unknown"}""")]
    [InlineData("""{"id":"1"}""")]
    [InlineData("""{"type":"subscribe","id":"1"}""")]
    public async Task Invalid_messages_close_with_4400(string message)
    {
        await using var ws = await InitializedAsync();

        await ws.SendRawAsync(message);

        Assert.Equal(4400, await ws.ReceiveCloseAsync());
    }

    [Fact]
    public async Task A_duplicate_subscription_id_closes_with_4409()
    {
        await using var ws = await InitializedAsync();
        await ws.SendAsync(new { type = "subscribe", id = "same", payload = new { query = ChangedSubscription } });

        await ws.SendAsync(new { type = "subscribe", id = "same", payload = new { query = ChangedSubscription } });

        Assert.Equal(4409, await ws.ReceiveCloseAsync());
    }

    [Fact]
    public async Task The_legacy_subprotocol_is_refused_with_4406()
    {
        await using var ws = await ConnectAsync(protocol: "graphql-ws");

        Assert.Equal(4406, await ws.ReceiveCloseAsync());
    }

    [Fact]
    public async Task A_subscription_receives_the_committed_change_and_stops_on_complete()
    {
        await using var ws = await InitializedAsync();
        await ws.SendAsync(new { type = "subscribe", id = "s1", payload = new { query = ChangedSubscription, variables = new { t = "pro" } } });
        await Task.Delay(200);

        await Admin.PostGraphQLAsync("""mutation { updateTierCredits(input: {tierName: "pro_plus", newCredits: 6000, reason: "Another tier: not for this subscriber"}) { errors { __typename } } }""");
        await Admin.PostGraphQLAsync("""mutation { updateTierCredits(input: {tierName: "pro", newCredits: 1000, reason: "Refused change publishes nothing", applyToExistingUsers: true}) { errors { __typename } } }""");
        await Admin.PostGraphQLAsync("""mutation { updateTierCredits(input: {tierName: "pro", newCredits: 2000, reason: "A change subscribers must see"}) { errors { __typename } } }""");

        var next = await ws.ReceiveAsync();
        Assert.Equal(("next", "s1"), (next!["type"]!.GetValue<string>(), next["id"]!.GetValue<string>()));
        var change = next["payload"]!["data"]!["tierConfigChanged"]!;
        Assert.Equal(("pro", 2, 2000), (change["tierConfig"]!["tierName"]!.GetValue<string>(), change["tierConfig"]!["configVersion"]!.GetValue<int>(), change["tierConfig"]!["monthlyCreditAllocation"]!.GetValue<int>()));
        Assert.Equal(2, change["historyEntry"]!["configVersion"]!.GetValue<int>());

        await ws.SendAsync(new { type = "complete", id = "s1" });
        await Task.Delay(100);
        await Admin.PostGraphQLAsync("""mutation { updateTierCredits(input: {tierName: "pro", newCredits: 2100, reason: "After the subscriber completed"}) { errors { __typename } } }""");
        await ws.SendAsync(new { type = "ping" });
        Assert.Equal("pong", (await ws.ReceiveAsync())!["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task Server_shutdown_completes_open_subscriptions()
    {
        await using var ws = await InitializedAsync();
        await ws.SendAsync(new { type = "subscribe", id = "open", payload = new { query = ChangedSubscription } });
        await Task.Delay(200);

        var stopping = Factory.Services.GetRequiredService<Microsoft.Extensions.Hosting.IHostApplicationLifetime>();
        stopping.StopApplication();

        var complete = await ws.ReceiveAsync();
        Assert.Equal(("complete", "open"), (complete!["type"]!.GetValue<string>(), complete["id"]!.GetValue<string>()));
        Assert.Equal((int)WebSocketCloseStatus.EndpointUnavailable, await ws.ReceiveCloseAsync());
    }

    [Fact]
    public async Task Queries_and_mutations_run_over_the_socket_too()
    {
        await using var ws = await InitializedAsync();

        await ws.SendAsync(new { type = "subscribe", id = "q", payload = new { query = "{ tierConfig(tierName: \"pro\") { monthlyCreditAllocation } }" } });
        var next = await ws.ReceiveAsync();
        var complete = await ws.ReceiveAsync();
        await ws.SendAsync(new { type = "subscribe", id = "m", payload = new { query = "mutation { updateTierCredits(input: {tierName: \"pro\", newCredits: 1600, reason: \"Changed over the socket\"}) { tierConfig { configVersion } } }" } });
        var mutation = await ws.ReceiveAsync();

        Assert.Equal(1500, next!["payload"]!["data"]!["tierConfig"]!["monthlyCreditAllocation"]!.GetValue<int>());
        Assert.Equal(("complete", "q"), (complete!["type"]!.GetValue<string>(), complete["id"]!.GetValue<string>()));
        Assert.Equal(2, mutation!["payload"]!["data"]!["updateTierCredits"]!["tierConfig"]!["configVersion"]!.GetValue<int>());
    }

    [Fact]
    public async Task Invalid_documents_and_unauthorized_fields_get_an_error_message()
    {
        await using var ws = await InitializedAsync(ApiFactory.CreateToken(roles: ["viewer"]));

        await ws.SendAsync(new { type = "subscribe", id = "bad", payload = new { query = "{ nope }" } });
        var invalid = await ws.ReceiveAsync();
        await ws.SendAsync(new { type = "subscribe", id = "denied", payload = new { query = ChangedSubscription } });
        var denied = await ws.ReceiveAsync();

        Assert.Equal(("error", "bad"), (invalid!["type"]!.GetValue<string>(), invalid["id"]!.GetValue<string>()));
        Assert.Equal("FIELDS_ON_CORRECT_TYPE", invalid["payload"]![0]!["extensions"]!["code"]!.GetValue<string>());
        Assert.Equal("AUTH_NOT_AUTHORIZED", denied!["payload"]![0]!["extensions"]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task Server_sent_events_stream_next_events_and_a_final_complete()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = new StringContent(JsonSerializer.Serialize(new { query = ChangedSubscription }), Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.ParseAdd("text/event-stream");
        using var response = await Admin.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());

        await Admin.PostGraphQLAsync("""mutation { updateTierCredits(input: {tierName: "pro", newCredits: 2000, reason: "Seen over server-sent events"}) { errors { __typename } } }""");

        var (name, data) = await ReadEventAsync(reader);
        Assert.Equal("next", name);
        Assert.Equal(2, JsonNode.Parse(data)!["data"]!["tierConfigChanged"]!["tierConfig"]!["configVersion"]!.GetValue<int>());

        using var query = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = new StringContent("""{"query":"{ tierConfig(tierName: \"pro\") { configVersion } }"}""", Encoding.UTF8, "application/json"),
        };
        query.Headers.Accept.ParseAdd("text/event-stream");
        var body = await (await Admin.SendAsync(query)).Content.ReadAsStringAsync();
        Assert.Matches(@"^event: next\ndata: \{""data"":\{""tierConfig"":\{""configVersion"":2\}\}\}\n\nevent: complete\ndata: \n\n$", body);
    }

    private static async Task<(string Name, string Data)> ReadEventAsync(StreamReader reader)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        string? name = null;
        var data = new StringBuilder();
        while (await reader.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.Length == 0 && name is not null)
            {
                return (name, data.ToString());
            }

            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                name = line[7..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data.Append(line[6..]);
            }
        }

        throw new InvalidOperationException("The stream ended.");
    }

    private async Task<TestSocket> InitializedAsync(string? token = null)
    {
        var ws = await ConnectAsync();
        await ws.SendAsync(new { type = "connection_init", payload = new { Authorization = "Bearer " + (token ?? ApiFactory.CreateToken()) } });
        Assert.Equal("connection_ack", (await ws.ReceiveAsync())!["type"]!.GetValue<string>());
        return ws;
    }

    private async Task<TestSocket> ConnectAsync(string protocol = "graphql-transport-ws", string? header = null)
    {
        var client = Factory.Server.CreateWebSocketClient();
        client.SubProtocols.Add(protocol);
        if (header is not null)
        {
            client.ConfigureRequest = request => request.Headers.Authorization = header;
        }

        return new TestSocket(await client.ConnectAsync(new Uri(Factory.Server.BaseAddress, "graphql"), CancellationToken.None));
    }

    private sealed class FastInitTimeoutFactory() : ApiFactory(TestDatabase.Sqlite)
    {
        protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?> { ["Subscriptions:ConnectionInitTimeout"] = "00:00:01" };
    }
}

/// <summary>A small graphql-transport-ws test client over a raw WebSocket.</summary>
public sealed class TestSocket(WebSocket socket) : IAsyncDisposable
{
    public Task SendAsync(object message) => SendRawAsync(JsonSerializer.Serialize(message));

    public Task SendRawAsync(string text) => socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);

    public async Task<JsonNode?> ReceiveAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, timeout.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                throw new InvalidOperationException($"Closed with {(int?)socket.CloseStatus}: {socket.CloseStatusDescription}");
            }

            message.Write(buffer, 0, result.Count);
            if (result.EndOfMessage)
            {
                return JsonNode.Parse(message.ToArray());
            }
        }
    }

    public async Task<int> ReceiveCloseAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var buffer = new byte[64 * 1024];
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, timeout.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return (int)socket.CloseStatus!.Value;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (socket.State == WebSocketState.Open)
        {
            try
            {
                await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException)
            {
            }
        }

        socket.Dispose();
    }
}
