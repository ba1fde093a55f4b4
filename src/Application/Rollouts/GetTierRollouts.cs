using Mapster;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Rephlo.Tiers.Application.Common.Abstractions;
using Rephlo.Tiers.Application.Common.Querying;
using Rephlo.Tiers.Application.TierConfigs;
using Rephlo.Tiers.Domain.Rollouts;

namespace Rephlo.Tiers.Application.Rollouts;

public sealed record GetTierRolloutsQuery(Filter? Where, IReadOnlyList<SortField>? Order, PageRequest Paging) : IQuery<Page<TierRolloutDto>>, IFilteredQuery;

public sealed class GetTierRolloutsHandler(ITiersDbContext db, TypeAdapterConfig mapping) : IQueryHandler<GetTierRolloutsQuery, Page<TierRolloutDto>>
{
    public static readonly QueryFields<TierRollout> Fields = new QueryFields<TierRollout>()
        .Add("createdAt", r => r.CreatedAt, FieldUse.Sort)
        .Add("scheduledFor", r => r.ScheduledFor)
        .Add("tierName", r => r.TierName)
        .Add("status", r => r.Status, FieldUse.Filter);

    private static readonly SortField[] DefaultOrder = [new("createdAt", SortDirection.Descending)];

    public async ValueTask<Page<TierRolloutDto>> Handle(GetTierRolloutsQuery query, CancellationToken cancellationToken) =>
        await db.TierRollouts.AsNoTracking()
            .Where(query.Where, Fields)
            .KeysetBy(query.Order, Fields, DefaultOrder, r => r.Id)
            .ToPageAsync<TierRolloutDto>(query.Paging, mapping, cancellationToken);
}
