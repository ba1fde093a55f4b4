using Rephlo.Tiers.Domain.Rollouts;

namespace Rephlo.Tiers.Domain.TierConfigs;

/// <summary>
/// One accepted change of a tier. Append-only: the only mutation ever allowed is
/// <see cref="AppliedAt"/> moving once from null to an instant (the database enforces it too).
/// </summary>
public sealed class TierConfigHistory
{
    private readonly List<TierRollout> _rollouts = [];

    private TierConfigHistory()
    {
        TierName = string.Empty;
        ChangeReason = string.Empty;
    }

    internal TierConfigHistory(
        Guid id,
        TierConfig tier,
        TierChangeType changeType,
        TierSnapshot before,
        string reason,
        Guid changedBy,
        string? changedByName,
        DateTimeOffset changedAt,
        bool appliedNow)
    {
        Id = id;
        TierConfigId = tier.Id;
        TierName = tier.TierName;
        ConfigVersion = tier.ConfigVersion;
        ChangeType = changeType;
        PreviousCredits = before.MonthlyCreditAllocation;
        NewCredits = tier.MonthlyCreditAllocation;
        PreviousMonthlyPriceUsd = before.MonthlyPriceUsd;
        NewMonthlyPriceUsd = tier.MonthlyPriceUsd;
        PreviousAnnualPriceUsd = before.AnnualPriceUsd;
        NewAnnualPriceUsd = tier.AnnualPriceUsd;
        ChangeReason = reason;
        AffectedUsersCount = 0;
        ChangedBy = changedBy;
        ChangedByName = TierRules.NormalizeName(changedByName);
        ChangedAt = changedAt;
        AppliedAt = appliedNow ? changedAt : null;
    }

    public Guid Id { get; private set; }

    public Guid TierConfigId { get; private set; }

    public string TierName { get; private set; }

    public int ConfigVersion { get; private set; }

    public TierChangeType ChangeType { get; private set; }

    public int PreviousCredits { get; private set; }

    public int NewCredits { get; private set; }

    public decimal PreviousMonthlyPriceUsd { get; private set; }

    public decimal NewMonthlyPriceUsd { get; private set; }

    public decimal PreviousAnnualPriceUsd { get; private set; }

    public decimal NewAnnualPriceUsd { get; private set; }

    public string ChangeReason { get; private set; }

    /// <summary>Existing subscribers actually changed by this entry (final once applied).</summary>
    public int AffectedUsersCount { get; private set; }

    public Guid ChangedBy { get; private set; }

    /// <summary>The administrator's name (or email) from the token at the time of the change.</summary>
    public string? ChangedByName { get; private set; }

    public DateTimeOffset ChangedAt { get; private set; }

    /// <summary>
    /// When the change reached existing subscribers: at once for a change that needs no rollout,
    /// else when the first of its rollouts completed. Null while none has (pending, cancelled, failed).
    /// </summary>
    public DateTimeOffset? AppliedAt { get; private set; }

    /// <summary>
    /// The entry's rollouts. For queries only (filters such as the latest rollout's status
    /// translate to SQL through it); never loaded with the entry, so do not read it in memory.
    /// </summary>
    public IReadOnlyCollection<TierRollout> Rollouts => _rollouts;

    /// <summary>Marks a pending entry applied, once, with the final affected count.</summary>
    public void MarkApplied(DateTimeOffset appliedAt, int affectedUsers)
    {
        if (AppliedAt is not null)
        {
            throw new InvalidOperationException($"History entry {Id} was already applied at {AppliedAt:O}.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(affectedUsers);
        AppliedAt = appliedAt;
        AffectedUsersCount = affectedUsers;
    }
}
