using Microsoft.Extensions.Logging;
using Rephlo.Tiers.Application.Common.Abstractions;
using Rephlo.Tiers.Application.TierConfigs;

namespace Rephlo.Tiers.Infrastructure.Events;

/// <summary>Delivers events to the subscribers of this process (single-instance deployments).</summary>
public sealed class InProcessTierEventBus(ILogger<InProcessTierEventBus> logger) : ITierEventBus
{
    private readonly Broadcast<TierConfigChangedEvent> _changes = new(logger);
    private readonly Broadcast<TierRolloutDto> _rollouts = new(logger);

    public IObservable<TierConfigChangedEvent> TierConfigChanges => _changes;

    public IObservable<TierRolloutDto> RolloutProgress => _rollouts;

    public void Publish(TierConfigChangedEvent change) => _changes.Publish(change);

    public void Publish(TierRolloutDto rollout) => _rollouts.Publish(rollout);

    /// <summary>A minimal hot observable: observers added and removed under a lock, never blocking the publisher on errors.</summary>
    private sealed class Broadcast<T>(ILogger logger) : IObservable<T>
    {
        private readonly object _gate = new();
        private IObserver<T>[] _observers = [];

        public IDisposable Subscribe(IObserver<T> observer)
        {
            lock (_gate)
            {
                _observers = [.. _observers, observer];
            }

            return new Subscription(this, observer);
        }

        public void Publish(T value)
        {
            foreach (var observer in Volatile.Read(ref _observers))
            {
                try
                {
                    observer.OnNext(value);
                }
                catch (Exception ex)
                {
                    logger.LogWarning(ex, "A subscriber failed to take a {EventType} event", typeof(T).Name);
                }
            }
        }

        private void Remove(IObserver<T> observer)
        {
            lock (_gate)
            {
                _observers = [.. _observers.Where(o => !ReferenceEquals(o, observer))];
            }
        }

        private sealed class Subscription(Broadcast<T> owner, IObserver<T> observer) : IDisposable
        {
            public void Dispose() => owner.Remove(observer);
        }
    }
}
