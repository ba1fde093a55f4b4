using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Rephlo.Tiers.Application.Common.Abstractions;
using Rephlo.Tiers.Domain.Common;
using Rephlo.Tiers.Domain.Rollouts;
using Rephlo.Tiers.Domain.TierConfigs;

namespace Rephlo.Tiers.Application.TierConfigs;

public enum ChangeDirection
{
    Increase,
    Decrease,
    NoChange,
}

public sealed record TierChangePreviewDto(
    string TierName,
    int CurrentCredits,
    int NewCredits,
    ChangeDirection Direction,
    int ActiveSubscribers,
    int WillUpgrade,
    int WillRemainSame,
    long CreditsAdded,
    decimal EstimatedCostUsd,
    IReadOnlyList<string> Warnings);

/// <summary>Dry run of a credit change: what it would do to existing subscribers. Writes nothing.</summary>
public sealed record PreviewTierCreditChangeQuery(string TierName, int NewCredits, bool ApplyToExistingUsers)
    : IQuery<Result<TierChangePreviewDto>>;

public sealed class PreviewTierCreditChangeValidator : AbstractValidator<PreviewTierCreditChangeQuery>
{
    public PreviewTierCreditChangeValidator()
    {
        RuleFor(q => q.TierName).NotEmpty().WithMessage("The tier name is required.");
        RuleFor(q => q.NewCredits)
            .Must(TierRules.IsValidCredits)
            .WithMessage($"Credits must be a multiple of {TierRules.CreditStep} between {TierRules.MinCredits} and {TierRules.MaxCredits:N0}.");
    }
}

public sealed class PreviewTierCreditChangeHandler(ITiersDbContext db) : IQueryHandler<PreviewTierCreditChangeQuery, Result<TierChangePreviewDto>>
{
    public async ValueTask<Result<TierChangePreviewDto>> Handle(PreviewTierCreditChangeQuery query, CancellationToken cancellationToken)
    {
        var tier = await db.TierConfigs.AsNoTracking()
            .Where(t => t.TierName == query.TierName)
            .Select(t => new { t.Id, t.MonthlyCreditAllocation, t.MaxCreditRollover })
            .SingleOrDefaultAsync(cancellationToken);
        if (tier is null)
        {
            return new TierNotFoundError(query.TierName);
        }

        var direction = query.NewCredits.CompareTo(tier.MonthlyCreditAllocation) switch
        {
            > 0 => ChangeDirection.Increase,
            < 0 => ChangeDirection.Decrease,
            _ => ChangeDirection.NoChange,
        };
        // The change's own refusals, so the preview shows what updateTierCredits would answer.
        var refusals = new List<Error>();
        if (direction == ChangeDirection.Decrease && query.ApplyToExistingUsers)
        {
            refusals.Add(new UpgradePolicyViolationError(
                $"Credits of existing subscribers are never lowered: a decrease ({tier.MonthlyCreditAllocation} → {query.NewCredits}) cannot be applied to existing users."));
        }

        if (direction == ChangeDirection.Decrease && TierRules.RolloverLimitViolation(tier.MaxCreditRollover, query.NewCredits) is { } rollover)
        {
            refusals.Add(new ValidationError("newCredits", rollover));
        }

        if (refusals.Count > 0)
        {
            return Result<TierChangePreviewDto>.Failure(refusals);
        }

        var active = db.Subscriptions.AsNoTracking().Where(RolloutEligibility.Eligible(tier.Id));
        var activeCount = await active.CountAsync(cancellationToken);

        var warnings = new List<string>();
        int willUpgrade = 0;
        long creditsAdded = 0;
        if (direction == ChangeDirection.Increase && query.ApplyToExistingUsers)
        {
            // The rollout's eligibility rule: eligible subscribers whose own allocation is below the target.
            var eligible = db.Subscriptions.AsNoTracking().Where(RolloutEligibility.WillUpgrade(tier.Id, query.NewCredits));
            willUpgrade = await eligible.CountAsync(cancellationToken);
            creditsAdded = willUpgrade == 0
                ? 0
                : await eligible.SumAsync(s => (long)(query.NewCredits - s.MonthlyCreditAllocation), cancellationToken);
        }

        switch (direction)
        {
            case ChangeDirection.NoChange:
                warnings.Add($"The tier already grants {query.NewCredits} credits; the change would be rejected.");
                break;
            case ChangeDirection.Decrease:
                warnings.Add($"A decrease applies to new subscribers only; existing subscribers keep their allocation.");
                break;
            case ChangeDirection.Increase when !query.ApplyToExistingUsers:
                warnings.Add("applyToExistingUsers is false: existing subscribers keep their allocation; only new subscribers get the new credits.");
                break;
        }

        return new TierChangePreviewDto(
            query.TierName,
            tier.MonthlyCreditAllocation,
            query.NewCredits,
            direction,
            activeCount,
            willUpgrade,
            activeCount - willUpgrade,
            creditsAdded,
            creditsAdded * TierRules.CreditValueUsd,
            warnings);
    }
}
