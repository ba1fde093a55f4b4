namespace Rephlo.Tiers.Infrastructure.Persistence;

/// <summary>
/// SQL Server rollout SQL. Rollout writes of a tier are serialised by an exclusive application lock
/// owned by the transaction (<c>sp_getapplock</c>, released at commit or rollback). A batch is ONE
/// command: it locks the range's eligible subscription rows (UPDLOCK), raises the ones below the
/// target with <c>UPDATE … OUTPUT</c> — the allocation each row had is <c>deleted.monthly_credit_allocation</c>,
/// read and replaced atomically, so no grant is computed from a stale read — and derives the grants
/// and balance increments from those output rows.
/// </summary>
public sealed class SqlServerRolloutSqlDialect(SqlServerTiersDbContext db) : RolloutSqlDialect(db)
{
    /// <summary>Waits (within the command timeout) for the tier's rollout lock; a negative result (timeout, deadlock victim) is an error.</summary>
    public const string LockTierSql = """
        DECLARE @result int;
        EXEC @result = sp_getapplock @Resource = @resource, @LockMode = 'Exclusive', @LockOwner = 'Transaction', @LockTimeout = -1;
        IF @result < 0
        BEGIN
          THROW 51010, N'The rollout lock of the tier could not be taken.', 1;
        END;
        """;

    public const string LockRolloutSql = "SELECT 1 FROM tier_rollouts WITH (UPDLOCK, ROWLOCK) WHERE id = @id";

    public const string NextBatchThroughSql = """
        SELECT TOP (1) batch.id
        FROM (
          SELECT TOP (@size) id
          FROM subscriptions
          WHERE tier_config_id = @tier AND id > @after AND id <= @through
          ORDER BY id) AS batch
        ORDER BY batch.id DESC
        """;

    /// <summary>One batch: counts (and locks) the range's eligible rows, raises, grants, credits; returns the four counts.</summary>
    public static readonly string ApplyBatchSql = $"""
        SET NOCOUNT ON;
        DECLARE @raised TABLE (
          id uniqueidentifier NOT NULL PRIMARY KEY,
          user_id uniqueidentifier NOT NULL,
          amount int NOT NULL,
          period_end datetimeoffset NOT NULL);
        DECLARE @eligible_count int, @granted int, @credited int;

        SELECT @eligible_count = COUNT(*)
        FROM subscriptions AS s WITH (UPDLOCK, ROWLOCK)
        WHERE s.tier_config_id = @tier AND s.id > @after AND s.id <= @through AND s.status = @eligible;

        UPDATE s
        SET monthly_credit_allocation = @target, updated_at = @now
        OUTPUT inserted.id, inserted.user_id, @target - deleted.monthly_credit_allocation, inserted.current_period_end
          INTO @raised (id, user_id, amount, period_end)
        FROM subscriptions AS s
        WHERE s.tier_config_id = @tier AND s.id > @after AND s.id <= @through AND s.status = @eligible
          AND s.monthly_credit_allocation < @target;

        INSERT INTO credit_grants (id, user_id, subscription_id, amount, source, rollout_id, reason, period_start, period_end, created_at)
        SELECT {NewId("@prefix")}, r.user_id, r.id, r.amount, @source, @rollout, @reason, @now, r.period_end, @now
        FROM @raised AS r;
        SET @granted = @@ROWCOUNT;

        UPDATE cb
        SET balance = cb.balance + r.amount, updated_at = @now
        FROM credit_balances AS cb
        INNER JOIN @raised AS r ON r.user_id = cb.user_id;
        SET @credited = @@ROWCOUNT;

        INSERT INTO credit_balances (user_id, balance, updated_at)
        SELECT r.user_id, r.amount, @now
        FROM @raised AS r
        WHERE NOT EXISTS (SELECT 1 FROM credit_balances AS cb WITH (UPDLOCK, HOLDLOCK) WHERE cb.user_id = r.user_id);
        SET @credited = @credited + @@ROWCOUNT;

        SELECT @eligible_count, (SELECT COUNT(*) FROM @raised), @granted, @credited;
        """;

    /// <summary>Every statement text this dialect sends (for the T-SQL parse test).</summary>
    public static IReadOnlyList<(string Name, string Sql)> Statements =>
    [
        (nameof(LockTierSql), LockTierSql),
        (nameof(LockRolloutSql), LockRolloutSql),
        (nameof(NextBatchThroughSql), NextBatchThroughSql),
        (nameof(ApplyBatchSql), ApplyBatchSql),
    ];

    private static readonly Guid MaxKey = Guid.Parse("ffffffff-ffff-ffff-ffff-ffffffffffff");

    public override async Task LockTierAsync(Guid tierConfigId, CancellationToken cancellationToken) =>
        await ExecuteAsync(LockTierSql, cancellationToken, ("resource", TierLockResource(tierConfigId)));

    public override async Task LockRolloutAsync(Guid rolloutId, CancellationToken cancellationToken) =>
        await ScalarAsync(LockRolloutSql, cancellationToken, ("id", rolloutId));

    public override async Task<Guid?> NextBatchThroughAsync(Guid tierConfigId, Guid? after, Guid? through, int batchSize, CancellationToken cancellationToken) =>
        ReadKey(await ScalarAsync(
            NextBatchThroughSql,
            cancellationToken,
            ("tier", tierConfigId), ("after", after ?? Guid.Empty), ("through", through ?? MaxKey), ("size", batchSize)));

    public override async Task<RolloutBatchResult> ApplyBatchAsync(RolloutBatch batch, CancellationToken cancellationToken)
    {
        var row = await RowAsync(
            ApplyBatchSql,
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

    public override string NewIdSql(string prefixParameter) => NewId(prefixParameter);

    /// <summary>Keys are uniqueidentifier (SQL Server orders them by their last group first: the extremes are the same as everywhere).</summary>
    public override object Key(Guid id) => id;

    public override object Instant(DateTimeOffset value) => value.ToUniversalTime();

    /// <summary>The application lock's name for a tier's rollout writes (at most 255 characters).</summary>
    public static string TierLockResource(Guid tierConfigId) => $"rephlo-tiers:rollout:{tierConfigId:D}";

    /// <summary>
    /// A random UUID (NEWID, version 4) whose last group is the time prefix's 12 hex digits. SQL Server
    /// compares uniqueidentifiers by that group first, so new grant ids are time-ordered there, as the
    /// time-prefixed ids of the other providers are in theirs (index pages are appended, not rewritten).
    /// </summary>
    private static string NewId(string prefixParameter) =>
        $"CAST(STUFF(CONVERT(char(36), NEWID()), 25, 12, REPLACE({prefixParameter}, '-', '')) AS uniqueidentifier)";
}
