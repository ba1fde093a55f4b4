using Microsoft.EntityFrameworkCore;
using Rephlo.Tiers.Domain.Credits;
using Rephlo.Tiers.Domain.Rollouts;
using Rephlo.Tiers.Domain.Subscriptions;
using Rephlo.Tiers.Domain.TierConfigs;

namespace Rephlo.Tiers.Application.Common.Abstractions;

/// <summary>The persistence the use cases need; implemented by Infrastructure's EF Core context.</summary>
public interface ITiersDbContext
{
    DbSet<TierConfig> TierConfigs { get; }

    DbSet<TierConfigHistory> TierConfigHistory { get; }

    DbSet<TierConfigVersion> TierConfigVersions { get; }

    DbSet<Subscription> Subscriptions { get; }

    DbSet<CreditBalance> CreditBalances { get; }

    DbSet<CreditGrant> CreditGrants { get; }

    DbSet<TierRollout> TierRollouts { get; }

    Task<int> SaveChangesAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Opens a write transaction that serialises writers of one tier (row lock on servers, the
    /// write lock on SQLite) and loads the tier inside it, so the caller reads its latest version.
    /// </summary>
    Task<ITierWriteScope> BeginTierWriteAsync(string tierName, CancellationToken cancellationToken);

    /// <summary>Opens a plain write transaction (subscriptions, cancellations).</summary>
    Task<IWriteScope> BeginWriteAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Inside a write transaction: locks one rollout's row until the transaction ends (PostgreSQL:
    /// SELECT … FOR UPDATE; SQLite's write transaction already excludes every other writer) and
    /// loads it tracked, so a claim or a batch of the runner cannot change it in between.
    /// </summary>
    Task<TierRollout?> LockRolloutAsync(Guid rolloutId, CancellationToken cancellationToken);

    /// <summary>
    /// Inside a tier's write transaction (after the tier's lock): locks and loads, tracked, the
    /// tier's pending and running rollouts, oldest first.
    /// </summary>
    Task<IReadOnlyList<TierRollout>> LockOpenRolloutsAsync(Guid tierConfigId, CancellationToken cancellationToken);
}

/// <summary>A write transaction; disposing it without <see cref="CommitAsync"/> rolls back and forgets tracked changes.</summary>
public interface IWriteScope : IAsyncDisposable
{
    Task CommitAsync(CancellationToken cancellationToken);
}

public interface ITierWriteScope : IWriteScope
{
    /// <summary>The locked tier, or null when no tier has that name.</summary>
    TierConfig? Tier { get; }
}
