using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rephlo.Tiers.Api.IntegrationTests.Infrastructure;
using Rephlo.Tiers.Domain.Credits;
using Rephlo.Tiers.Domain.Rollouts;
using Rephlo.Tiers.Domain.Subscriptions;

namespace Rephlo.Tiers.Api.IntegrationTests;

/// <summary>
/// Rollouts to existing subscribers through the API and the real background runner (batches of 3,
/// so every test crosses several batches), on SQLite and PostgreSQL.
/// </summary>
public abstract class RolloutTests(TestDatabase database) : ApiTestBase(database)
{
    private int _users;

    [Fact]
    public async Task Mixed_eligibility_upgrades_exactly_the_subscribers_below_the_target()
    {
        await SubscribeAsync("pro", 3);                       // with the two demo accounts: 5 at 1,500
        await ChangeCreditsAsync("pro", 2000);
        await SubscribeAsync("pro", 3);                       // 3 at 2,000
        await ChangeCreditsAsync("pro", 2500);
        await SubscribeAsync("pro", 2);                       // 2 at 2,500
        await RollbackAsync("pro", 1);                        // the tier is back at 1,500
        var before = await BalancesAsync("pro");

        var payload = await ChangeCreditsAsync("pro", 2000, apply: true);
        var rolloutId = payload["rollout"]!["id"]!.GetValue<string>();
        Assert.Contains(payload["rollout"]!["status"]!.GetValue<string>(), new[] { "PENDING", "RUNNING" });
        var rollout = await WaitForAsync(rolloutId, RolloutStatus.Completed);

        Assert.Equal((10, 5, 5), (rollout.EligibleCount, rollout.UpgradedCount, rollout.SkippedCount));
        var after = await BalancesAsync("pro");
        foreach (var (userId, (allocation, balance)) in before)
        {
            var expected = allocation < 2000 ? 2000 - allocation : 0;
            Assert.Equal(allocation < 2000 ? 2000 : allocation, after[userId].Allocation);
            Assert.Equal(balance + expected, after[userId].Balance);
        }

        await AssertLedgerMatchesBalancesAsync();
        var grants = await Factory.WithDbAsync(db => db.CreditGrants.Where(g => g.RolloutId == Guid.Parse(rolloutId)).ToListAsync());
        Assert.Equal(5, grants.Count);
        Assert.All(grants, g => Assert.Equal((500, CreditGrantSource.TierUpgrade), (g.Amount, g.Source)));

        var history = await HistoryOfAsync(rollout.HistoryEntryId);
        Assert.Equal(5, history.AffectedUsersCount);
        Assert.NotNull(history.AppliedAt);
    }

    [Fact]
    public async Task A_subscriber_at_1800_gets_exactly_200()
    {
        await ChangeCreditsAsync("pro", 1800);
        var (userId, _) = (await SubscribeAsync("pro", 1))[0];
        await ChangeCreditsAsync("pro", 1700);

        var rolloutId = (await ChangeCreditsAsync("pro", 2000, apply: true))["rollout"]!["id"]!.GetValue<string>();
        await WaitForAsync(rolloutId, RolloutStatus.Completed);

        var grant = await Factory.WithDbAsync(db => db.CreditGrants.SingleAsync(g => g.UserId == userId && g.Source == CreditGrantSource.TierUpgrade));
        Assert.Equal(200, grant.Amount);
        Assert.Equal(1800 + 200, await Factory.WithDbAsync(db => db.CreditBalances.Where(b => b.UserId == userId).Select(b => b.Balance).SingleAsync()));
    }

    [Fact]
    public async Task Scheduled_rollout_waits_for_its_time_and_cancelled_ones_never_run()
    {
        await SubscribeAsync("pro", 4);
        var first = (await ChangeCreditsAsync("pro", 2000, apply: true, at: TestClock.Start.AddHours(2)))["rollout"]!["id"]!.GetValue<string>();
        var second = (await ChangeCreditsAsync("pro", 2500, apply: true, at: TestClock.Start.AddHours(3)))["rollout"]!["id"]!.GetValue<string>();

        Factory.Clock.Advance(TimeSpan.FromMinutes(90));
        await Factory.Services.GetRequiredService<Rephlo.Tiers.Infrastructure.Rollouts.RolloutRunner>().RunDueAsync(CancellationToken.None);
        var pending = await Admin.PostGraphQLAsync("{ tierConfig(tierName: \"pro\") { pendingRollouts { id status scheduledFor } } }");
        Assert.Equal([first, second], pending.Data["tierConfig"]!["pendingRollouts"]!.AsArray().Select(r => r!["id"]!.GetValue<string>()));
        Assert.Equal(0, await Factory.WithDbAsync(db => db.CreditGrants.CountAsync(g => g.Source == CreditGrantSource.TierUpgrade)));

        var cancel = await Admin.PostGraphQLAsync($$"""mutation { cancelTierRollout(input: {rolloutId: "{{first}}", reason: "Superseded by the larger increase"}) { rollout { status } errors { __typename } } }""");
        Assert.Equal("CANCELLED", cancel.Data["cancelTierRollout"]!["rollout"]!["status"]!.GetValue<string>());

        Factory.Clock.Advance(TimeSpan.FromMinutes(100));
        await RunDueNowAsync();
        var completed = await WaitForAsync(second, RolloutStatus.Completed);
        var cancelled = await WaitForAsync(first, RolloutStatus.Cancelled);

        Assert.Equal(6, completed.UpgradedCount);
        Assert.Equal(0, cancelled.UpgradedCount);
        Assert.All(await Factory.WithDbAsync(db => db.CreditGrants.Where(g => g.Source == CreditGrantSource.TierUpgrade).ToListAsync()), g => Assert.Equal(1000, g.Amount));
        Assert.Null((await HistoryOfAsync(cancelled.HistoryEntryId)).AppliedAt);   // a cancelled change is not applied
        var again = await Admin.PostGraphQLAsync($$"""mutation { cancelTierRollout(input: {rolloutId: "{{second}}", reason: "Too late to cancel this one"}) { errors { __typename ... on RolloutNotCancellableError { status } } } }""");
        Assert.Equal("COMPLETED", again.Data["cancelTierRollout"]!["errors"]![0]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_tier_without_subscribers_completes_at_once_and_inactive_subscribers_are_skipped()
    {
        var empty = (await ChangeCreditsAsync("enterprise_pro_plus", 12000, apply: true))["rollout"]!["id"]!.GetValue<string>();
        var subscribers = await SubscribeAsync("pro_plus", 4);
        await Factory.WithDbAsync(db => db.Subscriptions.Where(s => s.UserId == subscribers[0].UserId)
            .ExecuteUpdateAsync(set => set.SetProperty(s => s.Status, SubscriptionStatus.PastDue)));
        await Factory.WithDbAsync(db => db.Subscriptions.Where(s => s.UserId == subscribers[1].UserId)
            .ExecuteUpdateAsync(set => set.SetProperty(s => s.Status, SubscriptionStatus.Cancelled)));

        var preview = await Admin.PostGraphQLAsync("{ tierChangePreview(input: {tierName: \"pro_plus\", newCredits: 6000, applyToExistingUsers: true}) { preview { willUpgrade } } }");
        var mixed = (await ChangeCreditsAsync("pro_plus", 6000, apply: true))["rollout"]!["id"]!.GetValue<string>();

        var emptyDone = await WaitForAsync(empty, RolloutStatus.Completed);
        var mixedDone = await WaitForAsync(mixed, RolloutStatus.Completed);
        Assert.Equal((0, 0, 0), (emptyDone.EligibleCount, emptyDone.UpgradedCount, emptyDone.SkippedCount));
        Assert.NotNull((await HistoryOfAsync(emptyDone.HistoryEntryId)).AppliedAt);
        Assert.Equal((2, 2, 0), (mixedDone.EligibleCount, mixedDone.UpgradedCount, mixedDone.SkippedCount));
        Assert.Equal(mixedDone.UpgradedCount, preview.Data["tierChangePreview"]!["preview"]!["willUpgrade"]!.GetValue<int>());
        Assert.Equal(5000, await Factory.WithDbAsync(db => db.Subscriptions.Where(s => s.UserId == subscribers[0].UserId).Select(s => s.MonthlyCreditAllocation).SingleAsync()));
    }

    [Fact]
    public async Task A_later_change_of_the_tier_does_not_move_a_pending_rollouts_target()
    {
        await SubscribeAsync("pro", 2);
        var rolloutId = (await ChangeCreditsAsync("pro", 2000, apply: true, at: TestClock.Start.AddHours(1)))["rollout"]!["id"]!.GetValue<string>();
        await ChangeCreditsAsync("pro", 3000);
        await Admin.PostGraphQLAsync("""mutation { updateTierPrices(input: {tierName: "pro", newMonthlyPriceUsd: 25, reason: "Price rises meanwhile"}) { errors { __typename } } }""");

        Factory.Clock.Advance(TimeSpan.FromHours(2));
        await RunDueNowAsync();
        var done = await WaitForAsync(rolloutId, RolloutStatus.Completed);

        Assert.Equal(2000, done.ToCredits);
        Assert.All(await Factory.WithDbAsync(db => db.Subscriptions.Where(s => s.TierName == "pro").ToListAsync()), s =>
        {
            Assert.Equal(2000, s.MonthlyCreditAllocation);
            Assert.Equal(15m, s.BasePriceUsd);
        });
    }

    /// <summary>
    /// The background runner polls on the fake clock; if it was busy when the test moved the clock,
    /// its next poll is still a fake interval away. Run due rollouts now, as the next poll would.
    /// </summary>
    protected Task RunDueNowAsync() =>
        Factory.Services.GetRequiredService<Rephlo.Tiers.Infrastructure.Rollouts.RolloutRunner>().RunDueAsync(CancellationToken.None);

    protected async Task<List<(Guid UserId, string Email)>> SubscribeAsync(string tier, int count)
    {
        var created = new List<(Guid, string)>();
        for (var i = 0; i < count; i++)
        {
            var userId = Guid.Parse($"5b8f3c1e-3333-4a2b-9c3d-{++_users:D12}");
            var email = $"user{_users}@example.com";
            var response = await Admin.PostGraphQLAsync($$"""mutation { createSubscription(input: {userId: "{{userId}}", email: "{{email}}", tierName: "{{tier}}"}) { errors { __typename } } }""");
            Assert.Null(response.Data["createSubscription"]!["errors"]);
            created.Add((userId, email));
        }

        return created;
    }

    protected async Task<JsonNode> ChangeCreditsAsync(string tier, int credits, bool apply = false, DateTimeOffset? at = null)
    {
        var schedule = at is null ? string.Empty : $", scheduledRolloutAt: \"{at:yyyy-MM-ddTHH:mm:ssZ}\"";
        var response = await Admin.PostGraphQLAsync(
            $$"""mutation { updateTierCredits(input: {tierName: "{{tier}}", newCredits: {{credits}}, reason: "Credits to {{credits}} for the test", applyToExistingUsers: {{(apply ? "true" : "false")}}{{schedule}}}) { rollout { id status } errors { __typename ... on Error { message } } } }""");
        var payload = response.Data["updateTierCredits"]!;
        Assert.True(payload["errors"] is null, response.Raw);
        return payload;
    }

    protected async Task RollbackAsync(string tier, int version)
    {
        var response = await Admin.PostGraphQLAsync($$"""mutation { rollbackTierConfig(input: {tierName: "{{tier}}", toVersion: {{version}}, reason: "Back to version {{version}} for the test"}) { errors { __typename } } }""");
        Assert.Null(response.Data["rollbackTierConfig"]!["errors"]);
    }

    protected async Task<TierRollout> WaitForAsync(string rolloutId, RolloutStatus status)
    {
        var id = Guid.Parse(rolloutId);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var rollout = await Factory.WithDbAsync(db => db.TierRollouts.AsNoTracking().SingleAsync(r => r.Id == id));
            if (rollout.Status == status)
            {
                return rollout;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Rollout {rolloutId} is {rollout.Status} ({rollout.FailureReason}), not {status}.");
            await Task.Delay(50);
        }
    }

    protected Task<Dictionary<Guid, (int Allocation, long Balance)>> BalancesAsync(string tier) =>
        Factory.WithDbAsync(db => db.Subscriptions.Where(s => s.TierName == tier)
            .Join(db.CreditBalances, s => s.UserId, b => b.UserId, (s, b) => new { s.UserId, s.MonthlyCreditAllocation, b.Balance })
            .ToDictionaryAsync(x => x.UserId, x => (x.MonthlyCreditAllocation, x.Balance)));

    protected async Task AssertLedgerMatchesBalancesAsync()
    {
        var ledger = await Factory.WithDbAsync(db => db.CreditGrants.GroupBy(g => g.UserId).Select(g => new { g.Key, Sum = g.Sum(x => (long)x.Amount) }).ToDictionaryAsync(x => x.Key, x => x.Sum));
        var balances = await Factory.WithDbAsync(db => db.CreditBalances.ToDictionaryAsync(b => b.UserId, b => b.Balance));
        Assert.Equal(ledger.OrderBy(x => x.Key), balances.OrderBy(x => x.Key));
    }

    protected Task<Domain.TierConfigs.TierConfigHistory> HistoryOfAsync(Guid id) =>
        Factory.WithDbAsync(db => db.TierConfigHistory.AsNoTracking().SingleAsync(h => h.Id == id));
}

public sealed class SqliteRolloutTests() : RolloutTests(TestDatabase.Sqlite);

public sealed class PostgresRolloutTests() : RolloutTests(TestDatabase.Postgres);
