using System.Diagnostics.Metrics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Rephlo.Tiers.Api.IntegrationTests.Infrastructure;
using Rephlo.Tiers.Api.Transport;
using Rephlo.Tiers.Application.Common.Abstractions;
using Rephlo.Tiers.Application.TierConfigs;

namespace Rephlo.Tiers.Api.IntegrationTests;

/// <summary>
/// A client that stops reading is disconnected once its buffer (here 64 messages) is full; a
/// healthy client on the same server keeps receiving every event meanwhile.
/// </summary>
public sealed class SlowConsumerTests() : ApiTestBase(TestDatabase.Sqlite)
{
    private const int Events = 160;

    protected override ApiFactory CreateFactory(TestDatabase db) => new SmallBufferFactory();

    [Fact]
    public async Task A_stalled_client_is_cut_off_without_slowing_down_the_others()
    {
        long dropped = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "Rephlo.Tiers" && instrument.Name == "rephlo.transport.slow_clients.dropped")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref dropped, value));
        listener.Start();
        var stalled = new ScriptedSocket(stallSendsAfter: 1);
        var healthy = new ScriptedSocket(stallSendsAfter: int.MaxValue);
        var stalledRun = RunAsync(stalled);
        var healthyRun = RunAsync(healthy);
        await Task.WhenAll(stalled.Acknowledged, healthy.Acknowledged);
        await Task.WhenAll(stalled.Subscribed(), healthy.Subscribed());

        // Probe (version 0) until the healthy subscription is in place: a cold process on a loaded
        // machine may take longer than a fixed pause to run the subscribe.
        var bus = Factory.Services.GetRequiredService<ITierEventBus>();
        var ready = DateTime.UtcNow.AddSeconds(15);
        while (!healthy.Messages.Any(IsNext))
        {
            Assert.True(DateTime.UtcNow < ready, "the subscription did not start");
            bus.Publish(new TierConfigChangedEvent(Tier(0), History(0)));
            await Task.Delay(100);
        }

        await Task.Delay(300);
        var started = DateTime.UtcNow;
        for (var i = 1; i <= Events; i++)
        {
            bus.Publish(new TierConfigChangedEvent(Tier(i), History(i)));
            await Task.Delay(2);
        }

        var publishTime = DateTime.UtcNow - started;
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (healthy.Messages.Count(IsEvent) < Events)
        {
            Assert.True(DateTime.UtcNow < deadline, $"received {healthy.Messages.Count(IsEvent)} of {Events} events");
            await Task.Delay(20);
        }

        Assert.True(stalled.Aborted, "the stalled client was not disconnected");
        Assert.True(Interlocked.Read(ref dropped) >= 1, "the dropped slow client was not counted (rephlo.transport.slow_clients.dropped)");
        Assert.InRange(stalled.Queued, 0, 64 + 2);
        Assert.Equal(Events, healthy.Messages.Count(IsEvent));
        Assert.True(publishTime < TimeSpan.FromSeconds(5), $"publishing took {publishTime}");

        healthy.EndInput();
        await healthyRun.WaitAsync(TimeSpan.FromSeconds(10));
        await stalledRun.WaitAsync(TimeSpan.FromSeconds(10));
    }

    private static bool IsNext(string message) => message.Contains("\"type\":\"next\"", StringComparison.Ordinal);

    /// <summary>A next message of the measured events (versions 1…), not a probe (version 0).</summary>
    private static bool IsEvent(string message) => IsNext(message) && !message.Contains("\"configVersion\":0}", StringComparison.Ordinal);

    private async Task RunAsync(ScriptedSocket socket)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        context.Request.Headers.SecWebSocketProtocol = "graphql-transport-ws";
        context.Features.Set<IHttpWebSocketFeature>(new Feature(socket));
        await scope.ServiceProvider.GetRequiredService<Rephlo.Tiers.Api.Transport.WebSockets.WebSocketTransport>().HandleAsync(context);
    }

    private static TierConfigDto Tier(int version) => new(Guid.Empty, "pro", "Pro", 1, 15m, 150m, 1500 + version, 750, """{"apiAccess":true}""", true, version, null, TestClock.Start, false, null);

    private static TierConfigHistoryDto History(int version) => new(Guid.Empty, Guid.Empty, "pro", version, Domain.TierConfigs.TierChangeType.CreditIncrease, 1500, 1500 + version, 15m, 15m, 150m, 150m, "synthetic event for the test", 0, Guid.Empty, null, TestClock.Start, TestClock.Start);

    private sealed class Feature(WebSocket socket) : IHttpWebSocketFeature
    {
        public bool IsWebSocketRequest => true;

        public Task<WebSocket> AcceptAsync(WebSocketAcceptContext context) => Task.FromResult(socket);
    }

    private sealed class SmallBufferFactory() : ApiFactory(TestDatabase.Sqlite)
    {
        protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?> { ["Subscriptions:MaxBufferedMessages"] = "64" };
    }

    /// <summary>A client that says init and subscribe, then either reads everything or stops reading.</summary>
    private sealed class ScriptedSocket(int stallSendsAfter) : WebSocket
    {
        private readonly Channel<string> _input = Channel.CreateUnbounded<string>();
        private readonly TaskCompletionSource _acknowledged = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly List<string> _messages = [];
        private readonly TaskCompletionSource _stall = new();
        private WebSocketState _state = WebSocketState.Open;
        private int _sends;

        public Task Acknowledged => _acknowledged.Task;

        public bool Aborted { get; private set; }

        public int Queued => Math.Max(0, _sends - stallSendsAfter);

        public IReadOnlyList<string> Messages
        {
            get
            {
                lock (_messages)
                {
                    return [.. _messages];
                }
            }
        }

        public override WebSocketCloseStatus? CloseStatus => null;

        public override string? CloseStatusDescription => null;

        public override WebSocketState State => _state;

        public override string? SubProtocol => "graphql-transport-ws";

        public Task Subscribed()
        {
            _input.Writer.TryWrite("""{"type":"subscribe","id":"s","payload":{"query":"subscription { tierConfigChanged { tierConfig { configVersion } } }"}}""");
            return Task.CompletedTask;
        }

        public void EndInput() => _input.Writer.TryComplete();

        public override void Abort()
        {
            Aborted = true;
            _state = WebSocketState.Aborted;
            _input.Writer.TryComplete();
        }

        public override Task CloseAsync(WebSocketCloseStatus closeStatus, string? statusDescription, CancellationToken cancellationToken) => CloseOutputAsync(closeStatus, statusDescription, cancellationToken);

        public override Task CloseOutputAsync(WebSocketCloseStatus closeStatus, string? statusDescription, CancellationToken cancellationToken)
        {
            _state = WebSocketState.Closed;
            _input.Writer.TryComplete();
            return Task.CompletedTask;
        }

        public override void Dispose()
        {
        }

        public override async Task<WebSocketReceiveResult> ReceiveAsync(ArraySegment<byte> buffer, CancellationToken cancellationToken)
        {
            if (_sends == 0 && !_acknowledged.Task.IsCompleted && !_initSent)
            {
                _initSent = true;
                return Write(buffer, """{"type":"connection_init","payload":{"Authorization":"Bearer """ + ApiFactory.CreateToken() + "\"}}");
            }

            try
            {
                var next = await _input.Reader.ReadAsync(cancellationToken);
                return Write(buffer, next);
            }
            catch (ChannelClosedException)
            {
                return new WebSocketReceiveResult(0, WebSocketMessageType.Close, true, WebSocketCloseStatus.NormalClosure, "done");
            }
        }

        public override async Task SendAsync(ArraySegment<byte> buffer, WebSocketMessageType messageType, bool endOfMessage, CancellationToken cancellationToken)
        {
            var text = Encoding.UTF8.GetString(buffer);
            if (Interlocked.Increment(ref _sends) > stallSendsAfter)
            {
                // This client stopped reading: the send never completes (until the server gives up).
                await _stall.Task.WaitAsync(cancellationToken);
            }

            lock (_messages)
            {
                _messages.Add(text);
            }

            if (JsonNode.Parse(text)?["type"]?.GetValue<string>() == "connection_ack")
            {
                _acknowledged.TrySetResult();
            }
        }

        private bool _initSent;

        private static WebSocketReceiveResult Write(ArraySegment<byte> buffer, string text)
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            bytes.CopyTo(buffer.Array!, buffer.Offset);
            return new WebSocketReceiveResult(bytes.Length, WebSocketMessageType.Text, true);
        }
    }
}
