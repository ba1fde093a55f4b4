using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using Rephlo.Tiers.Api.IntegrationTests.Infrastructure;
using Rephlo.Tiers.Application.Common.Abstractions;

namespace Rephlo.Tiers.Api.IntegrationTests;

/// <summary>
/// One structured log line per GraphQL operation when it ends (a subscription: start and end),
/// with name, type, outcome, duration, user and trace id, and never the token or the request body.
/// </summary>
public abstract class OperationLogTests(TestDatabase database)
{
    private const string OperationsCategory = "Rephlo.Tiers.Api.Transport.Core.GraphQLExecutor";

    [Fact]
    public async Task A_query_logs_one_line_with_its_fields_and_never_the_token_or_body()
    {
        await using var factory = new LoggingFactory(database, explode: false);
        var token = ApiFactory.CreateToken();
        var client = factory.CreateClient(token);

        var response = await client.PostGraphQLAsync("query TierNamesForTheLog { tierConfigs { tierName } }");
        Assert.Null(response.Errors);

        var line = Assert.Single(factory.Logs.Entries, e => e.Category == OperationsCategory && Equals(e.State.GetValueOrDefault("OperationName"), "TierNamesForTheLog"));
        Assert.Equal(LogLevel.Information, line.Level);
        Assert.Equal("query", line.State["OperationType"]);
        Assert.Equal("success", line.State["Outcome"]);
        Assert.IsType<double>(line.State["DurationMs"]);
        Assert.Equal(ApiFactory.AdminId.ToString(), line.State["UserId"]);
        Assert.Matches("^[0-9a-f]{32}$", (string)line.State["TraceId"]!);
        Assert.DoesNotContain(factory.Logs.Entries, e => e.Text.Contains(token, StringComparison.Ordinal) || e.Text.Contains("tierConfigs {", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_trace_id_of_a_masked_internal_error_finds_its_log_line()
    {
        await using var factory = new LoggingFactory(database, explode: true);

        var response = await factory.CreateAdminClient().PostGraphQLAsync("""mutation BrokenChange { updateTierCredits(input: {tierName: "pro", newCredits: 2000, reason: "This will hit a broken dependency"}) { tierConfig { configVersion } } }""");

        Assert.Equal("INTERNAL_SERVER_ERROR", response.FirstErrorCode);
        var traceId = response.Errors![0]!["extensions"]!["traceId"]!.GetValue<string>();
        var line = Assert.Single(factory.Logs.Entries, e => e.Category == OperationsCategory && Equals(e.State.GetValueOrDefault("TraceId"), traceId));
        Assert.Equal("BrokenChange", line.State["OperationName"]);
        Assert.Equal("error", line.State["Outcome"]);
        Assert.Equal("INTERNAL_SERVER_ERROR", line.State["ErrorCodes"]);
    }

    [Fact]
    public async Task A_subscription_logs_its_start_and_its_end_not_each_event()
    {
        await using var factory = new LoggingFactory(database, explode: false);
        var client = factory.Server.CreateWebSocketClient();
        client.SubProtocols.Add("graphql-transport-ws");
        await using (var socket = new TestSocket(await client.ConnectAsync(new Uri(factory.Server.BaseAddress, "graphql"), CancellationToken.None)))
        {
            await socket.SendAsync(new { type = "connection_init", payload = new { Authorization = "Bearer " + ApiFactory.CreateToken() } });
            await socket.ReceiveAsync();
            await socket.SendAsync(new { type = "subscribe", id = "s", payload = new { query = "subscription WatchPro { tierConfigChanged(tierName: \"pro\") { tierConfig { configVersion } } }" } });

            // Subscribed once its start is logged (then the stream is attached at once); no fixed pause.
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (!factory.Logs.Entries.Any(e => e.EventId == 1201 && Equals(e.State.GetValueOrDefault("OperationName"), "WatchPro")))
            {
                Assert.True(DateTime.UtcNow < deadline, "the subscription did not start");
                await Task.Delay(20);
            }

            await Task.Delay(200);
            for (var i = 0; i < 2; i++)
            {
                await factory.CreateAdminClient().PostGraphQLAsync($$"""mutation { updateTierCredits(input: {tierName: "pro", newCredits: {{2000 + (i * 100)}}, reason: "Two events for the log test"}) { tierConfig { configVersion } } }""");
                Assert.Equal("next", (await socket.ReceiveAsync())!["type"]!.GetValue<string>());
            }

            await socket.SendAsync(new { type = "complete", id = "s" });
            await Task.Delay(300);
        }

        var lines = factory.Logs.Entries.Where(e => e.Category == OperationsCategory && Equals(e.State.GetValueOrDefault("OperationName"), "WatchPro")).ToList();
        Assert.Equal([1201, 1202], lines.Select(l => l.EventId));
        Assert.Equal(lines[0].State["TraceId"], lines[1].State["TraceId"]);
    }

    [Fact]
    public async Task Outside_development_the_console_writes_json()
    {
        await using var factory = new ApiFactory(database);

        var console = factory.Services.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>().CurrentValue;

        Assert.Equal(ConsoleFormatterNames.Json, console.FormatterName);
    }

    private sealed class LoggingFactory(TestDatabase database, bool explode) : ApiFactory(database)
    {
        public StructuredLogs Logs { get; } = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services =>
            {
                services.AddSingleton<ILoggerProvider>(Logs);
                if (explode)
                {
                    services.RemoveAll<IIdGenerator>();
                    services.AddSingleton<IIdGenerator, ExplodingIds>();
                }
            });
        }
    }

    private sealed class ExplodingIds : IIdGenerator
    {
        public Guid NewId() => throw new InvalidOperationException("an unexpected failure for the log test");
    }
}

public sealed class SqliteOperationLogTests() : OperationLogTests(TestDatabase.Sqlite);

public sealed class PostgresOperationLogTests() : OperationLogTests(TestDatabase.Postgres);

/// <summary>Captures log entries with their structured fields.</summary>
public sealed class StructuredLogs : ILoggerProvider
{
    private readonly List<Entry> _entries = [];

    public IReadOnlyList<Entry> Entries
    {
        get
        {
            lock (_entries)
            {
                return [.. _entries];
            }
        }
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    public sealed record Entry(string Category, LogLevel Level, int EventId, string Text, Dictionary<string, object?> State);

    private sealed class Logger(StructuredLogs owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var fields = state is IEnumerable<KeyValuePair<string, object?>> pairs ? pairs.ToDictionary(p => p.Key, p => p.Value) : [];
            var text = formatter(state, exception) + " " + string.Join(' ', fields.Values) + (exception is null ? string.Empty : " " + exception);
            lock (owner._entries)
            {
                owner._entries.Add(new Entry(category, logLevel, eventId.Id, text, fields));
            }
        }
    }
}
