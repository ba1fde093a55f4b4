using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Rephlo.Tiers.Application.Common.Abstractions;
using Rephlo.Tiers.Domain.Credits;
using Rephlo.Tiers.Domain.Rollouts;
using Rephlo.Tiers.Domain.Subscriptions;
using Rephlo.Tiers.Domain.TierConfigs;

namespace Rephlo.Tiers.Infrastructure.Persistence;

/// <summary>
/// The EF Core context. Each provider has a subclass (own migrations); the model is shared.
/// Table and column names are snake_case so hand-written SQL reads the same on every provider.
/// </summary>
public abstract class TiersDbContext(DbContextOptions options) : DbContext(options), ITiersDbContext
{
    public DbSet<TierConfig> TierConfigs => Set<TierConfig>();

    public DbSet<TierConfigHistory> TierConfigHistory => Set<TierConfigHistory>();

    public DbSet<TierConfigVersion> TierConfigVersions => Set<TierConfigVersion>();

    public DbSet<Subscription> Subscriptions => Set<Subscription>();

    public DbSet<CreditBalance> CreditBalances => Set<CreditBalance>();

    public DbSet<CreditGrant> CreditGrants => Set<CreditGrant>();

    public DbSet<TierRollout> TierRollouts => Set<TierRollout>();

    public async Task<ITierWriteScope> BeginTierWriteAsync(string tierName, CancellationToken cancellationToken)
    {
        var transaction = await BeginSerializedTransactionAsync(cancellationToken);
        try
        {
            await LockTierRowAsync(tierName, cancellationToken);
            var tier = await TierConfigs.SingleOrDefaultAsync(t => t.TierName == tierName, cancellationToken);
            return new WriteScope(this, transaction, tier);
        }
        catch
        {
            await transaction.DisposeAsync();
            throw;
        }
    }

    public async Task<IWriteScope> BeginWriteAsync(CancellationToken cancellationToken) =>
        new WriteScope(this, await BeginSerializedTransactionAsync(cancellationToken), tier: null);

    public async Task<TierRollout?> LockRolloutAsync(Guid rolloutId, CancellationToken cancellationToken)
    {
        await LockRolloutRowsAsync(rolloutId, tierConfigId: null, cancellationToken);
        return await TierRollouts.SingleOrDefaultAsync(r => r.Id == rolloutId, cancellationToken);
    }

    public async Task<IReadOnlyList<TierRollout>> LockOpenRolloutsAsync(Guid tierConfigId, CancellationToken cancellationToken)
    {
        await LockRolloutRowsAsync(rolloutId: null, tierConfigId, cancellationToken);
        return await TierRollouts
            .Where(r => r.TierConfigId == tierConfigId)
            .Where(TierRollout.IsOpenRule)
            .OrderBy(r => r.CreatedAt).ThenBy(r => r.Id)
            .ToListAsync(cancellationToken);
    }

    /// <summary>
    /// Locks one rollout's row, or a tier's pending and running rollouts, until the transaction
    /// ends (a no-op where the transaction already serialises writers).
    /// </summary>
    protected virtual Task LockRolloutRowsAsync(Guid? rolloutId, Guid? tierConfigId, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Starts a write transaction (SQLite: BEGIN IMMEDIATE, which serialises writers).</summary>
    protected virtual Task<IDbContextTransaction> BeginSerializedTransactionAsync(CancellationToken cancellationToken) =>
        Database.BeginTransactionAsync(cancellationToken);

    /// <summary>Locks the tier's row until the transaction ends (a no-op where the transaction already serialises writers).</summary>
    protected abstract Task LockTierRowAsync(string tierName, CancellationToken cancellationToken);

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(TiersDbContext).Assembly);
        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            foreach (var property in entity.GetProperties())
            {
                property.SetColumnName(ToSnakeCase(property.Name));
            }
        }
    }

    internal static string ToSnakeCase(string name)
    {
        var builder = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                if (i > 0 && (char.IsLower(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1]))))
                {
                    builder.Append('_');
                }

                builder.Append(char.ToLowerInvariant(c));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    private sealed class WriteScope(DbContext context, IDbContextTransaction transaction, TierConfig? tier) : ITierWriteScope
    {
        private bool _committed;

        public TierConfig? Tier { get; } = tier;

        public async Task CommitAsync(CancellationToken cancellationToken)
        {
            await transaction.CommitAsync(cancellationToken);
            _committed = true;
        }

        public async ValueTask DisposeAsync()
        {
            if (!_committed)
            {
                // Nothing of a refused or failed change may linger in the context for a later save.
                context.ChangeTracker.Clear();
            }

            await transaction.DisposeAsync();
        }
    }
}
