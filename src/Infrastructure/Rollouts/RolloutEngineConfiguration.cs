using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rephlo.Tiers.Domain.Rollouts;

namespace Rephlo.Tiers.Infrastructure.Rollouts;

/// <summary>
/// The engine's own bookkeeping on <c>tier_rollouts</c>, invisible to the domain: the highest
/// subscription key of the tier when the rollout started (column <c>eligible_through</c>). The
/// eligible set is frozen there; subscribers who signed up later got the new credits at sign-up.
/// </summary>
public sealed class RolloutEngineConfiguration : IEntityTypeConfiguration<TierRollout>
{
    public const string EligibleThrough = "EligibleThrough";

    public void Configure(EntityTypeBuilder<TierRollout> builder) => builder.Property<Guid?>(EligibleThrough);
}
