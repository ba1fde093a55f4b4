using Rephlo.Tiers.Domain.Subscriptions;

namespace Rephlo.Tiers.Domain.Credits;

public enum CreditGrantSource
{
    Subscription,
    TierUpgrade,
    AdminGrant,
}

/// <summary>One append-only row of the credit ledger. A balance is the sum of its grants minus usage.</summary>
public sealed class CreditGrant
{
    private CreditGrant()
    {
    }

    public Guid Id { get; private set; }

    public Guid UserId { get; private set; }

    public Guid SubscriptionId { get; private set; }

    public int Amount { get; private set; }

    public CreditGrantSource Source { get; private set; }

    /// <summary>The rollout that produced this grant (tier upgrades only); unique with the subscription.</summary>
    public Guid? RolloutId { get; private set; }

    public string? Reason { get; private set; }

    public DateTimeOffset PeriodStart { get; private set; }

    public DateTimeOffset PeriodEnd { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public static CreditGrant ForSubscription(Guid id, Subscription subscription, DateTimeOffset now) => new()
    {
        Id = id,
        UserId = subscription.UserId,
        SubscriptionId = subscription.Id,
        Amount = subscription.MonthlyCreditAllocation,
        Source = CreditGrantSource.Subscription,
        Reason = $"Monthly allocation of tier '{subscription.TierName}'",
        PeriodStart = subscription.CurrentPeriodStart,
        // Credits are monthly whatever the billing cycle: the first grant covers the first month.
        PeriodEnd = subscription.CurrentPeriodStart.AddMonths(1),
        CreatedAt = now,
    };
}

/// <summary>A user's current credit balance.</summary>
public sealed class CreditBalance
{
    private CreditBalance()
    {
    }

    public Guid UserId { get; private set; }

    public long Balance { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public static CreditBalance Open(Guid userId, long initial, DateTimeOffset now)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(initial);
        return new CreditBalance { UserId = userId, Balance = initial, UpdatedAt = now };
    }

    public void Add(long amount, DateTimeOffset now)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(amount);
        Balance += amount;
        UpdatedAt = now;
    }
}
