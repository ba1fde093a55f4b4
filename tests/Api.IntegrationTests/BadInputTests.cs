using System.Net;
using Rephlo.Tiers.Api.IntegrationTests.Infrastructure;

namespace Rephlo.Tiers.Api.IntegrationTests;

/// <summary>Every refused change answers a typed error and writes nothing.</summary>
public sealed class BadInputTests() : ApiTestBase(TestDatabase.Sqlite)
{
    private const string Errors = "errors { __typename ... on Error { code message } ... on ValidationError { field } ... on VersionConflictError { expectedVersion currentVersion } ... on TierNotFoundError { tierName } }";

    public static TheoryData<string, string, string, string?> CreditCases => new()
    {
        // input fields, expected __typename, expected code, expected field
        { """tierName: "pro", newCredits: 150, reason: "Not a multiple of one hundred" """, "ValidationError", "VALIDATION_ERROR", "newCredits" },
        { """tierName: "pro", newCredits: 99, reason: "Below the minimum credits" """, "ValidationError", "VALIDATION_ERROR", "newCredits" },
        { """tierName: "pro", newCredits: 1000100, reason: "Above the maximum credits" """, "ValidationError", "VALIDATION_ERROR", "newCredits" },
        { """tierName: "pro", newCredits: 2000, reason: "          " """, "ValidationError", "VALIDATION_ERROR", "reason" },
        { """tierName: "pro", newCredits: 2000, reason: "   short   " """, "ValidationError", "VALIDATION_ERROR", "reason" },
        { $"""tierName: "pro", newCredits: 2000, reason: "{new string('x', 501)}" """, "ValidationError", "VALIDATION_ERROR", "reason" },
        { """tierName: "gold", newCredits: 2000, reason: "A tier that does not exist" """, "TierNotFoundError", "TIER_NOT_FOUND", null },
        { """tierName: "pro", newCredits: 1500, reason: "The same value as today" """, "NoChangeError", "NO_CHANGE", null },
        { """tierName: "pro", newCredits: 1000, reason: "Decrease for everybody", applyToExistingUsers: true """, "UpgradePolicyViolationError", "UPGRADE_POLICY_VIOLATION", null },
        { """tierName: "pro", newCredits: 2000, reason: "Stale version in hand", expectedVersion: 7 """, "VersionConflictError", "VERSION_CONFLICT", null },
        { """tierName: "pro", newCredits: 2000, reason: "Rollout date in the past", applyToExistingUsers: true, scheduledRolloutAt: "2026-11-30T09:00:00Z" """, "ValidationError", "VALIDATION_ERROR", "scheduledRolloutAt" },
        { """tierName: "pro", newCredits: 2000, reason: "Rollout date too far ahead", applyToExistingUsers: true, scheduledRolloutAt: "2028-01-01T09:00:00Z" """, "ValidationError", "VALIDATION_ERROR", "scheduledRolloutAt" },
        { """tierName: "pro", newCredits: 2000, reason: "Schedule without applying it", scheduledRolloutAt: "2026-12-05T09:00:00Z" """, "ValidationError", "VALIDATION_ERROR", "scheduledRolloutAt" },
    };

    [Theory]
    [MemberData(nameof(CreditCases))]
    public async Task Refused_credit_changes_write_nothing(string input, string typeName, string code, string? field)
    {
        const string tierName = "pro";
        var before = await TierStateAsync(tierName);

        var response = await Admin.PostGraphQLAsync($$"""mutation { updateTierCredits(input: { {{input}} }) { tierConfig { configVersion } historyEntry { id } {{Errors}} } }""");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        var payload = response.Data["updateTierCredits"]!;
        Assert.Null(payload["tierConfig"]);
        Assert.Null(payload["historyEntry"]);
        var error = payload["errors"]![0]!;
        Assert.Equal(typeName, error["__typename"]!.GetValue<string>());
        Assert.Equal(code, error["code"]!.GetValue<string>());
        Assert.False(string.IsNullOrWhiteSpace(error["message"]!.GetValue<string>()));
        if (field is not null)
        {
            Assert.Equal(field, error["field"]!.GetValue<string>());
        }

        Assert.Equal(before, await TierStateAsync(tierName));
    }

    [Fact]
    public async Task Version_conflict_carries_the_current_version()
    {
        var response = await Admin.PostGraphQLAsync($$"""mutation { updateTierCredits(input: {tierName: "pro", newCredits: 2000, reason: "Stale version in hand", expectedVersion: 3}) { {{Errors}} } }""");

        var error = response.Data["updateTierCredits"]!["errors"]![0]!;
        Assert.Equal(3, error["expectedVersion"]!.GetValue<int>());
        Assert.Equal(1, error["currentVersion"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("newMonthlyPriceUsd: 15.999", "newMonthlyPriceUsd")]
    [InlineData("newMonthlyPriceUsd: -1", "newMonthlyPriceUsd")]
    [InlineData("newAnnualPriceUsd: 100000.01", "newAnnualPriceUsd")]
    [InlineData("", "newMonthlyPriceUsd")]
    public async Task Refused_price_changes_write_nothing(string prices, string field)
    {
        var before = await TierStateAsync("pro");

        var response = await Admin.PostGraphQLAsync($$"""mutation { updateTierPrices(input: {tierName: "pro", {{prices}} reason: "Price change that is invalid"}) { tierConfig { configVersion } {{Errors}} } }""");

        var error = response.Data["updateTierPrices"]!["errors"]![0]!;
        Assert.Equal("ValidationError", error["__typename"]!.GetValue<string>());
        Assert.Equal(field, error["field"]!.GetValue<string>());
        Assert.Equal(before, await TierStateAsync("pro"));
    }

    [Fact]
    public async Task Same_prices_are_no_change()
    {
        var response = await Admin.PostGraphQLAsync($$"""mutation { updateTierPrices(input: {tierName: "pro", newMonthlyPriceUsd: 15, newAnnualPriceUsd: 150.00, reason: "Nothing actually changes"}) { {{Errors}} } }""");

        Assert.Equal("NO_CHANGE", response.Data["updateTierPrices"]!["errors"]![0]!["code"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("""{"RateLimit": 5}""")]
    [InlineData("""{"nested": {"a": 1}}""")]
    [InlineData("""{"list": [1, 2]}""")]
    [InlineData("[1, 2]")]
    [InlineData("\"text\"")]
    public async Task Invalid_features_are_refused(string features)
    {
        var before = await TierStateAsync("pro");

        var response = await Admin.PostGraphQLAsync(
            $$"""mutation($f: JSON!) { updateTierFeatures(input: {tierName: "pro", features: $f, reason: "Invalid features object"}) { {{Errors}} } }""",
            new { f = System.Text.Json.JsonDocument.Parse(features).RootElement });

        var error = response.Data["updateTierFeatures"]!["errors"]![0]!;
        Assert.Equal("features", error["field"]!.GetValue<string>());
        Assert.Equal(before, await TierStateAsync("pro"));
    }

    [Fact]
    public async Task Too_many_or_too_large_features_are_refused()
    {
        var many = Enumerable.Range(0, 51).ToDictionary(i => $"flag{i}", _ => (object)true);
        var large = new Dictionary<string, object> { ["notes"] = new string('a', 9000) };

        foreach (var features in new[] { many, large })
        {
            var response = await Admin.PostGraphQLAsync(
                $$"""mutation($f: JSON!) { updateTierFeatures(input: {tierName: "pro", features: $f, reason: "Features over the limits"}) { {{Errors}} } }""",
                new { f = features });
            Assert.Equal("features", response.Data["updateTierFeatures"]!["errors"]![0]!["field"]!.GetValue<string>());
        }

        Assert.Equal((1, 0, 1), await TierStateAsync("pro"));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(18_001)]
    public async Task Rollover_outside_zero_to_twelve_months_is_refused(int rollover)
    {
        var response = await Admin.PostGraphQLAsync($$"""mutation { updateTierRollover(input: {tierName: "pro", maxCreditRollover: {{rollover}}, reason: "Rollover out of range"}) { {{Errors}} } }""");

        Assert.Equal("maxCreditRollover", response.Data["updateTierRollover"]!["errors"]![0]!["field"]!.GetValue<string>());
        Assert.Equal((1, 0, 1), await TierStateAsync("pro"));
    }

    [Fact]
    public async Task Rollback_to_a_missing_version_is_version_not_found()
    {
        var response = await Admin.PostGraphQLAsync($$"""mutation { rollbackTierConfig(input: {tierName: "pro", toVersion: 9, reason: "Back to a version that never was"}) { errors { __typename ... on VersionNotFoundError { version } } } }""");

        var error = response.Data["rollbackTierConfig"]!["errors"]![0]!;
        Assert.Equal("VersionNotFoundError", error["__typename"]!.GetValue<string>());
        Assert.Equal(9, error["version"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("2026-12-05T09:00:00")]
    [InlineData("2026-12-05")]
    [InlineData("tomorrow")]
    public async Task Dates_without_an_offset_are_rejected_as_invalid_variables(string when)
    {
        var response = await Admin.PostGraphQLAsync(
            "mutation($at: DateTime) { updateTierCredits(input: {tierName: \"pro\", newCredits: 2000, reason: \"Local time without an offset\", applyToExistingUsers: true, scheduledRolloutAt: $at}) { errors { __typename } } }",
            new { at = when });

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("INVALID_VALUE", response.FirstErrorCode);
        Assert.Contains("DateTime", response.Errors![0]!["message"]!.GetValue<string>());
        Assert.Equal((1, 0, 1), await TierStateAsync("pro"));
    }

    [Fact]
    public async Task Cancelling_an_unknown_rollout_is_rollout_not_found()
    {
        var response = await Admin.PostGraphQLAsync("""mutation { cancelTierRollout(input: {rolloutId: "9d7c9a50-0000-4000-8000-000000000000", reason: "No such rollout exists"}) { rollout { id } errors { __typename ... on RolloutNotFoundError { rolloutId } } } }""");

        Assert.Equal("RolloutNotFoundError", response.Data["cancelTierRollout"]!["errors"]![0]!["__typename"]!.GetValue<string>());
    }
}
