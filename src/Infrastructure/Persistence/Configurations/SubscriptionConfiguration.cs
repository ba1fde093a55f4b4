using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rephlo.Tiers.Domain.Subscriptions;
using Rephlo.Tiers.Domain.TierConfigs;

namespace Rephlo.Tiers.Infrastructure.Persistence.Configurations;

public sealed class SubscriptionConfiguration : IEntityTypeConfiguration<Subscription>
{
    public void Configure(EntityTypeBuilder<Subscription> builder)
    {
        builder.ToTable("subscriptions");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.Email).HasMaxLength(254);
        builder.Property(s => s.TierName).HasMaxLength(TierRules.MaxTierNameLength).IsRequired();
        builder.Property(s => s.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(s => s.BillingCycle).HasConversion<string>().HasMaxLength(16);
        builder.HasOne<TierConfig>().WithMany().HasForeignKey(s => s.TierConfigId).OnDelete(DeleteBehavior.Restrict);

        // Rollouts walk a tier's subscribers in key order; previews count them by status and allocation.
        builder.HasIndex(s => new { s.TierConfigId, s.Status, s.MonthlyCreditAllocation });

        // Rollouts walk a tier's subscriptions in id order, one key range per batch, and find a
        // balance's subscription by user.
        builder.HasIndex(s => new { s.TierConfigId, s.Id });
        builder.HasIndex(s => s.UserId, "IX_subscriptions_user_id_all");
        builder.HasIndex(s => new { s.TierName, s.Status, s.Id }); // subscribers of a tier (and status), keyset by id
        builder.HasIndex(s => s.Email);

        // At most one subscription per user that is not cancelled.
        builder.HasIndex(s => s.UserId).IsUnique().HasFilter("status <> 'Cancelled'");
    }
}
