using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Rephlo.Tiers.Api.IntegrationTests.Infrastructure;
using Rephlo.Tiers.Infrastructure.Rollouts;

namespace Rephlo.Tiers.Api.IntegrationTests;

/// <summary>/health/live and /health/ready: anonymous, JSON, 503 when not ready, Degraded (200) when only Redis is away.</summary>
public abstract class HealthTests(TestDatabase database)
{
    [Fact]
    public async Task Ready_lists_each_check_and_live_checks_nothing()
    {
        await using var factory = new ApiFactory(database);
        using var client = factory.CreateClient();

        var (readyStatus, ready) = await GetAsync(client, "/health/ready");
        var (liveStatus, live) = await GetAsync(client, "/health/live");

        Assert.Equal(HttpStatusCode.OK, readyStatus);
        Assert.Equal("Healthy", ready["status"]!.GetValue<string>());
        Assert.Equal(["database", "rollout-runner"], Checks(ready).Keys.Order());
        Assert.All(ready["checks"]!.AsArray(), c => Assert.True(c!["durationMs"]!.GetValue<double>() >= 0));
        Assert.Equal(HttpStatusCode.OK, liveStatus);
        Assert.Equal("Healthy", live["status"]!.GetValue<string>());
        Assert.Empty(live["checks"]!.AsArray());
    }

    [Fact]
    public async Task Database_unreachable_makes_ready_503_while_live_stays_200()
    {
        var unreachable = database == TestDatabase.Sqlite
            ? $"Data Source={Path.Combine(Path.GetTempPath(), "no-such-dir-" + Guid.NewGuid().ToString("N"), "tiers.db")};Mode=ReadWrite"
            : "Host=127.0.0.1;Port=1;Username=postgres;Database=nowhere;Timeout=2";
        await using var factory = new ConfiguredApiFactory(database, new Dictionary<string, string?>
        {
            ["ConnectionStrings:Tiers"] = unreachable,
            ["Database:InitializeOnStartup"] = "false",
            ["Rollouts:Enabled"] = "false",
        });
        using var client = factory.CreateClient();

        var (readyStatus, ready) = await GetAsync(client, "/health/ready");
        var (liveStatus, _) = await GetAsync(client, "/health/live");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, readyStatus);
        Assert.Equal("Unhealthy", ready["status"]!.GetValue<string>());
        Assert.Equal("Unhealthy", Checks(ready)["database"]);
        Assert.Equal(HttpStatusCode.OK, liveStatus);
    }

    [Fact]
    public async Task A_database_that_is_not_migrated_is_not_ready()
    {
        await using var factory = new ConfiguredApiFactory(database, new Dictionary<string, string?> { ["Database:InitializeOnStartup"] = "false", ["Rollouts:Enabled"] = "false" });
        using var client = factory.CreateClient();

        var (status, ready) = await GetAsync(client, "/health/ready");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("Unhealthy", Checks(ready)["database"]);
    }

    [Fact]
    public async Task Redis_down_is_degraded_with_200_and_mutations_still_work()
    {
        await using var factory = new ConfiguredApiFactory(database, new Dictionary<string, string?> { ["Redis:Configuration"] = "127.0.0.1:1,connectTimeout=200,connectRetry=1" });
        using var client = factory.CreateClient();

        var (status, ready) = await GetAsync(client, "/health/ready");
        var mutation = await factory.CreateAdminClient().PostGraphQLAsync("""mutation { updateTierCredits(input: {tierName: "pro", newCredits: 2000, reason: "While Redis is down"}) { tierConfig { configVersion } } }""");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Degraded", ready["status"]!.GetValue<string>());
        Assert.Equal("Degraded", Checks(ready)["redis"]);
        Assert.Equal("Healthy", Checks(ready)["database"]);
        Assert.Equal(2, mutation.Data["updateTierCredits"]!["tierConfig"]!["configVersion"]!.GetValue<int>());
    }

    [Fact]
    public async Task Redis_up_is_healthy()
    {
        await using var factory = new ConfiguredApiFactory(database, new Dictionary<string, string?> { ["Redis:Configuration"] = TestServers.RequireRedis() });
        using var client = factory.CreateClient();

        var (status, ready) = await GetAsync(client, "/health/ready");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Healthy", Checks(ready)["redis"]);
    }

    [Fact]
    public async Task A_runner_without_a_heartbeat_for_two_poll_intervals_is_not_ready()
    {
        await using var factory = new ApiFactory(database);
        using var client = factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(client, "/health/ready")).Status);

        // The runner stops (as if hung); its last heartbeat ages past 2 x PollInterval (30 s in tests).
        await factory.Services.GetServices<IHostedService>().OfType<RolloutRunner>().Single().StopAsync(CancellationToken.None);
        factory.Clock.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(client, "/health/ready")).Status);
        factory.Clock.Advance(TimeSpan.FromSeconds(2));
        var (status, ready) = await GetAsync(client, "/health/ready");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("Unhealthy", Checks(ready)["rollout-runner"]);
    }

    private static Dictionary<string, string> Checks(JsonNode report) =>
        report["checks"]!.AsArray().ToDictionary(c => c!["name"]!.GetValue<string>(), c => c!["status"]!.GetValue<string>());

    private static async Task<(HttpStatusCode Status, JsonNode Body)> GetAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }
}

public sealed class SqliteHealthTests() : HealthTests(TestDatabase.Sqlite);

public sealed class PostgresHealthTests() : HealthTests(TestDatabase.Postgres);
