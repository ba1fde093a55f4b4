using System.Linq.Expressions;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Rephlo.Tiers.Application.Common.Abstractions;
using Rephlo.Tiers.Application.Common.Querying;
using Rephlo.Tiers.Domain.Credits;

namespace Rephlo.Tiers.Application.Credits;

public sealed record UserCreditsDto(Guid UserId, long Balance);

public sealed record CreditGrantDto(
    Guid Id,
    Guid SubscriptionId,
    int Amount,
    CreditGrantSource Source,
    Guid? RolloutId,
    string? Reason,
    DateTimeOffset PeriodStart,
    DateTimeOffset PeriodEnd,
    DateTimeOffset CreatedAt)
{
    public static readonly Expression<Func<CreditGrant, CreditGrantDto>> Projection = g => new CreditGrantDto(
        g.Id, g.SubscriptionId, g.Amount, g.Source, g.RolloutId, g.Reason, g.PeriodStart, g.PeriodEnd, g.CreatedAt);
}

/// <summary>A user's balance, or null when the user has none.</summary>
public sealed record GetUserCreditsQuery(Guid UserId) : IQuery<UserCreditsDto?>;

public sealed class GetUserCreditsHandler(ITiersDbContext db) : IQueryHandler<GetUserCreditsQuery, UserCreditsDto?>
{
    public async ValueTask<UserCreditsDto?> Handle(GetUserCreditsQuery query, CancellationToken cancellationToken) =>
        await db.CreditBalances.AsNoTracking()
            .Where(b => b.UserId == query.UserId)
            .Select(b => new UserCreditsDto(b.UserId, b.Balance))
            .SingleOrDefaultAsync(cancellationToken);
}

/// <summary>A user's credit ledger, newest first.</summary>
public sealed record GetCreditGrantsQuery(Guid UserId, PageRequest Paging) : IQuery<Page<CreditGrantDto>>;

public sealed class GetCreditGrantsHandler(ITiersDbContext db) : IQueryHandler<GetCreditGrantsQuery, Page<CreditGrantDto>>
{
    private static readonly QueryFields<CreditGrant> Fields = new QueryFields<CreditGrant>().Add("createdAt", g => g.CreatedAt);

    private static readonly SortField[] DefaultOrder = [new("createdAt", SortDirection.Descending)];

    public async ValueTask<Page<CreditGrantDto>> Handle(GetCreditGrantsQuery query, CancellationToken cancellationToken) =>
        await db.CreditGrants.AsNoTracking()
            .Where(g => g.UserId == query.UserId)
            .KeysetBy(null, Fields, DefaultOrder, g => g.Id)
            .ToPageAsync(query.Paging, CreditGrantDto.Projection, cancellationToken);
}
