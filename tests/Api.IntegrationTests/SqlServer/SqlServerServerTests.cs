using System.Data.Common;
using System.Text.Json.Nodes;
using Microsoft.Data.SqlClient;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rephlo.Tiers.Api.IntegrationTests.Infrastructure;
using Rephlo.Tiers.Domain.Rollouts;
using Rephlo.Tiers.Infrastructure.Persistence;

namespace Rephlo.Tiers.Api.IntegrationTests.SqlServer;

/// <summary>
/// A test that needs a real SQL Server: it runs when REPHLO_TEST_SQLSERVER holds a connection string
/// (README: the official container image), and is reported as skipped, with the reason, otherwise.
/// These are the only tests of the suite that may skip (no SQL Server can run on the build machines).
/// </summary>
public sealed class SqlServerFactAttribute : FactAttribute
{
    public SqlServerFactAttribute()
    {
        if (TestServers.SqlServerConnectionString is null)
        {
            Skip = $"{TestServers.SqlServerVariable} is not set: no SQL Server to run against (README: Providers).";
        }
    }
}

/// <summary>
/// The SQL Server provider end to end through the API: migrations, one change of every mutation kind
/// (the tier lock and version check), a rollout with its ledger checked in SQL, and the database-enforced
/// immutability of history and versions. One database per test, created by the migrator and dropped after.
/// </summary>
public sealed class SqlServerServerTests : IAsyncLifetime
{
    private ApiFactory? _factory;
    private HttpClient? _admin;

    private ApiFactory Factory => _factory ??= new NoRunnerApiFactory(TestDatabase.SqlServer);

    private HttpClient Admin => _admin ??= Factory.CreateAdminClient();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }
    }

    [SqlServerFact]
    public async Task Migrations_create_the_schema_with_its_types_checks_and_triggers()
    {
        _ = Admin; // starts the host: migrate and seed
        var (applied, all) = await Factory.WithDbAsync(async db => ((await db.Database.GetAppliedMigrationsAsync()).ToList(), db.Database.GetMigrations().ToList()));
        Assert.Equal(all, applied);

        Assert.Equal(
            ["annual_price_usd decimal 12 2", "features_json nvarchar -1", "last_modified_at datetimeoffset", "monthly_price_usd decimal 12 2"],
            await QueryAsync<string>("""
                SELECT COLUMN_NAME + ' ' + DATA_TYPE
                  + COALESCE(' ' + CAST(NUMERIC_PRECISION AS varchar(5)) + ' ' + CAST(NUMERIC_SCALE AS varchar(5)), '')
                  + COALESCE(' ' + CAST(CHARACTER_MAXIMUM_LENGTH AS varchar(10)), '')
                FROM INFORMATION_SCHEMA.COLUMNS
                WHERE TABLE_NAME = 'tier_configs' AND COLUMN_NAME IN ('monthly_price_usd', 'annual_price_usd', 'last_modified_at', 'features_json')
                ORDER BY COLUMN_NAME
                """));
        Assert.Equal(
            [ImmutabilitySql.SqlServerHistoryTrigger + " 0", ImmutabilitySql.SqlServerVersionsTrigger + " 1"],
            await QueryAsync<string>("SELECT name + ' ' + CAST(is_instead_of_trigger AS varchar(1)) FROM sys.triggers WHERE parent_id IN (OBJECT_ID('tier_config_history'), OBJECT_ID('tier_config_versions')) ORDER BY name"));
        Assert.Equal(6, (await QueryAsync<int>("SELECT COUNT(*) FROM tier_configs"))[0]);

        // Features must be JSON.
        var error = await Record.ExceptionAsync(() => ExecuteAsync("UPDATE tier_configs SET features_json = N'not json' WHERE tier_name = N'pro'"));
        Assert.Contains(SqlServerTiersDbContext.TierFeaturesCheck, Assert.IsType<SqlException>(error).Message, StringComparison.Ordinal);
    }

    [SqlServerFact]
    public async Task Every_mutation_kind_writes_a_version_and_a_history_row()
    {
        await MutateAsync("updateTierCredits", """tierName: "pro", newCredits: 2000, reason: "Credits for SQL Server", expectedVersion: 1""");
        await MutateAsync("updateTierPrices", """tierName: "pro", newMonthlyPriceUsd: 17.99, newAnnualPriceUsd: 179.90, reason: "Prices for SQL Server" """);
        await MutateAsync("updateTierFeatures", """tierName: "pro", features: {apiAccess: true, maxProjects: 12}, reason: "Features for SQL Server" """);
        await MutateAsync("updateTierRollover", """tierName: "pro", maxCreditRollover: 4000, reason: "Rollover for SQL Server" """);
        await MutateAsync("setTierActive", """tierName: "pro", isActive: false, reason: "Deactivated on SQL Server" """);
        await MutateAsync("rollbackTierConfig", """tierName: "pro", toVersion: 1, reason: "Back to the start on SQL Server" """);

        // The version check inside the lock: a stale expectedVersion changes nothing.
        var stale = await Admin.PostGraphQLAsync("""mutation { updateTierCredits(input: {tierName: "pro", newCredits: 3000, reason: "Stale on SQL Server", expectedVersion: 1}) { errors { __typename ... on VersionConflictError { currentVersion } } } }""");
        Assert.Equal("VersionConflictError", stale.Data["updateTierCredits"]!["errors"]![0]!["__typename"]!.GetValue<string>());
        Assert.Equal(7, stale.Data["updateTierCredits"]!["errors"]![0]!["currentVersion"]!.GetValue<int>());

        Assert.Equal(
            ["2 CreditIncrease 2000 15.00", "3 PriceChange 2000 17.99", "4 FeatureUpdate 2000 17.99", "5 RolloverChange 2000 17.99", "6 ActivationChange 2000 17.99", "7 Rollback 1500 15.00"],
            await QueryAsync<string>("""
                SELECT CONCAT(h.config_version, ' ', h.change_type, ' ', h.new_credits, ' ', h.new_monthly_price_usd)
                FROM tier_config_history h WHERE h.tier_name = N'pro' ORDER BY h.config_version
                """));
        Assert.Equal([7], await QueryAsync<int>("SELECT COUNT(*) FROM tier_config_versions v JOIN tier_configs t ON t.id = v.tier_config_id WHERE t.tier_name = N'pro'"));
        Assert.Equal([7], await QueryAsync<int>("SELECT config_version FROM tier_configs WHERE tier_name = N'pro'"));

        var user = Guid.NewGuid();
        var subscribed = await Admin.PostGraphQLAsync($$"""mutation { createSubscription(input: {userId: "{{user}}", email: "sql.server@example.com", tierName: "pro"}) { errors { __typename } } }""");
        Assert.True(subscribed.Data["createSubscription"]!["errors"] is null, subscribed.Raw);
        Assert.Equal([1500], await QueryAsync<int>($"SELECT monthly_credit_allocation FROM subscriptions WHERE user_id = '{user}'"));
    }

    [SqlServerFact]
    public async Task A_rollout_raises_grants_and_credits_exactly_once_and_cancel_and_apply_work()
    {
        var users = new List<Guid>();
        for (var i = 0; i < 7; i++)
        {
            users.Add(Guid.NewGuid());
            var created = await Admin.PostGraphQLAsync($$"""mutation { createSubscription(input: {userId: "{{users[^1]}}", email: "rollout{{i}}@example.com", tierName: "pro"}) { errors { __typename } } }""");
            Assert.True(created.Data["createSubscription"]!["errors"] is null, created.Raw);
        }

        // cancelTierRollout: a scheduled rollout is cancelled and never runs.
        var scheduled = await MutateAsync("updateTierCredits", $"""tierName: "pro", newCredits: 1800, reason: "Scheduled then cancelled", applyToExistingUsers: true, scheduledRolloutAt: "{TestClock.Start.AddDays(1):yyyy-MM-ddTHH:mm:ssZ}" """, "rollout { id }");
        var scheduledId = scheduled["rollout"]!["id"]!.GetValue<string>();
        await MutateAsync("cancelTierRollout", $"""rolloutId: "{scheduledId}", reason: "Not this one" """, "rollout { status }");

        // applyTierCreditChange: a change made without applyToExistingUsers, applied afterwards; the runner (batches of 3) does it.
        var change = await MutateAsync("updateTierCredits", """tierName: "pro", newCredits: 2000, reason: "Raise for everyone on SQL Server" """, "historyEntry { id }");
        var entry = change["historyEntry"]!["id"]!.GetValue<string>();
        var applied = await MutateAsync("applyTierCreditChange", $"""historyEntryId: "{entry}", reason: "Apply it now" """, "rollout { id }");
        var rolloutId = Guid.Parse(applied["rollout"]!["id"]!.GetValue<string>());
        var runner = Factory.Services.GetRequiredService<Rephlo.Tiers.Infrastructure.Rollouts.RolloutRunner>();
        await runner.RunDueAsync(CancellationToken.None);
        await runner.RunDueAsync(CancellationToken.None); // a second pass finds nothing to do (exactly once)

        var rollout = await Factory.WithDbAsync(db => db.TierRollouts.AsNoTracking().SingleAsync(r => r.Id == rolloutId));
        Assert.Equal(RolloutStatus.Completed, rollout.Status);
        var upgraded = rollout.UpgradedCount;
        Assert.Equal(users.Count + 2, upgraded); // with the two demo accounts on Pro

        // The ledger, in SQL: one grant of 500 per raised subscription, balances equal to the grants' sum,
        // every active Pro subscription at 2,000, the entry applied once with its count.
        Assert.Equal([$"{upgraded} {upgraded * 500}"], await QueryAsync<string>($"SELECT CONCAT(COUNT(*), ' ', SUM(amount)) FROM credit_grants WHERE rollout_id = '{rolloutId}' AND amount = 500 AND source = N'TierUpgrade'"));
        Assert.Equal([0], await QueryAsync<int>("""
            SELECT COUNT(*) FROM credit_balances b
            WHERE b.balance <> (SELECT COALESCE(SUM(CAST(g.amount AS bigint)), 0) FROM credit_grants g WHERE g.user_id = b.user_id)
            """));
        Assert.Equal([0], await QueryAsync<int>("SELECT COUNT(*) FROM subscriptions WHERE tier_name = N'pro' AND status = N'Active' AND monthly_credit_allocation <> 2000"));
        Assert.Equal([0], await QueryAsync<int>($"SELECT COUNT(*) FROM credit_grants WHERE rollout_id = '{scheduledId}'"));
        Assert.Equal(["Cancelled"], await QueryAsync<string>($"SELECT status FROM tier_rollouts WHERE id = '{scheduledId}'"));

        // The entry was applied when made (without applyToExistingUsers) and keeps its figures; the rollout carries its own.
        Assert.Equal([0], await QueryAsync<int>($"SELECT affected_users_count FROM tier_config_history WHERE id = '{entry}' AND applied_at IS NOT NULL"));

        // A change made with applyToExistingUsers: its completing rollout applies the entry (the one update the history trigger allows).
        var raise = await MutateAsync("updateTierCredits", """tierName: "pro", newCredits: 2500, reason: "Raise again on SQL Server", applyToExistingUsers: true""", "historyEntry { id appliedAt }");
        Assert.Null(raise["historyEntry"]!["appliedAt"]);
        await runner.RunDueAsync(CancellationToken.None);
        Assert.Equal([upgraded], await QueryAsync<int>($"SELECT affected_users_count FROM tier_config_history WHERE id = '{raise["historyEntry"]!["id"]!.GetValue<string>()}' AND applied_at IS NOT NULL"));
        Assert.Equal([$"{upgraded} {upgraded * 500}"], await QueryAsync<string>($"SELECT CONCAT(COUNT(*), ' ', SUM(amount)) FROM credit_grants WHERE reason LIKE N'%to 2500 credits' AND amount = 500"));
    }

    [SqlServerFact]
    public async Task History_and_versions_cannot_be_rewritten_except_applied_at_once()
    {
        await MutateAsync("updateTierCredits", """tierName: "pro", newCredits: 2000, reason: "Pending rollout on SQL Server", applyToExistingUsers: true""");
        var id = (await QueryAsync<Guid>("SELECT id FROM tier_config_history"))[0];

        await AssertRefusedAsync($"UPDATE tier_config_history SET change_reason = N'rewritten history' WHERE id = '{id}'");
        await AssertRefusedAsync($"UPDATE tier_config_history SET changed_by_name = N'Someone Else' WHERE id = '{id}'");
        await AssertRefusedAsync($"UPDATE tier_config_history SET applied_at = changed_at, new_credits = 999999 WHERE id = '{id}'");
        await AssertRefusedAsync($"DELETE FROM tier_config_history WHERE id = '{id}'");
        await AssertRefusedAsync("UPDATE tier_config_versions SET monthly_credit_allocation = 1");
        await AssertRefusedAsync("DELETE FROM tier_config_versions");
        Assert.NotNull(await Record.ExceptionAsync(() => ExecuteAsync("TRUNCATE TABLE tier_config_versions")));
        Assert.NotNull(await Record.ExceptionAsync(() => ExecuteAsync("TRUNCATE TABLE tier_config_history")));

        // Applying the pending entry once, with its count, through EF (no OUTPUT clause on a table with triggers) ...
        await Factory.WithDbAsync(async db =>
        {
            var entry = await db.TierConfigHistory.SingleAsync(h => h.Id == id);
            entry.MarkApplied(TestClock.Start.AddHours(1), 5);
            return await db.SaveChangesAsync();
        });

        // ... but never again.
        await AssertRefusedAsync($"UPDATE tier_config_history SET applied_at = changed_at WHERE id = '{id}'");
        await AssertRefusedAsync($"UPDATE tier_config_history SET applied_at = NULL WHERE id = '{id}'");

        Assert.Equal(["Pending rollout on SQL Server 2000 5"], await QueryAsync<string>($"SELECT CONCAT(change_reason, ' ', new_credits, ' ', affected_users_count) FROM tier_config_history WHERE id = '{id}'"));
        Assert.Equal([7], await QueryAsync<int>("SELECT COUNT(*) FROM tier_config_versions")); // 6 seeded + 1 change; nothing deleted
    }

    private async Task<JsonNode> MutateAsync(string mutation, string input, string selection = "")
    {
        var response = await Admin.PostGraphQLAsync($$"""mutation { {{mutation}}(input: { {{input}} }) { {{selection}} errors { __typename ... on Error { message } } } }""");
        var payload = response.Data[mutation]!;
        Assert.True(payload["errors"] is null, response.Raw);
        return payload;
    }

    private async Task AssertRefusedAsync(string sql)
    {
        var error = Assert.IsAssignableFrom<DbException>(await Record.ExceptionAsync(() => ExecuteAsync(sql)));
        Assert.Matches("append-only|immutable", error.Message);
    }

    private Task<int> ExecuteAsync(string sql) => Factory.WithDbAsync(db => db.Database.ExecuteSqlRawAsync(sql));

    /// <summary>The first column of every row, read with plain ADO.NET.</summary>
    private Task<List<T>> QueryAsync<T>(string sql) => Factory.WithDbAsync(async db =>
    {
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<T>();
        while (await reader.ReadAsync())
        {
            var value = reader.GetValue(0);
            values.Add(value is T typed ? typed : (T)Convert.ChangeType(value, typeof(T), System.Globalization.CultureInfo.InvariantCulture));
        }

        return values;
    });
}
