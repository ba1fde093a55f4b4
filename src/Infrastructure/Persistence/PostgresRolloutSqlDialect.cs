namespace Rephlo.Tiers.Infrastructure.Persistence;

/// <summary>
/// PostgreSQL rollout SQL. A batch is ONE statement: it locks the range's eligible subscription rows
/// (FOR UPDATE, in key order), raises the ones below the target, and derives the grants and the
/// balance increments from the rows it actually raised (the allocation it locked), so no grant is
/// ever computed from a stale read. The per-tier advisory lock additionally keeps two rollouts of
/// one tier from interleaving at all.
/// </summary>
public sealed class PostgresRolloutSqlDialect(PostgresTiersDbContext db) : RolloutSqlDialect(db)
{
    /// <summary>First key of the two-key advisory lock space used for "rollout writes of a tier".</summary>
    private const int TierLockClass = 0x524F4C4C; // "ROLL"

    public override async Task LockTierAsync(Guid tierConfigId, CancellationToken cancellationToken) =>
        await ScalarAsync("SELECT pg_advisory_xact_lock(@class, @tier)", cancellationToken, ("class", TierLockClass), ("tier", TierLockKey(tierConfigId)));

    public override async Task LockRolloutAsync(Guid rolloutId, CancellationToken cancellationToken) =>
        await ScalarAsync("SELECT 1 FROM tier_rollouts WHERE id = @id FOR UPDATE", cancellationToken, ("id", rolloutId));

    public override async Task<Guid?> NextBatchThroughAsync(Guid tierConfigId, Guid? after, Guid? through, int batchSize, CancellationToken cancellationToken) =>
        ReadKey(await ScalarAsync(
            """
            SELECT batch.id FROM (
              SELECT id FROM subscriptions
              WHERE tier_config_id = @tier AND id > @after AND id <= @through
              ORDER BY id
              LIMIT @size) AS batch
            ORDER BY batch.id DESC
            LIMIT 1
            """,
            cancellationToken,
            ("tier", tierConfigId), ("after", after ?? Guid.Empty), ("through", through ?? MaxKey), ("size", batchSize)));

    public override async Task<RolloutBatchResult> ApplyBatchAsync(RolloutBatch batch, CancellationToken cancellationToken)
    {
        // The UPDATE joins the locked batch back to its rows. With a nested loop the planner may put
        // the (unindexed) CTE on the inside — batch² comparisons (seen at 1M: 20 million per batch).
        // Without it, both sides are the batch's key range and the join is a hash of BatchSize rows.
        // (Transaction-local; the rest of the batch transaction is single-row statements by key.)
        await ExecuteAsync("SET LOCAL enable_nestloop = off", cancellationToken);
        var row = await RowAsync(
            $"""
            WITH batch AS MATERIALIZED (
              SELECT s.id, s.monthly_credit_allocation AS allocation
              FROM subscriptions s
              WHERE s.tier_config_id = @tier AND s.id > @after AND s.id <= @through AND s.status = @eligible
              ORDER BY s.id
              FOR UPDATE),
            raised AS (
              UPDATE subscriptions u SET monthly_credit_allocation = @target, updated_at = @now
              FROM batch b
              WHERE u.id = b.id AND u.tier_config_id = @tier AND u.id > @after AND u.id <= @through AND b.allocation < @target
              RETURNING u.id, u.user_id, @target - b.allocation AS amount, u.current_period_end),
            granted AS (
              INSERT INTO credit_grants (id, user_id, subscription_id, amount, source, rollout_id, reason, period_start, period_end, created_at)
              SELECT {NewIdSql("@prefix")}, r.user_id, r.id, r.amount, @source, @rollout, @reason, @now, r.current_period_end, @now
              FROM raised r
              RETURNING 1),
            credited AS (
              INSERT INTO credit_balances AS cb (user_id, balance, updated_at)
              SELECT r.user_id, r.amount, @now FROM raised r
              ON CONFLICT (user_id) DO UPDATE SET balance = cb.balance + EXCLUDED.balance, updated_at = EXCLUDED.updated_at
              RETURNING 1)
            SELECT (SELECT count(*) FROM batch), (SELECT count(*) FROM raised), (SELECT count(*) FROM granted), (SELECT count(*) FROM credited)
            """,
            cancellationToken,
            ("tier", batch.TierConfigId), ("after", batch.After ?? Guid.Empty), ("through", batch.Through), ("eligible", EligibleStatus),
            ("target", batch.Target), ("now", Instant(batch.Now)), ("source", TierUpgradeSource), ("rollout", batch.RolloutId),
            ("reason", batch.Reason), ("prefix", TimePrefix(batch.Now)));
        var (eligible, raised, granted, credited) = (row[0], row[1], row[2], row[3]);
        if (granted != raised || credited != raised)
        {
            throw Inconsistent(batch, granted, credited, raised);
        }

        return new RolloutBatchResult((int)eligible, (int)raised);
    }

    /// <summary>A random UUID whose first 13 characters are replaced by the time prefix (time-ordered, like UUIDv7).</summary>
    public override string NewIdSql(string prefixParameter) => $"overlay(gen_random_uuid()::text placing {prefixParameter} from 1 for 13)::uuid";

    public override object Key(Guid id) => id;

    public override object Instant(DateTimeOffset value) => value.ToUniversalTime();

    private static readonly Guid MaxKey = Guid.Parse("ffffffff-ffff-ffff-ffff-ffffffffffff");

    /// <summary>The tier's slot in the advisory lock space (a collision only serialises two tiers, never breaks safety).</summary>
    private static int TierLockKey(Guid tierConfigId)
    {
        Span<byte> bytes = stackalloc byte[16];
        tierConfigId.TryWriteBytes(bytes);
        var hash = 17;
        foreach (var b in bytes)
        {
            hash = unchecked((hash * 31) + b);
        }

        return hash;
    }
}
