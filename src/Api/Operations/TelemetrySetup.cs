using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Rephlo.Tiers.Infrastructure;
using Rephlo.Tiers.Infrastructure.Events;
using Rephlo.Tiers.Infrastructure.Persistence;
using Rephlo.Tiers.Infrastructure.Telemetry;

namespace Rephlo.Tiers.Api.Operations;

/// <summary>Telemetry settings (section <c>Telemetry</c>; OTLP by the standard <c>OTEL_EXPORTER_OTLP_*</c> variables).</summary>
public sealed class TelemetryOptions
{
    public const string Section = "Telemetry";

    /// <summary>Serve <c>/metrics</c> in Prometheus text format (anonymous: expose it only inside the cluster).</summary>
    public bool Prometheus { get; set; }

    /// <summary>The <c>service.name</c> resource attribute.</summary>
    public string ServiceName { get; set; } = "rephlo-tiers";

    /// <summary>
    /// Record traces. Default: only when an OTLP endpoint is set — spans recorded for no exporter
    /// only cost (EF Core's and ASP.NET Core's instrumentation on every request). The operation's
    /// trace id in logs and masked errors does not depend on it.
    /// </summary>
    public bool? Tracing { get; set; }

    /// <summary>From <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>: traces and metrics are exported over OTLP when set.</summary>
    public string? OtlpEndpoint { get; set; }

    public IEnumerable<string> Problems()
    {
        if (string.IsNullOrWhiteSpace(ServiceName))
        {
            yield return "Telemetry:ServiceName must not be empty.";
        }

        if (!string.IsNullOrWhiteSpace(OtlpEndpoint) && !Uri.TryCreate(OtlpEndpoint, UriKind.Absolute, out _))
        {
            yield return "OTEL_EXPORTER_OTLP_ENDPOINT must be an absolute URI (e.g. http://collector:4317).";
        }
    }
}

public static class TelemetrySetup
{
    public const string MetricsPath = "/metrics";
    private const string OtlpVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>
    /// Traces: ASP.NET Core (health and metrics requests left out), EF Core (SQLite) or Npgsql
    /// (PostgreSQL), Redis when configured, and the service's own spans. Metrics: the service's meter
    /// and ASP.NET Core's. Exporters: OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set, Prometheus
    /// when <c>Telemetry:Prometheus</c> is true.
    /// </summary>
    public static IServiceCollection AddTiersTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TelemetryOptions>().Bind(configuration.GetSection(TelemetryOptions.Section))
            .Configure(o => o.OtlpEndpoint ??= configuration.GetValue<string>(OtlpVariable))
            .ValidateProblemsOnStart(o => o.Problems());

        // What to register is decided now, from the same sections the options bind.
        var settings = configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new TelemetryOptions();
        var otlp = !string.IsNullOrWhiteSpace(configuration.GetValue<string>(OtlpVariable));
        var postgres = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>()?.Provider == DatabaseProvider.Postgres;
        var redis = configuration.GetSection(RedisOptions.Section).Get<RedisOptions>()?.IsEnabled == true;

        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(string.IsNullOrWhiteSpace(settings.ServiceName) ? "rephlo-tiers" : settings.ServiceName));
        if (settings.Tracing ?? otlp)
        {
            telemetry.WithTracing(tracing =>
            {
                tracing.AddSource(TiersTelemetry.Name)
                    .AddAspNetCoreInstrumentation(o => o.Filter = http => !HealthEndpoints.IsHealthPath(http.Request.Path) && !http.Request.Path.StartsWithSegments(MetricsPath));
                if (postgres)
                {
                    tracing.AddNpgsql();
                }
                else
                {
                    tracing.AddEntityFrameworkCoreInstrumentation();
                }

                if (redis)
                {
                    tracing.AddRedisInstrumentation();
                }
            });
        }

        telemetry.WithMetrics(metrics =>
            {
                metrics.AddMeter(TiersTelemetry.Name).AddAspNetCoreInstrumentation();
                if (settings.Prometheus)
                {
                    metrics.AddPrometheusExporter();
                }
            });
        if (otlp)
        {
            telemetry.UseOtlpExporter();
        }

        return services;
    }

    public static void MapTiersMetrics(this WebApplication app)
    {
        if (app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<TelemetryOptions>>().Value.Prometheus)
        {
            app.MapPrometheusScrapingEndpoint(MetricsPath).AllowAnonymous();
        }
    }
}
