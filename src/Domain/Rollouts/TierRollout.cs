using System.Linq.Expressions;
using Rephlo.Tiers.Domain.Common;
using Rephlo.Tiers.Domain.TierConfigs;

namespace Rephlo.Tiers.Domain.Rollouts;

/// <summary>
/// The delivery of one credit increase to a tier's existing subscribers. Its target is fixed at
/// creation: later changes of the tier do not alter it. Several may exist per history entry (a
/// cancelled or failed one can be applied again) and per tier.
/// </summary>
/// <remarks>
/// Lifecycle: <c>PENDING → RUNNING → COMPLETED</c>, or <c>FAILED</c> after the last attempt, or
/// <c>CANCELLED</c> from pending or running — by an administrator (<see cref="Cancel"/>) or by a
/// later change that leaves the tier's credits below the target (<see cref="Supersede"/>). A
/// cancelled running rollout keeps its lease: its runner stops at the next batch boundary and
/// releases it. Claiming, batches and completion are set-based SQL in the rollout engine.
/// </remarks>
public sealed class TierRollout
{
    private TierRollout()
    {
        TierName = string.Empty;
    }

    /// <summary>Pending or running: the rollout may still raise subscribers (SQL-translatable).</summary>
    public static readonly Expression<Func<TierRollout, bool>> IsOpenRule =
        r => r.Status == RolloutStatus.Pending || r.Status == RolloutStatus.Running;

    public Guid Id { get; private set; }

    public Guid TierConfigId { get; private set; }

    public string TierName { get; private set; }

    public Guid HistoryEntryId { get; private set; }

    public int FromCredits { get; private set; }

    public int ToCredits { get; private set; }

    /// <summary>Null = start as soon as possible.</summary>
    public DateTimeOffset? ScheduledFor { get; private set; }

    public RolloutStatus Status { get; private set; }

    public int EligibleCount { get; private set; }

    public int UpgradedCount { get; private set; }

    public int SkippedCount { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? StartedAt { get; private set; }

    public DateTimeOffset? CompletedAt { get; private set; }

    public string? FailureReason { get; private set; }

    /// <summary>Progress marker: every subscription with a smaller id has been processed.</summary>
    public Guid? ProcessedThrough { get; private set; }

    /// <summary>The runner instance holding the rollout while it runs (null when none).</summary>
    public string? LeaseOwner { get; private set; }

    /// <summary>Until when the owner's claim holds; an expired lease lets another instance resume.</summary>
    public DateTimeOffset? LeaseExpiresAt { get; private set; }

    /// <summary>How many times a runner has claimed the rollout (bounded; then FAILED).</summary>
    public int Attempts { get; private set; }

    /// <summary>The administrator who asked for the rollout (the change's author, or who applied it later).</summary>
    public Guid? RequestedBy { get; private set; }

    /// <summary>Their name or email from the token, recorded at request time.</summary>
    public string? RequestedByName { get; private set; }

    /// <summary>Why the rollout was asked for (the change reason, or the reason given to apply it later).</summary>
    public string? RequestReason { get; private set; }

    public Guid? CancelledBy { get; private set; }

    public string? CancelledByName { get; private set; }

    public DateTimeOffset? CancelledAt { get; private set; }

    public string? CancelReason { get; private set; }

    /// <summary>The history entry whose change cancelled this rollout (its credits fell below the target).</summary>
    public Guid? SupersededByHistoryEntryId { get; private set; }

    public bool IsOpen => Status is RolloutStatus.Pending or RolloutStatus.Running;

    public bool IsFinished => Status is RolloutStatus.Completed or RolloutStatus.Cancelled or RolloutStatus.Failed;

    /// <summary>
    /// Plans the delivery of a history entry's new credits to existing subscribers (pending; null
    /// <paramref name="scheduledFor"/> = as soon as possible). Only a change that raised credits has one.
    /// </summary>
    public static TierRollout Plan(
        Guid id,
        TierConfigHistory entry,
        DateTimeOffset? scheduledFor,
        Guid requestedBy,
        string? requestedByName,
        string reason,
        DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (entry.NewCredits <= entry.PreviousCredits)
        {
            throw new ArgumentException("Only a change that raised credits can be rolled out to existing subscribers.", nameof(entry));
        }

        return new TierRollout
        {
            Id = id,
            TierConfigId = entry.TierConfigId,
            TierName = entry.TierName,
            HistoryEntryId = entry.Id,
            FromCredits = entry.PreviousCredits,
            ToCredits = entry.NewCredits,
            ScheduledFor = scheduledFor,
            Status = RolloutStatus.Pending,
            CreatedAt = now,
            RequestedBy = requestedBy,
            RequestedByName = TierRules.NormalizeName(requestedByName),
            RequestReason = reason.Trim(),
        };
    }

    /// <summary>
    /// Cancels a pending or running rollout. A running one keeps its lease: its runner sees the
    /// status at the next batch boundary, stops there and releases the lease itself.
    /// </summary>
    public Result<TierRollout> Cancel(Guid by, string? byName, string reason, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(reason);
        if (!IsOpen)
        {
            return new RolloutNotCancellableError(Status);
        }

        Status = RolloutStatus.Cancelled;
        CompletedAt = now;
        CancelledAt = now;
        CancelledBy = by;
        CancelledByName = TierRules.NormalizeName(byName);
        CancelReason = reason.Trim();
        return this;
    }

    /// <summary>
    /// Cancels this rollout because <paramref name="entry"/> left the tier's credits below its
    /// target (a rollback or a decrease): raising subscribers above the tier would be wrong.
    /// </summary>
    public Result<TierRollout> Supersede(TierConfigHistory entry, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (entry.TierConfigId != TierConfigId || entry.NewCredits >= ToCredits)
        {
            throw new ArgumentException("Only a change of the same tier to credits below the target supersedes a rollout.", nameof(entry));
        }

        var change = entry.ChangeType switch
        {
            TierChangeType.Rollback => "rollback",
            TierChangeType.CreditDecrease => "credit decrease",
            _ => "change",
        };
        var reason = $"Superseded by the {change} to {entry.NewCredits} credits (version {entry.ConfigVersion}, history entry {entry.Id}): the tier is now below this rollout's target of {ToCredits}.";
        var cancelled = Cancel(entry.ChangedBy, entry.ChangedByName, reason, now);
        if (cancelled.IsSuccess)
        {
            SupersededByHistoryEntryId = entry.Id;
        }

        return cancelled;
    }
}
