using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rephlo.Tiers.Domain.Credits;
using Rephlo.Tiers.Domain.Rollouts;
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
        builder.Property(s => s.TierName).HasMaxLength(64).IsRequired();
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

public sealed class CreditBalanceConfiguration : IEntityTypeConfiguration<CreditBalance>
{
    public void Configure(EntityTypeBuilder<CreditBalance> builder)
    {
        builder.ToTable("credit_balances");
        builder.HasKey(b => b.UserId);
        builder.Property(b => b.UserId).ValueGeneratedNever();
    }
}

public sealed class CreditGrantConfiguration : IEntityTypeConfiguration<CreditGrant>
{
    public void Configure(EntityTypeBuilder<CreditGrant> builder)
    {
        builder.ToTable("credit_grants");
        builder.HasKey(g => g.Id);
        builder.Property(g => g.Id).ValueGeneratedNever();
        builder.Property(g => g.Source).HasConversion<string>().HasMaxLength(16);
        builder.Property(g => g.Reason).HasMaxLength(500);
        builder.HasOne<Subscription>().WithMany().HasForeignKey(g => g.SubscriptionId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(g => new { g.UserId, g.CreatedAt, g.Id }).IsDescending(false, true, false); // a user's ledger, newest first, keyset

        // Exactly once: a rollout credits a subscription at most once, enforced by the database.
        builder.HasIndex(g => new { g.RolloutId, g.SubscriptionId }).IsUnique().HasFilter("rollout_id IS NOT NULL");
    }
}

public sealed class TierRolloutConfiguration : IEntityTypeConfiguration<TierRollout>
{
    public void Configure(EntityTypeBuilder<TierRollout> builder)
    {
        builder.ToTable("tier_rollouts");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Property(r => r.TierName).HasMaxLength(64).IsRequired();
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.FailureReason).HasMaxLength(1000);
        builder.HasOne<TierConfig>().WithMany().HasForeignKey(r => r.TierConfigId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(r => r.LeaseOwner).HasMaxLength(200);
        builder.Property(r => r.RequestedByName).HasMaxLength(TierRules.MaxNameLength);
        builder.Property(r => r.RequestReason).HasMaxLength(500);
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
