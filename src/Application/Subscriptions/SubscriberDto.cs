using System.Linq.Expressions;
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
    DateTimeOffset CurrentPeriodEnd)
{
    public static readonly Expression<Func<Subscription, SubscriberDto>> Projection = s => new SubscriberDto(
        s.Id, s.UserId, s.Email, s.TierName, s.Status, s.BillingCycle, s.BasePriceUsd, s.MonthlyCreditAllocation,
        s.CurrentPeriodStart, s.CurrentPeriodEnd);

    private static readonly Func<Subscription, SubscriberDto> Compiled = Projection.Compile();

    public static SubscriberDto From(Subscription subscription) => Compiled(subscription);
}
