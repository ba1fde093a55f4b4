using Mapster;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Rephlo.Tiers.Application.Common.Abstractions;
using Rephlo.Tiers.Application.Common.Mapping;
using Rephlo.Tiers.Domain.TierConfigs;

namespace Rephlo.Tiers.Application.TierConfigs;

/// <summary>Every version of the given tiers, oldest first (batched for the GraphQL data loader).</summary>
public sealed record GetTierVersionsQuery(IReadOnlyCollection<Guid> TierConfigIds) : IQuery<ILookup<Guid, TierConfigVersionDto>>;

public sealed class GetTierVersionsHandler(ITiersDbContext db, TypeAdapterConfig mapping) : IQueryHandler<GetTierVersionsQuery, ILookup<Guid, TierConfigVersionDto>>
{
    public async ValueTask<ILookup<Guid, TierConfigVersionDto>> Handle(GetTierVersionsQuery query, CancellationToken cancellationToken)
    {
        var versions = await db.TierConfigVersions.AsNoTracking()
            .Where(v => query.TierConfigIds.Contains(v.TierConfigId))
            .OrderBy(v => v.TierConfigId).ThenBy(v => v.ConfigVersion)
            .ProjectToReadModel<TierConfigVersion, TierConfigVersionDto>(mapping)
            .ToListAsync(cancellationToken);
        return versions.ToLookup(v => v.TierConfigId);
    }
}
