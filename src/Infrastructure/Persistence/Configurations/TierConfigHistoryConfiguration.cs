using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rephlo.Tiers.Domain.TierConfigs;

namespace Rephlo.Tiers.Infrastructure.Persistence.Configurations;

public sealed class TierConfigHistoryConfiguration : IEntityTypeConfiguration<TierConfigHistory>
{
    public void Configure(EntityTypeBuilder<TierConfigHistory> builder)
    {
        builder.ToTable("tier_config_history");
        builder.HasKey(h => h.Id);
        builder.Property(h => h.Id).ValueGeneratedNever();
        builder.Property(h => h.TierName).HasMaxLength(TierRules.MaxTierNameLength).IsRequired();
        builder.Property(h => h.ChangeType).HasConversion<string>().HasMaxLength(32);
        builder.Property(h => h.ChangeReason).HasMaxLength(TierRules.MaxReasonLength).IsRequired();
        builder.Property(h => h.ChangedByName).HasMaxLength(TierRules.MaxNameLength);
        builder.HasOne<TierConfig>().WithMany().HasForeignKey(h => h.TierConfigId).OnDelete(DeleteBehavior.Restrict);

        // An entry can have several rollouts (cancelled or failed, then applied again); the
        // navigation exists for queries (the latest rollout's status as a filter).
        builder.HasMany(h => h.Rollouts).WithOne().HasForeignKey(r => r.HistoryEntryId).OnDelete(DeleteBehavior.Restrict);
        builder.Navigation(h => h.Rollouts).UsePropertyAccessMode(PropertyAccessMode.Field);

        // One row per version of a tier. The others end in the default keyset order (changed_at DESC,
        // config_version DESC, id), so a page is an index range from the cursor on, with no sort:
        // by tier (+ change type), newest first; by admin, newest first; by date range / overall.
        builder.HasIndex(h => new { h.TierConfigId, h.ConfigVersion }).IsUnique();
        builder.HasIndex(h => new { h.TierName, h.ChangeType, h.ChangedAt, h.ConfigVersion, h.Id }, "IX_tier_config_history_tier_type_newest")
            .IsDescending(false, false, true, true, false);
        builder.HasIndex(h => new { h.TierName, h.ChangedAt, h.ConfigVersion, h.Id }, "IX_tier_config_history_tier_newest")
            .IsDescending(false, true, true, false);
        builder.HasIndex(h => new { h.ChangedBy, h.ChangedAt, h.ConfigVersion, h.Id }, "IX_tier_config_history_admin_newest")
            .IsDescending(false, true, true, false);
        builder.HasIndex(h => new { h.ChangedAt, h.ConfigVersion, h.Id }, "IX_tier_config_history_newest")
            .IsDescending(true, true, false);
    }
}
