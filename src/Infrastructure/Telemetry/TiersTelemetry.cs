using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Rephlo.Tiers.Infrastructure.Telemetry;

/// <summary>
/// The service's own spans and metrics (source and meter <c>Rephlo.Tiers</c>): one span per GraphQL
/// operation and per rollout batch; counters and histograms for operations, rollouts, streaming
/// connections and event delivery. Exported by whatever the host configures (OTLP, Prometheus).
/// </summary>
public static class TiersTelemetry
{
    public const string Name = "Rephlo.Tiers";

    public static readonly ActivitySource Source = new(Name);

    public static readonly Meter Meter = new(Name);

    /// <summary>GraphQL operations by <c>graphql.operation.name</c>, <c>graphql.operation.type</c> and <c>outcome</c>.</summary>
    public static readonly Counter<long> Operations = Meter.CreateCounter<long>("rephlo.graphql.operations", "{operation}", "GraphQL operations by name, type and outcome.");

    public static readonly Histogram<double> OperationDuration = Meter.CreateHistogram<double>("rephlo.graphql.operation.duration", "s", "Duration of GraphQL operations (a subscription: until it is subscribed).");

    public static readonly Counter<long> RolloutSubscribersUpgraded = Meter.CreateCounter<long>("rephlo.rollout.subscribers.upgraded", "{subscriber}", "Subscribers raised to a rollout's target.");

    public static readonly Histogram<double> RolloutBatchDuration = Meter.CreateHistogram<double>("rephlo.rollout.batch.duration", "s", "Duration of one rollout batch transaction.");

    public static readonly Histogram<double> RolloutStartLag = Meter.CreateHistogram<double>("rephlo.rollout.start.lag", "s", "Time between a rollout's due time (scheduled time, else creation) and its first claim.");

    /// <summary>Open WebSocket connections and SSE streams, by <c>transport</c>.</summary>
    public static readonly UpDownCounter<long> OpenConnections = Meter.CreateUpDownCounter<long>("rephlo.transport.connections.open", "{connection}", "Open WebSocket connections and SSE streams.");

    public static readonly Counter<long> DroppedSlowClients = Meter.CreateCounter<long>("rephlo.transport.slow_clients.dropped", "{connection}", "Clients disconnected because they fell too far behind.");

    /// <summary>From an event's publication to its hand-over to this instance's subscribers, by <c>path</c> (local, redis).</summary>
    public static readonly Histogram<double> EventDeliveryLatency = Meter.CreateHistogram<double>("rephlo.events.delivery.latency", "s", "Event bus latency from publish to delivery.");
}
