using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Rephlo.Tiers.Api.IntegrationTests.Infrastructure;
using Rephlo.Tiers.Infrastructure.Persistence.Seeding;

namespace Rephlo.Tiers.Api.IntegrationTests;

/// <summary>
/// Safe deploys: instances initialising one fresh database at the same moment take turns (a
/// database lock), so migrations and seeding never race; the <c>migrate</c> command migrates,
/// seeds and exits 0.
/// </summary>
public abstract class InitializationTests(TestDatabase database)
{
    [Fact]
    public async Task Concurrent_initialisations_of_a_fresh_database_never_race()
    {
        var settings = new Dictionary<string, string?> { ["Database:InitializeOnStartup"] = "false", ["Rollouts:Enabled"] = "false" };
        var shared = "rephlo_init_" + Guid.NewGuid().ToString("N")[..10];
        await using var a = new ConfiguredApiFactory(database, settings, shared);
        await using var b = database == TestDatabase.Postgres ? new ConfiguredApiFactory(database, settings, shared) : null;
        var hosts = b is null ? new[] { a, a } : [a, b, a, b];

        // Four initialisers start together on a database that does not exist yet.
        await Task.WhenAll(hosts.Select(host => Task.Run(async () =>
        {
            await using var scope = host.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync();
        })));

        var (tiers, versions, accounts, pending) = await a.WithDbAsync(async db => (
            await db.TierConfigs.CountAsync(),
            await db.TierConfigVersions.CountAsync(),
            await db.Subscriptions.CountAsync(),
            (await db.Database.GetPendingMigrationsAsync()).Count()));
        Assert.Equal((6, 6, 3, 0), (tiers, versions, accounts, pending));
    }

    [Fact]
    public async Task The_migrate_command_migrates_seeds_and_exits_zero()
    {
        var dir = Directory.CreateTempSubdirectory("rephlo-migrate-");
        var postgresDatabase = "rephlo_migrate_" + Guid.NewGuid().ToString("N")[..10];
        var connectionString = database == TestDatabase.Sqlite
            ? $"Data Source={Path.Combine(dir.FullName, "tiers.db")}"
            : new NpgsqlConnectionStringBuilder(TestServers.RequirePostgres()) { Database = postgresDatabase }.ConnectionString;
        try
        {
            var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            info.ArgumentList.Add(ApiDll());
            info.ArgumentList.Add("migrate");
            info.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
            info.Environment["Database__Provider"] = database.ToString();
            info.Environment["ConnectionStrings__Tiers"] = connectionString;
            using var process = Process.Start(info)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));

            Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}: {await output} {await errors}");
            Assert.Contains("Database migrated and seeded", await output, StringComparison.Ordinal);
            await using var check = new ConfiguredApiFactory(database, new Dictionary<string, string?>
            {
                ["ConnectionStrings:Tiers"] = connectionString,
                ["Database:InitializeOnStartup"] = "false",
                ["Rollouts:Enabled"] = "false",
            });
            Assert.Equal((6, 0), await check.WithDbAsync(async db => (await db.TierConfigs.CountAsync(), (await db.Database.GetPendingMigrationsAsync()).Count())));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            dir.Delete(recursive: true);
            if (database == TestDatabase.Postgres)
            {
                NpgsqlConnection.ClearAllPools();
                await using var connection = new NpgsqlConnection(TestServers.RequirePostgres());
                await connection.OpenAsync();
                await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{postgresDatabase}\" WITH (FORCE)", connection);
                await drop.ExecuteNonQueryAsync();
            }
        }
    }

    /// <summary>The API's own build output (built with the tests: a project reference).</summary>
    private static string ApiDll()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Rephlo.Tiers.sln")))
        {
            dir = dir.Parent;
        }

        var configuration = AppContext.BaseDirectory.Contains("/Debug/", StringComparison.Ordinal) ? "Debug" : "Release";
        return Path.Combine(dir!.FullName, "src", "Api", "bin", configuration, "net10.0", "Rephlo.Tiers.Api.dll");
    }
}

public sealed class SqliteInitializationTests() : InitializationTests(TestDatabase.Sqlite);

public sealed class PostgresInitializationTests() : InitializationTests(TestDatabase.Postgres);
