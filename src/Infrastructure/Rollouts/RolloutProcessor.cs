using Mapster;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Rephlo.Tiers.Application.Common.Abstractions;
using Rephlo.Tiers.Application.Common.Mapping;
using Rephlo.Tiers.Application.TierConfigs;
using Rephlo.Tiers.Domain.Rollouts;
using Rephlo.Tiers.Infrastructure.Persistence;
using Rephlo.Tiers.Infrastructure.Telemetry;

namespace Rephlo.Tiers.Infrastructure.Rollouts;

/// <summary>
/// Orchestrates rollouts: claims (one runner per rollout, one running rollout per tier), leases,
/// and batches over a frozen key range of the tier's subscriptions, one transaction per batch.
/// The SQL of each step is the provider's <see cref="IRolloutSqlDialect"/>.
/// <para>
/// Locking model: every batch transaction first takes the tier's rollout lock (PostgreSQL: advisory
/// transaction lock; SQLite: the single write lock), then the rollout's row. Two rollouts of one tier
/// therefore never interleave their writes, whatever runners they are on; each batch reads
/// allocations committed by the previous one and grants exactly (target − allocation). Exactly once
/// per (rollout, subscription) is also enforced by a unique key on grants.
/// </para>
/// </summary>
public sealed class RolloutProcessor(
    TiersDbContext db,
    IRolloutSqlDialect sql,
    TimeProvider clock,
    ITierEventBus events,
    IOptions<RolloutOptions> options,
    IEnumerable<IRolloutBatchHook> hooks,
    ILogger<RolloutProcessor> logger,
    TypeAdapterConfig mapping)
{
    private readonly IRolloutBatchHook[] _hooks = hooks.ToArray();

    /// <summary>
    /// Rollouts that may be claimed now: due pending ones and running ones whose lease expired, oldest
    /// first, except those queued behind a running rollout of their tier that holds a live lease.
    /// </summary>
    public async Task<IReadOnlyList<Guid>> FindClaimableAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        return await Claimable(now)
            .OrderBy(r => r.CreatedAt).ThenBy(r => r.Id)
            .Select(r => r.Id)
            .Take(50)
            .ToListAsync(cancellationToken);
    }

    /// <summary>
    /// Atomically claims a rollout for this runner; false if another runner holds it or another rollout
    /// of its tier is running (it is queued and starts when that one finishes). On the first claim the
    /// eligible set is frozen at the tier's highest subscription key.
    /// </summary>
    public async Task<bool> TryClaimAsync(Guid rolloutId, string owner, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var lease = now + options.Value.LeaseDuration;
        var tierId = await db.TierRollouts.AsNoTracking().Where(r => r.Id == rolloutId).Select(r => (Guid?)r.TierConfigId).SingleOrDefaultAsync(cancellationToken);
        if (tierId is null)
        {
            return false;
        }

        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            // Claims of one tier are serialised, so two runners never both see "nothing running".
            await sql.LockTierAsync(tierId.Value, cancellationToken);
            var claimed = await Claimable(now).Where(r => r.Id == rolloutId).ExecuteUpdateAsync(
                set => set
                    .SetProperty(r => r.Status, RolloutStatus.Running)
                    .SetProperty(r => r.LeaseOwner, owner)
                    .SetProperty(r => r.LeaseExpiresAt, lease)
                    .SetProperty(r => r.StartedAt, r => r.StartedAt ?? now)
                    .SetProperty(r => r.Attempts, r => r.Attempts + 1),
                cancellationToken);
            if (claimed != 1)
            {
                return false;
            }

            var started = await db.TierRollouts.AsNoTracking().Where(r => r.Id == rolloutId)
                .Select(r => new { r.Attempts, r.ScheduledFor, r.CreatedAt }).SingleAsync(cancellationToken);
            if (started.Attempts == 1)
            {
                TiersTelemetry.RolloutStartLag.Record(Math.Max(0, (now - (started.ScheduledFor ?? started.CreatedAt)).TotalSeconds));
            }

            // Freeze the eligible set once, at the start: the highest key of the tier now (none: empty).
            var frozen = await db.TierRollouts.AsNoTracking().Where(r => r.Id == rolloutId)
                .Select(r => EF.Property<Guid?>(r, RolloutEngineConfiguration.EligibleThrough)).SingleAsync(cancellationToken);
            if (frozen is null)
            {
                var highest = await db.Subscriptions.AsNoTracking().Where(s => s.TierConfigId == tierId.Value)
                    .OrderByDescending(s => s.Id).Select(s => (Guid?)s.Id).FirstOrDefaultAsync(cancellationToken);
                await db.TierRollouts.Where(r => r.Id == rolloutId).ExecuteUpdateAsync(
                    set => set.SetProperty(r => EF.Property<Guid?>(r, RolloutEngineConfiguration.EligibleThrough), highest ?? Guid.Empty),
                    cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }

        await PublishAsync(rolloutId, cancellationToken);
        return true;
    }

    /// <summary>
    /// Processes the next batch of a claimed rollout. Returns false when the rollout is finished
    /// (completed, cancelled, failed) or no longer ours. A cancelled rollout is noticed here, at the
    /// batch boundary, whoever holds its lease: the lease is cleared and progress published at once.
    /// </summary>
    public async Task<bool> ProcessNextBatchAsync(Guid rolloutId, string owner, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var tierId = await db.TierRollouts.AsNoTracking().Where(r => r.Id == rolloutId).Select(r => (Guid?)r.TierConfigId).SingleOrDefaultAsync(cancellationToken);
        if (tierId is null)
        {
            return false;
        }

        bool more;
        using var activity = TiersTelemetry.Source.StartActivity("rollout.batch");
        activity?.SetTag("rephlo.rollout.id", rolloutId.ToString());
        activity?.SetTag("rephlo.rollout.batch_size", options.Value.BatchSize);
        var startedAt = System.Diagnostics.Stopwatch.GetTimestamp();
        var upgraded = 0;
        string tierName;
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            await HookAsync(new RolloutBatchContext(rolloutId, tierId.Value, owner, RolloutBatchStage.BeforeLock), cancellationToken);

            // Lock order, everywhere: tier, then rollout row.
            await sql.LockTierAsync(tierId.Value, cancellationToken);
            await sql.LockRolloutAsync(rolloutId, cancellationToken);
            var rollout = await db.TierRollouts.AsNoTracking()
                .Where(r => r.Id == rolloutId)
                .Select(r => new { Rollout = r, EligibleThrough = EF.Property<Guid?>(r, RolloutEngineConfiguration.EligibleThrough) })
                .SingleAsync(cancellationToken);
            var state = rollout.Rollout;
            tierName = state.TierName;

            if (state.Status == RolloutStatus.Cancelled)
            {
                await ClearLeaseAsync(rolloutId, cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                logger.LogInformation("Rollout {RolloutId} of tier {Tier} stopped by cancellation after {Upgraded} upgrades", state.Id, state.TierName, state.UpgradedCount);
                await PublishAsync(rolloutId, cancellationToken);
                return false;
            }

            if (state.Status != RolloutStatus.Running || state.LeaseOwner != owner)
            {
                return false;
            }

            var through = await sql.NextBatchThroughAsync(state.TierConfigId, state.ProcessedThrough, rollout.EligibleThrough, options.Value.BatchSize, cancellationToken);
            if (through is null)
            {
                await CompleteAsync(state, now, cancellationToken);
                more = false;
            }
            else
            {
                var reason = $"Tier '{state.TierName}' upgraded from {state.FromCredits} to {state.ToCredits} credits";
                var result = await sql.ApplyBatchAsync(new RolloutBatch(state.Id, state.TierConfigId, state.ProcessedThrough, through.Value, state.ToCredits, reason, now), cancellationToken);
                upgraded = result.Upgraded;
                var lease = now + options.Value.LeaseDuration;
                await db.TierRollouts.Where(r => r.Id == rolloutId).ExecuteUpdateAsync(
                    set => set
                        .SetProperty(r => r.ProcessedThrough, through)
                        .SetProperty(r => r.EligibleCount, r => r.EligibleCount + result.Eligible)
                        .SetProperty(r => r.UpgradedCount, r => r.UpgradedCount + result.Upgraded)
                        .SetProperty(r => r.SkippedCount, r => r.SkippedCount + (result.Eligible - result.Upgraded))
                        .SetProperty(r => r.LeaseExpiresAt, lease),
                    cancellationToken);
                more = true;
            }

            await HookAsync(new RolloutBatchContext(rolloutId, tierId.Value, owner, RolloutBatchStage.BeforeCommit), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        var tier = new KeyValuePair<string, object?>("rephlo.tier", tierName);
        TiersTelemetry.RolloutSubscribersUpgraded.Add(upgraded, tier);
        TiersTelemetry.RolloutBatchDuration.Record(System.Diagnostics.Stopwatch.GetElapsedTime(startedAt).TotalSeconds, tier);
        activity?.SetTag("rephlo.rollout.upgraded", upgraded);
        activity?.SetTag("rephlo.rollout.completed", !more);

        await PublishAsync(rolloutId, cancellationToken);
        return more;
    }

    /// <summary>Records a failed attempt: back off (lease pushed out), or FAILED after the last attempt.</summary>
    public async Task RecordFailureAsync(Guid rolloutId, string owner, Exception error, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        var now = clock.GetUtcNow();
        var rollout = await db.TierRollouts.AsNoTracking().SingleOrDefaultAsync(r => r.Id == rolloutId, cancellationToken);
        if (rollout is null || rollout.LeaseOwner != owner || rollout.Status != RolloutStatus.Running)
        {
            return;
        }

        var reason = $"{error.GetType().Name}: {error.Message}";
        if (reason.Length > 1000)
        {
            reason = reason[..1000];
        }

        if (rollout.Attempts >= options.Value.MaxAttempts)
        {
            logger.LogError(error, "Rollout {RolloutId} failed after {Attempts} attempts; marked FAILED", rolloutId, rollout.Attempts);
            await db.TierRollouts.Where(r => r.Id == rolloutId && r.LeaseOwner == owner && r.Status == RolloutStatus.Running).ExecuteUpdateAsync(
                set => set.SetProperty(r => r.Status, RolloutStatus.Failed).SetProperty(r => r.FailureReason, reason)
                    .SetProperty(r => r.CompletedAt, now).SetProperty(r => r.LeaseOwner, (string?)null).SetProperty(r => r.LeaseExpiresAt, (DateTimeOffset?)null),
                cancellationToken);
        }
        else
        {
            var delay = options.Value.RetryDelay * Math.Pow(2, rollout.Attempts - 1);
            logger.LogWarning(error, "Rollout {RolloutId} attempt {Attempt} failed; retrying after {Delay}", rolloutId, rollout.Attempts, delay);
            await db.TierRollouts.Where(r => r.Id == rolloutId && r.LeaseOwner == owner && r.Status == RolloutStatus.Running).ExecuteUpdateAsync(
                set => set.SetProperty(r => r.LeaseExpiresAt, now + delay).SetProperty(r => r.LeaseOwner, (string?)null)
                    .SetProperty(r => r.FailureReason, "Retrying after: " + reason),
                cancellationToken);
        }

        await PublishAsync(rolloutId, cancellationToken);
    }

    /// <summary>Gives a rollout back (shutdown): another runner may resume it at once.</summary>
    public async Task ReleaseAsync(Guid rolloutId, string owner, CancellationToken cancellationToken) =>
        await db.TierRollouts.Where(r => r.Id == rolloutId && r.LeaseOwner == owner && r.Status == RolloutStatus.Running)
            .ExecuteUpdateAsync(set => set.SetProperty(r => r.LeaseExpiresAt, (DateTimeOffset?)null).SetProperty(r => r.LeaseOwner, (string?)null), cancellationToken);

    /// <summary>
    /// Cancelled rollouts that still carry the lease of a runner that stopped before it reached a
    /// batch boundary: the lease is cleared. Their history entries stay unapplied (a cancelled change
    /// is not applied; only a completed rollout applies an entry).
    /// </summary>
    public async Task FinalizeAbandonedCancellationsAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var abandoned = await db.TierRollouts.AsNoTracking()
            .Where(r => r.Status == RolloutStatus.Cancelled && (r.LeaseOwner != null || r.LeaseExpiresAt != null)
                && (r.LeaseExpiresAt == null || r.LeaseExpiresAt < now))
            .Select(r => r.Id)
            .ToListAsync(cancellationToken);
        foreach (var id in abandoned)
        {
            if (await ClearLeaseAsync(id, cancellationToken))
            {
                await PublishAsync(id, cancellationToken);
            }
        }
    }

    private IQueryable<TierRollout> Claimable(DateTimeOffset now) =>
        db.TierRollouts.Where(r =>
            ((r.Status == RolloutStatus.Pending && (r.ScheduledFor == null || r.ScheduledFor <= now))
                || (r.Status == RolloutStatus.Running && (r.LeaseExpiresAt == null || r.LeaseExpiresAt < now)))
            && !db.TierRollouts.Any(o => o.TierConfigId == r.TierConfigId && o.Id != r.Id && o.Status == RolloutStatus.Running
                && o.LeaseOwner != null && o.LeaseExpiresAt != null && o.LeaseExpiresAt >= now));

    private async Task<bool> ClearLeaseAsync(Guid rolloutId, CancellationToken cancellationToken) =>
        await db.TierRollouts.Where(r => r.Id == rolloutId && r.Status == RolloutStatus.Cancelled && (r.LeaseOwner != null || r.LeaseExpiresAt != null))
            .ExecuteUpdateAsync(set => set.SetProperty(r => r.LeaseOwner, (string?)null).SetProperty(r => r.LeaseExpiresAt, (DateTimeOffset?)null), cancellationToken) == 1;

    /// <summary>
    /// Completes the rollout; its history entry gets applied_at and affected_users_count only if no
    /// earlier rollout of the entry completed (entries are immutable once applied).
    /// </summary>
    private async Task CompleteAsync(TierRollout rollout, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await db.TierRollouts.Where(r => r.Id == rollout.Id).ExecuteUpdateAsync(
            set => set
                .SetProperty(r => r.Status, RolloutStatus.Completed)
                .SetProperty(r => r.CompletedAt, now)
                .SetProperty(r => r.LeaseOwner, (string?)null)
                .SetProperty(r => r.LeaseExpiresAt, (DateTimeOffset?)null)
                .SetProperty(r => r.FailureReason, (string?)null),
            cancellationToken);
        await db.TierConfigHistory.Where(h => h.Id == rollout.HistoryEntryId && h.AppliedAt == null).ExecuteUpdateAsync(
            set => set.SetProperty(h => h.AppliedAt, now).SetProperty(h => h.AffectedUsersCount, rollout.UpgradedCount),
            cancellationToken);
        logger.LogInformation("Rollout {RolloutId} of tier {Tier} completed: {Eligible} eligible, {Upgraded} upgraded, {Skipped} skipped", rollout.Id, rollout.TierName, rollout.EligibleCount, rollout.UpgradedCount, rollout.SkippedCount);
    }

    private async Task HookAsync(RolloutBatchContext context, CancellationToken cancellationToken)
    {
        foreach (var hook in _hooks)
        {
            await hook.OnBatchAsync(context, cancellationToken);
        }
    }

    private async Task PublishAsync(Guid rolloutId, CancellationToken cancellationToken)
    {
        var dto = await db.TierRollouts.AsNoTracking().Where(r => r.Id == rolloutId).ProjectToReadModel<TierRollout, TierRolloutDto>(mapping).SingleOrDefaultAsync(cancellationToken);
        if (dto is not null)
        {
            events.Publish(dto);
        }
    }
}
