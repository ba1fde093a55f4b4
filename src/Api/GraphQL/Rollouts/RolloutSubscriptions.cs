using GraphQL;
using GraphQL.Types;
using Rephlo.Tiers.Api.GraphQL.Common;
using Rephlo.Tiers.Application.Common.Abstractions;

namespace Rephlo.Tiers.Api.GraphQL.Rollouts;

/// <summary>Progress of rollouts on <c>Subscription</c>.</summary>
public static class RolloutSubscriptions
{
    public static void AddRolloutSubscriptions(this ObjectGraphType subscription) =>
        subscription.Field<NonNullGraphType<TierRolloutType>>("tierRolloutProgress")
            .Description("Status and counts of rollouts (optionally one rollout, or one tier's).")
            .AuthorizeWithRoles(ResolverExtensions.AdminRole)
            .Argument<IdGraphType>("rolloutId")
            .Argument<StringGraphType>("tierName")
            .ResolveStream(c =>
            {
                var rolloutId = c.GetArgument<string?>("rolloutId");
                var tierName = c.GetArgument<string?>("tierName");
                return c.RequestServices!.GetRequiredService<ITierEventBus>().RolloutProgress
                    .Where(r => (rolloutId is null || string.Equals(r.Id.ToString(), rolloutId, StringComparison.OrdinalIgnoreCase))
                        && (tierName is null || r.TierName == tierName));
            });
}
