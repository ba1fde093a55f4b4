using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rephlo.Tiers.Domain.Credits;
using Rephlo.Tiers.Domain.TierConfigs;

namespace Rephlo.Tiers.Infrastructure.Persistence.Configurations;

public sealed class CreditBalanceConfiguration : IEntityTypeConfiguration<CreditBalance>
{
    public void Configure(EntityTypeBuilder<CreditBalance> builder)
    {
        builder.ToTable("credit_balances");
        builder.HasKey(b => b.UserId);
        builder.Property(b => b.UserId).ValueGeneratedNever();
    }
}
