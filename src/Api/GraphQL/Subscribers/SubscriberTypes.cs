using GraphQL;
using GraphQL.Types;
using Rephlo.Tiers.Api.GraphQL.Common;
using Rephlo.Tiers.Api.GraphQL.Scalars;
using Rephlo.Tiers.Application.Subscriptions;
using Rephlo.Tiers.Domain.Subscriptions;

namespace Rephlo.Tiers.Api.GraphQL.Subscribers;

public sealed class SubscriptionStatusType : EnumerationGraphType<SubscriptionStatus>
{
    public SubscriptionStatusType() => Name = "SubscriptionStatus";
}

public sealed class BillingCycleType : EnumerationGraphType<BillingCycle>
{
    public BillingCycleType() => Name = "BillingCycle";
}

public sealed class SubscriberType : ObjectGraphType<SubscriberDto>
{
    public SubscriberType()
    {
        Name = "Subscriber";
        Field<NonNullGraphType<IdGraphType>>("subscriptionId").Resolve(c => c.Source.SubscriptionId);
        Field<NonNullGraphType<UuidScalar>>("userId").Resolve(c => c.Source.UserId);
        Field(s => s.Email, nullable: true);
        Field(s => s.TierName);
        Field<NonNullGraphType<SubscriptionStatusType>>("status").Resolve(c => c.Source.Status);
        Field<NonNullGraphType<BillingCycleType>>("billingCycle").Resolve(c => c.Source.BillingCycle);
        Field<NonNullGraphType<DecimalGraphType>>("basePriceUsd").Description("What the subscriber pays per billing cycle (grandfathered).").Resolve(c => c.Source.BasePriceUsd);
        Field(s => s.MonthlyCreditAllocation);
        Field<NonNullGraphType<DateTimeScalar>>("currentPeriodStart").Resolve(c => c.Source.CurrentPeriodStart);
        Field<NonNullGraphType<DateTimeScalar>>("currentPeriodEnd").Resolve(c => c.Source.CurrentPeriodEnd);
    }
}

public sealed class SubscriberFilterInputType() : FilterInputType<Subscription>("SubscriberFilterInput", GetSubscribersHandler.Fields);

public sealed class SubscriberSortInputType() : SortInputType<Subscription>("SubscriberSortInput", GetSubscribersHandler.Fields);

public sealed class SubscriberConnectionType() : ConnectionType<SubscriberDto, SubscriberType>("SubscriberConnection");
