using System.Text.Json;
using Rephlo.Tiers.Domain.Common;
using Rephlo.Tiers.Domain.Rollouts;
using Rephlo.Tiers.Domain.Subscriptions;
using Rephlo.Tiers.Domain.TierConfigs;

namespace Rephlo.Tiers.Domain.UnitTests;

public sealed class TierConfigTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly Guid Admin = Guid.Parse("aaaaaaaa-0000-4000-8000-000000000001");
    private int _ids;

    [Fact]
    public void A_new_tier_starts_at_version_one_with_normalized_prices_and_features()
    {
        var (tier, version) = Pro();

        Assert.Equal(1, tier.ConfigVersion);
        Assert.Equal("15.00", tier.MonthlyPriceUsd.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("""{"apiAccess":true,"rateLimit":30}""", tier.FeaturesJson);
        Assert.Equal(1, version.ConfigVersion);
        Assert.Equal(tier.MonthlyCreditAllocation, version.MonthlyCreditAllocation);
    }

    [Fact]
    public void Credit_increase_bumps_the_version_once_and_records_previous_and_new()
    {
        var (tier, _) = Pro();

        var change = tier.ChangeCredits(2000, applyToExistingUsers: false, null, Context()).Value;

        Assert.Equal(2, tier.ConfigVersion);
        Assert.Equal(TierChangeType.CreditIncrease, change.History.ChangeType);
        Assert.Equal((1500, 2000), (change.History.PreviousCredits, change.History.NewCredits));
        Assert.Equal((15.00m, 15.00m, 150.00m, 150.00m), (change.History.PreviousMonthlyPriceUsd, change.History.NewMonthlyPriceUsd, change.History.PreviousAnnualPriceUsd, change.History.NewAnnualPriceUsd));
        Assert.Equal(2, change.History.ConfigVersion);
        Assert.Equal(2, change.Version.ConfigVersion);
        Assert.Equal(Now, change.History.AppliedAt);
        Assert.False(change.RequiresRollout);
        Assert.Equal(Admin, tier.LastModifiedBy);
    }

    [Fact]
    public void Increase_applied_to_existing_users_stays_pending_until_its_rollout()
    {
        var (tier, _) = Pro();
        var at = Now.AddDays(2);

        var change = tier.ChangeCredits(2000, applyToExistingUsers: true, at, Context()).Value;

        Assert.True(change.RequiresRollout);
        Assert.Null(change.History.AppliedAt);
        Assert.True(tier.ApplyToExistingUsers);
        Assert.Equal(at, tier.RolloutStartDate);
        var rollout = Assert.IsType<TierRollout>(change.Rollout);
        Assert.Equal((1500, 2000, RolloutStatus.Pending, at), (rollout.FromCredits, rollout.ToCredits, rollout.Status, rollout.ScheduledFor));
        Assert.Equal((change.History.Id, Admin, Now), (rollout.HistoryEntryId, rollout.RequestedBy, rollout.CreatedAt));
    }

    [Fact]
    public void Equal_credits_are_no_change_not_a_decrease()
    {
        var (tier, _) = Pro();

        var result = tier.ChangeCredits(1500, false, null, Context());

        Assert.IsType<NoChangeError>(Assert.Single(result.Errors));
        Assert.Equal(1, tier.ConfigVersion);
    }

    [Fact]
    public void A_decrease_can_never_be_applied_to_existing_users()
    {
        var (tier, _) = Pro();

        var refused = tier.ChangeCredits(1000, applyToExistingUsers: true, null, Context());
        var accepted = tier.ChangeCredits(1000, applyToExistingUsers: false, null, Context()).Value;

        Assert.IsType<UpgradePolicyViolationError>(Assert.Single(refused.Errors));
        Assert.Equal(TierChangeType.CreditDecrease, accepted.History.ChangeType);
        Assert.Equal(0, accepted.History.AffectedUsersCount);
        Assert.Equal(2, tier.ConfigVersion);
    }

    [Fact]
    public void A_stale_expected_version_is_a_conflict_carrying_the_current_version()
    {
        var (tier, _) = Pro();
        tier.ChangeCredits(2000, false, null, Context());

        var result = tier.ChangeCredits(2500, false, null, Context(expectedVersion: 1));

        var conflict = Assert.IsType<VersionConflictError>(Assert.Single(result.Errors));
        Assert.Equal((1, 2), (conflict.ExpectedVersion, conflict.CurrentVersion));
        Assert.Equal(2000, tier.MonthlyCreditAllocation);
    }

    [Theory]
    [InlineData(150)]
    [InlineData(99)]
    [InlineData(0)]
    [InlineData(1_000_100)]
    public void Invalid_credits_never_reach_the_aggregate(int credits)
    {
        var (tier, _) = Pro();

        Assert.False(TierRules.IsValidCredits(credits));
        Assert.Throws<ArgumentOutOfRangeException>(() => tier.ChangeCredits(credits, false, null, Context()));
        Assert.Equal(1, tier.ConfigVersion);
    }

    [Theory]
    [InlineData("short")]
    [InlineData("          ")]
    [InlineData("  nine ch  ")]
    public void Reasons_shorter_than_ten_characters_after_trimming_are_refused(string reason)
    {
        var (tier, _) = Pro();

        Assert.False(TierRules.IsValidReason(reason));
        Assert.Throws<ArgumentException>(() => tier.ChangeCredits(2000, false, null, Context(reason: reason)));
        Assert.Equal(1, tier.ConfigVersion);
    }

    [Fact]
    public void Price_change_records_both_prices_and_warns_below_ten_months()
    {
        var (tier, _) = Pro();

        var change = tier.ChangePrices(20m, null, Context()).Value;

        Assert.Equal(TierChangeType.PriceChange, change.History.ChangeType);
        Assert.Equal((15m, 20m, 150m, 150m), (change.History.PreviousMonthlyPriceUsd, change.History.NewMonthlyPriceUsd, change.History.PreviousAnnualPriceUsd, change.History.NewAnnualPriceUsd));
        Assert.Contains(change.Warnings, w => w.Contains("below 10"));
        Assert.Equal((1500, 1500), (change.History.PreviousCredits, change.History.NewCredits));
    }

    [Theory]
    [InlineData(15.999)]
    [InlineData(-0.01)]
    [InlineData(100000.01)]
    public void Invalid_prices_are_refused(double price)
    {
        Assert.False(TierRules.IsValidPrice((decimal)price));
    }

    [Fact]
    public void Same_prices_are_no_change()
    {
        var (tier, _) = Pro();

        Assert.IsType<NoChangeError>(Assert.Single(tier.ChangePrices(15m, 150.00m, Context()).Errors));
    }

    [Fact]
    public void Rollover_is_bounded_by_twelve_months_of_credits()
    {
        var (tier, _) = Pro();

        Assert.IsType<ValidationError>(Assert.Single(tier.ChangeMaxRollover(18_001, Context()).Errors));
        Assert.IsType<NoChangeError>(Assert.Single(tier.ChangeMaxRollover(750, Context()).Errors));
        Assert.Equal(TierChangeType.RolloverChange, tier.ChangeMaxRollover(18_000, Context()).Value.History.ChangeType);
    }

    [Fact]
    public void Deactivation_warns_about_active_subscribers_and_blocks_new_subscriptions()
    {
        var (tier, _) = Pro();

        var change = tier.SetActive(false, activeSubscribers: 3, Context()).Value;
        var subscription = Subscription.Start(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), null, tier, BillingCycle.Monthly, Now);

        Assert.Equal(TierChangeType.ActivationChange, change.History.ChangeType);
        Assert.Contains(change.Warnings, w => w.Contains("3 active subscribers"));
        Assert.IsType<TierInactiveError>(Assert.Single(subscription.Errors));
    }

    [Fact]
    public void Features_are_canonicalized_and_compared_semantically()
    {
        var (tier, _) = Pro();
        using var same = JsonDocument.Parse("""{ "rateLimit": 30, "apiAccess": true }""");
        using var other = JsonDocument.Parse("""{ "rateLimit": 60, "apiAccess": true }""");

        Assert.IsType<NoChangeError>(Assert.Single(tier.ChangeFeatures(TierFeatures.Canonicalize(same.RootElement).Value, Context()).Errors));
        Assert.Equal(TierChangeType.FeatureUpdate, tier.ChangeFeatures(TierFeatures.Canonicalize(other.RootElement).Value, Context()).Value.History.ChangeType);
    }

    [Theory]
    [InlineData("""{"RateLimit": 1}""")]
    [InlineData("""{"rate_limit": 1}""")]
    [InlineData("""{"nested": {"a": 1}}""")]
    [InlineData("""{"list": []}""")]
    [InlineData("""[]""")]
    [InlineData("""{"a": 1, "a": 2}""")]
    public void Invalid_features_are_validation_errors(string json)
    {
        using var document = JsonDocument.Parse(json);

        var error = Assert.IsType<ValidationError>(Assert.Single(TierFeatures.Canonicalize(document.RootElement).Errors));
        Assert.Equal("features", error.Field);
    }

    [Fact]
    public void Rollback_restores_old_values_as_a_new_version()
    {
        var (tier, first) = Pro();
        tier.ChangeCredits(3000, false, null, Context());
        tier.ChangePrices(19m, 190m, Context());

        var change = tier.RollBackTo(first, Context()).Value;

        Assert.Equal(4, tier.ConfigVersion);
        Assert.Equal(TierChangeType.Rollback, change.History.ChangeType);
        Assert.Equal((3000, 1500), (change.History.PreviousCredits, change.History.NewCredits));
        Assert.Equal(first.ToSnapshot(), tier.Snapshot());
        Assert.False(change.RequiresRollout);
    }

    [Fact]
    public void Rollback_to_the_current_values_is_no_change()
    {
        var (tier, first) = Pro();
        var second = tier.ChangeCredits(3000, false, null, Context()).Value.Version;
        tier.ChangeCredits(1500, false, null, Context());

        Assert.IsType<NoChangeError>(Assert.Single(tier.RollBackTo(first, Context()).Errors));
        Assert.Equal(TierChangeType.Rollback, tier.RollBackTo(second, Context()).Value.History.ChangeType);
    }

    [Fact]
    public void History_can_be_applied_once_only()
    {
        var (tier, _) = Pro();
        var history = tier.ChangeCredits(2000, true, null, Context()).Value.History;

        history.MarkApplied(Now.AddMinutes(5), 42);

        Assert.Equal((Now.AddMinutes(5), 42), (history.AppliedAt!.Value, history.AffectedUsersCount));
        Assert.Throws<InvalidOperationException>(() => history.MarkApplied(Now.AddMinutes(6), 43));
    }

    [Fact]
    public void New_subscribers_get_the_tiers_current_credits_and_price_and_a_matching_grant()
    {
        var (tier, _) = Pro();
        tier.ChangeCredits(2000, false, null, Context());
        tier.ChangePrices(17m, 170m, Context());

        var created = Subscription.Start(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), "a@example.com", tier, BillingCycle.Annual, Now).Value;

        Assert.Equal((2000, 170m), (created.Subscription.MonthlyCreditAllocation, created.Subscription.BasePriceUsd));
        Assert.Equal(2000, created.Grant.Amount);
        Assert.Equal(2000, created.Balance.Balance);
        Assert.Equal(Now.AddMonths(1), created.Grant.PeriodEnd);
        Assert.Equal(Now.AddYears(1), created.Subscription.CurrentPeriodEnd);
    }

    [Fact]
    public void Completed_rollouts_cannot_be_cancelled_but_pending_ones_can()
    {
        var (tier, _) = Pro();
        var rollout = tier.ChangeCredits(2000, true, null, Context()).Value.Rollout!;

        Assert.True(rollout.Cancel(Admin, "Ada Admin", "  No longer wanted here ", Now.AddMinutes(1)).IsSuccess);
        Assert.Equal((Admin, "Ada Admin", Now.AddMinutes(1), "No longer wanted here"), (rollout.CancelledBy, rollout.CancelledByName, rollout.CancelledAt, rollout.CancelReason));
        var again = Assert.IsType<RolloutNotCancellableError>(Assert.Single(rollout.Cancel(Admin, null, "Cancelling twice now", Now).Errors));
        Assert.Equal(RolloutStatus.Cancelled, again.Status);
        Assert.Null(rollout.SupersededByHistoryEntryId);
    }

    [Fact]
    public void A_decrease_that_would_leave_the_rollover_above_twelve_months_is_refused()
    {
        var (tier, _) = Pro();
        tier.ChangeMaxRollover(18_000, Context());           // 12 × 1,500

        var refused = tier.ChangeCredits(1400, applyToExistingUsers: false, null, Context());
        var accepted = tier.ChangeCredits(1500 + 100, applyToExistingUsers: false, null, Context());

        var error = Assert.IsType<ValidationError>(Assert.Single(refused.Errors));
        Assert.Equal("newCredits", error.Field);
        Assert.Contains("rollover limit", error.Message);
        Assert.True(accepted.IsSuccess);
        Assert.Equal(TierChangeType.CreditIncrease, accepted.Value.History.ChangeType);
        Assert.True(tier.ChangeCredits(1500, false, null, Context()).IsSuccess);   // 18,000 = 12 × 1,500 still fits
    }

    [Fact]
    public void A_decrease_supersedes_open_rollouts_above_it_and_an_increase_supersedes_none()
    {
        var (tier, _) = Pro();
        var to2000 = tier.ChangeCredits(2000, true, Now.AddHours(1), Context()).Value.Rollout!;
        var to2500 = tier.ChangeCredits(2500, true, Now.AddHours(2), Context()).Value.Rollout!;

        var increase = tier.ChangeCredits(3000, false, null, Context()).Value;
        Assert.Empty(TierConfig.SupersedeRollouts(increase, [to2000, to2500]));

        var decrease = tier.ChangeCredits(2200, false, null, Context(name: "Ada Admin")).Value;
        var superseded = TierConfig.SupersedeRollouts(decrease, [to2000, to2500]);

        var (rollout, warning) = Assert.Single(superseded);
        Assert.Same(to2500, rollout);
        Assert.Equal((RolloutStatus.Cancelled, decrease.History.Id, Admin, "Ada Admin"), (to2500.Status, to2500.SupersededByHistoryEntryId, to2500.CancelledBy, to2500.CancelledByName));
        Assert.Contains("Superseded", to2500.CancelReason);
        Assert.Contains(to2500.Id.ToString(), warning);
        Assert.Contains("2500", warning);
        Assert.Equal(RolloutStatus.Pending, to2000.Status);
    }

    [Fact]
    public void Only_a_raise_to_the_current_credits_can_be_applied_later_and_not_twice_at_once()
    {
        var (tier, _) = Pro();
        var decrease = tier.ChangeCredits(1000, false, null, Context()).Value.History;
        var increase = tier.ChangeCredits(2000, false, null, Context()).Value.History;

        var planned = tier.PlanRolloutOf(increase, [], null, Context(name: "Ada Admin")).Value;
        Assert.Equal((1000, 2000, RolloutStatus.Pending, increase.Id), (planned.FromCredits, planned.ToCredits, planned.Status, planned.HistoryEntryId));
        Assert.Equal((Admin, "Ada Admin"), (planned.RequestedBy, planned.RequestedByName));
        Assert.Equal(Now, increase.AppliedAt);   // the entry itself is untouched

        var pending = Assert.IsType<RolloutAlreadyPendingError>(Assert.Single(tier.PlanRolloutOf(increase, [planned], null, Context()).Errors));
        Assert.Equal(planned.Id, pending.RolloutId);
        Assert.IsType<UpgradePolicyViolationError>(Assert.Single(tier.PlanRolloutOf(decrease, [], null, Context()).Errors));
        tier.ChangeCredits(2100, false, null, Context());
        Assert.IsType<UpgradePolicyViolationError>(Assert.Single(tier.PlanRolloutOf(increase, [], null, Context()).Errors));
    }

    private (TierConfig Tier, TierConfigVersion Version) Pro() =>
        TierConfig.Create(Guid.NewGuid(), "pro", "Pro", 1, 15m, 150m, 1500, 750, """{"rateLimit":30,"apiAccess":true}""", true, Now, Guid.NewGuid());

    private ChangeContext Context(int? expectedVersion = null, string reason = "A reason that is long enough", string? name = null) =>
        new(reason, Admin, Now, expectedVersion, () => new Guid(++_ids, 0, 0, new byte[8]), name);
}
