using Microsoft.EntityFrameworkCore;
using Rephlo.Tiers.Application.TierConfigs;
using Rephlo.Tiers.Domain.Credits;
using Rephlo.Tiers.Infrastructure.Persistence.Seeding;

namespace Rephlo.Tiers.Application.UnitTests;

/// <summary>SPEC §1 seeding: the catalogue once, demo accounts and synthetic subscribers from the tier configuration.</summary>
public sealed class SeedingTests
{
    [Fact]
    public async Task Seeds_the_catalogue_and_demo_accounts_from_the_tier_configuration()
    {
        await using var host = await new TestHost().InitializeAsync();

        var tiers = await host.DbAsync(db => db.TierConfigs.OrderBy(t => t.Rank).ToListAsync());
        Assert.Equal(["free", "pro", "pro_plus", "pro_max", "enterprise_pro", "enterprise_pro_plus"], tiers.Select(t => t.TierName));
        Assert.Equal([200, 1500, 5000, 25000, 3500, 11000], tiers.Select(t => t.MonthlyCreditAllocation));
        Assert.Equal([true, true, true, true, false, false], tiers.Select(t => t.IsActive));
        Assert.Equal([10, 30, 60, 120, 60, 120], tiers.Select(t => System.Text.Json.JsonDocument.Parse(t.FeaturesJson).RootElement.GetProperty("rateLimit").GetInt32()));

        var balances = await host.DbAsync(db => db.Subscriptions.Join(db.CreditBalances, s => s.UserId, b => b.UserId, (s, b) => new { s.Email, s.MonthlyCreditAllocation, b.Balance }).ToListAsync());
        Assert.Equal(1500, balances.Single(b => b.Email == "admin.test@rephlo.ai").Balance);
        Assert.Equal(1500, balances.Single(b => b.Email == "pro.user@example.com").Balance);
        Assert.Equal(200, balances.Single(b => b.Email == "free.user@example.com").Balance);
        var ledger = await host.DbAsync(db => db.CreditGrants.GroupBy(g => g.UserId).Select(g => new { UserId = g.Key, Sum = g.Sum(x => x.Amount) }).ToListAsync());
        var stored = await host.DbAsync(db => db.CreditBalances.ToDictionaryAsync(b => b.UserId, b => b.Balance));
        Assert.Equal(3, ledger.Count);
        Assert.All(ledger, l => Assert.Equal(stored[l.UserId], l.Sum));
    }

    [Fact]
    public async Task Seeding_again_is_idempotent_and_never_overwrites_an_admins_change()
    {
        await using var host = await new TestHost().InitializeAsync();
        var admin = SeedCatalogue.AdminUserId;
        Assert.True((await host.SendAsync(new UpdateTierCreditsCommand("pro", 2000, "Admin raised Pro credits", false, null, null, admin))).IsSuccess);

        await host.InitializeAsync();

        var pro = await host.DbAsync(db => db.TierConfigs.SingleAsync(t => t.TierName == "pro"));
        Assert.Equal((2, 2000), (pro.ConfigVersion, pro.MonthlyCreditAllocation));
        Assert.Equal(6, await host.DbAsync(db => db.TierConfigs.CountAsync()));
        Assert.Equal(3, await host.DbAsync(db => db.Subscriptions.CountAsync()));
    }

    [Fact]
    public async Task Demo_accounts_follow_the_configured_credits_not_numbers_written_elsewhere()
    {
        await using var host = await new TestHost(new Dictionary<string, string?> { ["Seed:DemoAccounts"] = "false" }).InitializeAsync();
        Assert.True((await host.SendAsync(new UpdateTierCreditsCommand("pro", 1800, "Pro credits before the demo", false, null, null, SeedCatalogue.AdminUserId))).IsSuccess);

        await using (var again = new TestHost(new Dictionary<string, string?> { ["ConnectionStrings:Tiers"] = host.ConnectionString }))
        {
            await again.InitializeAsync();
        }

        var proUser = await host.DbAsync(db => db.Subscriptions.SingleAsync(s => s.Email == "pro.user@example.com"));
        Assert.Equal(1800, proUser.MonthlyCreditAllocation);
        Assert.Equal(1800, await host.DbAsync(db => db.CreditBalances.Where(b => b.UserId == proUser.UserId).Select(b => b.Balance).SingleAsync()));
    }

    [Fact]
    public async Task Synthetic_subscribers_are_spread_over_active_tiers_with_their_allocations()
    {
        await using var host = await new TestHost(new Dictionary<string, string?> { ["Seed:SyntheticSubscribers"] = "2500" }).InitializeAsync();
        await host.InitializeAsync();

        var synthetic = await host.DbAsync(db => db.Subscriptions.Where(s => s.Email!.StartsWith("synthetic-"))
            .Join(db.TierConfigs, s => s.TierConfigId, t => t.Id, (s, t) => new { s.TierName, s.MonthlyCreditAllocation, Tier = t.MonthlyCreditAllocation, t.IsActive }).ToListAsync());
        Assert.Equal(2500, synthetic.Count);
        Assert.All(synthetic, s => Assert.Equal(s.Tier, s.MonthlyCreditAllocation));
        Assert.All(synthetic, s => Assert.True(s.IsActive));
        Assert.Equal(4, synthetic.Select(s => s.TierName).Distinct().Count());
        var grants = await host.DbAsync(db => db.CreditGrants.CountAsync(g => g.Source == CreditGrantSource.Subscription));
        Assert.Equal(2503, grants);
    }
}
