using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Rephlo.Tiers.Api.IntegrationTests.Infrastructure;

namespace Rephlo.Tiers.Api.IntegrationTests;

/// <summary>Two API instances on one PostgreSQL database and one redis-server: a change on A reaches a subscriber on B.</summary>
public sealed class MultiInstanceTests : IAsyncLifetime
{
    private readonly string _database = "rephlo_multi_" + Guid.NewGuid().ToString("N")[..10];
    private RedisFactory _a = null!;
    private RedisFactory _b = null!;

    public async Task InitializeAsync()
    {
        _a = new RedisFactory(_database, TestServers.RequireRedis());
        _ = _a.Server;
        _b = new RedisFactory(_database, TestServers.RequireRedis());
        _ = _b.Server;
        await Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _b.DisposeAsync();
        await _a.DisposeAsync();
    }

    [Fact]
    public async Task A_change_made_on_instance_a_reaches_a_subscriber_on_instance_b()
    {
        await using var onB = await ConnectAsync(_b);
        await onB.SendAsync(new { type = "subscribe", id = "b", payload = new { query = "subscription { tierConfigChanged(tierName: \"pro\") { tierConfig { configVersion monthlyCreditAllocation } historyEntry { changeReason } } }" } });
        await Task.Delay(300);

        var response = await _a.CreateAdminClient().PostGraphQLAsync("""mutation { updateTierCredits(input: {tierName: "pro", newCredits: 2000, reason: "Made on instance A"}) { tierConfig { configVersion } } }""");
        Assert.Equal(2, response.Data["updateTierCredits"]!["tierConfig"]!["configVersion"]!.GetValue<int>());

        var next = await onB.ReceiveAsync();
        Assert.Equal("next", next!["type"]!.GetValue<string>());
        Assert.Equal(2, next["payload"]!["data"]!["tierConfigChanged"]!["tierConfig"]!["configVersion"]!.GetValue<int>());
        Assert.Equal("Made on instance A", next["payload"]!["data"]!["tierConfigChanged"]!["historyEntry"]!["changeReason"]!.GetValue<string>());
    }

    private static async Task<TestSocket> ConnectAsync(ApiFactory factory)
    {
        var client = factory.Server.CreateWebSocketClient();
        client.SubProtocols.Add("graphql-transport-ws");
        var socket = new TestSocket(await client.ConnectAsync(new Uri(factory.Server.BaseAddress, "graphql"), CancellationToken.None));
        await socket.SendAsync(new { type = "connection_init", payload = new { Authorization = "Bearer " + ApiFactory.CreateToken() } });
        Assert.Equal("connection_ack", (await socket.ReceiveAsync())!["type"]!.GetValue<string>());
        return socket;
    }

    private sealed class RedisFactory(string database, string redis) : ApiFactory(TestDatabase.Postgres, database)
    {
        protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?> { ["Redis:Configuration"] = redis };
    }
}

/// <summary>With Redis unreachable, changes still succeed, local subscribers still hear them, and a warning is logged.</summary>
public sealed class RedisOutageTests() : ApiTestBase(TestDatabase.Sqlite)
{
    protected override ApiFactory CreateFactory(TestDatabase db) => new UnreachableRedisFactory();

    [Fact]
    public async Task Mutations_do_not_fail_when_redis_is_down()
    {
        // Build the bus (and its first, failing Redis connect) before subscribing, so the
        // subscription is in place when the mutation publishes.
        _ = Factory.Services.GetRequiredService<Rephlo.Tiers.Application.Common.Abstractions.ITierEventBus>();
        var client = Factory.Server.CreateWebSocketClient();
        client.SubProtocols.Add("graphql-transport-ws");
        await using var ws = new TestSocket(await client.ConnectAsync(new Uri(Factory.Server.BaseAddress, "graphql"), CancellationToken.None));
        await ws.SendAsync(new { type = "connection_init", payload = new { Authorization = "Bearer " + ApiFactory.CreateToken() } });
        await ws.ReceiveAsync();
        await ws.SendAsync(new { type = "subscribe", id = "local", payload = new { query = "subscription { tierConfigChanged { tierConfig { configVersion } } }" } });
        await Task.Delay(500);

        var response = await Admin.PostGraphQLAsync("""mutation { updateTierCredits(input: {tierName: "pro", newCredits: 2000, reason: "While Redis is down"}) { tierConfig { configVersion } errors { __typename } } }""");

        Assert.Equal(2, response.Data["updateTierCredits"]!["tierConfig"]!["configVersion"]!.GetValue<int>());
        Assert.Equal(2, (await ws.ReceiveAsync())!["payload"]!["data"]!["tierConfigChanged"]!["tierConfig"]!["configVersion"]!.GetValue<int>());
        Assert.Contains(((UnreachableRedisFactory)Factory).Logs.Messages, m => m.Contains("Redis is not connected", StringComparison.Ordinal));
    }

    private sealed class UnreachableRedisFactory() : ApiFactory(TestDatabase.Sqlite)
    {
        public CapturingLoggerProvider Logs { get; } = new();

        protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
        {
            ["Redis:Configuration"] = "127.0.0.1:1,connectTimeout=200,connectRetry=1",
        };

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services => services.AddSingleton<ILoggerProvider>(Logs));
        }
    }
}

public sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly List<string> _messages = [];

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

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturingLoggerProvider owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (owner._messages)
            {
                owner._messages.Add(formatter(state, exception) + (exception is null ? string.Empty : " " + exception));
            }
        }
    }
}
