using Microsoft.EntityFrameworkCore;
using Rephlo.Tiers.Api.IntegrationTests.Infrastructure;

namespace Rephlo.Tiers.Api.IntegrationTests;

/// <summary>The database itself refuses to rewrite the audit trail (triggers from the migrations).</summary>
public abstract class HistoryImmutabilityTests(TestDatabase database) : ApiTestBase(database)
{
    /// <summary>Pending entries must stay pending here: no rollout runner.</summary>
    protected override ApiFactory CreateFactory(TestDatabase db) => new NoRunnerApiFactory(db);

    [Fact]
    public async Task History_rows_cannot_be_updated_or_deleted_except_applied_at_once()
    {
        await Admin.PostGraphQLAsync("""mutation { updateTierCredits(input: {tierName: "pro", newCredits: 2000, reason: "Pending rollout for everyone", applyToExistingUsers: true}) { errors { __typename } } }""");
        var id = await Factory.WithDbAsync(db => db.TierConfigHistory.Select(h => h.Id).SingleAsync());

        await AssertRefusedAsync($"UPDATE tier_config_history SET change_reason = 'rewritten history' WHERE id = {{0}}", id);
        await AssertRefusedAsync($"UPDATE tier_config_history SET new_credits = 999999 WHERE id = {{0}}", id);
        await AssertRefusedAsync($"UPDATE tier_config_history SET changed_by_name = 'Someone Else' WHERE id = {{0}}", id);
        await AssertRefusedAsync($"DELETE FROM tier_config_history WHERE id = {{0}}", id);
        await AssertRefusedAsync($"DELETE FROM tier_config_versions WHERE tier_config_id IN (SELECT tier_config_id FROM tier_config_history WHERE id = {{0}})", id);
        await AssertRefusedAsync($"UPDATE tier_config_versions SET monthly_credit_allocation = 1 WHERE tier_config_id IN (SELECT tier_config_id FROM tier_config_history WHERE id = {{0}})", id);

        // Applying a pending entry once is allowed (with its final affected count) ...
        await Factory.WithDbAsync(async db =>
        {
            var entry = await db.TierConfigHistory.SingleAsync(h => h.Id == id);
            entry.MarkApplied(TestClock.Start.AddHours(1), 5);
            return await db.SaveChangesAsync();
        });

        // ... but never a second time.
        await AssertRefusedAsync(Factory.Database == TestDatabase.Sqlite
            ? "UPDATE tier_config_history SET applied_at = applied_at + 1 WHERE id = {0}"
            : "UPDATE tier_config_history SET applied_at = applied_at + interval '1 hour' WHERE id = {0}", id);
        await AssertRefusedAsync("UPDATE tier_config_history SET applied_at = NULL WHERE id = {0}", id);

        var stored = await Factory.WithDbAsync(db => db.TierConfigHistory.AsNoTracking().SingleAsync(h => h.Id == id));
        Assert.Equal(("Pending rollout for everyone", 2000, 5), (stored.ChangeReason, stored.NewCredits, stored.AffectedUsersCount));
        Assert.Equal(TestClock.Start.AddHours(1), stored.AppliedAt);
    }

    private async Task AssertRefusedAsync(string sql, Guid id)
    {
        var error = await Record.ExceptionAsync(() => Factory.WithDbAsync(db => db.Database.ExecuteSqlRawAsync(sql, Factory.Database == TestDatabase.Sqlite ? id.ToString().ToUpperInvariant() : id)));
        Assert.NotNull(error);
        Assert.Matches("append-only|immutable", error!.Message);
    }
}

public sealed class SqliteHistoryImmutabilityTests() : HistoryImmutabilityTests(TestDatabase.Sqlite);

public sealed class PostgresHistoryImmutabilityTests() : HistoryImmutabilityTests(TestDatabase.Postgres);
