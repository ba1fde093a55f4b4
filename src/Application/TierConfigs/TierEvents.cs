using Rephlo.Tiers.Application.TierConfigs;

namespace Rephlo.Tiers.Application.TierConfigs
{
    /// <summary>A committed change of a tier: its new configuration and the history entry.</summary>
    public sealed record TierConfigChangedEvent(TierConfigDto TierConfig, TierConfigHistoryDto HistoryEntry);
}

namespace Rephlo.Tiers.Application.Common.Abstractions
{
    /// <summary>
    /// Live events for subscribers. Publish only after the transaction commits; a publish never
    /// fails the change that caused it.
    /// </summary>
    public interface ITierEventBus
    {
        void Publish(TierConfigChangedEvent change);

        void Publish(TierRolloutDto rollout);

        IObservable<TierConfigChangedEvent> TierConfigChanges { get; }

        IObservable<TierRolloutDto> RolloutProgress { get; }
    }
}
