using GraphQL;
using GraphQL.Types;
using Rephlo.Tiers.Api.GraphQL.Common;
using Rephlo.Tiers.Application.Subscriptions;

namespace Rephlo.Tiers.Api.GraphQL.Subscribers;

/// <summary>Subscribers of tiers on <c>Query</c>.</summary>
public static class SubscriberQueries
{
    public static void AddSubscriberQueries(this ObjectGraphType query) =>
        query.Field<NonNullGraphType<SubscriberConnectionType>>("subscribers")
            .AuthorizeWithRoles(ResolverExtensions.AdminRole)
            .Arguments(PagingArguments.Forward())
            .Argument<SubscriberFilterInputType>("where")
            .Argument<ListGraphType<NonNullGraphType<SubscriberSortInputType>>>("order")
            .ResolveAsync(async c => await c.SendQueryAsync(new GetSubscribersQuery(c.Where(), c.Order(), c.ToPageRequest())));
}
