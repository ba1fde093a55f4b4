using Rephlo.Tiers.Domain.Common;
using Rephlo.Tiers.Domain.TierConfigs;

namespace Rephlo.Tiers.Domain.Rollouts;

/// <summary>
/// The delivery of one credit increase to a tier's existing subscribers. Its target is fixed at
/// creation: later changes of the tier do not alter it. Several may be pending per tier.
/// </summary>
public sealed class TierRollout
{
    private TierRollout()
    {
        TierName = string.Empty;
    }

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

    public bool IsFinished => Status is RolloutStatus.Completed or RolloutStatus.Cancelled or RolloutStatus.Failed;

    public static TierRollout Plan(Guid id, TierChange change, DateTimeOffset? scheduledFor)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (!change.RequiresRollout)
        {
            throw new ArgumentException("The change does not need a rollout.", nameof(change));
        }

        return new TierRollout
        {
            Id = id,
            TierConfigId = change.Tier.Id,
            TierName = change.Tier.TierName,
            HistoryEntryId = change.History.Id,
            FromCredits = change.History.PreviousCredits,
            ToCredits = change.History.NewCredits,
            ScheduledFor = scheduledFor,
            Status = RolloutStatus.Pending,
            CreatedAt = change.History.ChangedAt,
        };
    }

    public Result<TierRollout> Cancel(string reason, DateTimeOffset now)
    {
        if (Status is not (RolloutStatus.Pending or RolloutStatus.Running))
        {
            return new RolloutNotCancellableError(Status);
        }

        Status = RolloutStatus.Cancelled;
        CompletedAt = now;
        LeaseOwner = null;
        FailureReason = $"Cancelled: {reason.Trim()}";
        return this;
    }
}
