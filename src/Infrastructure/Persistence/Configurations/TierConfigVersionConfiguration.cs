using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rephlo.Tiers.Domain.TierConfigs;

namespace Rephlo.Tiers.Infrastructure.Persistence.Configurations;

public sealed class TierConfigVersionConfiguration : IEntityTypeConfiguration<TierConfigVersion>
{
    public void Configure(EntityTypeBuilder<TierConfigVersion> builder)
    {
        builder.ToTable("tier_config_versions");
        builder.HasKey(v => v.Id);
        builder.Property(v => v.Id).ValueGeneratedNever();
        builder.Property(v => v.FeaturesJson).IsRequired();
        builder.Property(v => v.CreatedByName).HasMaxLength(TierRules.MaxNameLength);
        builder.HasOne<TierConfig>().WithMany().HasForeignKey(v => v.TierConfigId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(v => new { v.TierConfigId, v.ConfigVersion }).IsUnique();
    }
}
