using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Rephlo.Tiers.Api.IntegrationTests.Infrastructure;

namespace Rephlo.Tiers.Api.IntegrationTests;

/// <summary>
/// Two concurrent changes of one tier never both win silently: without an expected version they
/// are serialised (consecutive versions, correct "previous" values); with one, exactly one wins.
/// </summary>
public abstract class ConcurrencyTests(TestDatabase database) : ApiTestBase(database)
{
    private const int Writers = 50;

    [Fact]
    public async Task Concurrent_changes_without_expected_version_are_serialised()
    {
        var credits = Enumerable.Range(1, Writers).Select(i => 2000 + (i * 100)).ToArray();

        var responses = await Task.WhenAll(credits.Select(c => Factory.CreateAdminClient().PostGraphQLAsync(
            $$"""mutation { updateTierCredits(input: {tierName: "pro", newCredits: {{c}}, reason: "Concurrent change to {{c}} credits"}) { tierConfig { configVersion } errors { __typename } } }""")));

        Assert.All(responses, r => Assert.Null(r.Data["updateTierCredits"]!["errors"]));
        var versions = responses.Select(r => r.Data["updateTierCredits"]!["tierConfig"]!["configVersion"]!.GetValue<int>()).Order().ToArray();
        Assert.Equal(Enumerable.Range(2, Writers), versions);

        var history = await Factory.WithDbAsync(db => db.TierConfigHistory.AsNoTracking()
            .Where(h => h.TierName == "pro").OrderBy(h => h.ConfigVersion).ToListAsync());
        Assert.Equal(Writers, history.Count);
        Assert.Equal(1500, history[0].PreviousCredits);
        for (var i = 1; i < history.Count; i++)
        {
            Assert.Equal(history[i - 1].ConfigVersion + 1, history[i].ConfigVersion);
            Assert.Equal(history[i - 1].NewCredits, history[i].PreviousCredits);
        }

        Assert.Equal((Writers + 1, Writers, Writers + 1), await TierStateAsync("pro"));
        Assert.Equal(history[^1].NewCredits, (await Factory.WithDbAsync(db => db.TierConfigs.SingleAsync(t => t.TierName == "pro"))).MonthlyCreditAllocation);
    }

    [Fact]
    public async Task Concurrent_changes_with_the_same_expected_version_let_exactly_one_win()
    {
        var credits = Enumerable.Range(1, Writers).Select(i => 2000 + (i * 100)).ToArray();

        var responses = await Task.WhenAll(credits.Select(c => Factory.CreateAdminClient().PostGraphQLAsync(
            $$"""mutation { updateTierCredits(input: {tierName: "pro", newCredits: {{c}}, reason: "Racing change to {{c}} credits", expectedVersion: 1}) { tierConfig { configVersion } errors { __typename ... on VersionConflictError { currentVersion } } } }""")));

        var winners = responses.Where(r => r.Data["updateTierCredits"]!["errors"] is null).ToList();
        var losers = responses.Select(r => r.Data["updateTierCredits"]!["errors"]).OfType<JsonArray>().ToList();
        Assert.Single(winners);
        Assert.Equal(Writers - 1, losers.Count);
        Assert.All(losers, e =>
        {
            Assert.Equal("VersionConflictError", e[0]!["__typename"]!.GetValue<string>());
            Assert.Equal(2, e[0]!["currentVersion"]!.GetValue<int>());
        });
        Assert.Equal((2, 1, 2), await TierStateAsync("pro"));
    }
}

public sealed class SqliteConcurrencyTests() : ConcurrencyTests(TestDatabase.Sqlite);

public sealed class PostgresConcurrencyTests() : ConcurrencyTests(TestDatabase.Postgres);
