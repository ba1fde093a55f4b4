using GraphQL;
using GraphQL.Types;
using Rephlo.Tiers.Api.GraphQL.Common;
using Rephlo.Tiers.Application.Subscriptions;

namespace Rephlo.Tiers.Api.GraphQL.Subscribers;

/// <summary>Subscribing a user to a tier on <c>Mutation</c>.</summary>
public static class SubscriberMutations
{
    public static void AddSubscriberMutations(this ObjectGraphType mutation) =>
        mutation.Field<NonNullGraphType<CreateSubscriptionPayloadType>>("createSubscription")
            .AuthorizeWithRoles(ResolverExtensions.AdminRole)
            .Argument<NonNullGraphType<CreateSubscriptionInputType>>("input")
            .ResolveAsync(async c => Payload<SubscriberDto>.From(
                await c.Mediator().Send(c.GetArgument<CreateSubscriptionCommand>("input"), c.CancellationToken)));
}
