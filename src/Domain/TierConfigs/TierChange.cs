using Rephlo.Tiers.Domain.Rollouts;

namespace Rephlo.Tiers.Domain.TierConfigs;

/// <summary>Who changes a tier, why, when, and against which version they read it.</summary>
/// <param name="Reason">The change reason, already trimmed by the caller's validation.</param>
/// <param name="ChangedBy">The administrator's user id (the token's subject).</param>
/// <param name="Now">The instant of the change (from TimeProvider).</param>
/// <param name="ExpectedVersion">Optimistic check: when given and not current, the change is refused.</param>
/// <param name="NewId">Supplies ids for the history row, version snapshot and rollout.</param>
/// <param name="ChangedByName">The administrator's name (or email) from the token, recorded beside the id.</param>
public sealed record ChangeContext(string Reason, Guid ChangedBy, DateTimeOffset Now, int? ExpectedVersion, Func<Guid> NewId, string? ChangedByName = null);

/// <summary>
/// The result of an accepted change: exactly one history row and one version snapshot, and the
/// rollout to existing subscribers the aggregate planned for it (null when none is needed).
/// </summary>
public sealed record TierChange(
    TierConfig Tier,
    TierConfigHistory History,
    TierConfigVersion Version,
    IReadOnlyList<string> Warnings,
    TierRollout? Rollout)
{
    public bool RequiresRollout => Rollout is not null;
}
