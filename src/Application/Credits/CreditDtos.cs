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
    DateTimeOffset CreatedAt);
