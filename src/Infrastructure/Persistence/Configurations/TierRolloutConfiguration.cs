using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rephlo.Tiers.Domain.Rollouts;
using Rephlo.Tiers.Domain.TierConfigs;

namespace Rephlo.Tiers.Infrastructure.Persistence.Configurations;

public sealed class TierRolloutConfiguration : IEntityTypeConfiguration<TierRollout>
{
    public void Configure(EntityTypeBuilder<TierRollout> builder)
    {
        builder.ToTable("tier_rollouts");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Property(r => r.TierName).HasMaxLength(TierRules.MaxTierNameLength).IsRequired();
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.FailureReason).HasMaxLength(1000);
        builder.HasOne<TierConfig>().WithMany().HasForeignKey(r => r.TierConfigId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(r => r.LeaseOwner).HasMaxLength(200);
        builder.Property(r => r.RequestedByName).HasMaxLength(TierRules.MaxNameLength);
        builder.Property(r => r.RequestReason).HasMaxLength(TierRules.MaxReasonLength);
        builder.Property(r => r.CancelledByName).HasMaxLength(TierRules.MaxNameLength);
        builder.Property(r => r.CancelReason).HasMaxLength(1000);

        // superseded_by_history_entry_id has no foreign key on purpose: adding one makes SQLite
        // rebuild tier_rollouts; the id is written once, in the superseding change's transaction,
        // and history rows can never be deleted.

        // A cancellation and a runner never overwrite each other's status unnoticed.
        builder.Property(r => r.Status).IsConcurrencyToken();
        builder.HasIndex(r => new { r.Status, r.ScheduledFor });
        builder.HasIndex(r => new { r.TierConfigId, r.Status });

        // An entry's rollouts in order (the data loader) and its latest one (the rolloutStatus filter).
        builder.HasIndex(r => new { r.HistoryEntryId, r.CreatedAt });
    }
}
