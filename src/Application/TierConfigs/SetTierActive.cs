using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Rephlo.Tiers.Application.Common.Abstractions;
using Rephlo.Tiers.Domain.Common;
using Rephlo.Tiers.Domain.Subscriptions;

namespace Rephlo.Tiers.Application.TierConfigs;

public sealed record SetTierActiveCommand(
    string TierName,
    bool IsActive,
    string Reason,
    int? ExpectedVersion,
    Guid ChangedBy,
    string? ChangedByName = null) : ICommand<Result<TierChangeResult>>, ITierChangeCommand;

public sealed class SetTierActiveValidator : AbstractValidator<SetTierActiveCommand>
{
    public SetTierActiveValidator() => TierChangeValidation.AddCommonRules(this);
}

public sealed class SetTierActiveHandler(TierChangeWriter writer, ITiersDbContext db) : ICommandHandler<SetTierActiveCommand, Result<TierChangeResult>>
{
    public async ValueTask<Result<TierChangeResult>> Handle(SetTierActiveCommand command, CancellationToken cancellationToken) =>
        await writer.ExecuteAsync(
            command,
            async (tier, context) =>
            {
                var active = await db.Subscriptions.CountAsync(s => s.TierConfigId == tier.Id && s.Status == Subscription.EligibleStatus, cancellationToken);
                return tier.SetActive(command.IsActive, active, context);
            },
            cancellationToken);
}
