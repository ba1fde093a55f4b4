using System.IdentityModel.Tokens.Jwt;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.SqlClient;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.Tokens;
using Npgsql;
using Rephlo.Tiers.Api.Auth;
using Rephlo.Tiers.Application.Common.Abstractions;
using Rephlo.Tiers.Infrastructure.Persistence;
using Rephlo.Tiers.Infrastructure.Persistence.Seeding;

namespace Rephlo.Tiers.Api.IntegrationTests.Infrastructure;

public enum TestDatabase
{
    Sqlite,
    Postgres,

    /// <summary>Only the SQL Server-gated tests (REPHLO_TEST_SQLSERVER) use it.</summary>
    SqlServer,
}

/// <summary>
/// The real API host over a fresh database of its own (a SQLite file, or a new database on the
/// test PostgreSQL server), with a fake clock and sequential ids so responses are deterministic.
/// </summary>
public class ApiFactory : WebApplicationFactory<Program>
{
    public const string Issuer = "rephlo-tiers-tests";
    public const string Audience = "rephlo-tiers";
    public const string SigningKey = "integration-test-signing-key-0123456789-abcdefghij";

    public static readonly Guid AdminId = Guid.Parse("aaaaaaaa-0000-4000-8000-000000000001");

    /// <summary>The <c>name</c> claim of the tests' admin token (recorded beside the id).</summary>
    public const string AdminName = "Ada Admin";

    private readonly string _connectionString;
    private readonly string? _sqliteFile;
    private readonly string? _postgresDatabase;
    private readonly string? _sqlServerDatabase;

    public ApiFactory(TestDatabase database = TestDatabase.Sqlite, string? sharedPostgresDatabase = null)
    {
        Database = database;
        if (database == TestDatabase.Postgres)
        {
            var builder = new NpgsqlConnectionStringBuilder(TestServers.RequirePostgres());
            _postgresDatabase = sharedPostgresDatabase ?? "rephlo_test_" + Guid.NewGuid().ToString("N")[..12];
            builder.Database = _postgresDatabase;
            builder.MaxPoolSize = 100;
            _connectionString = builder.ConnectionString;
        }
        else if (database == TestDatabase.SqlServer)
        {
            // A new database of its own (the migrator creates it), dropped on dispose.
            var builder = new SqlConnectionStringBuilder(TestServers.RequireSqlServer());
            _sqlServerDatabase = "rephlo_test_" + Guid.NewGuid().ToString("N")[..12];
            builder.InitialCatalog = _sqlServerDatabase;
            _connectionString = builder.ConnectionString;
        }
        else
        {
            _sqliteFile = Path.Combine(Path.GetTempPath(), $"rephlo-test-{Guid.NewGuid():N}.db");
            _connectionString = $"Data Source={_sqliteFile};Default Timeout=60";
        }
    }

    public TestDatabase Database { get; }

    /// <summary>The connection string of this factory's own database.</summary>
    public string ConnectionString => _connectionString;

    public FakeTimeProvider Clock { get; } = TestClock.Create();

    public SequentialIdGenerator Ids { get; } = new();

    /// <summary>Extra configuration for a test class (e.g. synthetic subscribers).</summary>
    protected virtual IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>();

    public static string CreateToken(Guid? user = null, string[]? roles = null, DateTimeOffset? now = null, TimeSpan? lifetime = null, string? issuer = null, string? key = null, string? name = AdminName)
    {
        var options = new AuthOptions { Issuer = issuer ?? Issuer, Audience = Audience, SigningKey = key ?? SigningKey };
        return DevTokenCommand.CreateToken(options, options.GetSigningKey()!, user ?? AdminId, roles ?? [Roles.Admin], lifetime ?? TimeSpan.FromHours(1), now ?? DateTimeOffset.UtcNow, name);
    }

    public HttpClient CreateClient(string? token)
    {
        var client = CreateClient();
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    public HttpClient CreateAdminClient() => CreateClient(CreateToken());

    /// <summary>The started host (to stop it as SIGTERM would).</summary>
    public Microsoft.Extensions.Hosting.IHost Host => _host ?? throw new InvalidOperationException("The host has not started.");

    private Microsoft.Extensions.Hosting.IHost? _host;

    protected override Microsoft.Extensions.Hosting.IHost CreateHost(Microsoft.Extensions.Hosting.IHostBuilder builder)
    {
        _host = base.CreateHost(builder);
        return _host;
    }

    /// <summary>Runs work against the API's database in its own scope.</summary>
    public async Task<T> WithDbAsync<T>(Func<TiersDbContext, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<TiersDbContext>());
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        var settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = Database.ToString(),
            ["ConnectionStrings:Tiers"] = _connectionString,
            ["Auth:Issuer"] = Issuer,
            ["Auth:Audience"] = Audience,
            ["Auth:SigningKey"] = SigningKey,
            ["Seed:SyntheticSubscribers"] = "0",
            ["Rollouts:BatchSize"] = "3",
            ["Rollouts:PollInterval"] = "00:00:30",

            // Rate limits stay on (the code path runs in every test) but far above what any test sends.
            ["RateLimiting:Queries:TokenLimit"] = "1000000",
            ["RateLimiting:Queries:TokensPerPeriod"] = "1000000",
            ["RateLimiting:Mutations:TokenLimit"] = "1000000",
            ["RateLimiting:Mutations:TokensPerPeriod"] = "1000000",
        };
        foreach (var (key, value) in ExtraSettings)
        {
            settings[key] = value;
        }

        // UseSetting (not ConfigureAppConfiguration): with minimal hosting only host settings are
        // visible while Program registers services, and the provider is chosen there.
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
            services.RemoveAll<IIdGenerator>();
            services.AddSingleton<IIdGenerator>(Ids);
        });
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_sqliteFile is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { string.Empty, "-wal", "-shm", ".init.lock" })
            {
                File.Delete(_sqliteFile + suffix);
            }
        }

        if (_postgresDatabase is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(TestServers.RequirePostgres());
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_postgresDatabase}\" WITH (FORCE)", connection);
            await command.ExecuteNonQueryAsync();
        }

        if (_sqlServerDatabase is not null)
        {
            SqlConnection.ClearAllPools();
            var master = new SqlConnectionStringBuilder(TestServers.RequireSqlServer()) { InitialCatalog = "master" };
            await using var connection = new SqlConnection(master.ConnectionString);
            await connection.OpenAsync();
            await using var command = new SqlCommand(
                $"IF DB_ID(N'{_sqlServerDatabase}') IS NOT NULL BEGIN ALTER DATABASE [{_sqlServerDatabase}] SET SINGLE_USER WITH ROLLBACK IMMEDIATE; DROP DATABASE [{_sqlServerDatabase}]; END",
                connection);
            await command.ExecuteNonQueryAsync();
        }

        GC.SuppressFinalize(this);
    }
}

/// <summary>An API host with extra settings.</summary>
public sealed class ConfiguredApiFactory(TestDatabase database, IDictionary<string, string?> settings, string? sharedPostgresDatabase = null) : ApiFactory(database, sharedPostgresDatabase)
{
    protected override IDictionary<string, string?> ExtraSettings => settings;
}

/// <summary>An API host whose rollout runner is off, for tests that need rollouts to stay pending.</summary>
public sealed class NoRunnerApiFactory(TestDatabase database) : ApiFactory(database)
{
    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?> { ["Rollouts:Enabled"] = "false" };
}
