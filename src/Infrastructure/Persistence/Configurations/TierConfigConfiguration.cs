using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rephlo.Tiers.Domain.TierConfigs;

namespace Rephlo.Tiers.Infrastructure.Persistence.Configurations;

public sealed class TierConfigConfiguration : IEntityTypeConfiguration<TierConfig>
{
    public void Configure(EntityTypeBuilder<TierConfig> builder)
    {
        builder.ToTable("tier_configs");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Id).ValueGeneratedNever();
        builder.Property(t => t.TierName).HasMaxLength(TierRules.MaxTierNameLength).IsRequired();
        builder.HasIndex(t => t.TierName).IsUnique();
        builder.Property(t => t.DisplayName).HasMaxLength(128).IsRequired();
        builder.HasIndex(t => t.Rank);
        builder.Property(t => t.FeaturesJson).IsRequired();

        // Belt and braces: writers hold a lock, and the version is also an optimistic token.
        builder.Property(t => t.ConfigVersion).IsConcurrencyToken();
    }
}
