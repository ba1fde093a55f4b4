using System.Net;
using Rephlo.Tiers.Api.IntegrationTests.Infrastructure;

namespace Rephlo.Tiers.Api.IntegrationTests;

/// <summary>
/// Token buckets per caller: a burst beyond the bucket is refused (HTTP 429 with Retry-After; over a
/// WebSocket an error with RATE_LIMITED), the bucket refills, other callers and health are unaffected.
/// Small buckets keep the test short: queries 3 tokens refilled every 6 s (long enough for the burst even on a loaded machine), mutations 2 tokens refilled
/// every minute (so a slow machine never refills them mid-test).
/// </summary>
public abstract class RateLimitTests(TestDatabase database) : ApiTestBase(database)
{
    protected override ApiFactory CreateFactory(TestDatabase db) => new ConfiguredApiFactory(db, new Dictionary<string, string?>
    {
        ["RateLimiting:Queries:TokenLimit"] = "3",
        ["RateLimiting:Queries:TokensPerPeriod"] = "3",
        ["RateLimiting:Queries:ReplenishmentPeriod"] = "00:00:06",
        ["RateLimiting:Mutations:TokenLimit"] = "2",
        ["RateLimiting:Mutations:TokensPerPeriod"] = "2",
        ["RateLimiting:Mutations:ReplenishmentPeriod"] = "00:01:00",
    });

    [Fact]
    public async Task A_burst_is_refused_with_429_and_retry_after_then_accepted_after_the_refill()
    {
        // Warm the host up with another caller, so the burst takes far less than a refill period.
        var other = Factory.CreateClient(ApiFactory.CreateToken(user: Guid.Parse("bbbbbbbb-0000-4000-8000-000000000002")));
        Assert.Equal(HttpStatusCode.OK, (await other.PostGraphQLAsync("{ tierConfigs { tierName } }")).Status);
        var burst = new List<GraphQLResponse>();
        for (var i = 0; i < 5; i++)
        {
            burst.Add(await Admin.PostGraphQLAsync("query Burst { tierConfigs { tierName } }"));
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], burst.Select(r => r.Status));
        Assert.Equal("RATE_LIMITED", burst[3].FirstErrorCode);

        using (var request = GraphQLClient.RawPost("""{"query":"{ tierConfigs { tierName } }"}""", accept: "application/json"))
        using (var response = await Admin.SendAsync(request))
        {
            // Also under application/json (otherwise always 200): 429 and when to retry.
            Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
            Assert.InRange(response.Headers.RetryAfter!.Delta!.Value.TotalSeconds, 1, 6);
        }

        // Another caller (another sub) has a bucket of its own; health is never limited.
        Assert.Equal(HttpStatusCode.OK, (await other.PostGraphQLAsync("{ tierConfigs { tierName } }")).Status);
        using var anonymous = Factory.CreateClient();
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health/ready")).StatusCode);
        }

        // The next window (six seconds later) accepts again.
        await Task.Delay(TimeSpan.FromSeconds(6.3));
        Assert.Equal(HttpStatusCode.OK, (await Admin.PostGraphQLAsync("query Burst { tierConfigs { tierName } }")).Status);
    }

    [Fact]
    public async Task Mutations_have_their_own_smaller_bucket_and_a_socket_gets_a_rate_limited_error()
    {
        for (var i = 0; i < 2; i++)
        {
            var ok = await Admin.PostGraphQLAsync($$"""mutation { updateTierCredits(input: {tierName: "pro", newCredits: {{2000 + (i * 100)}}, reason: "Within the mutation bucket"}) { tierConfig { configVersion } } }""");
            Assert.Equal(HttpStatusCode.OK, ok.Status);
        }

        var refused = await Admin.PostGraphQLAsync("""mutation { updateTierCredits(input: {tierName: "pro", newCredits: 2500, reason: "Beyond the mutation bucket"}) { tierConfig { configVersion } } }""");
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.Status);
        Assert.Equal((3, 2), await TierVersionAndHistoryAsync());

        // Queries still pass (their own bucket); over a WebSocket the refused mutation is an error message.
        Assert.Equal(HttpStatusCode.OK, (await Admin.PostGraphQLAsync("{ tierConfigs { tierName } }")).Status);
        var client = Factory.Server.CreateWebSocketClient();
        client.SubProtocols.Add("graphql-transport-ws");
        await using var socket = new TestSocket(await client.ConnectAsync(new Uri(Factory.Server.BaseAddress, "graphql"), CancellationToken.None));
        await socket.SendAsync(new { type = "connection_init", payload = new { Authorization = "Bearer " + ApiFactory.CreateToken() } });
        Assert.Equal("connection_ack", (await socket.ReceiveAsync())!["type"]!.GetValue<string>());
        await socket.SendAsync(new { type = "subscribe", id = "m", payload = new { query = """mutation { updateTierCredits(input: {tierName: "pro", newCredits: 2600, reason: "Over the socket"}) { tierConfig { configVersion } } }""" } });

        var error = await socket.ReceiveAsync();
        Assert.Equal("error", error!["type"]!.GetValue<string>());
        Assert.Equal("RATE_LIMITED", error["payload"]![0]!["extensions"]!["code"]!.GetValue<string>());
        Assert.Equal((3, 2), await TierVersionAndHistoryAsync());
    }

    private async Task<(int Version, int History)> TierVersionAndHistoryAsync()
    {
        var (version, history, _) = await TierStateAsync("pro");
        return (version, history);
    }
}

public sealed class SqliteRateLimitTests() : RateLimitTests(TestDatabase.Sqlite);

public sealed class PostgresRateLimitTests() : RateLimitTests(TestDatabase.Postgres);

public sealed class RateLimitOptionsTests
{
    [Fact]
    public async Task A_bad_rate_limit_stops_the_start()
    {
        await using var factory = new ConfiguredApiFactory(TestDatabase.Sqlite, new Dictionary<string, string?> { ["RateLimiting:Mutations:TokenLimit"] = "0" });

        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        Assert.Contains("RateLimiting:Mutations", error.ToString(), StringComparison.Ordinal);
    }
}
