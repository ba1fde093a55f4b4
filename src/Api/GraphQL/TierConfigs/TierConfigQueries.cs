using GraphQL;
using GraphQL.Types;
using Rephlo.Tiers.Api.GraphQL.Common;
using Rephlo.Tiers.Application.TierConfigs;

namespace Rephlo.Tiers.Api.GraphQL.TierConfigs;

/// <summary>The tier catalogue, its history and the preview of a credit change on <c>Query</c>.</summary>
public static class TierConfigQueries
{
    public static void AddTierConfigQueries(this ObjectGraphType query)
    {
        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<TierConfigType>>>>("tierConfigs")
            .Description("All tiers, active and inactive; sorted by rank unless ordered otherwise.")
            .Argument<TierConfigFilterInputType>("where")
            .Argument<ListGraphType<NonNullGraphType<TierConfigSortInputType>>>("order")
            .ResolveAsync(async c => await c.SendQueryAsync(new GetTierConfigsQuery(c.Where(), c.Order())));

        query.Field<TierConfigType>("tierConfig")
            .Argument<NonNullGraphType<StringGraphType>>("tierName")
            .ResolveAsync(async c => await c.SendQueryAsync(new GetTierConfigQuery(c.GetArgument<string>("tierName"))));

        query.Field<NonNullGraphType<TierConfigHistoryConnectionType>>("tierHistory")
            .Description("Every accepted change of every tier; newest first unless ordered otherwise.")
            .AuthorizeWithRoles(ResolverExtensions.AdminRole)
            .Arguments(PagingArguments.Both())
            .Argument<TierConfigHistoryFilterInputType>("where")
            .Argument<ListGraphType<NonNullGraphType<TierConfigHistorySortInputType>>>("order")
            .ResolveAsync(async c => await c.SendQueryAsync(new GetTierHistoryQuery(c.Where(), c.Order(), c.ToPageRequest())));

        query.Field<NonNullGraphType<TierChangePreviewPayloadType>>("tierChangePreview")
            .Description("Dry run of a credit change; writes nothing.")
            .AuthorizeWithRoles(ResolverExtensions.AdminRole)
            .Argument<NonNullGraphType<PreviewTierCreditChangeInputType>>("input")
            .ResolveAsync(async c => Payload<TierChangePreviewDto>.From(await c.SendQueryAsync(c.GetArgument<PreviewTierCreditChangeQuery>("input"))));
    }
}
