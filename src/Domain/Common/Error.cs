namespace Rephlo.Tiers.Domain.Common;

/// <summary>
/// An expected failure, returned as a value (never thrown). Each concrete type maps to one
/// GraphQL error type of the contract; <see cref="Code"/> is the stable machine-readable code.
/// </summary>
public abstract record Error(string Code, string Message);

public sealed record ValidationError(string Field, string Message) : Error("VALIDATION_ERROR", Message);

public sealed record TierNotFoundError(string TierName)
    : Error("TIER_NOT_FOUND", $"Tier '{TierName}' does not exist.");

public sealed record VersionConflictError(int ExpectedVersion, int CurrentVersion)
    : Error("VERSION_CONFLICT", $"Expected version {ExpectedVersion} but the tier is at version {CurrentVersion}. Reload and retry.");

public sealed record UpgradePolicyViolationError(string Message) : Error("UPGRADE_POLICY_VIOLATION", Message);

public sealed record NoChangeError(string Message) : Error("NO_CHANGE", Message);

public sealed record VersionNotFoundError(string TierName, int Version)
    : Error("VERSION_NOT_FOUND", $"Tier '{TierName}' has no version {Version}.");

public sealed record RolloutNotFoundError(string RolloutId)
    : Error("ROLLOUT_NOT_FOUND", $"Rollout '{RolloutId}' does not exist.");

public sealed record RolloutNotCancellableError(Rollouts.RolloutStatus Status)
    : Error("ROLLOUT_NOT_CANCELLABLE", $"A rollout in status {Status} cannot be cancelled; only pending or running rollouts can.");

public sealed record TierInactiveError(string TierName)
    : Error("TIER_INACTIVE", $"Tier '{TierName}' is not active and accepts no new subscriptions.");

public sealed record AlreadySubscribedError(Guid UserId)
    : Error("ALREADY_SUBSCRIBED", $"User '{UserId}' already has a subscription that is not cancelled.");

public sealed record HistoryEntryNotFoundError(string HistoryEntryId)
    : Error("HISTORY_ENTRY_NOT_FOUND", $"History entry '{HistoryEntryId}' does not exist.");

public sealed record RolloutAlreadyPendingError(Guid RolloutId, int ToCredits)
    : Error("ROLLOUT_ALREADY_PENDING", $"Rollout '{RolloutId}' to {ToCredits} credits is already pending or running for this tier; wait for it or cancel it first.");
