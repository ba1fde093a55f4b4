using Mapster;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Rephlo.Tiers.Application.Common.Abstractions;
using Rephlo.Tiers.Application.Common.Mapping;
using Rephlo.Tiers.Domain.Credits;

namespace Rephlo.Tiers.Application.Credits;

/// <summary>A user's balance, or null when the user has none.</summary>
public sealed record GetUserCreditsQuery(Guid UserId) : IQuery<UserCreditsDto?>;

public sealed class GetUserCreditsHandler(ITiersDbContext db, TypeAdapterConfig mapping) : IQueryHandler<GetUserCreditsQuery, UserCreditsDto?>
{
    public async ValueTask<UserCreditsDto?> Handle(GetUserCreditsQuery query, CancellationToken cancellationToken) =>
        await db.CreditBalances.AsNoTracking()
            .Where(b => b.UserId == query.UserId)
            .ProjectToReadModel<CreditBalance, UserCreditsDto>(mapping)
            .SingleOrDefaultAsync(cancellationToken);
}
