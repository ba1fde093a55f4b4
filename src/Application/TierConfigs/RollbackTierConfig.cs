using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Rephlo.Tiers.Application.Common.Abstractions;
using Rephlo.Tiers.Domain.Common;
using Rephlo.Tiers.Domain.TierConfigs;

namespace Rephlo.Tiers.Application.TierConfigs;

public sealed record RollbackTierConfigCommand(
    string TierName,
    int ToVersion,
    string Reason,
    int? ExpectedVersion,
    Guid ChangedBy,
    string? ChangedByName = null) : ICommand<Result<TierChangeResult>>, ITierChangeCommand;

public sealed class RollbackTierConfigValidator : AbstractValidator<RollbackTierConfigCommand>
{
    public RollbackTierConfigValidator()
    {
        TierChangeValidation.AddCommonRules(this);
        RuleFor(c => c.ToVersion).GreaterThanOrEqualTo(1).WithMessage("Versions start at 1.");
    }
}

public sealed class RollbackTierConfigHandler(TierChangeWriter writer, ITiersDbContext db) : ICommandHandler<RollbackTierConfigCommand, Result<TierChangeResult>>
{
    public async ValueTask<Result<TierChangeResult>> Handle(RollbackTierConfigCommand command, CancellationToken cancellationToken) =>
        await writer.ExecuteAsync(
            command,
            async (tier, context) =>
            {
                var target = await db.TierConfigVersions.AsNoTracking()
                    .SingleOrDefaultAsync(v => v.TierConfigId == tier.Id && v.ConfigVersion == command.ToVersion, cancellationToken);
                return target is null
                    ? Result<TierChange>.Failure(new VersionNotFoundError(tier.TierName, command.ToVersion))
                    : tier.RollBackTo(target, context);
            },
            cancellationToken);
}
