using Mapster;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Rephlo.Tiers.Application.Common.Abstractions;
using Rephlo.Tiers.Application.Common.Mapping;
using Rephlo.Tiers.Application.Common.Querying;
using Rephlo.Tiers.Domain.TierConfigs;

namespace Rephlo.Tiers.Application.TierConfigs;

/// <summary>All tiers, active and inactive, filtered and sorted in SQL (default: catalogue rank).</summary>
public sealed record GetTierConfigsQuery(Filter? Where, IReadOnlyList<SortField>? Order) : IQuery<IReadOnlyList<TierConfigDto>>, IFilteredQuery;

public sealed class GetTierConfigsHandler(ITiersDbContext db, TypeAdapterConfig mapping) : IQueryHandler<GetTierConfigsQuery, IReadOnlyList<TierConfigDto>>
{
    public static readonly QueryFields<TierConfig> Fields = new QueryFields<TierConfig>()
        .Add("rank", t => t.Rank, FieldUse.Sort)
        .Add("tierName", t => t.TierName)
        .Add("isActive", t => t.IsActive, FieldUse.Filter)
        .Add("monthlyCreditAllocation", t => t.MonthlyCreditAllocation)
        .Add("monthlyPriceUsd", t => t.MonthlyPriceUsd)
        .Add("configVersion", t => t.ConfigVersion, FieldUse.Filter)
        .Add("lastModifiedAt", t => t.LastModifiedAt, FieldUse.Sort);

    private static readonly SortField[] DefaultOrder = [new("rank", SortDirection.Ascending)];

    public async ValueTask<IReadOnlyList<TierConfigDto>> Handle(GetTierConfigsQuery query, CancellationToken cancellationToken)
    {
        // The catalogue as most callers ask for it (no filter, default order): a fixed query
        // shape, so no expression is built for it per request.
        if (query.Where is null && query.Order is not { Count: > 0 })
        {
            return await db.TierConfigs.AsNoTracking().OrderBy(t => t.Rank).ThenBy(t => t.Id).ProjectToReadModel<TierConfig, TierConfigDto>(mapping).ToListAsync(cancellationToken);
        }

        return await db.TierConfigs.AsNoTracking()
            .Where(query.Where, Fields)
            .OrderBy(query.Order, Fields, DefaultOrder, t => t.Id)
            .ProjectToReadModel<TierConfig, TierConfigDto>(mapping)
            .ToListAsync(cancellationToken);
    }
}
