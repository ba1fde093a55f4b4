using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Newtonsoft.Json.Linq;
using Rephlo.Tiers.Api.IntegrationTests.Infrastructure;
using Snapshooter.Xunit;

namespace Rephlo.Tiers.Api.IntegrationTests;

/// <summary>Accepted changes: the payload, the version bump, and exactly one history row and one version snapshot.</summary>
public sealed class TierMutationTests() : ApiTestBase(TestDatabase.Sqlite)
{
    [Fact]
    public async Task Update_credits_bumps_the_version_and_records_history()
    {
        var response = await Admin.PostGraphQLAsync(
            $$"""mutation($input: UpdateTierCreditsInput!) { updateTierCredits(input: $input) { rollout { id } {{TierChangeSelection}} } }""",
            new { input = new { tierName = "pro", newCredits = 2000, reason = "  Quarterly review: more credits for Pro  ", expectedVersion = 1 } });

        Snapshot.Match(JToken.Parse(response.Raw));
        var (version, history, versions) = await TierStateAsync("pro");
        Assert.Equal((2, 1, 2), (version, history, versions));
    }

    [Fact]
    public async Task Update_credits_applied_to_existing_users_leaves_the_entry_pending()
    {
        var response = await Admin.PostGraphQLAsync(
            $$"""mutation($input: UpdateTierCreditsInput!) { updateTierCredits(input: $input) { rollout { id } {{TierChangeSelection}} } }""",
            new { input = new { tierName = "pro", newCredits = 2000, reason = "Scheduled upgrade for all Pro users", applyToExistingUsers = true, scheduledRolloutAt = "2026-12-04T10:00:00+01:00" } });

        var payload = response.Data["updateTierCredits"]!;
        Assert.Null(payload["errors"]);
        Assert.Null(payload["historyEntry"]!["appliedAt"]);
        Assert.True(payload["tierConfig"]!["applyToExistingUsers"]!.GetValue<bool>());
        Assert.Equal("2026-12-04T09:00:00Z", payload["tierConfig"]!["rolloutStartDate"]!.GetValue<string>());
    }

    [Fact]
    public async Task Decrease_is_recorded_as_a_decrease_and_warns_that_existing_users_keep_theirs()
    {
        var response = await Admin.PostGraphQLAsync(
            $$"""mutation { updateTierCredits(input: {tierName: "pro_max", newCredits: 20000, reason: "Align Pro Max with usage data"}) { {{TierChangeSelection}} } }""");

        var payload = response.Data["updateTierCredits"]!;
        Assert.Equal("CREDIT_DECREASE", payload["historyEntry"]!["changeType"]!.GetValue<string>());
        Assert.Equal(0, payload["historyEntry"]!["affectedUsersCount"]!.GetValue<int>());
        Assert.Contains(payload["warnings"]!.AsArray(), w => w!.GetValue<string>().Contains("keep their current allocation"));
    }

    [Fact]
    public async Task Update_prices_records_both_prices_and_keeps_subscribers_prices()
    {
        var response = await Admin.PostGraphQLAsync(
            $$"""mutation { updateTierPrices(input: {tierName: "pro", newMonthlyPriceUsd: 17.5, newAnnualPriceUsd: 149.99, reason: "Price update for the new year"}) { {{TierChangeSelection}} } }""");

        Snapshot.Match(JToken.Parse(response.Raw));
        var subscriberPrices = await Factory.WithDbAsync(db => db.Subscriptions.Where(s => s.TierName == "pro").Select(s => s.BasePriceUsd).ToListAsync());
        Assert.All(subscriberPrices, p => Assert.Equal(15.00m, p));
    }

    [Fact]
    public async Task Update_features_validates_and_canonicalizes()
    {
        var response = await Admin.PostGraphQLAsync(
            $$"""mutation($f: JSON!) { updateTierFeatures(input: {tierName: "pro", features: $f, reason: "Enable priority support for Pro"}) { {{TierChangeSelection}} } }""",
            new { f = new { rateLimit = 45, prioritySupport = true, apiAccess = true, exportFormat = "csv", beta = (string?)null } });

        var payload = response.Data["updateTierFeatures"]!;
        Assert.Null(payload["errors"]);
        Assert.Equal("FEATURE_UPDATE", payload["historyEntry"]!["changeType"]!.GetValue<string>());
        Assert.Equal("""{"apiAccess":true,"beta":null,"exportFormat":"csv","prioritySupport":true,"rateLimit":45}""", payload["tierConfig"]!["features"]!.ToJsonString());
    }

    [Fact]
    public async Task Features_given_as_a_literal_work_too()
    {
        var response = await Admin.PostGraphQLAsync(
            $$"""mutation { updateTierFeatures(input: {tierName: "free", features: {apiAccess: true, rateLimit: 15}, reason: "Give free users API access"}) { {{TierChangeSelection}} } }""");

        Assert.Equal("""{"apiAccess":true,"rateLimit":15}""", response.Data["updateTierFeatures"]!["tierConfig"]!["features"]!.ToJsonString());
    }

    [Fact]
    public async Task Update_rollover_and_set_active_are_audited_with_their_change_types()
    {
        var rollover = await Admin.PostGraphQLAsync(
            $$"""mutation { updateTierRollover(input: {tierName: "pro", maxCreditRollover: 3000, reason: "Let Pro users keep two months"}) { {{TierChangeSelection}} } }""");
        var activate = await Admin.PostGraphQLAsync(
            $$"""mutation { setTierActive(input: {tierName: "enterprise_pro", isActive: true, reason: "Enterprise Pro launches today", expectedVersion: 1}) { {{TierChangeSelection}} } }""");

        Assert.Equal("ROLLOVER_CHANGE", rollover.Data["updateTierRollover"]!["historyEntry"]!["changeType"]!.GetValue<string>());
        Assert.Equal(3000, rollover.Data["updateTierRollover"]!["tierConfig"]!["maxCreditRollover"]!.GetValue<int>());
        Assert.Equal("ACTIVATION_CHANGE", activate.Data["setTierActive"]!["historyEntry"]!["changeType"]!.GetValue<string>());
        Assert.True(activate.Data["setTierActive"]!["tierConfig"]!["isActive"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Deactivating_a_tier_keeps_its_subscribers_but_refuses_new_ones()
    {
        var deactivate = await Admin.PostGraphQLAsync(
            $$"""mutation { setTierActive(input: {tierName: "free", isActive: false, reason: "Free tier is retired for now"}) { {{TierChangeSelection}} } }""");
        var subscribe = await Admin.PostGraphQLAsync(
            """mutation { createSubscription(input: {userId: "5b8f3c1e-1111-4a2b-9c3d-000000000042", tierName: "free"}) { subscriber { tierName } errors { __typename ... on Error { code } ... on TierInactiveError { tierName } } } }""");

        Assert.Contains(deactivate.Data["setTierActive"]!["warnings"]!.AsArray(), w => w!.GetValue<string>().Contains("1 active subscribers keep"));
        Assert.Equal("TierInactiveError", subscribe.Data["createSubscription"]!["errors"]![0]!["__typename"]!.GetValue<string>());
        Assert.Equal(1, await Factory.WithDbAsync(db => db.Subscriptions.CountAsync(s => s.TierName == "free")));
    }

    [Fact]
    public async Task Rollback_creates_a_new_version_with_the_old_values()
    {
        await Admin.PostGraphQLAsync("""mutation { updateTierCredits(input: {tierName: "pro", newCredits: 3000, reason: "Trial of a larger allowance"}) { errors { __typename } } }""");
        await Admin.PostGraphQLAsync("""mutation { updateTierPrices(input: {tierName: "pro", newMonthlyPriceUsd: 19, reason: "Trial of a higher price"}) { errors { __typename } } }""");

        var response = await Admin.PostGraphQLAsync(
            $$"""mutation { rollbackTierConfig(input: {tierName: "pro", toVersion: 1, reason: "Trial over, back to launch values", expectedVersion: 3}) { {{TierChangeSelection}} } }""");
        var versions = await Admin.PostGraphQLAsync("""{ tierConfig(tierName: "pro") { versions { configVersion monthlyCreditAllocation monthlyPriceUsd annualPriceUsd createdBy createdByName } } }""");

        Snapshot.Match(new JObject { ["rollback"] = JToken.Parse(response.Raw), ["versions"] = JToken.Parse(versions.Raw) });
    }

    [Fact]
    public async Task Create_subscription_takes_the_tiers_current_credits_and_price()
    {
        await Admin.PostGraphQLAsync("""mutation { updateTierCredits(input: {tierName: "pro_plus", newCredits: 6000, reason: "More credits for new Pro+ users"}) { errors { __typename } } }""");
        var userId = "5b8f3c1e-1111-4a2b-9c3d-000000000007";

        var created = await Admin.PostGraphQLAsync(
            $$"""mutation { createSubscription(input: {userId: "{{userId}}", email: "new.user@example.com", tierName: "pro_plus", billingCycle: ANNUAL}) { subscriber { subscriptionId userId email tierName status billingCycle basePriceUsd monthlyCreditAllocation currentPeriodStart currentPeriodEnd } errors { __typename } } }""");
        var credits = await Admin.PostGraphQLAsync(
            $$"""{ userCredits(userId: "{{userId}}") { userId balance grants { totalCount nodes { amount source rolloutId reason periodStart periodEnd } } } }""");
        var again = await Admin.PostGraphQLAsync(
            $$"""mutation { createSubscription(input: {userId: "{{userId}}", tierName: "pro"}) { subscriber { tierName } errors { __typename ... on Error { code } } } }""");

        Snapshot.Match(new JObject { ["created"] = JToken.Parse(created.Raw), ["credits"] = JToken.Parse(credits.Raw), ["again"] = JToken.Parse(again.Raw) });
    }

    [Fact]
    public async Task Preview_counts_exactly_the_subscribers_below_the_new_value()
    {
        var ids = new[] { 1, 2, 3 }.Select(i => $"5b8f3c1e-2222-4a2b-9c3d-00000000000{i}").ToArray();
        foreach (var id in ids)
        {
            await Admin.PostGraphQLAsync($$"""mutation { createSubscription(input: {userId: "{{id}}", tierName: "pro"}) { errors { __typename } } }""");
        }

        // New subscribers from now on get 1,800; the five existing ones stay at 1,500.
        await Admin.PostGraphQLAsync("""mutation { updateTierCredits(input: {tierName: "pro", newCredits: 1800, reason: "Small bump for new Pro users"}) { errors { __typename } } }""");
        await Admin.PostGraphQLAsync("""mutation { createSubscription(input: {userId: "5b8f3c1e-2222-4a2b-9c3d-000000000009", tierName: "pro"}) { errors { __typename } } }""");

        var response = await Admin.PostGraphQLAsync(
            """{ tierChangePreview(input: {tierName: "pro", newCredits: 2000, applyToExistingUsers: true}) { preview { tierName currentCredits newCredits direction activeSubscribers willUpgrade willRemainSame creditsAdded estimatedCostUsd warnings } errors { __typename } } }""");

        var preview = response.Data["tierChangePreview"]!["preview"]!;
        Assert.Equal(6, preview["activeSubscribers"]!.GetValue<int>());
        Assert.Equal(6, preview["willUpgrade"]!.GetValue<int>());
        Assert.Equal((5 * 500) + 200, preview["creditsAdded"]!.GetValue<long>());
        Assert.Equal(27.00m, preview["estimatedCostUsd"]!.GetValue<decimal>());

        var decrease = await Admin.PostGraphQLAsync(
            """{ tierChangePreview(input: {tierName: "pro", newCredits: 1000, applyToExistingUsers: true}) { preview { willUpgrade } errors { __typename ... on Error { code } } } }""");
        Assert.Equal("UPGRADE_POLICY_VIOLATION", decrease.Data["tierChangePreview"]!["errors"]![0]!["code"]!.GetValue<string>());
        Assert.Equal((2, 1, 2), await TierStateAsync("pro"));
    }
}
