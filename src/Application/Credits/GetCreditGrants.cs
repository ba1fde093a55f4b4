using Mapster;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Rephlo.Tiers.Application.Common.Abstractions;
using Rephlo.Tiers.Application.Common.Querying;
using Rephlo.Tiers.Domain.Credits;

namespace Rephlo.Tiers.Application.Credits;

/// <summary>A user's credit ledger, newest first.</summary>
public sealed record GetCreditGrantsQuery(Guid UserId, PageRequest Paging) : IQuery<Page<CreditGrantDto>>;

public sealed class GetCreditGrantsHandler(ITiersDbContext db, TypeAdapterConfig mapping) : IQueryHandler<GetCreditGrantsQuery, Page<CreditGrantDto>>
{
    private static readonly QueryFields<CreditGrant> Fields = new QueryFields<CreditGrant>().Add("createdAt", g => g.CreatedAt, FieldUse.Sort);

    private static readonly SortField[] DefaultOrder = [new("createdAt", SortDirection.Descending)];

    public async ValueTask<Page<CreditGrantDto>> Handle(GetCreditGrantsQuery query, CancellationToken cancellationToken) =>
        await db.CreditGrants.AsNoTracking()
            .Where(g => g.UserId == query.UserId)
            .KeysetBy(null, Fields, DefaultOrder, g => g.Id)
            .ToPageAsync<CreditGrantDto>(query.Paging, mapping, cancellationToken);
}
