using FluentValidation;
using Mapster;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Rephlo.Tiers.Application.Common.Abstractions;
using Rephlo.Tiers.Application.TierConfigs;
using Rephlo.Tiers.Domain.Common;
using Rephlo.Tiers.Domain.Rollouts;
using Rephlo.Tiers.Domain.TierConfigs;

namespace Rephlo.Tiers.Application.Rollouts;

/// <summary>
/// Applies an earlier credit change to existing subscribers — later, or again: a change made
/// without applyToExistingUsers, or whose rollout was cancelled or failed. Creates a new rollout
/// to the entry's new credits; the tier, its version and the (immutable) history entry stay as they
/// are. An entry still unapplied gets appliedAt from the first of its rollouts that completes.
/// </summary>
public sealed record ApplyTierCreditChangeCommand(
    string HistoryEntryId,
    string Reason,
    DateTimeOffset? ScheduledRolloutAt,
    Guid RequestedBy,
    string? RequestedByName = null) : ICommand<Result<ApplyTierCreditChangeResult>>;

public sealed record ApplyTierCreditChangeResult(TierRolloutDto Rollout, IReadOnlyList<string> Warnings);

public sealed class ApplyTierCreditChangeValidator : AbstractValidator<ApplyTierCreditChangeCommand>
{
    public ApplyTierCreditChangeValidator(TimeProvider clock)
    {
        RuleFor(c => c.HistoryEntryId).NotEmpty().WithMessage("The history entry id is required.");
        RuleFor(c => c.Reason).MustBeAValidReason();
        RuleFor(c => c.ScheduledRolloutAt).MustBeAValidRolloutTime(clock);
        RuleFor(c => c.RequestedBy).NotEqual(Guid.Empty).WithMessage("The administrator's user id is required.");
    }
}

public sealed class ApplyTierCreditChangeHandler(ITiersDbContext db, IIdGenerator ids, TimeProvider clock, ITierEventBus events, IRolloutSignal signal, TypeAdapterConfig mapping)
    : ICommandHandler<ApplyTierCreditChangeCommand, Result<ApplyTierCreditChangeResult>>
{
    public async ValueTask<Result<ApplyTierCreditChangeResult>> Handle(ApplyTierCreditChangeCommand command, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(command.HistoryEntryId, out var entryId))
        {
            return new HistoryEntryNotFoundError(command.HistoryEntryId);
        }

        // History rows never change (except appliedAt), so the entry can be read before the lock.
        var entry = await db.TierConfigHistory.AsNoTracking().SingleOrDefaultAsync(h => h.Id == entryId, cancellationToken);
        if (entry is null)
        {
            return new HistoryEntryNotFoundError(command.HistoryEntryId);
        }

        // The tier's lock serialises this with every change of the tier (and every other rollout
        // request): its current credits and open rollouts cannot move until the commit.
        await using var scope = await db.BeginTierWriteAsync(entry.TierName, cancellationToken);
        var tier = scope.Tier ?? throw new InvalidOperationException($"Tier '{entry.TierName}' of history entry {entry.Id} is missing.");
        var open = await db.TierRollouts.AsNoTracking()
            .Where(r => r.TierConfigId == tier.Id)
            .Where(Domain.Rollouts.TierRollout.IsOpenRule)
            .OrderBy(r => r.CreatedAt).ThenBy(r => r.Id)
            .ToListAsync(cancellationToken);

        var context = new ChangeContext(command.Reason.Trim(), command.RequestedBy, clock.GetUtcNow(), ExpectedVersion: null, ids.NewId, command.RequestedByName);
        var planned = tier.PlanRolloutOf(entry, open, command.ScheduledRolloutAt?.ToUniversalTime(), context);
        if (!planned.IsSuccess)
        {
            return Result<ApplyTierCreditChangeResult>.Failure(planned.Errors);
        }

        var rollout = planned.Value;
        db.TierRollouts.Add(rollout);
        await db.SaveChangesAsync(cancellationToken);
        await scope.CommitAsync(cancellationToken);

        var warnings = new List<string>();
        if (entry.AppliedAt is not null)
        {
            warnings.Add($"History entry {entry.Id} was already applied at {entry.AppliedAt:O}; it keeps its figures, and this rollout reports its own counts.");
        }

        foreach (var earlier in open)
        {
            warnings.Add($"Rollout {earlier.Id} of tier '{tier.TierName}' to {earlier.ToCredits} credits is {earlier.Status.ToString().ToUpperInvariant()}; rollouts of one tier run one after the other.");
        }

        var dto = rollout.Adapt<TierRollout, TierRolloutDto>(mapping);
        signal.Notify();
        events.Publish(dto);
        return new ApplyTierCreditChangeResult(dto, warnings);
    }
}
