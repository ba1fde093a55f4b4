using Mediator;
using Microsoft.EntityFrameworkCore;
using Rephlo.Tiers.Application.Common.Abstractions;
using Rephlo.Tiers.Application.TierConfigs;

namespace Rephlo.Tiers.Application.Rollouts;

public sealed record GetTierRolloutQuery(Guid Id) : IQuery<TierRolloutDto?>;

public sealed class GetTierRolloutHandler(ITiersDbContext db) : IQueryHandler<GetTierRolloutQuery, TierRolloutDto?>
{
    public async ValueTask<TierRolloutDto?> Handle(GetTierRolloutQuery query, CancellationToken cancellationToken) =>
        await db.TierRollouts.AsNoTracking().Where(r => r.Id == query.Id).Select(TierRolloutDto.Projection).SingleOrDefaultAsync(cancellationToken);
}
