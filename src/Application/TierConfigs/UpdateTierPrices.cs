using FluentValidation;
using Mediator;
using Rephlo.Tiers.Domain.Common;
using Rephlo.Tiers.Domain.TierConfigs;

namespace Rephlo.Tiers.Application.TierConfigs;

public sealed record UpdateTierPricesCommand(
    string TierName,
    decimal? NewMonthlyPriceUsd,
    decimal? NewAnnualPriceUsd,
    string Reason,
    int? ExpectedVersion,
    Guid ChangedBy,
    string? ChangedByName = null) : ICommand<Result<TierChangeResult>>, ITierChangeCommand;

public sealed class UpdateTierPricesValidator : AbstractValidator<UpdateTierPricesCommand>
{
    private const string PriceMessage = "Prices are between 0 and 100,000.00 USD with at most 2 decimals.";

    public UpdateTierPricesValidator()
    {
        TierChangeValidation.AddCommonRules(this);
        RuleFor(c => c)
            .Must(c => c.NewMonthlyPriceUsd is not null || c.NewAnnualPriceUsd is not null)
            .WithName("newMonthlyPriceUsd")
            .OverridePropertyName("newMonthlyPriceUsd")
            .WithMessage("Give a new monthly price, a new annual price, or both.");
        RuleFor(c => c.NewMonthlyPriceUsd)
            .Must(p => TierRules.IsValidPrice(p!.Value)).When(c => c.NewMonthlyPriceUsd is not null)
            .WithMessage(PriceMessage);
        RuleFor(c => c.NewAnnualPriceUsd)
            .Must(p => TierRules.IsValidPrice(p!.Value)).When(c => c.NewAnnualPriceUsd is not null)
            .WithMessage(PriceMessage);
    }
}

public sealed class UpdateTierPricesHandler(TierChangeWriter writer) : ICommandHandler<UpdateTierPricesCommand, Result<TierChangeResult>>
{
    public async ValueTask<Result<TierChangeResult>> Handle(UpdateTierPricesCommand command, CancellationToken cancellationToken) =>
        await writer.ExecuteAsync(
            command,
            (tier, context) => Task.FromResult(tier.ChangePrices(command.NewMonthlyPriceUsd, command.NewAnnualPriceUsd, context)),
            cancellationToken);
}
