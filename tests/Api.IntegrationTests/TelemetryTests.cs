using System.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Rephlo.Tiers.Api.IntegrationTests.Infrastructure;
using Rephlo.Tiers.Domain.Rollouts;

namespace Rephlo.Tiers.Api.IntegrationTests;

/// <summary>The service's spans and metrics reach an exporter (the in-memory one), and /metrics serves Prometheus text when enabled.</summary>
public abstract class TelemetryTests(TestDatabase database) : ApiTestBase(database)
{
    protected override ApiFactory CreateFactory(TestDatabase db) => new TelemetryFactory(db);

    private TelemetryFactory Telemetry => (TelemetryFactory)Factory;

    [Fact]
    public async Task Operations_rollout_batches_connections_and_events_are_traced_and_measured()
    {
        for (var i = 1; i <= 4; i++)
        {
            await Admin.PostGraphQLAsync($$"""mutation { createSubscription(input: {userId: "7c1d2e3f-5555-4a2b-9c3d-{{i:D12}}", tierName: "pro_plus"}) { errors { __typename } } }""");
        }

        var client = Factory.Server.CreateWebSocketClient();
        client.SubProtocols.Add("graphql-transport-ws");
        await using var socket = new TestSocket(await client.ConnectAsync(new Uri(Factory.Server.BaseAddress, "graphql"), CancellationToken.None));
        await socket.SendAsync(new { type = "connection_init", payload = new { Authorization = "Bearer " + ApiFactory.CreateToken() } });
        await socket.ReceiveAsync();
        await socket.SendAsync(new { type = "subscribe", id = "t", payload = new { query = "subscription { tierConfigChanged(tierName: \"pro_plus\") { tierConfig { configVersion } } }" } });

        await Admin.PostGraphQLAsync("query TelemetryProbe { tierConfigs { tierName } }");
        await Admin.PostGraphQLAsync("query TelemetryBroken { noSuchField }");
        var change = await Admin.PostGraphQLAsync("""mutation TelemetryRollout { updateTierCredits(input: {tierName: "pro_plus", newCredits: 6000, reason: "Traced rollout", applyToExistingUsers: true}) { rollout { id } } }""");
        var rolloutId = change.Data["updateTierCredits"]!["rollout"]!["id"]!.GetValue<string>();
        await WaitForAsync(async () => await Factory.WithDbAsync(db => db.TierRollouts.AnyAsync(r => r.Id == Guid.Parse(rolloutId) && r.Status == RolloutStatus.Completed)));

        var probe = Assert.Single(Telemetry.Spans.ToArray(), s => s.DisplayName == "query TelemetryProbe");
        Assert.Equal(("TelemetryProbe", "query", "success"), (probe.GetTagItem("graphql.operation.name"), probe.GetTagItem("graphql.operation.type"), probe.GetTagItem("rephlo.outcome")));
        var broken = Assert.Single(Telemetry.Spans.ToArray(), s => s.DisplayName == "query TelemetryBroken");
        Assert.Equal(("rejected", ActivityStatusCode.Error), (broken.GetTagItem("rephlo.outcome"), broken.Status));
        Assert.Equal("FIELDS_ON_CORRECT_TYPE", broken.GetTagItem("rephlo.error_codes"));
        var batches = Telemetry.Spans.ToArray().Where(s => s.DisplayName == "rollout.batch" && Equals(s.GetTagItem("rephlo.rollout.id"), rolloutId)).ToList();
        Assert.Equal(4, batches.Sum(b => (int)b.GetTagItem("rephlo.rollout.upgraded")!));
        Assert.All(batches, b => Assert.Equal(3, b.GetTagItem("rephlo.rollout.batch_size")));

        Factory.Services.GetRequiredService<MeterProvider>().ForceFlush();
        var names = Telemetry.Metrics.ToArray().Select(m => m.Name).ToHashSet();
        Assert.Superset(new HashSet<string>
        {
            "rephlo.graphql.operations", "rephlo.graphql.operation.duration",
            "rephlo.rollout.subscribers.upgraded", "rephlo.rollout.batch.duration", "rephlo.rollout.start.lag",
            "rephlo.transport.connections.open", "rephlo.events.delivery.latency",
        }, names);
        var operations = Telemetry.Metrics.ToArray().Last(m => m.Name == "rephlo.graphql.operations");
        Assert.Contains(Points(operations), p => Tags(p).GetValueOrDefault("graphql.operation.name") as string == "TelemetryProbe" && Tags(p)["outcome"] as string == "success" && p.GetSumLong() >= 1);
    }

    [Fact]
    public async Task Metrics_are_served_in_prometheus_format_when_enabled()
    {
        await using var factory = new ConfiguredApiFactory(Factory.Database, new Dictionary<string, string?> { ["Telemetry:Prometheus"] = "true" });
        await factory.CreateAdminClient().PostGraphQLAsync("query PrometheusProbe { tierConfigs { tierName } }");

        using var anonymous = factory.CreateClient();
        var text = await anonymous.GetStringAsync("/metrics");

        Assert.Contains("rephlo_graphql_operations", text, StringComparison.Ordinal);
        Assert.Contains("PrometheusProbe", text, StringComparison.Ordinal);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await Admin.GetAsync("/metrics")).StatusCode);
    }

    private static IEnumerable<MetricPoint> Points(Metric metric)
    {
        var points = new List<MetricPoint>();
        foreach (ref readonly var point in metric.GetMetricPoints())
        {
            points.Add(point);
        }

        return points;
    }

    private static Dictionary<string, object?> Tags(MetricPoint point)
    {
        var tags = new Dictionary<string, object?>();
        foreach (var tag in point.Tags)
        {
            tags[tag.Key] = tag.Value;
        }

        return tags;
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "Timed out waiting for the rollout.");
            await Task.Delay(100);
        }
    }

    private sealed class TelemetryFactory(TestDatabase db) : ApiFactory(db)
    {
        public List<Activity> Spans { get; } = [];

        public List<Metric> Metrics { get; } = [];

        protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?> { ["Telemetry:Tracing"] = "true" };

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services =>
            {
                services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(Spans));
                services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddInMemoryExporter(Metrics));
            });
        }
    }
}

public sealed class SqliteTelemetryTests() : TelemetryTests(TestDatabase.Sqlite);

public sealed class PostgresTelemetryTests() : TelemetryTests(TestDatabase.Postgres);
