using GraphQL;
using GraphQL.Types;
using Rephlo.Tiers.Api.GraphQL.Common;
using Rephlo.Tiers.Application.Rollouts;

namespace Rephlo.Tiers.Api.GraphQL.Rollouts;

/// <summary>Rollouts of credit changes to existing subscribers on <c>Query</c>.</summary>
public static class RolloutQueries
{
    public static void AddRolloutQueries(this ObjectGraphType query)
    {
        query.Field<NonNullGraphType<TierRolloutConnectionType>>("tierRollouts")
            .AuthorizeWithRoles(ResolverExtensions.AdminRole)
            .Arguments(PagingArguments.Forward())
            .Argument<TierRolloutFilterInputType>("where")
            .Argument<ListGraphType<NonNullGraphType<TierRolloutSortInputType>>>("order")
            .ResolveAsync(async c => await c.SendQueryAsync(new GetTierRolloutsQuery(c.Where(), c.Order(), c.ToPageRequest())));

        query.Field<TierRolloutType>("tierRollout")
            .AuthorizeWithRoles(ResolverExtensions.AdminRole)
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .ResolveAsync(async c => Guid.TryParse(c.GetArgument<string>("id"), out var id)
                ? await c.SendQueryAsync(new GetTierRolloutQuery(id))
                : null);
    }
}
