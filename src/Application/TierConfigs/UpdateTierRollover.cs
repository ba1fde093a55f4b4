using FluentValidation;
using Mediator;
using Rephlo.Tiers.Domain.Common;

namespace Rephlo.Tiers.Application.TierConfigs;

public sealed record UpdateTierRolloverCommand(
    string TierName,
    int MaxCreditRollover,
    string Reason,
    int? ExpectedVersion,
    Guid ChangedBy,
    string? ChangedByName = null) : ICommand<Result<TierChangeResult>>, ITierChangeCommand;

public sealed class UpdateTierRolloverValidator : AbstractValidator<UpdateTierRolloverCommand>
{
    public UpdateTierRolloverValidator()
    {
        TierChangeValidation.AddCommonRules(this);
        RuleFor(c => c.MaxCreditRollover)
            .GreaterThanOrEqualTo(0)
            .WithMessage("Max rollover must not be negative.");
    }
}

/// <summary>The upper bound (12 × monthly credits) depends on the tier, so the aggregate checks it.</summary>
public sealed class UpdateTierRolloverHandler(TierChangeWriter writer) : ICommandHandler<UpdateTierRolloverCommand, Result<TierChangeResult>>
{
    public async ValueTask<Result<TierChangeResult>> Handle(UpdateTierRolloverCommand command, CancellationToken cancellationToken) =>
        await writer.ExecuteAsync(
            command,
            (tier, context) => Task.FromResult(tier.ChangeMaxRollover(command.MaxCreditRollover, context)),
            cancellationToken);
}
