using System.Linq.Expressions;
using Rephlo.Tiers.Domain.Rollouts;
using Rephlo.Tiers.Domain.TierConfigs;

namespace Rephlo.Tiers.Application.TierConfigs;

public sealed record TierConfigDto(
    Guid Id,
    string TierName,
    string DisplayName,
    int Rank,
    decimal MonthlyPriceUsd,
    decimal AnnualPriceUsd,
    int MonthlyCreditAllocation,
    int MaxCreditRollover,
    string FeaturesJson,
    bool IsActive,
    int ConfigVersion,
    Guid? LastModifiedBy,
    DateTimeOffset LastModifiedAt,
    bool ApplyToExistingUsers,
    DateTimeOffset? RolloutStartDate)
{
    public static readonly Expression<Func<TierConfig, TierConfigDto>> Projection = t => new TierConfigDto(
        t.Id, t.TierName, t.DisplayName, t.Rank, t.MonthlyPriceUsd, t.AnnualPriceUsd, t.MonthlyCreditAllocation,
        t.MaxCreditRollover, t.FeaturesJson, t.IsActive, t.ConfigVersion, t.LastModifiedBy, t.LastModifiedAt,
        t.ApplyToExistingUsers, t.RolloutStartDate);

    private static readonly Func<TierConfig, TierConfigDto> Compiled = Projection.Compile();

    public static TierConfigDto From(TierConfig tier) => Compiled(tier);
}

public sealed record TierConfigHistoryDto(
    Guid Id,
    Guid TierConfigId,
    string TierName,
    int ConfigVersion,
    TierChangeType ChangeType,
    int PreviousCredits,
    int NewCredits,
    decimal PreviousMonthlyPriceUsd,
    decimal NewMonthlyPriceUsd,
    decimal PreviousAnnualPriceUsd,
    decimal NewAnnualPriceUsd,
    string ChangeReason,
    int AffectedUsersCount,
    Guid ChangedBy,
    string? ChangedByName,
    DateTimeOffset ChangedAt,
    DateTimeOffset? AppliedAt)
{
    public static readonly Expression<Func<TierConfigHistory, TierConfigHistoryDto>> Projection = h => new TierConfigHistoryDto(
        h.Id, h.TierConfigId, h.TierName, h.ConfigVersion, h.ChangeType, h.PreviousCredits, h.NewCredits,
        h.PreviousMonthlyPriceUsd, h.NewMonthlyPriceUsd, h.PreviousAnnualPriceUsd, h.NewAnnualPriceUsd,
        h.ChangeReason, h.AffectedUsersCount, h.ChangedBy, h.ChangedByName, h.ChangedAt, h.AppliedAt);

    private static readonly Func<TierConfigHistory, TierConfigHistoryDto> Compiled = Projection.Compile();

    public static TierConfigHistoryDto From(TierConfigHistory history) => Compiled(history);
}

public sealed record TierConfigVersionDto(
    Guid TierConfigId,
    int ConfigVersion,
    decimal MonthlyPriceUsd,
    decimal AnnualPriceUsd,
    int MonthlyCreditAllocation,
    int MaxCreditRollover,
    string FeaturesJson,
    bool IsActive,
    DateTimeOffset CreatedAt,
    Guid? CreatedBy,
    string? CreatedByName)
{
    public static readonly Expression<Func<TierConfigVersion, TierConfigVersionDto>> Projection = v => new TierConfigVersionDto(
        v.TierConfigId, v.ConfigVersion, v.MonthlyPriceUsd, v.AnnualPriceUsd, v.MonthlyCreditAllocation,
        v.MaxCreditRollover, v.FeaturesJson, v.IsActive, v.CreatedAt, v.CreatedBy, v.CreatedByName);
}

public sealed record TierRolloutDto(
    Guid Id,
    Guid TierConfigId,
    string TierName,
    Guid HistoryEntryId,
    int FromCredits,
    int ToCredits,
    DateTimeOffset? ScheduledFor,
    RolloutStatus Status,
    int EligibleCount,
    int UpgradedCount,
    int SkippedCount,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? CompletedAt,
    string? FailureReason,
    Guid? RequestedBy,
    string? RequestedByName,
    Guid? CancelledBy,
    string? CancelledByName,
    DateTimeOffset? CancelledAt,
    string? CancelReason,
    Guid? SupersededByHistoryEntryId)
{
    public static readonly Expression<Func<TierRollout, TierRolloutDto>> Projection = r => new TierRolloutDto(
        r.Id, r.TierConfigId, r.TierName, r.HistoryEntryId, r.FromCredits, r.ToCredits, r.ScheduledFor, r.Status,
        r.EligibleCount, r.UpgradedCount, r.SkippedCount, r.CreatedAt, r.StartedAt, r.CompletedAt, r.FailureReason,
        r.RequestedBy, r.RequestedByName, r.CancelledBy, r.CancelledByName, r.CancelledAt, r.CancelReason, r.SupersededByHistoryEntryId);

    private static readonly Func<TierRollout, TierRolloutDto> Compiled = Projection.Compile();

    public static TierRolloutDto From(TierRollout rollout) => Compiled(rollout);
}

/// <summary>
/// What a tier-changing command returns: the committed tier, its history entry, the rollout it
/// planned (if any) and its warnings (including the rollouts it superseded).
/// </summary>
public sealed record TierChangeResult(
    TierConfigDto TierConfig,
    TierConfigHistoryDto HistoryEntry,
    TierRolloutDto? Rollout,
    IReadOnlyList<string> Warnings);
