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
    DateTimeOffset? RolloutStartDate);

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
    DateTimeOffset? AppliedAt);

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
    string? CreatedByName);

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
    Guid? SupersededByHistoryEntryId);

/// <summary>
/// What a tier-changing command returns: the committed tier, its history entry, the rollout it
/// planned (if any) and its warnings (including the rollouts it superseded).
/// </summary>
public sealed record TierChangeResult(
    TierConfigDto TierConfig,
    TierConfigHistoryDto HistoryEntry,
    TierRolloutDto? Rollout,
    IReadOnlyList<string> Warnings);
