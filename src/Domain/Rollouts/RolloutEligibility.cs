using System.Linq.Expressions;
using Rephlo.Tiers.Domain.Subscriptions;

namespace Rephlo.Tiers.Domain.Rollouts;

/// <summary>
/// The one definition of who a rollout (and its preview) counts: the tier's subscriptions whose
/// status is <see cref="EligibleStatus"/>. Of those, the ones below the target are upgraded and the
/// rest are skipped, so <c>skipped = eligible − upgraded</c>. Trial, past-due and cancelled
/// subscriptions are not eligible. The batch SQL (each provider's rollout dialect) writes the same
/// rule with <see cref="EligibleStatus"/> as its parameter; a test proves the two agree.
/// </summary>
public static class RolloutEligibility
{
    /// <summary>The only subscription status a rollout counts and upgrades.</summary>
    public const SubscriptionStatus EligibleStatus = SubscriptionStatus.Active;

    /// <summary>Subscriptions of the tier that a rollout counts as eligible.</summary>
    public static Expression<Func<Subscription, bool>> Eligible(Guid tierConfigId) =>
        s => s.TierConfigId == tierConfigId && s.Status == EligibleStatus;

    /// <summary>Eligible subscriptions that a rollout to <paramref name="target"/> credits would upgrade.</summary>
    public static Expression<Func<Subscription, bool>> WillUpgrade(Guid tierConfigId, int target) =>
        s => s.TierConfigId == tierConfigId && s.Status == EligibleStatus && s.MonthlyCreditAllocation < target;

    /// <summary>The credits a subscription at <paramref name="allocation"/> receives from a rollout to <paramref name="target"/>.</summary>
    public static int GrantFor(int allocation, int target) => allocation < target ? target - allocation : 0;
}
