using Mediator;
using Microsoft.EntityFrameworkCore;
using Rephlo.Tiers.Application.Common.Abstractions;
using Rephlo.Tiers.Application.Common.Querying;
using Rephlo.Tiers.Application.TierConfigs;
using Rephlo.Tiers.Domain.Rollouts;

namespace Rephlo.Tiers.Application.Rollouts;

public sealed record GetTierRolloutsQuery(Filter? Where, IReadOnlyList<SortField>? Order, PageRequest Paging) : IQuery<Page<TierRolloutDto>>, IFilteredQuery;

public sealed class GetTierRolloutsHandler(ITiersDbContext db) : IQueryHandler<GetTierRolloutsQuery, Page<TierRolloutDto>>
{
    public static readonly QueryFields<TierRollout> Fields = new QueryFields<TierRollout>()
        .Add("tierName", r => r.TierName)
        .Add("status", r => r.Status)
        .Add("scheduledFor", r => r.ScheduledFor)
        .Add("createdAt", r => r.CreatedAt);

    private static readonly SortField[] DefaultOrder = [new("createdAt", SortDirection.Descending)];

    public async ValueTask<Page<TierRolloutDto>> Handle(GetTierRolloutsQuery query, CancellationToken cancellationToken) =>
        await db.TierRollouts.AsNoTracking()
            .Where(query.Where, Fields)
            .KeysetBy(query.Order, Fields, DefaultOrder, r => r.Id)
            .ToPageAsync(query.Paging, TierRolloutDto.Projection, cancellationToken);
}

public sealed record GetTierRolloutQuery(Guid Id) : IQuery<TierRolloutDto?>;

public sealed class GetTierRolloutHandler(ITiersDbContext db) : IQueryHandler<GetTierRolloutQuery, TierRolloutDto?>
{
    public async ValueTask<TierRolloutDto?> Handle(GetTierRolloutQuery query, CancellationToken cancellationToken) =>
        await db.TierRollouts.AsNoTracking().Where(r => r.Id == query.Id).Select(TierRolloutDto.Projection).SingleOrDefaultAsync(cancellationToken);
}

/// <summary>
/// Every rollout of each given history entry, oldest first (batched for the data loader; served
/// by the (history_entry_id, created_at) index). The last one is the entry's latest rollout.
/// </summary>
public sealed record GetRolloutsByHistoryQuery(IReadOnlyCollection<Guid> HistoryEntryIds) : IQuery<ILookup<Guid, TierRolloutDto>>;

public sealed class GetRolloutsByHistoryHandler(ITiersDbContext db) : IQueryHandler<GetRolloutsByHistoryQuery, ILookup<Guid, TierRolloutDto>>
{
    public async ValueTask<ILookup<Guid, TierRolloutDto>> Handle(GetRolloutsByHistoryQuery query, CancellationToken cancellationToken)
    {
        var rollouts = await db.TierRollouts.AsNoTracking()
            .Where(r => query.HistoryEntryIds.Contains(r.HistoryEntryId))
            .OrderBy(r => r.HistoryEntryId).ThenBy(r => r.CreatedAt).ThenBy(r => r.Id)
            .Select(TierRolloutDto.Projection)
            .ToListAsync(cancellationToken);
        return rollouts.ToLookup(r => r.HistoryEntryId);
    }
}
