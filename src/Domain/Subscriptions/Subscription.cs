using Rephlo.Tiers.Domain.Common;
using Rephlo.Tiers.Domain.Credits;
using Rephlo.Tiers.Domain.TierConfigs;

namespace Rephlo.Tiers.Domain.Subscriptions;

public enum SubscriptionStatus
{
    Active,
    Trial,
    PastDue,
    Cancelled,
}

public enum BillingCycle
{
    Monthly,
    Annual,
}

/// <summary>
/// A user's subscription to a tier. It keeps the price the subscriber signed up at
/// (grandfathered) and its own monthly credit allocation, which only ever rises.
/// </summary>
public sealed class Subscription
{
    /// <summary>The status that counts as an "active subscriber" for previews and rollouts (defined by <see cref="Rollouts.RolloutEligibility"/>).</summary>
    public const SubscriptionStatus EligibleStatus = Rollouts.RolloutEligibility.EligibleStatus;

    private Subscription()
    {
        TierName = string.Empty;
    }

    public Guid Id { get; private set; }

    public Guid UserId { get; private set; }

    public string? Email { get; private set; }

    public Guid TierConfigId { get; private set; }

    public string TierName { get; private set; }

    public SubscriptionStatus Status { get; private set; }

    public BillingCycle BillingCycle { get; private set; }

    /// <summary>What this subscriber pays per billing cycle; never changed by tier price changes.</summary>
    public decimal BasePriceUsd { get; private set; }

    public int MonthlyCreditAllocation { get; private set; }

    public DateTimeOffset CurrentPeriodStart { get; private set; }

    public DateTimeOffset CurrentPeriodEnd { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>
    /// Subscribes a user to a tier at the tier's current credits and price, and grants the first
    /// period's credits as a <see cref="CreditGrantSource.Subscription"/> ledger row.
    /// </summary>
    public static Result<NewSubscription> Start(
        Guid subscriptionId,
        Guid grantId,
        Guid userId,
        string? email,
        TierConfig tier,
        BillingCycle billingCycle,
        DateTimeOffset now,
        SubscriptionStatus status = SubscriptionStatus.Active)
    {
        ArgumentNullException.ThrowIfNull(tier);
        if (!tier.IsActive)
        {
            return new TierInactiveError(tier.TierName);
        }

        var periodEnd = billingCycle == BillingCycle.Annual ? now.AddYears(1) : now.AddMonths(1);
        var subscription = new Subscription
        {
            Id = subscriptionId,
            UserId = userId,
            Email = string.IsNullOrWhiteSpace(email) ? null : email.Trim(),
            TierConfigId = tier.Id,
            TierName = tier.TierName,
            Status = status,
            BillingCycle = billingCycle,
            BasePriceUsd = billingCycle == BillingCycle.Annual ? tier.AnnualPriceUsd : tier.MonthlyPriceUsd,
            MonthlyCreditAllocation = tier.MonthlyCreditAllocation,
            CurrentPeriodStart = now,
            CurrentPeriodEnd = periodEnd,
            CreatedAt = now,
            UpdatedAt = now,
        };
        var grant = CreditGrant.ForSubscription(grantId, subscription, now);
        return new NewSubscription(subscription, grant, CreditBalance.Open(userId, grant.Amount, now));
    }
}

public sealed record NewSubscription(Subscription Subscription, CreditGrant Grant, CreditBalance Balance);
