using Microsoft.Extensions.Logging;

namespace Rephlo.Tiers.Infrastructure.Events;

/// <summary>
/// A minimal hot observable: observers are added and removed under a lock; a failing observer is
/// logged and never stops delivery to the others or fails the publisher.
/// </summary>
internal sealed class Broadcast<T>(ILogger logger) : IObservable<T>
{
    private readonly object _gate = new();
    private IObserver<T>[] _observers = [];

    public int Count => Volatile.Read(ref _observers).Length;

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
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        Deliver(value);
        Telemetry.TiersTelemetry.EventDeliveryLatency.Record(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds,
            new KeyValuePair<string, object?>("path", "local"), new KeyValuePair<string, object?>("event", typeof(T).Name));
    }

    /// <summary>Hands the value to every observer (a failing one never stops the others).</summary>
    public void Deliver(T value)
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

    /// <summary>Ends every subscription (server shutdown).</summary>
    public void Complete()
    {
        IObserver<T>[] observers;
        lock (_gate)
        {
            observers = _observers;
            _observers = [];
        }

        foreach (var observer in observers)
        {
            observer.OnCompleted();
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
