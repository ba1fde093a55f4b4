namespace Rephlo.Tiers.Infrastructure.Persistence;

/// <summary>
/// SQLite rollout SQL. Transactions begin IMMEDIATE (the database's single write lock), so a batch's
/// reads and writes cannot interleave with any other writer: the lock methods have nothing to add.
/// Batches read their key range through the (tier, id) index, pinned so the planner never scans
/// the whole tier through the (tier, status, allocation) index instead.
/// </summary>
public sealed class SqliteRolloutSqlDialect(SqliteTiersDbContext db) : RolloutSqlDialect(db)
{
    private const string Source = "subscriptions s INDEXED BY IX_subscriptions_tier_config_id_id";
    private const string InRange = "s.tier_config_id = @tier AND s.id > @after AND s.id <= @through AND s.status = @eligible";
    private const string Upgradable = InRange + " AND s.monthly_credit_allocation < @target";

    public override Task LockTierAsync(Guid tierConfigId, CancellationToken cancellationToken) => Task.CompletedTask;

    public override Task LockRolloutAsync(Guid rolloutId, CancellationToken cancellationToken) => Task.CompletedTask;

    public override async Task<Guid?> NextBatchThroughAsync(Guid tierConfigId, Guid? after, Guid? through, int batchSize, CancellationToken cancellationToken) =>
        ReadKey(await ScalarAsync(
            """
            SELECT batch.id FROM (
              SELECT id FROM subscriptions INDEXED BY IX_subscriptions_tier_config_id_id
              WHERE tier_config_id = @tier AND id > @after AND id <= @through
              ORDER BY id
              LIMIT @size) AS batch
            ORDER BY batch.id DESC
            LIMIT 1
            """,
            cancellationToken,
            ("tier", Key(tierConfigId)), ("after", After(after)), ("through", through is { } t ? Key(t) : "G"), ("size", batchSize)));

    public override async Task<RolloutBatchResult> ApplyBatchAsync(RolloutBatch batch, CancellationToken cancellationToken)
    {
        (string, object?)[] parameters =
        [
            ("tier", Key(batch.TierConfigId)), ("after", After(batch.After)), ("through", Key(batch.Through)), ("eligible", EligibleStatus),
            ("target", batch.Target), ("now", Instant(batch.Now)), ("source", TierUpgradeSource), ("rollout", Key(batch.RolloutId)),
            ("reason", batch.Reason), ("prefix", TimePrefix(batch.Now)),
        ];
        var eligible = Convert.ToInt32(await ScalarAsync($"SELECT count(*) FROM {Source} WHERE {InRange}", cancellationToken, parameters), System.Globalization.CultureInfo.InvariantCulture);
        var granted = await ExecuteAsync(
            $"""
            INSERT INTO credit_grants (id, user_id, subscription_id, amount, source, rollout_id, reason, period_start, period_end, created_at)
            SELECT {NewIdSql("@prefix")}, s.user_id, s.id, @target - s.monthly_credit_allocation, @source, @rollout, @reason, @now, s.current_period_end, @now
            FROM {Source} WHERE {Upgradable}
            """,
            cancellationToken,
            parameters);
        var credited = await ExecuteAsync(
            $"""
            INSERT INTO credit_balances (user_id, balance, updated_at)
            SELECT s.user_id, @target - s.monthly_credit_allocation, @now FROM {Source} WHERE {Upgradable}
            ON CONFLICT (user_id) DO UPDATE SET balance = balance + excluded.balance, updated_at = excluded.updated_at
            """,
            cancellationToken,
            parameters);
        var raised = await ExecuteAsync(
            $"UPDATE subscriptions SET monthly_credit_allocation = @target, updated_at = @now WHERE id IN (SELECT s.id FROM {Source} WHERE {Upgradable})",
            cancellationToken,
            parameters);
        if (granted != raised || credited != raised)
        {
            throw Inconsistent(batch, granted, credited, raised);
        }

        return new RolloutBatchResult(eligible, raised);
    }

    /// <summary>The time prefix, then random hex shaped as a version-4 UUID (upper-case text, as keys are stored).</summary>
    public override string NewIdSql(string prefixParameter) =>
        $"({prefixParameter} || '-4' || substr(hex(randomblob(2)), 2) || '-' || substr('89AB', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))";

    /// <summary>Keys are upper-case text.</summary>
    public override object Key(Guid id) => id.ToString("D").ToUpperInvariant();

    /// <summary>Instants are UTC ticks.</summary>
    public override object Instant(DateTimeOffset value) => value.UtcTicks;

    /// <summary>Below every key when nothing was processed yet.</summary>
    private object After(Guid? after) => after is { } id ? Key(id) : string.Empty;
}
