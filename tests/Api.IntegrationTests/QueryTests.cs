using System.Net;
using System.Text.Json.Nodes;
using Rephlo.Tiers.Api.IntegrationTests.Infrastructure;

namespace Rephlo.Tiers.Api.IntegrationTests;

/// <summary>
/// Filtering, sorting and paging of the contract, translated to SQL on each provider. The history
/// is built by real mutations: 12 changes over 3 tiers by 2 admins, with the clock advancing.
/// </summary>
public abstract class QueryTests(TestDatabase database) : ApiTestBase(database)
{
    /// <summary>Pending entries must stay pending here: no rollout runner.</summary>
    protected override ApiFactory CreateFactory(TestDatabase db) => new NoRunnerApiFactory(db);

    private static readonly Guid OtherAdmin = Guid.Parse("0d9a4c55-7e21-4f7b-8d3e-4c1f2a9b6e71");

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var other = Factory.CreateClient(ApiFactory.CreateToken(user: OtherAdmin));
        var changes = new (HttpClient Client, string Mutation)[]
        {
            (Admin, """updateTierCredits(input: {tierName: "pro", newCredits: 1600, reason: "Pro step one upward"})"""),
            (Admin, """updateTierCredits(input: {tierName: "pro", newCredits: 1700, reason: "Pro step two upward", applyToExistingUsers: true})"""),
            (other, """updateTierPrices(input: {tierName: "pro", newMonthlyPriceUsd: 16, reason: "Pro price increase"})"""),
            (Admin, """updateTierCredits(input: {tierName: "pro_plus", newCredits: 4000, reason: "Pro+ credits cut for new users"})"""),
            (other, """updateTierRollover(input: {tierName: "pro_plus", maxCreditRollover: 2000, reason: "Pro+ rollover aligned"})"""),
            (Admin, """setTierActive(input: {tierName: "enterprise_pro", isActive: true, reason: "Enterprise Pro goes live"})"""),
            (other, """updateTierCredits(input: {tierName: "enterprise_pro", newCredits: 4000, reason: "Enterprise Pro launch bonus"})"""),
            (Admin, """updateTierCredits(input: {tierName: "pro", newCredits: 1800, reason: "Pro step three upward"})"""),
            (Admin, """updateTierPrices(input: {tierName: "pro_plus", newAnnualPriceUsd: 430, reason: "Pro+ annual discount"})"""),
            (other, """updateTierCredits(input: {tierName: "pro_plus", newCredits: 6000, reason: "Pro+ credits raised again", applyToExistingUsers: true})"""),
            (Admin, """rollbackTierConfig(input: {tierName: "pro", toVersion: 2, reason: "Pro back to version two"})"""),
            (other, """updateTierFeatures(input: {tierName: "enterprise_pro", features: {apiAccess: true, sso: true}, reason: "Enterprise Pro gets SSO"})"""),
        };
        foreach (var (client, mutation) in changes)
        {
            Factory.Clock.Advance(TimeSpan.FromMinutes(10));
            var response = await client.PostGraphQLAsync($"mutation {{ m: {mutation} {{ errors {{ __typename }} }} }}");
            Assert.Null(response.Data["m"]!["errors"]);
        }
    }

    [Fact]
    public async Task History_defaults_to_newest_first_with_a_total_count()
    {
        var page = await HistoryAsync("tierHistory(first: 3)");

        Assert.Equal(12, page["totalCount"]!.GetValue<int>());
        Assert.Equal(["Enterprise Pro gets SSO", "Pro back to version two", "Pro+ credits raised again"], Reasons(page));
        Assert.True(page["pageInfo"]!["hasNextPage"]!.GetValue<bool>());
        Assert.False(page["pageInfo"]!["hasPreviousPage"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Forward_and_backward_paging_walk_the_same_sequence()
    {
        var forward = new List<string>();
        string? after = null;
        do
        {
            var page = await HistoryAsync($"tierHistory(first: 5{(after is null ? string.Empty : $", after: \"{after}\"")})");
            forward.AddRange(Reasons(page));
            after = page["pageInfo"]!["hasNextPage"]!.GetValue<bool>() ? page["pageInfo"]!["endCursor"]!.GetValue<string>() : null;
        }
        while (after is not null);

        var backward = new List<string>();
        string? before = null;
        do
        {
            var page = await HistoryAsync($"tierHistory(last: 5{(before is null ? string.Empty : $", before: \"{before}\"")})");
            backward.InsertRange(0, Reasons(page));
            before = page["pageInfo"]!["hasPreviousPage"]!.GetValue<bool>() ? page["pageInfo"]!["startCursor"]!.GetValue<string>() : null;
        }
        while (before is not null);

        Assert.Equal(12, forward.Count);
        Assert.Equal(forward, backward);
        Assert.Equal(forward.Distinct(), forward);
    }

    [Theory]
    [InlineData("{ tierName: { eq: \"pro\" } }", 5)]
    [InlineData("{ tierName: { neq: \"pro\" } }", 7)]
    [InlineData("{ tierName: { in: [\"pro\", \"pro_plus\"] } }", 9)]
    [InlineData("{ tierName: { nin: [\"pro\", \"pro_plus\"] } }", 3)]
    [InlineData("{ tierName: { startsWith: \"pro\" } }", 9)]
    [InlineData("{ tierName: { nstartsWith: \"pro\" } }", 3)]
    [InlineData("{ tierName: { endsWith: \"_plus\" } }", 4)]
    [InlineData("{ tierName: { nendsWith: \"_plus\" } }", 8)]
    [InlineData("{ changeReason: { contains: \"step\" } }", 3)]
    [InlineData("{ changeReason: { ncontains: \"Pro\" } }", 0)]
    [InlineData("{ tierName: { or: [{ eq: \"pro\" }, { eq: \"enterprise_pro\" }] } }", 8)]
    [InlineData("{ changeType: { eq: CREDIT_INCREASE } }", 5)]
    [InlineData("{ changeType: { in: [PRICE_CHANGE, ROLLBACK] } }", 3)]
    [InlineData("{ changeType: { nin: [CREDIT_INCREASE, CREDIT_DECREASE] } }", 6)]
    [InlineData("{ changedBy: { eq: \"0d9a4c55-7e21-4f7b-8d3e-4c1f2a9b6e71\" } }", 5)]
    [InlineData("{ changedBy: { neq: \"0d9a4c55-7e21-4f7b-8d3e-4c1f2a9b6e71\" } }", 7)]
    [InlineData("{ appliedAt: { eq: null } }", 2)]
    [InlineData("{ appliedAt: { neq: null } }", 10)]
    [InlineData("{ changedAt: { gt: \"2026-12-01T10:00:00Z\" } }", 6)]
    [InlineData("{ changedAt: { gte: \"2026-12-01T10:00:00Z\" } }", 7)]
    [InlineData("{ changedAt: { lt: \"2026-12-01T10:00:00+00:00\" } }", 5)]
    [InlineData("{ changedAt: { lte: \"2026-12-01T11:00:00+01:00\" } }", 6)]
    [InlineData("{ changedAt: { ngt: \"2026-12-01T10:00:00Z\" } }", 6)]
    [InlineData("{ changedAt: { gte: \"2026-12-01T09:30:00Z\", lt: \"2026-12-01T10:30:00Z\" } }", 6)]
    [InlineData("{ configVersion: { gte: 3 } }", 9)]
    [InlineData("{ configVersion: { in: [2, 4] } }", 6)]
    [InlineData("{ newCredits: { ngte: 1700 } }", 2)]
    [InlineData("{ newCredits: { nlt: 6000 } }", 1)]
    [InlineData("{ newCredits: { nlte: 4000 } }", 1)]
    [InlineData("{ affectedUsersCount: { eq: 0 } }", 12)]
    [InlineData("{ and: [{ tierName: { eq: \"pro\" } }, { changeType: { eq: CREDIT_INCREASE } }] }", 3)]
    [InlineData("{ or: [{ tierName: { eq: \"enterprise_pro\" } }, { and: [{ tierName: { eq: \"pro\" } }, { changedBy: { eq: \"0d9a4c55-7e21-4f7b-8d3e-4c1f2a9b6e71\" } }] }] }", 4)]
    public async Task History_filters_select_exactly_the_matching_rows(string where, int expected)
    {
        var page = await HistoryAsync($"tierHistory(first: 100, where: {where})");

        Assert.Equal(expected, page["totalCount"]!.GetValue<int>());
        Assert.Equal(expected, page["nodes"]!.AsArray().Count);
    }

    [Fact]
    public async Task History_orders_by_several_keys()
    {
        var page = await HistoryAsync("tierHistory(first: 100, order: [{ tierName: ASC }, { configVersion: DESC }])");

        var keys = page["nodes"]!.AsArray().Select(n => (n!["tierName"]!.GetValue<string>(), n["configVersion"]!.GetValue<int>())).ToList();
        var expected = keys.OrderBy(k => k.Item1, StringComparer.Ordinal).ThenByDescending(k => k.Item2).ToList();
        Assert.Equal(expected, keys);
        Assert.Equal(("enterprise_pro", 4), keys[0]);
    }

    [Theory]
    [InlineData("tierHistory(first: 101)", "PAGE_SIZE_EXCEEDED")]
    [InlineData("tierHistory(last: 500)", "PAGE_SIZE_EXCEEDED")]
    [InlineData("tierHistory(first: -1)", "INVALID_PAGING")]
    [InlineData("tierHistory(after: \"not-a-cursor\")", "INVALID_CURSOR")]
    public async Task Bad_paging_gets_a_clear_error(string field, string code)
    {
        var response = await Admin.PostGraphQLAsync($"{{ {field} {{ totalCount }} }}");

        Assert.Equal(code, response.FirstErrorCode);
    }

    [Fact]
    public async Task Tier_configs_filter_and_sort_in_sql_and_include_inactive_tiers()
    {
        var all = await Admin.PostGraphQLAsync("{ tierConfigs { tierName isActive } }");
        var filtered = await Admin.PostGraphQLAsync(
            "{ tierConfigs(where: { isActive: { eq: true }, monthlyPriceUsd: { gte: 16, lt: 200 } }, order: [{ monthlyPriceUsd: DESC }]) { tierName monthlyPriceUsd } }");
        var byCredits = await Admin.PostGraphQLAsync(
            "{ tierConfigs(where: { or: [{ configVersion: { gt: 2 } }, { monthlyCreditAllocation: { in: [200, 25000] } }] }, order: [{ monthlyCreditAllocation: ASC }]) { tierName } }");

        Assert.Equal(["free", "pro", "pro_plus", "pro_max", "enterprise_pro", "enterprise_pro_plus"], Names(all.Data["tierConfigs"]!));
        Assert.Contains(all.Data["tierConfigs"]!.AsArray(), t => !t!["isActive"]!.GetValue<bool>());
        Assert.Equal(["pro_max", "pro_plus", "enterprise_pro"], Names(filtered.Data["tierConfigs"]!));
        Assert.Equal(["free", "pro", "enterprise_pro", "pro_plus", "pro_max"], Names(byCredits.Data["tierConfigs"]!));
    }

    [Fact]
    public async Task Versions_list_every_version_with_full_values()
    {
        var response = await Admin.PostGraphQLAsync("{ tierConfig(tierName: \"pro\") { configVersion versions { configVersion monthlyCreditAllocation monthlyPriceUsd } } }");

        var tier = response.Data["tierConfig"]!;
        var versions = tier["versions"]!.AsArray();
        Assert.Equal(6, tier["configVersion"]!.GetValue<int>());
        Assert.Equal([1, 2, 3, 4, 5, 6], versions.Select(v => v!["configVersion"]!.GetValue<int>()));
        Assert.Equal([1500, 1600, 1700, 1700, 1800, 1600], versions.Select(v => v!["monthlyCreditAllocation"]!.GetValue<int>()));
        Assert.Equal(16m, versions[3]!["monthlyPriceUsd"]!.GetValue<decimal>());
        Assert.Equal(15m, versions[5]!["monthlyPriceUsd"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task Subscribers_filter_sort_and_page()
    {
        var response = await Admin.PostGraphQLAsync(
            "{ subscribers(first: 2, where: { tierName: { eq: \"pro\" }, status: { eq: ACTIVE } }, order: [{ email: DESC }]) { totalCount nodes { email monthlyCreditAllocation basePriceUsd } } }");

        var page = response.Data["subscribers"]!;
        Assert.Equal(2, page["totalCount"]!.GetValue<int>());
        Assert.Equal(["pro.user@example.com", "admin.test@rephlo.ai"], page["nodes"]!.AsArray().Select(n => n!["email"]!.GetValue<string>()));
        Assert.All(page["nodes"]!.AsArray(), n => Assert.Equal(15m, n!["basePriceUsd"]!.GetValue<decimal>()));
    }

    [Fact]
    public async Task Many_top_level_fields_share_one_request_safely()
    {
        var fields = string.Join(" ", Enumerable.Range(0, 8).Select(i => $"a{i}: tierConfigs {{ tierName activeSubscriberCount versions {{ configVersion }} }} h{i}: tierHistory(first: 2) {{ totalCount }}"));

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Factory.CreateAdminClient().PostGraphQLAsync($"{{ {fields} }}")));

        Assert.All(responses, r =>
        {
            Assert.Equal(HttpStatusCode.OK, r.Status);
            Assert.Null(r.Errors);
            Assert.Equal(12, r.Data["h7"]!["totalCount"]!.GetValue<int>());
        });
    }

    private async Task<JsonNode> HistoryAsync(string field)
    {
        var response = await Admin.PostGraphQLAsync($"{{ page: {field} {{ totalCount pageInfo {{ hasNextPage hasPreviousPage startCursor endCursor }} nodes {{ tierName configVersion changeReason }} }} }}");
        Assert.True(response.Errors is null, response.Raw);
        return response.Data["page"]!;
    }

    private static List<string> Reasons(JsonNode page) => page["nodes"]!.AsArray().Select(n => n!["changeReason"]!.GetValue<string>()).ToList();

    private static List<string> Names(JsonNode list) => list.AsArray().Select(n => n!["tierName"]!.GetValue<string>()).ToList();
}

public sealed class SqliteQueryTests() : QueryTests(TestDatabase.Sqlite);

public sealed class PostgresQueryTests() : QueryTests(TestDatabase.Postgres);
