using FluentValidation;
using Mapster;
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

    /// <summary>Their name, or email, from the token (recorded beside the id; may be absent).</summary>
    string? ChangedByName { get; }
}

/// <summary>
/// Runs one change of one tier: locks the tier, lets the aggregate decide, and writes the tier,
/// its history row and version snapshot, the rollout it planned (if any) and the cancellation of
/// the rollouts it superseded, in one transaction. A refused change writes nothing.
/// </summary>
public sealed class TierChangeWriter(ITiersDbContext db, IIdGenerator ids, TimeProvider clock, ITierEventBus events, IRolloutSignal rollouts, TypeAdapterConfig mapping)
{
    public async Task<Result<TierChangeResult>> ExecuteAsync(
        ITierChangeCommand command,
        Func<TierConfig, ChangeContext, Task<Result<TierChange>>> change,
        CancellationToken cancellationToken)
    {
        await using var scope = await db.BeginTierWriteAsync(command.TierName, cancellationToken);
        if (scope.Tier is not { } tier)
        {
            return new TierNotFoundError(command.TierName);
        }

        var context = new ChangeContext(command.Reason.Trim(), command.ChangedBy, clock.GetUtcNow(), command.ExpectedVersion, ids.NewId, command.ChangedByName);
        var result = await change(tier, context);
        if (!result.IsSuccess)
        {
            return Result<TierChangeResult>.Failure(result.Errors);
        }

        var accepted = result.Value;
        db.TierConfigHistory.Add(accepted.History);
        db.TierConfigVersions.Add(accepted.Version);
        if (accepted.Rollout is { } planned)
        {
            // Same transaction: a change to apply to existing users is never committed without its rollout.
            db.TierRollouts.Add(planned);
        }

        // A change that lowers the tier's credits cancels, in this transaction, the pending and
        // running rollouts that would raise subscribers above it (locked after the tier's row).
        var superseded = accepted.History.NewCredits < accepted.History.PreviousCredits
            ? TierConfig.SupersedeRollouts(accepted, await db.LockOpenRolloutsAsync(tier.Id, cancellationToken))
            : [];

        await db.SaveChangesAsync(cancellationToken);
        await scope.CommitAsync(cancellationToken);

        var committed = new TierChangeResult(
            accepted.Tier.Adapt<TierConfig, TierConfigDto>(mapping),
            accepted.History.Adapt<TierConfigHistory, TierConfigHistoryDto>(mapping),
            accepted.Rollout is null ? null : accepted.Rollout.Adapt<TierRollout, TierRolloutDto>(mapping),
            [.. accepted.Warnings, .. superseded.Select(s => s.Warning)]);

        // Only after the commit: a refused or rolled-back change publishes nothing.
        if (committed.Rollout is not null)
        {
            rollouts.Notify();
            events.Publish(committed.Rollout);
        }

        foreach (var (rollout, _) in superseded)
        {
            events.Publish(rollout.Adapt<TierRollout, TierRolloutDto>(mapping));
        }

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
            .MaximumLength(TierRules.MaxTierNameLength).WithMessage($"The tier name is at most {TierRules.MaxTierNameLength} characters.");
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

    /// <summary>A scheduled rollout time: in the future and at most 365 days ahead (when given).</summary>
    public static void MustBeAValidRolloutTime<T>(this IRuleBuilder<T, DateTimeOffset?> rule, TimeProvider clock)
    {
        rule.Must(at => at is null || at > clock.GetUtcNow())
            .WithMessage("The scheduled rollout time must be in the future.")
            .Must(at => at is null || at <= clock.GetUtcNow().AddDays(TierRules.MaxScheduleDaysAhead))
            .WithMessage($"The scheduled rollout time may be at most {TierRules.MaxScheduleDaysAhead} days ahead.");
    }
}
