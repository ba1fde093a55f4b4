using System.Linq.Expressions;
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
