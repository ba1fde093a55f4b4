using Mapster;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Rephlo.Tiers.Application.Common.Abstractions;
using Rephlo.Tiers.Application.Common.Mapping;
using Rephlo.Tiers.Domain.Rollouts;
using Rephlo.Tiers.Domain.TierConfigs;

namespace Rephlo.Tiers.Application.TierConfigs;

/// <summary>Rollouts of the given tiers that are not finished (pending or running), oldest first (batched).</summary>
public sealed record GetPendingRolloutsQuery(IReadOnlyCollection<Guid> TierConfigIds) : IQuery<ILookup<Guid, TierRolloutDto>>;

public sealed class GetPendingRolloutsHandler(ITiersDbContext db, TypeAdapterConfig mapping) : IQueryHandler<GetPendingRolloutsQuery, ILookup<Guid, TierRolloutDto>>
{
    public async ValueTask<ILookup<Guid, TierRolloutDto>> Handle(GetPendingRolloutsQuery query, CancellationToken cancellationToken)
    {
        var rollouts = await db.TierRollouts.AsNoTracking()
            .Where(r => query.TierConfigIds.Contains(r.TierConfigId) && (r.Status == RolloutStatus.Pending || r.Status == RolloutStatus.Running))
            .OrderBy(r => r.CreatedAt).ThenBy(r => r.Id)
            .ProjectToReadModel<TierRollout, TierRolloutDto>(mapping)
            .ToListAsync(cancellationToken);
        return rollouts.ToLookup(r => r.TierConfigId);
    }
}
