using System.Text.Json;
using Microsoft.Extensions.Logging;
using Rephlo.Tiers.Application.Common.Abstractions;
using Rephlo.Tiers.Application.TierConfigs;
using StackExchange.Redis;

namespace Rephlo.Tiers.Infrastructure.Events;

/// <summary>
/// Events across API instances through Redis pub/sub. Local subscribers get an event at once;
/// other instances get it from Redis (an instance ignores its own messages). When Redis is
/// unreachable, events for other instances are dropped with a warning — a change is never failed
/// by it — and the multiplexer reconnects by itself.
/// </summary>
public sealed class RedisTierEventBus : ITierEventBus, IDisposable
{
    public const string ChangesChannel = "rephlo-tiers:tier-config-changed";
    public const string RolloutsChannel = "rephlo-tiers:rollout-progress";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly IConnectionMultiplexer _redis;
    private readonly ILogger<RedisTierEventBus> _logger;
    private readonly Broadcast<TierConfigChangedEvent> _changes;
    private readonly Broadcast<TierRolloutDto> _rollouts;
    private readonly string _origin = Guid.NewGuid().ToString("N");

    private readonly TimeProvider _clock;

    public RedisTierEventBus(IConnectionMultiplexer redis, TimeProvider clock, ILogger<RedisTierEventBus> logger)
    {
        _redis = redis;
        _clock = clock;
        _logger = logger;
        _changes = new Broadcast<TierConfigChangedEvent>(logger);
        _rollouts = new Broadcast<TierRolloutDto>(logger);
        // Fire-and-forget: registered even while Redis is away, and renewed on every reconnect.
        var subscriber = redis.GetSubscriber();
        subscriber.Subscribe(RedisChannel.Literal(ChangesChannel), (_, message) => Receive(message, _changes), CommandFlags.FireAndForget);
        subscriber.Subscribe(RedisChannel.Literal(RolloutsChannel), (_, message) => Receive(message, _rollouts), CommandFlags.FireAndForget);
    }

    public IObservable<TierConfigChangedEvent> TierConfigChanges => _changes;

    public IObservable<TierRolloutDto> RolloutProgress => _rollouts;

    public void Publish(TierConfigChangedEvent change) => Publish(ChangesChannel, change, _changes);

    public void Publish(TierRolloutDto rollout) => Publish(RolloutsChannel, rollout, _rollouts);

    public void Dispose()
    {
        _changes.Complete();
        _rollouts.Complete();
    }

    private void Publish<T>(string channel, T value, Broadcast<T> local)
    {
        local.Publish(value);
        try
        {
            if (!_redis.IsConnected)
            {
                _logger.LogWarning("Redis is not connected: a {EventType} event reaches this instance only", typeof(T).Name);
                return;
            }

            var payload = JsonSerializer.Serialize(new Envelope<T>(_origin, value, _clock.GetUtcNow().ToUnixTimeMilliseconds()), Json);
            _redis.GetSubscriber().Publish(RedisChannel.Literal(channel), payload, CommandFlags.FireAndForget);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
        {
            _logger.LogWarning(ex, "Could not publish a {EventType} event to Redis; other instances miss it", typeof(T).Name);
        }
    }

    private void Receive<T>(RedisValue message, Broadcast<T> local)
    {
        try
        {
            var envelope = JsonSerializer.Deserialize<Envelope<T>>((string)message!, Json);
            if (envelope is not null && envelope.Origin != _origin)
            {
                local.Deliver(envelope.Value);
                if (envelope.PublishedAt is { } publishedAt)
                {
                    var latency = Math.Max(0, _clock.GetUtcNow().ToUnixTimeMilliseconds() - publishedAt) / 1000.0;
                    Telemetry.TiersTelemetry.EventDeliveryLatency.Record(latency,
                        new KeyValuePair<string, object?>("path", "redis"), new KeyValuePair<string, object?>("event", typeof(T).Name));
                }
            }
        }
        catch (JsonException ex)
        {
            _logger.LogWarning(ex, "Ignored a malformed {EventType} message from Redis", typeof(T).Name);
        }
    }

    /// <param name="PublishedAt">Unix milliseconds at publication (absent in messages of older instances).</param>
    private sealed record Envelope<T>(string Origin, T Value, long? PublishedAt = null);
}
