using FluentValidation;
using Mediator;
using Rephlo.Tiers.Domain.Common;
using Rephlo.Tiers.Domain.TierConfigs;

namespace Rephlo.Tiers.Application.TierConfigs;

public sealed record UpdateTierCreditsCommand(
    string TierName,
    int NewCredits,
    string Reason,
    bool ApplyToExistingUsers,
    DateTimeOffset? ScheduledRolloutAt,
    int? ExpectedVersion,
    Guid ChangedBy,
    string? ChangedByName = null) : ICommand<Result<TierChangeResult>>, ITierChangeCommand;

public sealed class UpdateTierCreditsValidator : AbstractValidator<UpdateTierCreditsCommand>
{
    public UpdateTierCreditsValidator(TimeProvider clock)
    {
        TierChangeValidation.AddCommonRules(this);
        RuleFor(c => c.NewCredits)
            .Must(TierRules.IsValidCredits)
            .WithMessage($"Credits must be a multiple of {TierRules.CreditStep} between {TierRules.MinCredits} and {TierRules.MaxCredits:N0}.");
        RuleFor(c => c.ScheduledRolloutAt)
            .Must((command, at) => command.ApplyToExistingUsers)
            .When(c => c.ScheduledRolloutAt is not null)
            .WithMessage("A scheduled rollout time is only meaningful with applyToExistingUsers: true.");
        RuleFor(c => c.ScheduledRolloutAt).MustBeAValidRolloutTime(clock);
    }
}

public sealed class UpdateTierCreditsHandler(TierChangeWriter writer) : ICommandHandler<UpdateTierCreditsCommand, Result<TierChangeResult>>
{
    public async ValueTask<Result<TierChangeResult>> Handle(UpdateTierCreditsCommand command, CancellationToken cancellationToken) =>
        await writer.ExecuteAsync(
            command,
            (tier, context) => Task.FromResult(tier.ChangeCredits(command.NewCredits, command.ApplyToExistingUsers, command.ScheduledRolloutAt?.ToUniversalTime(), context)),
            cancellationToken);
}
