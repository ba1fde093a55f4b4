using Microsoft.Extensions.Logging;
using Rephlo.Tiers.Application.Common.Abstractions;
using Rephlo.Tiers.Application.TierConfigs;

namespace Rephlo.Tiers.Infrastructure.Events;

/// <summary>Delivers events to the subscribers of this process (single-instance deployments).</summary>
public sealed class InProcessTierEventBus(ILogger<InProcessTierEventBus> logger) : ITierEventBus, IDisposable
{
    private readonly Broadcast<TierConfigChangedEvent> _changes = new(logger);
    private readonly Broadcast<TierRolloutDto> _rollouts = new(logger);

    public IObservable<TierConfigChangedEvent> TierConfigChanges => _changes;

    public IObservable<TierRolloutDto> RolloutProgress => _rollouts;

    public void Publish(TierConfigChangedEvent change) => _changes.Publish(change);

    public void Publish(TierRolloutDto rollout) => _rollouts.Publish(rollout);

    /// <summary>On shutdown every open subscription completes.</summary>
    public void Dispose()
    {
        _changes.Complete();
        _rollouts.Complete();
    }
}
