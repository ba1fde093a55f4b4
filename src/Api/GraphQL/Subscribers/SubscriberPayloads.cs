using GraphQL.Types;
using Rephlo.Tiers.Api.GraphQL.Common;
using Rephlo.Tiers.Application.Subscriptions;
using DomainErrors = Rephlo.Tiers.Domain.Common;

namespace Rephlo.Tiers.Api.GraphQL.Subscribers;

public sealed class CreateSubscriptionPayloadType : ObjectGraphType<Payload<SubscriberDto>>
{
    public CreateSubscriptionPayloadType()
    {
        Name = "CreateSubscriptionPayload";
        Field<SubscriberType>("subscriber").Resolve(c => c.Source.Result);
        Field<ListGraphType<NonNullGraphType<CreateSubscriptionErrorUnion>>>("errors").Resolve(c => c.Source.Errors);
    }
}

// ---- errors only createSubscription returns --------------------------------------------

public sealed class TierInactiveErrorType : ErrorObjectType<DomainErrors.TierInactiveError>
{
    public TierInactiveErrorType()
        : base("TierInactiveError") => Field(e => e.TierName);
}

public sealed class AlreadySubscribedErrorType : ErrorObjectType<DomainErrors.AlreadySubscribedError>
{
    public AlreadySubscribedErrorType()
        : base("AlreadySubscribedError")
    {
    }
}

public sealed class CreateSubscriptionErrorUnion() : ErrorUnionType(
    "CreateSubscriptionError", typeof(ValidationErrorType), typeof(TierNotFoundErrorType), typeof(TierInactiveErrorType), typeof(AlreadySubscribedErrorType));
