using Mapster;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Rephlo.Tiers.Application.Common.Abstractions;
using Rephlo.Tiers.Application.Common.Mapping;
using Rephlo.Tiers.Application.TierConfigs;
using Rephlo.Tiers.Domain.Rollouts;

namespace Rephlo.Tiers.Application.Rollouts;

public sealed record GetTierRolloutQuery(Guid Id) : IQuery<TierRolloutDto?>;

public sealed class GetTierRolloutHandler(ITiersDbContext db, TypeAdapterConfig mapping) : IQueryHandler<GetTierRolloutQuery, TierRolloutDto?>
{
    public async ValueTask<TierRolloutDto?> Handle(GetTierRolloutQuery query, CancellationToken cancellationToken) =>
        await db.TierRollouts.AsNoTracking().Where(r => r.Id == query.Id).ProjectToReadModel<TierRollout, TierRolloutDto>(mapping).SingleOrDefaultAsync(cancellationToken);
}
