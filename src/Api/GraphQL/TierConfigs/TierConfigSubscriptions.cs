using GraphQL;
using GraphQL.Types;
using Rephlo.Tiers.Api.GraphQL.Common;
using Rephlo.Tiers.Application.Common.Abstractions;

namespace Rephlo.Tiers.Api.GraphQL.TierConfigs;

/// <summary>Committed changes of tiers on <c>Subscription</c>.</summary>
public static class TierConfigSubscriptions
{
    public static void AddTierConfigSubscriptions(this ObjectGraphType subscription) =>
        subscription.Field<NonNullGraphType<TierConfigChangedEventType>>("tierConfigChanged")
            .Description("Committed changes of tiers (all tiers when tierName is null).")
            .AuthorizeWithRoles(ResolverExtensions.AdminRole)
            .Argument<StringGraphType>("tierName")
            .ResolveStream(c =>
            {
                var tierName = c.GetArgument<string?>("tierName");
                return c.RequestServices!.GetRequiredService<ITierEventBus>().TierConfigChanges
                    .Where(e => tierName is null || e.TierConfig.TierName == tierName);
            });
}
