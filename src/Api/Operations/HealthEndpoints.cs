using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Rephlo.Tiers.Infrastructure.Events;
using Rephlo.Tiers.Infrastructure.Persistence;
using Rephlo.Tiers.Infrastructure.Rollouts;

namespace Rephlo.Tiers.Api.Operations;

/// <summary>
/// <c>/health/live</c> (the process answers; no dependency is checked) and <c>/health/ready</c>
/// (database reachable and migrated, Redis reachable when configured, rollout runner alive when
/// enabled). Anonymous, never rate limited (rate limits apply to GraphQL operations only), JSON.
/// </summary>
public static class HealthEndpoints
{
    public const string LivePath = "/health/live";
    public const string ReadyPath = "/health/ready";
    private const string Ready = "ready";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static IServiceCollection AddTiersHealthChecks(this IServiceCollection services, IConfiguration configuration)
    {
        var checks = services.AddHealthChecks()
            .AddDbContextCheck<TiersDbContext>("database", HealthStatus.Unhealthy, [Ready], async (db, cancellationToken) =>
                await db.Database.CanConnectAsync(cancellationToken) && !(await db.Database.GetPendingMigrationsAsync(cancellationToken)).Any());

        // Without Redis events stay on this instance: the instance still serves, so Degraded (200).
        if (configuration.GetSection(RedisOptions.Section).Get<RedisOptions>()?.IsEnabled == true)
        {
            checks.AddCheck<RedisHealthCheck>("redis", HealthStatus.Degraded, [Ready]);
        }

        if (configuration.GetValue($"{RolloutOptions.Section}:{nameof(RolloutOptions.Enabled)}", true))
        {
            checks.AddCheck<RolloutRunnerHealthCheck>("rollout-runner", HealthStatus.Unhealthy, [Ready]);
        }

        return services;
    }

    public static void MapTiersHealthChecks(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks(LivePath, new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync }).AllowAnonymous();
        endpoints.MapHealthChecks(ReadyPath, new HealthCheckOptions { Predicate = r => r.Tags.Contains(Ready), ResponseWriter = WriteAsync }).AllowAnonymous();
    }

    public static bool IsHealthPath(PathString path) => path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase);

    /// <summary>{"status","durationMs","checks":[{"name","status","durationMs","description"}]}; the status code is the middleware's (503 when Unhealthy).</summary>
    private static Task WriteAsync(HttpContext http, HealthReport report)
    {
        http.Response.ContentType = "application/json; charset=utf-8";
        var body = new
        {
            status = report.Status.ToString(),
            durationMs = Math.Round(report.TotalDuration.TotalMilliseconds, 2),
            checks = report.Entries.Select(e => new
            {
                name = e.Key,
                status = e.Value.Status.ToString(),
                durationMs = Math.Round(e.Value.Duration.TotalMilliseconds, 2),
                description = e.Value.Description ?? e.Value.Exception?.GetType().Name,
            }),
        };
        return http.Response.WriteAsync(JsonSerializer.Serialize(body, Json));
    }
}

/// <summary>Redis through the API's own multiplexer (no extra connection): connected and answering a PING.</summary>
public sealed class RedisHealthCheck(StackExchange.Redis.IConnectionMultiplexer redis) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!redis.IsConnected)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "Redis is not connected: events reach this instance's subscribers only.");
        }

        try
        {
            var latency = await redis.GetDatabase().PingAsync().WaitAsync(TimeSpan.FromSeconds(2), cancellationToken);
            return HealthCheckResult.Healthy($"PING {latency.TotalMilliseconds:F1} ms");
        }
        catch (Exception ex) when (ex is StackExchange.Redis.RedisException or TimeoutException)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "Redis does not answer: events reach this instance's subscribers only.", ex);
        }
    }
}

/// <summary>The rollout runner is alive when its heartbeat is younger than twice the poll interval.</summary>
public sealed class RolloutRunnerHealthCheck(RolloutRunner runner, TimeProvider clock, IOptions<RolloutOptions> options) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var limit = options.Value.PollInterval * 2;
        if (runner.LastHeartbeat is not { } beat)
        {
            return Task.FromResult(new HealthCheckResult(context.Registration.FailureStatus, "The rollout runner has not started."));
        }

        var age = clock.GetUtcNow() - beat;
        return Task.FromResult(age < limit
            ? HealthCheckResult.Healthy($"Heartbeat {age.TotalSeconds:F0} s ago.")
            : new HealthCheckResult(context.Registration.FailureStatus, $"No heartbeat for {age.TotalSeconds:F0} s (limit {limit.TotalSeconds:F0} s)."));
    }
}
