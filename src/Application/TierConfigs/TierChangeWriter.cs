using FluentValidation;
using Rephlo.Tiers.Application.Common.Abstractions;
using Rephlo.Tiers.Domain.Common;
using Rephlo.Tiers.Domain.Rollouts;
using Rephlo.Tiers.Domain.TierConfigs;

namespace Rephlo.Tiers.Application.TierConfigs;

/// <summary>The fields every tier-changing command carries.</summary>
public interface ITierChangeCommand
{
    string TierName { get; }

    string Reason { get; }

    int? ExpectedVersion { get; }

    /// <summary>The administrator making the change (the token's subject).</summary>
    Guid ChangedBy { get; }
}

/// <summary>
/// Runs one change of one tier: locks the tier, lets the aggregate decide, and writes the tier,
/// its history row and version snapshot (and rollout, if any) in one transaction.
/// A refused change writes nothing.
/// </summary>
public sealed class TierChangeWriter(ITiersDbContext db, IIdGenerator ids, TimeProvider clock, ITierEventBus events, IRolloutSignal rollouts)
{
    public async Task<Result<TierChangeResult>> ExecuteAsync(
        ITierChangeCommand command,
        Func<TierConfig, ChangeContext, Task<Result<TierChange>>> change,
        CancellationToken cancellationToken,
        DateTimeOffset? scheduledRolloutAt = null)
    {
        await using var scope = await db.BeginTierWriteAsync(command.TierName, cancellationToken);
        if (scope.Tier is not { } tier)
        {
            return new TierNotFoundError(command.TierName);
        }

        var context = new ChangeContext(command.Reason.Trim(), command.ChangedBy, clock.GetUtcNow(), command.ExpectedVersion, ids.NewId);
        var result = await change(tier, context);
        if (!result.IsSuccess)
        {
            return Result<TierChangeResult>.Failure(result.Errors);
        }

        var accepted = result.Value;
        db.TierConfigHistory.Add(accepted.History);
        db.TierConfigVersions.Add(accepted.Version);
        var rollout = accepted.RequiresRollout ? TierRollout.Plan(ids.NewId(), accepted, scheduledRolloutAt) : null;
        if (rollout is not null)
        {
            // Same transaction: a change to apply to existing users is never committed without its rollout.
            db.TierRollouts.Add(rollout);
        }

        await db.SaveChangesAsync(cancellationToken);
        await scope.CommitAsync(cancellationToken);

        var committed = new TierChangeResult(
            TierConfigDto.From(accepted.Tier),
            TierConfigHistoryDto.From(accepted.History),
            rollout is null ? null : TierRolloutDto.From(rollout),
            accepted.Warnings);
        if (rollout is not null)
        {
            rollouts.Notify();
            events.Publish(committed.Rollout!);
        }

        // Only after the commit: a refused or rolled-back change publishes nothing.
        events.Publish(new TierConfigChangedEvent(committed.TierConfig, committed.HistoryEntry));
        return committed;
    }
}

/// <summary>Validation shared by every tier-changing command.</summary>
public static class TierChangeValidation
{
    public static void AddCommonRules<T>(AbstractValidator<T> validator)
        where T : ITierChangeCommand
    {
        validator.RuleFor(c => c.TierName)
            .NotEmpty().WithMessage("The tier name is required.")
            .MaximumLength(64).WithMessage("The tier name is at most 64 characters.");
        validator.RuleFor(c => c.Reason).MustBeAValidReason();
        validator.RuleFor(c => c.ExpectedVersion)
            .GreaterThanOrEqualTo(1).When(c => c.ExpectedVersion is not null)
            .WithMessage("The expected version is 1 or more.");
        validator.RuleFor(c => c.ChangedBy)
            .NotEqual(Guid.Empty).WithMessage("The administrator's user id is required.");
    }

    /// <summary>10 to 500 characters after trimming (every audited change and cancellation).</summary>
    public static IRuleBuilderOptions<T, string> MustBeAValidReason<T>(this IRuleBuilder<T, string> rule) =>
        rule.Must(TierRules.IsValidReason)
            .WithMessage($"The reason must be {TierRules.MinReasonLength} to {TierRules.MaxReasonLength} characters (spaces at either end do not count).");
}
