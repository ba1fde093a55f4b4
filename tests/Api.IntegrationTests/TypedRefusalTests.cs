using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Rephlo.Tiers.Api.IntegrationTests.Infrastructure;

namespace Rephlo.Tiers.Api.IntegrationTests;

/// <summary>
/// Typed refusals instead of 500s: filters at the documented limits answer correctly (one
/// collection parameter per in/nin list), one over is FILTER_TOO_COMPLEX before any SQL; a race of
/// createSubscription for one user leaves one subscriber and answers AlreadySubscribedError.
/// </summary>
public abstract class TypedRefusalTests(TestDatabase database) : ApiTestBase(database)
{
    private static readonly Guid OtherAdmin = Guid.Parse("0d9a4c55-7e21-4f7b-8d3e-4c1f2a9b6e71");

    protected override ApiFactory CreateFactory(TestDatabase db) => new SqlLoggingApiFactory(db);

    private SqlLoggingApiFactory Logged => (SqlLoggingApiFactory)Factory;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var other = Factory.CreateClient(ApiFactory.CreateToken(user: OtherAdmin));
        var changes = new (HttpClient Client, string Mutation)[]
        {
            (Admin, """updateTierCredits(input: {tierName: "pro", newCredits: 1600, reason: "Limits step one"})"""),
            (other, """updateTierCredits(input: {tierName: "pro", newCredits: 1700, reason: "Limits step two"})"""),
            (Admin, """updateTierCredits(input: {tierName: "pro_plus", newCredits: 6000, reason: "Limits step three"})"""),
        };
        foreach (var (client, mutation) in changes)
        {
            Factory.Clock.Advance(TimeSpan.FromMinutes(1));
            var response = await client.PostGraphQLAsync($"mutation {{ m: {mutation} {{ errors {{ __typename }} }} }}");
            Assert.Null(response.Data["m"]!["errors"]);
        }
    }

    public static TheoryData<string, int> AtTheLimits => new()
    {
        // 1,000 values in one list (the matching one last): the answer is exact.
        { $"tierName: {{ in: [{Strings(999)}, \"pro\"] }}", 2 },
        { $"tierName: {{ nin: [{Strings(999)}, \"pro\"] }}", 1 },
        { $"changedBy: {{ in: [{Uuids(999)}, \"{OtherAdmin}\"] }}", 1 },
        { $"changeReason: {{ in: [{Strings(999)}, \"Limits step three\"] }}", 1 },
        // 2,000 values in all.
        { $"tierName: {{ in: [{Strings(999)}, \"pro\"] }}, changeReason: {{ nin: [{Strings(1000)}] }}", 2 },
        // 100 operands in one or; and nesting 10 deep.
        { $"or: [{string.Join(", ", Enumerable.Range(0, 99).Select(i => $"{{ tierName: {{ eq: \"t{i}\" }} }}"))}, {{ tierName: {{ eq: \"pro_plus\" }} }}]", 1 },
        { Nested(10, "tierName: { eq: \"pro\" }"), 2 },
    };

    public static TheoryData<string> OverTheLimits => new()
    {
        $"tierName: {{ in: [{Strings(1001)}] }}",
        $"changedBy: {{ nin: [{Uuids(1001)}] }}",
        $"tierName: {{ in: [{Strings(5000)}] }}",
        $"tierName: {{ in: [{Strings(1000)}] }}, changeReason: {{ nin: [{Strings(1000)}] }}, configVersion: {{ gte: 0 }}",
        $"or: [{string.Join(", ", Enumerable.Range(0, 101).Select(i => $"{{ tierName: {{ eq: \"t{i}\" }} }}"))}]",
        $"tierName: {{ or: [{string.Join(", ", Enumerable.Range(0, 101).Select(i => $"{{ eq: \"t{i}\" }}"))}] }}",
        $"or: [{string.Join(", ", Enumerable.Range(0, 2000).Select(i => $"{{ tierName: {{ eq: \"t{i}\" }} }}"))}]",
        Nested(11, "tierName: { eq: \"pro\" }"),
    };

    [Theory]
    [MemberData(nameof(AtTheLimits))]
    public async Task Filters_at_the_limits_answer_exactly(string where, int expected)
    {
        var response = await Admin.PostGraphQLAsync($"{{ tierHistory(first: 100, where: {{ {where} }}) {{ totalCount nodes {{ id }} }} }}");

        Assert.True(response.Errors is null, response.Raw[..Math.Min(response.Raw.Length, 2000)]);
        Assert.Equal(expected, response.Data["tierHistory"]!["totalCount"]!.GetValue<int>());
        Assert.Equal(expected, response.Data["tierHistory"]!["nodes"]!.AsArray().Count);
    }

    [Theory]
    [MemberData(nameof(OverTheLimits))]
    public async Task Filters_over_the_limits_are_refused_before_any_sql(string where)
    {
        Logged.Sql.Clear();
        var response = await Admin.PostGraphQLAsync($"{{ tierHistory(first: 100, where: {{ {where} }}) {{ totalCount nodes {{ id }} }} }}");

        Assert.Equal("FILTER_TOO_COMPLEX", response.FirstErrorCode);
        Assert.Equal(0, Logged.Sql.Total);
    }

    [Fact]
    public async Task Other_filtered_connections_share_the_limits()
    {
        var subscribers = await Admin.PostGraphQLAsync($"{{ subscribers(where: {{ email: {{ in: [{Strings(1001)}] }} }}) {{ nodes {{ email }} }} }}");
        var rollouts = await Admin.PostGraphQLAsync($"{{ tierRollouts(where: {{ tierName: {{ nin: [{Strings(1001)}] }} }}) {{ nodes {{ id }} }} }}");
        var tiers = await Admin.PostGraphQLAsync($"{{ tierConfigs(where: {{ {Nested(11, "isActive: { eq: true }")} }}) {{ tierName }} }}");
        var values = Enumerable.Range(1, 1000).Select(i => i * 100).ToList();
        var tiersAtLimit = await Admin.PostGraphQLAsync($"{{ tierConfigs(where: {{ monthlyCreditAllocation: {{ in: [{string.Join(", ", values)}] }} }}) {{ tierName }} }}");
        var all = await Admin.PostGraphQLAsync("{ tierConfigs { monthlyCreditAllocation } }");

        Assert.Equal("FILTER_TOO_COMPLEX", subscribers.FirstErrorCode);
        Assert.Equal("FILTER_TOO_COMPLEX", rollouts.FirstErrorCode);
        Assert.Equal("FILTER_TOO_COMPLEX", tiers.FirstErrorCode);
        Assert.Null(tiersAtLimit.Errors);
        var expected = all.Data["tierConfigs"]!.AsArray().Count(t => values.Contains(t!["monthlyCreditAllocation"]!.GetValue<int>()));
        Assert.True(expected > 0);
        Assert.Equal(expected, tiersAtLimit.Data["tierConfigs"]!.AsArray().Count);
    }

    [Fact]
    public async Task In_lists_are_one_collection_parameter_not_one_parameter_per_value()
    {
        Logged.Sql.Clear();
        var response = await Admin.PostGraphQLAsync($"{{ tierHistory(where: {{ tierName: {{ in: [{Strings(999)}, \"pro\"] }} }}) {{ nodes {{ id }} }} }}");

        Assert.Null(response.Errors);
        var select = Assert.Single(Logged.Sql.Commands, c => c.Contains("tier_config_history", StringComparison.Ordinal));
        Assert.True(select.Length < 3_000, select);
        Assert.DoesNotContain(" OR ", select, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Concurrent_subscriptions_of_one_user_leave_one_subscriber_and_typed_refusals()
    {
        const string UserId = "5b8f3c1e-8888-4a2b-9c3d-000000000001";
        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Factory.CreateAdminClient().PostGraphQLAsync(
            $$"""mutation { createSubscription(input: {userId: "{{UserId}}", tierName: "pro"}) { subscriber { userId } errors { __typename } } }""")));

        Assert.All(responses, r => Assert.True(r.Errors is null, r.Raw));
        var payloads = responses.Select(r => r.Data["createSubscription"]!).ToList();
        Assert.Single(payloads, p => p["subscriber"] is JsonObject);
        Assert.Equal(9, payloads.Count(p => p["errors"]?[0]?["__typename"]?.GetValue<string>() == "AlreadySubscribedError"));
        var user = Guid.Parse(UserId);
        var (subscriptions, balances, grants) = await Factory.WithDbAsync(async db => (
            await db.Subscriptions.CountAsync(s => s.UserId == user),
            await db.CreditBalances.CountAsync(b => b.UserId == user),
            await db.CreditGrants.CountAsync(g => g.UserId == user)));
        Assert.Equal((1, 1, 1), (subscriptions, balances, grants));
    }

    [Fact]
    public async Task The_limits_come_from_configuration_and_invalid_limits_stop_the_start()
    {
        await using var configured = new FilterLimitsFactory(Factory.Database, new() { ["Filters:MaxListValues"] = "5", ["Filters:MaxTotalValues"] = "5" });
        var client = configured.CreateAdminClient();
        var atLimit = await client.PostGraphQLAsync($"{{ tierHistory(where: {{ tierName: {{ in: [{Strings(4)}, \"pro\"] }} }}) {{ nodes {{ id }} }} }}");
        var over = await client.PostGraphQLAsync($"{{ tierHistory(where: {{ tierName: {{ in: [{Strings(6)}] }} }}) {{ nodes {{ id }} }} }}");
        await using var invalid = new FilterLimitsFactory(Factory.Database, new() { ["Filters:MaxOperands"] = "0" });

        Assert.Null(atLimit.Errors);
        Assert.Equal("FILTER_TOO_COMPLEX", over.FirstErrorCode);
        var error = Assert.ThrowsAny<Exception>(() => invalid.CreateClient());
        Assert.Contains("Filters:", error.ToString());
    }

    private sealed class FilterLimitsFactory(TestDatabase database, Dictionary<string, string?> settings) : ApiFactory(database)
    {
        protected override IDictionary<string, string?> ExtraSettings => settings;
    }

    private static string Strings(int count) => string.Join(", ", Enumerable.Range(0, count).Select(i => $"\"value-{i}\""));

    private static string Uuids(int count) => string.Join(", ", Enumerable.Range(0, count).Select(i => $"\"00000000-0000-4000-8000-{i:D12}\""));

    /// <summary>A condition inside <paramref name="depth"/> nested <c>and</c> groups.</summary>
    private static string Nested(int depth, string condition) =>
        depth == 0 ? condition : $"and: [{{ {Nested(depth - 1, condition)} }}]";
}

public sealed class SqliteTypedRefusalTests() : TypedRefusalTests(TestDatabase.Sqlite);

public sealed class PostgresTypedRefusalTests() : TypedRefusalTests(TestDatabase.Postgres);
