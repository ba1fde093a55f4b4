using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rephlo.Tiers.Domain.Credits;
using Rephlo.Tiers.Domain.Subscriptions;
using Rephlo.Tiers.Domain.TierConfigs;

namespace Rephlo.Tiers.Infrastructure.Persistence.Configurations;

public sealed class CreditGrantConfiguration : IEntityTypeConfiguration<CreditGrant>
{
    public void Configure(EntityTypeBuilder<CreditGrant> builder)
    {
        builder.ToTable("credit_grants");
        builder.HasKey(g => g.Id);
        builder.Property(g => g.Id).ValueGeneratedNever();
        builder.Property(g => g.Source).HasConversion<string>().HasMaxLength(16);
        builder.Property(g => g.Reason).HasMaxLength(TierRules.MaxReasonLength);
        builder.HasOne<Subscription>().WithMany().HasForeignKey(g => g.SubscriptionId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(g => new { g.UserId, g.CreatedAt, g.Id }).IsDescending(false, true, false); // a user's ledger, newest first, keyset

        // Exactly once: a rollout credits a subscription at most once, enforced by the database.
        builder.HasIndex(g => new { g.RolloutId, g.SubscriptionId }).IsUnique().HasFilter("rollout_id IS NOT NULL");
    }
}
