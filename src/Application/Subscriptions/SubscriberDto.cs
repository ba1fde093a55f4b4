using Rephlo.Tiers.Domain.Subscriptions;

namespace Rephlo.Tiers.Application.Subscriptions;

public sealed record SubscriberDto(
    Guid SubscriptionId,
    Guid UserId,
    string? Email,
    string TierName,
    SubscriptionStatus Status,
    BillingCycle BillingCycle,
    decimal BasePriceUsd,
    int MonthlyCreditAllocation,
    DateTimeOffset CurrentPeriodStart,
    DateTimeOffset CurrentPeriodEnd);
