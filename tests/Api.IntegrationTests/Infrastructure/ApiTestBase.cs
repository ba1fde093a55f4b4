using Microsoft.EntityFrameworkCore;

namespace Rephlo.Tiers.Api.IntegrationTests.Infrastructure;

/// <summary>One fresh API host and database per test.</summary>
public abstract class ApiTestBase(TestDatabase database) : IAsyncLifetime
{
    protected ApiFactory Factory { get; private set; } = null!;

    protected HttpClient Admin { get; private set; } = null!;

    public virtual Task InitializeAsync()
    {
        Factory = CreateFactory(database);
        Admin = Factory.CreateAdminClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await Factory.DisposeAsync();

    protected virtual ApiFactory CreateFactory(TestDatabase db) => new(db);

    /// <summary>Version and history count of a tier, to prove a refused change wrote nothing.</summary>
    protected Task<(int Version, int HistoryRows, int VersionRows)> TierStateAsync(string tierName) =>
        Factory.WithDbAsync(async db =>
        {
            var tier = await db.TierConfigs.AsNoTracking().SingleAsync(t => t.TierName == tierName);
            var history = await db.TierConfigHistory.CountAsync(h => h.TierConfigId == tier.Id);
            var versions = await db.TierConfigVersions.CountAsync(v => v.TierConfigId == tier.Id);
            return (tier.ConfigVersion, history, versions);
        });

    protected const string TierChangeSelection = """
        tierConfig { tierName configVersion monthlyCreditAllocation monthlyPriceUsd annualPriceUsd maxCreditRollover features isActive lastModifiedBy lastModifiedAt applyToExistingUsers rolloutStartDate }
        historyEntry { id tierName configVersion changeType previousCredits newCredits previousMonthlyPriceUsd newMonthlyPriceUsd previousAnnualPriceUsd newAnnualPriceUsd changeReason affectedUsersCount changedBy changedByName changedAt appliedAt rolloutStatus }
        warnings
        errors { __typename ... on Error { code message } ... on ValidationError { field } ... on VersionConflictError { expectedVersion currentVersion } ... on TierNotFoundError { tierName } }
        """;
}
