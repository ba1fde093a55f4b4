using Mapster;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Rephlo.Tiers.Application.Common.Abstractions;
using Rephlo.Tiers.Application.Common.Mapping;
using Rephlo.Tiers.Application.TierConfigs;
using Rephlo.Tiers.Domain.Rollouts;

namespace Rephlo.Tiers.Application.Rollouts;

/// <summary>
/// Every rollout of each given history entry, oldest first (batched for the data loader; served
/// by the (history_entry_id, created_at) index). The last one is the entry's latest rollout.
/// </summary>
public sealed record GetRolloutsByHistoryQuery(IReadOnlyCollection<Guid> HistoryEntryIds) : IQuery<ILookup<Guid, TierRolloutDto>>;

public sealed class GetRolloutsByHistoryHandler(ITiersDbContext db, TypeAdapterConfig mapping) : IQueryHandler<GetRolloutsByHistoryQuery, ILookup<Guid, TierRolloutDto>>
{
    public async ValueTask<ILookup<Guid, TierRolloutDto>> Handle(GetRolloutsByHistoryQuery query, CancellationToken cancellationToken)
    {
        var rollouts = await db.TierRollouts.AsNoTracking()
            .Where(r => query.HistoryEntryIds.Contains(r.HistoryEntryId))
            .OrderBy(r => r.HistoryEntryId).ThenBy(r => r.CreatedAt).ThenBy(r => r.Id)
            .ProjectToReadModel<TierRollout, TierRolloutDto>(mapping)
            .ToListAsync(cancellationToken);
        return rollouts.ToLookup(r => r.HistoryEntryId);
    }
}
