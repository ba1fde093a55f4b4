using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Newtonsoft.Json.Linq;
using Rephlo.Tiers.Api.IntegrationTests.Infrastructure;
using Rephlo.Tiers.Domain.TierConfigs;
using Rephlo.Tiers.Infrastructure.Persistence.Seeding;
using Snapshooter.Xunit;

namespace Rephlo.Tiers.Api.IntegrationTests;

/// <summary>A fresh database gets the catalogue exactly as Plan 189 seeds it, at version 1.</summary>
public abstract class CatalogueSeedTests(TestDatabase database) : ApiTestBase(database)
{
    [Fact]
    public async Task A_fresh_database_holds_the_catalogue_at_version_one()
    {
        var tiers = await Factory.WithDbAsync(db => db.TierConfigs.AsNoTracking().OrderBy(t => t.Rank).ToListAsync());

        // One snapshot for both providers: what is stored, numbers as written (1.0 stays 1.0).
        Snapshot.Match(new JArray(tiers.Select(t => new JObject
        {
            ["tierName"] = t.TierName,
            ["displayName"] = t.DisplayName,
            ["rank"] = t.Rank,
            ["isActive"] = t.IsActive,
            ["configVersion"] = t.ConfigVersion,
            ["monthlyCreditAllocation"] = t.MonthlyCreditAllocation,
            ["monthlyPriceUsd"] = t.MonthlyPriceUsd.ToString("0.00", CultureInfo.InvariantCulture),
            ["annualPriceUsd"] = t.AnnualPriceUsd.ToString("0.00", CultureInfo.InvariantCulture),
            ["maxCreditRollover"] = t.MaxCreditRollover,
            ["features"] = JToken.Parse(t.FeaturesJson),
        })), "CatalogueSeedTests.Seeded_catalogue");

        Assert.All(tiers, t => Assert.Equal(1, t.ConfigVersion));
        Assert.Equal(0, await Factory.WithDbAsync(db => db.TierConfigHistory.CountAsync()));
        Assert.Equal(6, await Factory.WithDbAsync(db => db.TierConfigVersions.CountAsync(v => v.ConfigVersion == 1)));
        Assert.Equal(["pro_plus", "pro_max", "enterprise_pro", "enterprise_pro_plus"], tiers.Where(t => TierFeatures.HasFeature(t.FeaturesJson, "apiAccess")).Select(t => t.TierName));
        Assert.Equal(["enterprise_pro", "enterprise_pro_plus"], tiers.Where(t => TierFeatures.HasFeature(t.FeaturesJson, "sso")).Select(t => t.TierName));

        // Through the API the values are the same by number (processingSpeed 1.0 = 1, maxProjects -1).
        var response = await Admin.PostGraphQLAsync("{ tierConfigs { tierName features } }");
        foreach (var tier in response.Data["tierConfigs"]!.AsArray())
        {
            var seed = SeedCatalogue.Tiers.Single(s => s.TierName == tier!["tierName"]!.GetValue<string>());
            Assert.True(TierFeatures.AreEquivalent(seed.FeaturesJson, tier!["features"]!.ToJsonString()), tier.ToJsonString());
        }

        var proMax = JsonDocument.Parse(tiers.Single(t => t.TierName == "pro_max").FeaturesJson).RootElement;
        Assert.Equal((-1, 3.0m, "4-8h"), (proMax.GetProperty("maxProjects").GetInt32(), proMax.GetProperty("processingSpeed").GetDecimal(), proMax.GetProperty("supportSLA").GetString()));
    }

    [Fact]
    public async Task Starting_again_on_the_current_catalogue_changes_nothing()
    {
        await CatalogueAlignmentTests.InitializeAsync(Factory.Services);

        Assert.Equal(0, await Factory.WithDbAsync(db => db.TierConfigHistory.CountAsync()));
        Assert.Equal(6, await Factory.WithDbAsync(db => db.TierConfigVersions.CountAsync()));
    }
}

public sealed class SqliteCatalogueSeedTests() : CatalogueSeedTests(TestDatabase.Sqlite);

public sealed class PostgresCatalogueSeedTests() : CatalogueSeedTests(TestDatabase.Postgres);

/// <summary>
/// A database seeded with the earlier, abbreviated features is aligned at start-up: one audited
/// FEATURE_UPDATE by the system user for each tier no administrator changed the features of
/// (no FEATURE_UPDATE, no ROLLBACK); nothing existing is rewritten; a second run changes nothing.
/// </summary>
public abstract class CatalogueAlignmentTests(TestDatabase database) : ApiTestBase(database)
{
    /// <summary>The features the catalogue was seeded with before it matched Plan 189.</summary>
    private static readonly Dictionary<string, string> AbbreviatedFeatures = new()
    {
        ["free"] = """{"apiAccess":false,"prioritySupport":false,"rateLimit":10}""",
        ["pro"] = """{"apiAccess":true,"prioritySupport":false,"rateLimit":30}""",
        ["pro_plus"] = """{"apiAccess":true,"prioritySupport":true,"rateLimit":60}""",
        ["pro_max"] = """{"apiAccess":true,"prioritySupport":true,"rateLimit":120}""",
        ["enterprise_pro"] = """{"apiAccess":true,"prioritySupport":true,"rateLimit":60}""",
        ["enterprise_pro_plus"] = """{"apiAccess":true,"prioritySupport":true,"rateLimit":120}""",
    };

    /// <summary>Runs the start-up initializer with the catalogue on (what a restart does).</summary>
    public static async Task InitializeAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var initializer = ActivatorUtilities.CreateInstance<DatabaseInitializer>(
            scope.ServiceProvider, Options.Create(new SeedOptions { Catalogue = true, DemoAccounts = false }));
        await initializer.InitializeAsync();
    }

    [Fact]
    public async Task Tiers_no_administrator_changed_the_features_of_get_one_audited_feature_update()
    {
        await SeedAbbreviatedCatalogueAsync();
        await ChangeAsync("""updateTierFeatures(input: {tierName: "pro_plus", features: {apiAccess: true, prioritySupport: true, rateLimit: 75}, reason: "Admin tuned Pro+ features"})""");
        await ChangeAsync("""updateTierCredits(input: {tierName: "pro_max", newCredits: 30000, reason: "Pro Max credits raised"})""");
        await ChangeAsync("""rollbackTierConfig(input: {tierName: "pro_max", toVersion: 1, reason: "Pro Max back to version one"})""");
        await ChangeAsync("""updateTierCredits(input: {tierName: "pro", newCredits: 2000, reason: "Pro credits raised"})""");
        var before = await StateAsync();

        Factory.Clock.Advance(TimeSpan.FromHours(1));
        await InitializeAsync(Factory.Services);
        var after = await StateAsync();

        // Nothing existing was rewritten.
        Assert.All(before.History, h => Assert.Contains(h, after.History));
        Assert.All(before.Versions, v => Assert.Contains(v, after.Versions));

        var added = after.History.Except(before.History).OrderBy(h => h.TierName).ToList();
        Assert.Equal(["enterprise_pro", "enterprise_pro_plus", "free", "pro"], added.Select(h => h.TierName));
        foreach (var entry in added)
        {
            var tierBefore = before.Tiers.Single(t => t.TierName == entry.TierName);
            var tierAfter = after.Tiers.Single(t => t.TierName == entry.TierName);
            Assert.Equal(TierChangeType.FeatureUpdate, entry.ChangeType);
            Assert.Equal(SeedCatalogue.SystemUserId, entry.ChangedBy);
            Assert.Equal(SeedCatalogue.SystemUserName, entry.ChangedByName);
            Assert.Equal("Catalogue aligned with Plan 189", entry.ChangeReason);
            Assert.Equal(tierBefore.ConfigVersion + 1, entry.ConfigVersion);
            Assert.Equal(tierBefore.MonthlyCreditAllocation, entry.NewCredits);
            Assert.Equal(entry.ConfigVersion, tierAfter.ConfigVersion);
            Assert.Equal(tierBefore.MonthlyCreditAllocation, tierAfter.MonthlyCreditAllocation);
            Assert.True(TierFeatures.AreEquivalent(SeedCatalogue.Tiers.Single(s => s.TierName == entry.TierName).FeaturesJson, tierAfter.FeaturesJson));
            var version = Assert.Single(after.Versions.Except(before.Versions), v => v.TierConfigId == tierAfter.Id);
            Assert.Equal((entry.ConfigVersion, tierAfter.FeaturesJson, SeedCatalogue.SystemUserId), (version.ConfigVersion, version.FeaturesJson, version.CreatedBy));
        }

        Assert.Equal(4, after.Versions.Count - before.Versions.Count);
        foreach (var untouched in new[] { "pro_plus", "pro_max" })
        {
            Assert.Equal(before.Tiers.Single(t => t.TierName == untouched), after.Tiers.Single(t => t.TierName == untouched));
        }

        // A second start changes nothing.
        Factory.Clock.Advance(TimeSpan.FromHours(1));
        await InitializeAsync(Factory.Services);
        var again = await StateAsync();
        Assert.Equal(after.History.Count, again.History.Count);
        Assert.Equal(after.Versions.Count, again.Versions.Count);
        Assert.Equal(after.Tiers, again.Tiers);
    }

    protected override ApiFactory CreateFactory(TestDatabase db) => new UnseededFactory(db);

    private async Task SeedAbbreviatedCatalogueAsync() =>
        await Factory.WithDbAsync(async db =>
        {
            // What the earlier seed wrote: the catalogue's tiers at version 1 with abbreviated features.
            for (var rank = 0; rank < SeedCatalogue.Tiers.Count; rank++)
            {
                var seed = SeedCatalogue.Tiers[rank];
                var (tier, version) = TierConfig.Create(
                    SeedCatalogue.TierIdFor(seed.TierName), seed.TierName, seed.DisplayName, rank, seed.MonthlyPriceUsd,
                    seed.AnnualPriceUsd, seed.MonthlyCredits, seed.MaxRollover, AbbreviatedFeatures[seed.TierName], seed.IsActive,
                    Factory.Clock.GetUtcNow(), SeedCatalogue.DeterministicGuid($"version:{seed.TierName}:1"));
                db.TierConfigs.Add(tier);
                db.TierConfigVersions.Add(version);
            }

            return await db.SaveChangesAsync();
        });

    private async Task ChangeAsync(string mutation)
    {
        Factory.Clock.Advance(TimeSpan.FromMinutes(10));
        var response = await Admin.PostGraphQLAsync($"mutation {{ m: {mutation} {{ errors {{ __typename }} }} }}");
        Assert.Null(response.Data["m"]!["errors"]);
    }

    private Task<State> StateAsync() => Factory.WithDbAsync(async db => new State(
        await db.TierConfigs.AsNoTracking().OrderBy(t => t.Rank).Select(t => new TierRow(t.Id, t.TierName, t.ConfigVersion, t.MonthlyCreditAllocation, t.FeaturesJson, t.LastModifiedAt)).ToListAsync(),
        await db.TierConfigHistory.AsNoTracking().Select(h => new HistoryRow(h.Id, h.TierName, h.ConfigVersion, h.ChangeType, h.PreviousCredits, h.NewCredits, h.ChangeReason, h.ChangedBy, h.ChangedByName, h.ChangedAt)).ToListAsync(),
        await db.TierConfigVersions.AsNoTracking().Select(v => new VersionRow(v.Id, v.TierConfigId, v.ConfigVersion, v.FeaturesJson, v.MonthlyCreditAllocation, v.CreatedBy, v.CreatedAt)).ToListAsync()));

    private sealed record State(List<TierRow> Tiers, List<HistoryRow> History, List<VersionRow> Versions);

    private sealed record TierRow(Guid Id, string TierName, int ConfigVersion, int MonthlyCreditAllocation, string FeaturesJson, DateTimeOffset LastModifiedAt);

    private sealed record HistoryRow(Guid Id, string TierName, int ConfigVersion, TierChangeType ChangeType, int PreviousCredits, int NewCredits, string ChangeReason, Guid ChangedBy, string? ChangedByName, DateTimeOffset ChangedAt);

    private sealed record VersionRow(Guid Id, Guid TierConfigId, int ConfigVersion, string FeaturesJson, int MonthlyCreditAllocation, Guid? CreatedBy, DateTimeOffset CreatedAt);

    /// <summary>A host whose start-up seeds nothing, so the test can seed the way the earlier catalogue did.</summary>
    private sealed class UnseededFactory(TestDatabase database) : ApiFactory(database)
    {
        protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
        {
            ["Seed:Catalogue"] = "false",
            ["Seed:DemoAccounts"] = "false",
        };
    }
}

public sealed class SqliteCatalogueAlignmentTests() : CatalogueAlignmentTests(TestDatabase.Sqlite);

public sealed class PostgresCatalogueAlignmentTests() : CatalogueAlignmentTests(TestDatabase.Postgres);
