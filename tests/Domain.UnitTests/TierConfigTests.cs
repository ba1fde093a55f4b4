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
        var rollout = TierRollout.Plan(Guid.NewGuid(), change, at);
        Assert.Equal((1500, 2000, RolloutStatus.Pending), (rollout.FromCredits, rollout.ToCredits, rollout.Status));
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
        var rollout = TierRollout.Plan(Guid.NewGuid(), tier.ChangeCredits(2000, true, null, Context()).Value, null);

        Assert.True(rollout.Cancel("No longer wanted here", Now).IsSuccess);
        var again = Assert.IsType<RolloutNotCancellableError>(Assert.Single(rollout.Cancel("Cancelling twice now", Now).Errors));
        Assert.Equal(RolloutStatus.Cancelled, again.Status);
    }

    private (TierConfig Tier, TierConfigVersion Version) Pro() =>
        TierConfig.Create(Guid.NewGuid(), "pro", "Pro", 1, 15m, 150m, 1500, 750, """{"rateLimit":30,"apiAccess":true}""", true, Now, Guid.NewGuid());

    private ChangeContext Context(int? expectedVersion = null, string reason = "A reason that is long enough") =>
        new(reason, Admin, Now, expectedVersion, () => new Guid(++_ids, 0, 0, new byte[8]));
}
