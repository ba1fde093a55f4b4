using System.Data;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Rephlo.Tiers.Application.Common.Abstractions;
using Rephlo.Tiers.Application.TierConfigs;
using Rephlo.Tiers.Domain.Rollouts;
using Rephlo.Tiers.Infrastructure.Persistence;

namespace Rephlo.Tiers.Infrastructure.Rollouts;

/// <summary>
/// Delivers rollouts to existing subscribers with set-based SQL, one key range of subscriptions
/// per transaction. Exactly once is enforced by the database: a unique (rollout, subscription)
/// key on grants, eligibility re-checked inside each batch's transaction, and a lease on the
/// rollout row so only one runner works on it at a time.
/// </summary>
public sealed class RolloutProcessor(
    TiersDbContext db,
    TimeProvider clock,
    ITierEventBus events,
    IOptions<RolloutOptions> options,
    ILogger<RolloutProcessor> logger)
{
    private const string TierUpgrade = "TierUpgrade";

    private bool IsSqlite => db.Database.IsSqlite();

    /// <summary>Rollouts that may be claimed now: due pending ones and running ones whose lease expired.</summary>
    public async Task<IReadOnlyList<Guid>> FindClaimableAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        return await db.TierRollouts.AsNoTracking()
            .Where(r => (r.Status == RolloutStatus.Pending && (r.ScheduledFor == null || r.ScheduledFor <= now))
                || (r.Status == RolloutStatus.Running && (r.LeaseExpiresAt == null || r.LeaseExpiresAt < now)))
            .OrderBy(r => r.CreatedAt).ThenBy(r => r.Id)
            .Select(r => r.Id)
            .Take(50)
            .ToListAsync(cancellationToken);
    }

    /// <summary>Atomically claims a rollout for this runner; false if another runner holds it.</summary>
    public async Task<bool> TryClaimAsync(Guid rolloutId, string owner, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var lease = now + options.Value.LeaseDuration;
        var claimed = await db.TierRollouts
            .Where(r => r.Id == rolloutId
                && ((r.Status == RolloutStatus.Pending && (r.ScheduledFor == null || r.ScheduledFor <= now))
                    || (r.Status == RolloutStatus.Running && (r.LeaseExpiresAt == null || r.LeaseExpiresAt < now))))
            .ExecuteUpdateAsync(
                set => set
                    .SetProperty(r => r.Status, RolloutStatus.Running)
                    .SetProperty(r => r.LeaseOwner, owner)
                    .SetProperty(r => r.LeaseExpiresAt, lease)
                    .SetProperty(r => r.StartedAt, r => r.StartedAt ?? now)
                    .SetProperty(r => r.Attempts, r => r.Attempts + 1),
                cancellationToken);
        if (claimed == 1)
        {
            await PublishAsync(rolloutId, cancellationToken);
        }

        return claimed == 1;
    }

    /// <summary>
    /// Processes the next batch of a claimed rollout. Returns false when the rollout is finished
    /// (completed, cancelled, failed) or no longer ours.
    /// </summary>
    public async Task<bool> ProcessNextBatchAsync(Guid rolloutId, string owner, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        bool more;
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            var rollout = await LockRolloutAsync(rolloutId, cancellationToken);
            if (rollout is null || rollout.LeaseOwner != owner)
            {
                return false;
            }

            if (rollout.Status == RolloutStatus.Cancelled)
            {
                await FinalizeCancelledAsync(rollout, now, cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                await PublishAsync(rolloutId, cancellationToken);
                return false;
            }

            if (rollout.Status != RolloutStatus.Running)
            {
                return false;
            }

            var upper = await NextBatchUpperBoundAsync(rollout, cancellationToken);
            if (upper is null)
            {
                await CompleteAsync(rollout, now, cancellationToken);
                more = false;
            }
            else
            {
                var (processed, upgraded) = await ApplyBatchAsync(rollout, upper.Value, now, cancellationToken);
                await Exec(
                    """
                    UPDATE tier_rollouts
                    SET processed_through = {0}, eligible_count = eligible_count + {1}, upgraded_count = upgraded_count + {2},
                        skipped_count = skipped_count + {3}, lease_expires_at = {4}
                    WHERE id = {5}
                    """,
                    cancellationToken,
                    Key(upper.Value), processed, upgraded, processed - upgraded, Instant(now + options.Value.LeaseDuration), Key(rolloutId));
                more = true;
            }

            await transaction.CommitAsync(cancellationToken);
        }

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
            await db.TierRollouts.Where(r => r.Id == rolloutId && r.LeaseOwner == owner).ExecuteUpdateAsync(
                set => set.SetProperty(r => r.Status, RolloutStatus.Failed).SetProperty(r => r.FailureReason, reason)
                    .SetProperty(r => r.CompletedAt, now).SetProperty(r => r.LeaseOwner, (string?)null),
                cancellationToken);
        }
        else
        {
            var delay = options.Value.RetryDelay * Math.Pow(2, rollout.Attempts - 1);
            logger.LogWarning(error, "Rollout {RolloutId} attempt {Attempt} failed; retrying after {Delay}", rolloutId, rollout.Attempts, delay);
            await db.TierRollouts.Where(r => r.Id == rolloutId && r.LeaseOwner == owner).ExecuteUpdateAsync(
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

    /// <summary>Cancelled rollouts whose history entry is still pending (a runner stopped before resolving it).</summary>
    public async Task FinalizeAbandonedCancellationsAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var pending = await db.TierRollouts.AsNoTracking()
            .Where(r => r.Status == RolloutStatus.Cancelled
                && db.TierConfigHistory.Any(h => h.Id == r.HistoryEntryId && h.AppliedAt == null)
                && (r.LeaseExpiresAt == null || r.LeaseExpiresAt < now))
            .ToListAsync(cancellationToken);
        foreach (var rollout in pending)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await FinalizeCancelledAsync(rollout, now, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
    }

    private async Task<TierRollout?> LockRolloutAsync(Guid rolloutId, CancellationToken cancellationToken)
    {
        if (!IsSqlite)
        {
            // Serialises this batch with cancellations and other runners (SQLite's transaction already does).
            await Exec("SELECT 1 FROM tier_rollouts WHERE id = {0} FOR UPDATE", cancellationToken, Key(rolloutId));
        }

        return await db.TierRollouts.AsNoTracking().SingleOrDefaultAsync(r => r.Id == rolloutId, cancellationToken);
    }

    private async Task<Guid?> NextBatchUpperBoundAsync(TierRollout rollout, CancellationToken cancellationToken)
    {
        var sql = $"""
            SELECT batch.id FROM (
              SELECT id FROM subscriptions
              WHERE tier_config_id = @tier AND id > @after
              ORDER BY id
              LIMIT {options.Value.BatchSize}) AS batch
            ORDER BY batch.id DESC
            LIMIT 1
            """;
        var value = await ScalarAsync(sql, cancellationToken, ("tier", Key(rollout.TierConfigId)), ("after", After(rollout.ProcessedThrough)));
        return value switch
        {
            null or DBNull => null,
            Guid g => g,
            string s => Guid.Parse(s),
            _ => throw new InvalidOperationException($"Unexpected key type {value.GetType()}."),
        };
    }

    /// <summary>
    /// One batch, set-based: grant exactly (target − own allocation) to every active subscription in
    /// the key range that is below the target, add it to the balance, and raise the allocation.
    /// All three statements use the same eligibility rule, evaluated inside this transaction.
    /// </summary>
    private async Task<(int Processed, int Upgraded)> ApplyBatchAsync(TierRollout rollout, Guid upper, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var tier = Key(rollout.TierConfigId);
        var after = After(rollout.ProcessedThrough);
        var through = Key(upper);
        var target = rollout.ToCredits;
        var reason = $"Tier '{rollout.TierName}' upgraded from {rollout.FromCredits} to {rollout.ToCredits} credits";
        const string InRange = "s.tier_config_id = {0} AND s.id > {1} AND s.id <= {2}";

        // Pin the key-range index on SQLite so a batch reads only its own range, whatever the
        // statistics say (the (tier, status, allocation) index would cover the whole tier).
        var batchSource = IsSqlite ? "subscriptions s INDEXED BY IX_subscriptions_tier_config_id_id" : "subscriptions s";
        const string Eligible = InRange + " AND s.status = 'Active' AND s.monthly_credit_allocation < {3}";

        var processed = Convert.ToInt32(await ScalarAsync(
            "SELECT COUNT(*) FROM subscriptions s WHERE s.tier_config_id = @tier AND s.id > @after AND s.id <= @through",
            cancellationToken, ("tier", tier), ("after", after), ("through", through)), System.Globalization.CultureInfo.InvariantCulture);

        var newId = TimePrefixedIdSql(IsSqlite, "{7}");
        var insert = IsSqlite ? "INSERT OR IGNORE INTO" : "INSERT INTO";
        var onConflict = IsSqlite ? string.Empty : "ON CONFLICT (rollout_id, subscription_id) WHERE rollout_id IS NOT NULL DO NOTHING";
        var upgraded = await Exec(
            $$"""
            {{insert}} credit_grants (id, user_id, subscription_id, amount, source, rollout_id, reason, period_start, period_end, created_at)
            SELECT {{newId}}, s.user_id, s.id, {3} - s.monthly_credit_allocation, '{{TierUpgrade}}', {4}, {5}, {6}, s.current_period_end, {6}
            FROM {{batchSource}}
            WHERE {{Eligible}}
            {{onConflict}}
            """,
            cancellationToken,
            tier, after, through, target, Key(rollout.Id), reason, Instant(now), TimePrefix(now));

        // SQLite would plan a plain UPDATE … FROM with the balances as the outer loop (a full scan
        // per batch), so it joins the batch as a derived table; PostgreSQL joins directly.
        var credited = await Exec(
            IsSqlite
                ? $$"""
                UPDATE credit_balances
                SET balance = balance + batch.amount, updated_at = {4}
                FROM (SELECT s.user_id, {3} - s.monthly_credit_allocation AS amount FROM {{batchSource}} WHERE {{Eligible}}) AS batch
                WHERE credit_balances.user_id = batch.user_id
                """
                : $$"""
                UPDATE credit_balances
                SET balance = balance + ({3} - s.monthly_credit_allocation), updated_at = {4}
                FROM subscriptions s
                WHERE s.user_id = credit_balances.user_id AND {{Eligible}}
                """,
            cancellationToken,
            tier, after, through, target, Instant(now));

        var raised = await Exec(
            $$"""
            UPDATE subscriptions
            SET monthly_credit_allocation = {3}, updated_at = {4}
            WHERE id IN (SELECT s.id FROM {{batchSource}} WHERE {{Eligible}})
            """,
            cancellationToken,
            tier, after, through, target, Instant(now));

        if (upgraded != raised || credited != raised)
        {
            // Would mean a grant without its balance or allocation (or the reverse): refuse the batch.
            throw new InvalidOperationException(
                $"Rollout {rollout.Id}: batch through {upper} wrote {upgraded} grants, {credited} balances and {raised} allocations; rolled back.");
        }

        return (processed, upgraded);
    }

    private async Task CompleteAsync(TierRollout rollout, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await Exec(
            "UPDATE tier_rollouts SET status = 'Completed', completed_at = {0}, lease_owner = NULL, lease_expires_at = NULL, failure_reason = NULL WHERE id = {1}",
            cancellationToken, Instant(now), Key(rollout.Id));
        await Exec(
            "UPDATE tier_config_history SET applied_at = {0}, affected_users_count = {1} WHERE id = {2} AND applied_at IS NULL",
            cancellationToken, Instant(now), rollout.UpgradedCount, Key(rollout.HistoryEntryId));
        logger.LogInformation("Rollout {RolloutId} of tier {Tier} completed: {Upgraded} upgraded, {Skipped} skipped", rollout.Id, rollout.TierName, rollout.UpgradedCount, rollout.SkippedCount);
    }

    private async Task FinalizeCancelledAsync(TierRollout rollout, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await Exec("UPDATE tier_rollouts SET lease_owner = NULL, lease_expires_at = NULL WHERE id = {0}", cancellationToken, Key(rollout.Id));
        await Exec(
            "UPDATE tier_config_history SET applied_at = {0}, affected_users_count = {1} WHERE id = {2} AND applied_at IS NULL",
            cancellationToken, Instant(now), rollout.UpgradedCount, Key(rollout.HistoryEntryId));
        logger.LogInformation("Rollout {RolloutId} of tier {Tier} stopped by cancellation after {Upgraded} upgrades", rollout.Id, rollout.TierName, rollout.UpgradedCount);
    }

    private async Task PublishAsync(Guid rolloutId, CancellationToken cancellationToken)
    {
        var dto = await db.TierRollouts.AsNoTracking().Where(r => r.Id == rolloutId).Select(TierRolloutDto.Projection).SingleOrDefaultAsync(cancellationToken);
        if (dto is not null)
        {
            events.Publish(dto);
        }
    }

    /// <summary>
    /// SQL for a new grant id: a time prefix (48-bit Unix milliseconds, as in UUIDv7) and random
    /// rest, so a batch's grants land together at the end of the primary-key index instead of on
    /// random pages (random v4 keys made every batch rewrite pages all over a large index).
    /// </summary>
    public static string TimePrefixedIdSql(bool sqlite, string prefixParameter) => sqlite
        ? $"({prefixParameter} || '-4' || substr(hex(randomblob(2)), 2) || '-' || substr('89AB', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))"
        : $"overlay(gen_random_uuid()::text placing {prefixParameter} from 1 for 13)::uuid";

    /// <summary>The id prefix for an instant: "XXXXXXXX-XXXX" (upper-case hex of the Unix milliseconds).</summary>
    public static string TimePrefix(DateTimeOffset now)
    {
        var ms = now.ToUnixTimeMilliseconds();
        return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{ms >> 16:X8}-{ms & 0xFFFF:X4}");
    }

    /// <summary>A key as the provider stores it (SQLite: upper-case text; PostgreSQL: uuid).</summary>
    private object Key(Guid id) => IsSqlite ? id.ToString("D").ToUpperInvariant() : id;

    /// <summary>The lower bound of the next range: below every key when nothing was processed yet.</summary>
    private object After(Guid? processedThrough) => processedThrough is { } id ? Key(id) : IsSqlite ? string.Empty : Guid.Empty;

    /// <summary>An instant as the provider stores it (SQLite: UTC ticks; PostgreSQL: timestamptz).</summary>
    private object Instant(DateTimeOffset value) => IsSqlite ? value.UtcTicks : value.ToUniversalTime();

    private Task<int> Exec(string sql, CancellationToken cancellationToken, params object[] parameters) =>
        db.Database.ExecuteSqlRawAsync(sql, parameters, cancellationToken);

    private async Task<object?> ScalarAsync(string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        var connection = db.Database.GetDbConnection();
        if (connection.State != ConnectionState.Open)
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
        }

        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@" + name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }

        return await command.ExecuteScalarAsync(cancellationToken);
    }
}
