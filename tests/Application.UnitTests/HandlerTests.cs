using Microsoft.EntityFrameworkCore;
using Rephlo.Tiers.Application.TierConfigs;
using Rephlo.Tiers.Domain.Common;

namespace Rephlo.Tiers.Application.UnitTests;

/// <summary>Use cases through the real mediator pipeline (validation behaviour, handlers, EF Core).</summary>
public sealed class HandlerTests : IAsyncLifetime
{
    private static readonly Guid Admin = Guid.Parse("aaaaaaaa-0000-4000-8000-000000000001");
    private TestHost _host = null!;

    public async Task InitializeAsync() => _host = await new TestHost().InitializeAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Validation_failures_stop_the_pipeline_before_the_handler()
    {
        var result = await _host.SendAsync(new UpdateTierCreditsCommand("pro", 150, "tiny", false, null, null, Admin));

        Assert.False(result.IsSuccess);
        Assert.Equal(["newCredits", "reason"], result.Errors.Cast<ValidationError>().Select(e => e.Field).Order());
        Assert.Equal(0, await _host.DbAsync(db => db.TierConfigHistory.CountAsync()));
        Assert.Empty(_host.Events.Changes);
    }

    [Fact]
    public async Task An_accepted_change_writes_tier_history_and_version_together_and_then_publishes()
    {
        var result = await _host.SendAsync(new UpdateTierCreditsCommand("pro", 2000, "More credits for Pro users", false, null, 1, Admin));

        Assert.True(result.IsSuccess);
        var (tier, history, version) = await _host.DbAsync(async db => (
            await db.TierConfigs.SingleAsync(t => t.TierName == "pro"),
            await db.TierConfigHistory.SingleAsync(),
            await db.TierConfigVersions.SingleAsync(v => v.ConfigVersion == 2)));
        Assert.Equal((2, 2000), (tier.ConfigVersion, tier.MonthlyCreditAllocation));
        Assert.Equal((2, 1500, 2000), (history.ConfigVersion, history.PreviousCredits, history.NewCredits));
        Assert.Equal(2000, version.MonthlyCreditAllocation);
        var published = Assert.Single(_host.Events.Changes);
        Assert.Equal(2, published.TierConfig.ConfigVersion);
        Assert.Equal(history.Id, published.HistoryEntry.Id);
    }

    [Fact]
    public async Task A_refused_change_writes_and_publishes_nothing()
    {
        var result = await _host.SendAsync(new UpdateTierCreditsCommand("pro", 1000, "Lower credits for everyone", true, null, null, Admin));

        Assert.IsType<UpgradePolicyViolationError>(Assert.Single(result.Errors));
        Assert.Equal(1, await _host.DbAsync(db => db.TierConfigs.Where(t => t.TierName == "pro").Select(t => t.ConfigVersion).SingleAsync()));
        Assert.Empty(_host.Events.Changes);
    }

    [Fact]
    public async Task Unknown_tiers_are_not_found_not_internal_errors()
    {
        var result = await _host.SendAsync(new UpdateTierPricesCommand("gold", 10m, null, "Price for an unknown tier", null, Admin));

        Assert.Equal("gold", Assert.IsType<TierNotFoundError>(Assert.Single(result.Errors)).TierName);
    }

    [Fact]
    public async Task Preview_uses_the_rollout_rule_and_writes_nothing()
    {
        var preview = (await _host.SendAsync(new PreviewTierCreditChangeQuery("pro", 2500, ApplyToExistingUsers: true))).Value;

        Assert.Equal((2, 2, 0), (preview.ActiveSubscribers, preview.WillUpgrade, preview.WillRemainSame));
        Assert.Equal(2000, preview.CreditsAdded);
        Assert.Equal(20.00m, preview.EstimatedCostUsd);
        Assert.Equal(ChangeDirection.Increase, preview.Direction);
        Assert.Equal(0, await _host.DbAsync(db => db.TierConfigHistory.CountAsync()));
    }
}
