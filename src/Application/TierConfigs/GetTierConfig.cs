using Mapster;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Rephlo.Tiers.Application.Common.Abstractions;
using Rephlo.Tiers.Application.Common.Mapping;
using Rephlo.Tiers.Domain.TierConfigs;

namespace Rephlo.Tiers.Application.TierConfigs;

public sealed record GetTierConfigQuery(string TierName) : IQuery<TierConfigDto?>;

public sealed class GetTierConfigHandler(ITiersDbContext db, TypeAdapterConfig mapping) : IQueryHandler<GetTierConfigQuery, TierConfigDto?>
{
    public async ValueTask<TierConfigDto?> Handle(GetTierConfigQuery query, CancellationToken cancellationToken) =>
        await db.TierConfigs.AsNoTracking()
            .Where(t => t.TierName == query.TierName)
            .ProjectToReadModel<TierConfig, TierConfigDto>(mapping)
            .SingleOrDefaultAsync(cancellationToken);
}
