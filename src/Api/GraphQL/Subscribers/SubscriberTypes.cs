using GraphQL;
using GraphQL.Types;
using Rephlo.Tiers.Api.GraphQL.Common;
using Rephlo.Tiers.Api.GraphQL.Scalars;
using Rephlo.Tiers.Application.Common.Querying;
using Rephlo.Tiers.Application.Credits;
using Rephlo.Tiers.Application.Subscriptions;
using Rephlo.Tiers.Domain.Credits;
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

public sealed class CreditGrantSourceType : EnumerationGraphType<CreditGrantSource>
{
    public CreditGrantSourceType() => Name = "CreditGrantSource";
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

public sealed class UserCreditsType : ObjectGraphType<UserCreditsDto>
{
    public UserCreditsType()
    {
        Name = "UserCredits";
        Field<NonNullGraphType<UuidScalar>>("userId").Resolve(c => c.Source.UserId);
        Field<NonNullGraphType<LongGraphType>>("balance").Resolve(c => c.Source.Balance);
        Field<NonNullGraphType<CreditGrantConnectionType>>("grants")
            .Description("The credit ledger, newest first.")
            .Arguments(PagingArguments.Forward())
            .ResolveAsync(async c => await c.SendQueryAsync(new GetCreditGrantsQuery(c.Source.UserId, c.ToPageRequest())));
    }
}

public sealed class CreditGrantType : ObjectGraphType<CreditGrantDto>
{
    public CreditGrantType()
    {
        Name = "CreditGrant";
        Field<NonNullGraphType<IdGraphType>>("id").Resolve(c => c.Source.Id);
        Field<NonNullGraphType<IdGraphType>>("subscriptionId").Resolve(c => c.Source.SubscriptionId);
        Field(g => g.Amount);
        Field<NonNullGraphType<CreditGrantSourceType>>("source").Resolve(c => c.Source.Source);
        Field<IdGraphType>("rolloutId").Resolve(c => c.Source.RolloutId);
        Field(g => g.Reason, nullable: true);
        Field<NonNullGraphType<DateTimeScalar>>("periodStart").Resolve(c => c.Source.PeriodStart);
        Field<NonNullGraphType<DateTimeScalar>>("periodEnd").Resolve(c => c.Source.PeriodEnd);
        Field<NonNullGraphType<DateTimeScalar>>("createdAt").Resolve(c => c.Source.CreatedAt);
    }
}

public sealed class SubscriberFilterInputType() : FilterInputType<Subscription>("SubscriberFilterInput", GetSubscribersHandler.Fields);

public sealed class SubscriberSortInputType() : SortInputType<Subscription>("SubscriberSortInput", GetSubscribersHandler.Fields);

public sealed class SubscriberConnectionType() : ConnectionType<SubscriberDto, SubscriberType>("SubscriberConnection");

public sealed class CreditGrantConnectionType() : ConnectionType<CreditGrantDto, CreditGrantType>("CreditGrantConnection");
