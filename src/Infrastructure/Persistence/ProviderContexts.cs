using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Rephlo.Tiers.Infrastructure.Persistence;

/// <summary>SQLite: the zero-set-up default. Money is stored as integer cents and instants as UTC ticks,
/// so both compare, sort and sum exactly in SQL (SQLite has neither decimal nor timestamp types).</summary>
public sealed class SqliteTiersDbContext(DbContextOptions<SqliteTiersDbContext> options) : TiersDbContext(options)
{
    protected override Task LockTierRowAsync(string tierName, CancellationToken cancellationToken) => Task.CompletedTask;

    protected override async Task<IDbContextTransaction> BeginSerializedTransactionAsync(CancellationToken cancellationToken)
    {
        // Microsoft.Data.Sqlite opens transactions with BEGIN IMMEDIATE: the write lock is taken
        // at once (waiting up to the command timeout), so writers are serialised.
        return await Database.BeginTransactionAsync(cancellationToken);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<decimal>().HaveConversion<CentsConverter>();
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
    }
}

/// <summary>PostgreSQL: numeric(12,2) money, timestamptz instants, SELECT … FOR UPDATE row locks.</summary>
public sealed class PostgresTiersDbContext(DbContextOptions<PostgresTiersDbContext> options) : TiersDbContext(options)
{
    protected override async Task LockTierRowAsync(string tierName, CancellationToken cancellationToken) =>
        await Database.ExecuteSqlInterpolatedAsync($"SELECT 1 FROM tier_configs WHERE tier_name = {tierName} FOR UPDATE", cancellationToken);

    protected override async Task LockRolloutRowsAsync(Guid? rolloutId, Guid? tierConfigId, CancellationToken cancellationToken)
    {
        // READ COMMITTED: a row a claim or batch is changing is waited for, then re-checked.
        if (rolloutId is { } id)
        {
            await Database.ExecuteSqlInterpolatedAsync($"SELECT 1 FROM tier_rollouts WHERE id = {id} FOR UPDATE", cancellationToken);
        }
        else if (tierConfigId is { } tier)
        {
            await Database.ExecuteSqlInterpolatedAsync(
                $"SELECT 1 FROM tier_rollouts WHERE tier_config_id = {tier} AND status IN ('Pending', 'Running') FOR UPDATE",
                cancellationToken);
        }
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<decimal>().HavePrecision(12, 2);
    }
}
