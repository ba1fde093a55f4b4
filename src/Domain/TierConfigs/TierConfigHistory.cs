namespace Rephlo.Tiers.Domain.TierConfigs;

/// <summary>
/// One accepted change of a tier. Append-only: the only mutation ever allowed is
/// <see cref="AppliedAt"/> moving once from null to an instant (the database enforces it too).
/// </summary>
public sealed class TierConfigHistory
{
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

    public DateTimeOffset ChangedAt { get; private set; }

    /// <summary>Null while a rollout to existing subscribers is pending.</summary>
    public DateTimeOffset? AppliedAt { get; private set; }

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
