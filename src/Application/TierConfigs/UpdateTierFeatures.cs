using System.Text.Json;
using FluentValidation;
using Mediator;
using Rephlo.Tiers.Domain.Common;
using Rephlo.Tiers.Domain.TierConfigs;

namespace Rephlo.Tiers.Application.TierConfigs;

public sealed record UpdateTierFeaturesCommand(
    string TierName,
    JsonElement Features,
    string Reason,
    int? ExpectedVersion,
    Guid ChangedBy,
    string? ChangedByName = null) : ICommand<Result<TierChangeResult>>, ITierChangeCommand;

public sealed class UpdateTierFeaturesValidator : AbstractValidator<UpdateTierFeaturesCommand>
{
    public UpdateTierFeaturesValidator()
    {
        TierChangeValidation.AddCommonRules(this);
        RuleFor(c => c.Features).Custom((features, context) =>
        {
            var result = TierFeatures.Canonicalize(features);
            if (!result.IsSuccess)
            {
                context.AddFailure(TierFeatures.Field, result.Errors[0].Message);
            }
        });
    }
}

public sealed class UpdateTierFeaturesHandler(TierChangeWriter writer) : ICommandHandler<UpdateTierFeaturesCommand, Result<TierChangeResult>>
{
    public async ValueTask<Result<TierChangeResult>> Handle(UpdateTierFeaturesCommand command, CancellationToken cancellationToken)
    {
        var canonical = TierFeatures.Canonicalize(command.Features);
        if (!canonical.IsSuccess)
        {
            return Result<TierChangeResult>.Failure(canonical.Errors);
        }

        return await writer.ExecuteAsync(
            command,
            (tier, context) => Task.FromResult(tier.ChangeFeatures(canonical.Value, context)),
            cancellationToken);
    }
}
