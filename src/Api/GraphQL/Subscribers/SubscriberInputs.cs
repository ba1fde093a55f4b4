using GraphQL.Types;
using Rephlo.Tiers.Api.GraphQL.Scalars;
using Rephlo.Tiers.Application.Subscriptions;
using Rephlo.Tiers.Domain.Subscriptions;

namespace Rephlo.Tiers.Api.GraphQL.Subscribers;

/// <summary>Bound straight into its command: every field of the command is an input field.</summary>
public sealed class CreateSubscriptionInputType : InputObjectGraphType<CreateSubscriptionCommand>
{
    public CreateSubscriptionInputType()
    {
        Name = "CreateSubscriptionInput";
        Field(i => i.UserId, typeof(NonNullGraphType<UuidScalar>));
        Field(i => i.Email, nullable: true);
        Field(i => i.TierName);
        Field(i => i.BillingCycle, typeof(NonNullGraphType<BillingCycleType>)).DefaultValue(BillingCycle.Monthly);
    }
}
