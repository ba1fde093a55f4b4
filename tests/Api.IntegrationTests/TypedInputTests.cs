using Rephlo.Tiers.Api.IntegrationTests.Infrastructure;

namespace Rephlo.Tiers.Api.IntegrationTests;

/// <summary>
/// Mutation inputs are bound as typed objects: an omitted optional field and an explicit null mean
/// the same, literals and variables bind alike, defaults apply, and an ID may be given as an integer;
/// <c>where</c> and <c>order</c> bind as the application's filter and sort fields.
/// </summary>
public sealed class TypedInputTests() : ApiTestBase(TestDatabase.Sqlite)
{
    private const string PriceSelection = "tierConfig { monthlyPriceUsd annualPriceUsd configVersion } historyEntry { changedByName } errors { __typename }";

    [Fact]
    public async Task Omitted_and_null_optional_fields_leave_their_value_alone_in_literals_and_variables()
    {
        var before = (await Admin.PostGraphQLAsync("""{ tierConfig(tierName: "pro") { annualPriceUsd } }""")).Data["tierConfig"]!["annualPriceUsd"]!.GetValue<decimal>();

        var omitted = (await Admin.PostGraphQLAsync(
            $$"""mutation { updateTierPrices(input: {tierName: "pro", newMonthlyPriceUsd: 21.5, reason: "Monthly price only, literal"}) { {{PriceSelection}} } }""")).Data["updateTierPrices"]!;
        Assert.Null(omitted["errors"]);
        Assert.Equal(21.5m, omitted["tierConfig"]!["monthlyPriceUsd"]!.GetValue<decimal>());
        Assert.Equal(before, omitted["tierConfig"]!["annualPriceUsd"]!.GetValue<decimal>());
        Assert.Equal(ApiFactory.AdminName, omitted["historyEntry"]!["changedByName"]!.GetValue<string>());

        var explicitNull = (await Admin.PostGraphQLAsync(
            $$"""mutation($input: UpdateTierPricesInput!) { updateTierPrices(input: $input) { {{PriceSelection}} } }""",
            new { input = new { tierName = "pro", newMonthlyPriceUsd = 22.5m, newAnnualPriceUsd = (decimal?)null, reason = "Monthly price only, variables", expectedVersion = (int?)null } })).Data["updateTierPrices"]!;
        Assert.Null(explicitNull["errors"]);
        Assert.Equal(22.5m, explicitNull["tierConfig"]!["monthlyPriceUsd"]!.GetValue<decimal>());
        Assert.Equal(before, explicitNull["tierConfig"]!["annualPriceUsd"]!.GetValue<decimal>());
        Assert.Equal(omitted["tierConfig"]!["configVersion"]!.GetValue<int>() + 1, explicitNull["tierConfig"]!["configVersion"]!.GetValue<int>());
    }

    [Fact]
    public async Task Omitted_fields_with_a_default_take_it()
    {
        var response = await Admin.PostGraphQLAsync(
            """mutation { createSubscription(input: {userId: "5b8f3c1e-8888-4a2b-9c3d-000000000001", email: null, tierName: "pro"}) { subscriber { billingCycle email tierName } errors { __typename } } }""");

        var payload = response.Data["createSubscription"]!;
        Assert.Null(payload["errors"]);
        Assert.Equal("MONTHLY", payload["subscriber"]!["billingCycle"]!.GetValue<string>());
        Assert.Null(payload["subscriber"]!["email"]);

        var preview = await Admin.PostGraphQLAsync("""{ tierChangePreview(input: {tierName: "pro", newCredits: 1000}) { preview { newCredits direction } errors { __typename } } }""");
        Assert.Equal("DECREASE", preview.Data["tierChangePreview"]!["preview"]!["direction"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_id_given_as_an_integer_is_read_as_its_text()
    {
        var response = await Admin.PostGraphQLAsync(
            """mutation { cancelTierRollout(input: {rolloutId: 5, reason: "No such rollout exists"}) { rollout { id } errors { __typename ... on RolloutNotFoundError { rolloutId } } } }""");

        var error = response.Data["cancelTierRollout"]!["errors"]![0]!;
        Assert.Equal("RolloutNotFoundError", error["__typename"]!.GetValue<string>());
        Assert.Equal("5", error["rolloutId"]!.GetValue<string>());
    }

    [Fact]
    public async Task Where_binds_alike_from_a_literal_and_from_variables()
    {
        const string Where = """{ and: [{ tierName: { or: [{ startsWith: "pro" }, { eq: "free" }] } }, { isActive: { eq: true } }], monthlyCreditAllocation: { gte: 0 } }""";
        var literal = await Admin.PostGraphQLAsync($$"""{ tierConfigs(where: {{Where}}) { tierName } }""");
        var variables = await Admin.PostGraphQLAsync(
            """query($where: TierConfigFilterInput) { tierConfigs(where: $where) { tierName } }""",
            new
            {
                where = new
                {
                    and = new object[] { new { tierName = new { or = new object[] { new { startsWith = "pro" }, new { eq = "free" } } } }, new { isActive = new { eq = true } } },
                    monthlyCreditAllocation = new { gte = 0 },
                },
            });

        var names = literal.Data["tierConfigs"]!.AsArray().Select(t => t!["tierName"]!.GetValue<string>()).ToList();
        Assert.NotEmpty(names);
        Assert.All(names, n => Assert.True(n.StartsWith("pro", StringComparison.Ordinal) || n == "free", n));
        Assert.Equal(literal.Data.ToJsonString(), variables.Data.ToJsonString());
    }

    [Fact]
    public async Task The_keys_of_one_order_item_apply_in_the_order_the_application_declares_them()
    {
        // TierConfigSortInput declares rank before monthlyCreditAllocation: one item with both
        // orders by rank first, whatever order the query writes them in.
        var oneItem = await Admin.PostGraphQLAsync("""{ tierConfigs(order: [{ monthlyCreditAllocation: DESC, rank: ASC }]) { tierName } }""");
        var byRank = await Admin.PostGraphQLAsync("""{ tierConfigs(order: [{ rank: ASC }]) { tierName } }""");
        var byCreditsDesc = await Admin.PostGraphQLAsync("""{ tierConfigs(order: [{ monthlyCreditAllocation: DESC }, { rank: ASC }]) { tierName } }""");

        Assert.Equal(byRank.Data.ToJsonString(), oneItem.Data.ToJsonString());
        Assert.NotEqual(byCreditsDesc.Data.ToJsonString(), oneItem.Data.ToJsonString());
    }
}
