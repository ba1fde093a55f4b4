using System.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rephlo.Tiers.Api.IntegrationTests.Infrastructure;
using Rephlo.Tiers.Infrastructure.Persistence;

namespace Rephlo.Tiers.Api.IntegrationTests;

/// <summary>
/// A pooled SQLite context keeps its connection open between requests (the read path no longer
/// opens and closes a connection per query), but never lends a transaction or a lock to the next
/// request that rents it.
/// </summary>
public sealed class PersistentSqliteConnectionTests : IAsyncLifetime
{
    private readonly ApiFactory _factory = new();

    public Task InitializeAsync()
    {
        _ = _factory.Services; // start the host: migrate and seed
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task A_context_back_from_the_pool_still_has_its_connection_open()
    {
        var first = await WithContextAsync(async db =>
        {
            Assert.Equal(6, await db.TierConfigs.CountAsync());
            return db.Database.GetDbConnection();
        });

        var second = await WithContextAsync(async db =>
        {
            var connection = db.Database.GetDbConnection();
            Assert.Equal(ConnectionState.Open, connection.State); // not reopened by this query
            Assert.Equal(6, await db.TierConfigs.CountAsync());
            return connection;
        });

        Assert.Same(first, second);
    }

    [Fact]
    public async Task A_transaction_left_open_is_rolled_back_and_holds_no_lock_for_the_next_request()
    {
        var connection = await WithContextAsync(async db =>
        {
            await db.Database.OpenConnectionAsync();
            var raw = (SqliteConnection)db.Database.GetDbConnection();
            var transaction = raw.BeginTransaction(); // a unit of work that fails before committing
            using var command = raw.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "UPDATE tier_configs SET display_name = 'never committed' WHERE tier_name = 'free'";
            Assert.Equal(1, await command.ExecuteNonQueryAsync());
            db.Database.CloseConnection();
            return raw;
        });

        Assert.Equal(ConnectionState.Closed, connection.State); // closed for real: it was inside a transaction
        await AssertNotWrittenAndUnlockedAsync();
    }

    [Fact]
    public async Task An_ef_transaction_not_committed_is_rolled_back_when_the_context_returns_to_the_pool()
    {
        await WithContextAsync(async db =>
        {
            await db.Database.BeginTransactionAsync();
            await db.Database.ExecuteSqlRawAsync("UPDATE tier_configs SET display_name = 'never committed' WHERE tier_name = 'free'");
            return 0;
        });

        await AssertNotWrittenAndUnlockedAsync();
        var stillOpen = await WithContextAsync(db => Task.FromResult(db.Database.GetDbConnection().State));
        Assert.Equal(ConnectionState.Open, stillOpen);
    }

    private async Task<T> WithContextAsync<T>(Func<SqliteTiersDbContext, Task<T>> work)
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<SqliteTiersDbContext>());
    }

    /// <summary>Another connection sees the old value and can take the write lock at once.</summary>
    private async Task AssertNotWrittenAndUnlockedAsync()
    {
        var builder = new SqliteConnectionStringBuilder(_factory.ConnectionString) { DefaultTimeout = 1, Pooling = false };
        await using var other = new SqliteConnection(builder.ConnectionString);
        await other.OpenAsync();
        await using var transaction = (SqliteTransaction)await other.BeginTransactionAsync(); // BEGIN IMMEDIATE: fails if a write lock is held
        using var command = other.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT display_name FROM tier_configs WHERE tier_name = 'free'";
        Assert.NotEqual("never committed", (string?)await command.ExecuteScalarAsync());
    }
}
