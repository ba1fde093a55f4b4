using System.Net;
using System.Text.Json.Nodes;
using Rephlo.Tiers.Api.IntegrationTests.Infrastructure;

namespace Rephlo.Tiers.Api.IntegrationTests;

/// <summary>GraphQL over HTTP as the graphql-over-http specification describes it.</summary>
public sealed class TransportTests() : ApiTestBase(TestDatabase.Sqlite)
{
    private const string TiersQuery = "{ tierConfigs { tierName } }";

    [Fact]
    public async Task Post_with_graphql_response_media_type_answers_200_with_that_type()
    {
        var response = await Admin.PostGraphQLAsync(TiersQuery);

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("application/graphql-response+json", response.ContentType);
        Assert.Equal(6, response.Data["tierConfigs"]!.AsArray().Count);
    }

    [Fact]
    public async Task Post_accepting_only_json_answers_application_json()
    {
        var response = await Admin.PostGraphQLAsync(TiersQuery, accept: "application/json");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("application/json", response.ContentType);
    }

    [Fact]
    public async Task Missing_accept_header_falls_back_to_application_json()
    {
        using var request = GraphQLClient.RawPost("""{"query":"{ tierConfigs { tierName } }"}""");
        request.Headers.Accept.Clear();

        var response = await Admin.SendGraphQLAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("application/json", response.ContentType);
    }

    [Theory]
    [InlineData("*/*")]
    [InlineData("application/*")]
    public async Task Wildcard_accept_answers_application_json(string accept)
    {
        var response = await Admin.SendGraphQLAsync(GraphQLClient.RawPost("""{"query":"{ tierConfigs { tierName } }"}""", accept: accept));

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("application/json", response.ContentType);
    }

    [Fact]
    public async Task A_batch_is_refused_with_a_clear_message()
    {
        var response = await Admin.SendGraphQLAsync(GraphQLClient.RawPost("""[{"query":"{ tierConfigs { tierName } }"},{"query":"{ tierConfigs { tierName } }"}]"""));

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("INVALID_REQUEST", response.FirstErrorCode);
        Assert.Contains("Batched requests", response.Errors![0]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unacceptable_accept_header_gets_406()
    {
        using var request = GraphQLClient.RawPost("""{"query":"{ tierConfigs { tierName } }"}""", accept: "text/xml");

        var response = await Admin.SendGraphQLAsync(request);

        Assert.Equal(HttpStatusCode.NotAcceptable, response.Status);
    }

    [Fact]
    public async Task Get_runs_queries_from_the_query_string()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/graphql?query=" + Uri.EscapeDataString("query Q($n: String!) { tierConfig(tierName: $n) { displayName } }")
            + "&variables=" + Uri.EscapeDataString("""{"n":"pro_plus"}""") + "&operationName=Q");
        request.Headers.Accept.ParseAdd(GraphQLClient.GraphQLResponse);

        var response = await Admin.SendGraphQLAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("Pro+", response.Data["tierConfig"]!["displayName"]!.GetValue<string>());
    }

    [Fact]
    public async Task Mutation_over_get_is_405_with_allow_post_and_changes_nothing()
    {
        var before = await TierStateAsync("pro");
        var mutation = """mutation { updateTierCredits(input: {tierName: "pro", newCredits: 2000, reason: "attempt over GET"}) { errors { __typename } } }""";
        using var request = new HttpRequestMessage(HttpMethod.Get, "/graphql?query=" + Uri.EscapeDataString(mutation));
        request.Headers.Accept.ParseAdd(GraphQLClient.GraphQLResponse);

        using var raw = await Admin.SendAsync(request.Clone());
        Assert.Equal(HttpStatusCode.MethodNotAllowed, raw.StatusCode);
        Assert.Contains("POST", raw.Content.Headers.Allow);
        Assert.Equal(before, await TierStateAsync("pro"));
    }

    [Theory]
    [InlineData("{not json", "INVALID_JSON")]
    [InlineData("[1,2]", "INVALID_REQUEST")]
    [InlineData("\"query\"", "INVALID_REQUEST")]
    [InlineData("{}", "INVALID_REQUEST")]
    [InlineData("{\"query\": 42}", "INVALID_REQUEST")]
    [InlineData("{\"query\": \"{ tierConfigs { tierName } }\", \"variables\": [1]}", "INVALID_REQUEST")]
    [InlineData("{\"query\": \"{ tierConfigs { tierName } }\", \"operationName\": 7}", "INVALID_REQUEST")]
    public async Task Malformed_requests_get_400_with_a_code(string body, string code)
    {
        foreach (var accept in new[] { "application/graphql-response+json", "application/json" })
        {
            var response = await Admin.SendGraphQLAsync(GraphQLClient.RawPost(body, accept: accept));

            Assert.Equal(HttpStatusCode.BadRequest, response.Status);
            Assert.Equal(code, response.FirstErrorCode);
        }
    }

    [Fact]
    public async Task Non_json_content_type_gets_415()
    {
        var response = await Admin.SendGraphQLAsync(GraphQLClient.RawPost("{ tierConfigs { tierName } }", contentType: "application/graphql"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.Status);
        Assert.Equal("UNSUPPORTED_MEDIA_TYPE", response.FirstErrorCode);
    }

    [Fact]
    public async Task Oversized_body_gets_413()
    {
        var padding = new string(' ', 300 * 1024);
        var response = await Admin.SendGraphQLAsync(GraphQLClient.RawPost($$"""{"query":"{ tierConfigs { tierName } {{padding}}"}"""));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.Status);
        Assert.Equal("REQUEST_TOO_LARGE", response.FirstErrorCode);
    }

    [Fact]
    public async Task Other_methods_get_405()
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, "/graphql") { Content = new StringContent("{}") };

        var response = await Admin.SendGraphQLAsync(request);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.Status);
    }

    [Theory]
    [InlineData("{ tierConfigs { nope } }", "FIELDS_ON_CORRECT_TYPE")]
    [InlineData("{ tierConfigs { tierName }", "SYNTAX_ERROR")]
    [InlineData("query A { tierConfigs { tierName } } query B { tierConfigs { rank } }", "NO_OPERATION_NAME")]
    public async Task Invalid_documents_are_400_under_the_new_media_type_and_200_under_json(string query, string code)
    {
        var modern = await Admin.PostGraphQLAsync(query);
        var legacy = await Admin.PostGraphQLAsync(query, accept: "application/json");

        Assert.Equal(HttpStatusCode.BadRequest, modern.Status);
        Assert.Equal(HttpStatusCode.OK, legacy.Status);
        Assert.Equal(code, modern.FirstErrorCode);
        Assert.Null(modern.Body!["data"]);
    }

    [Fact]
    public async Task Unknown_operation_name_is_rejected()
    {
        var response = await Admin.PostGraphQLAsync("query A { tierConfigs { tierName } }", operationName: "Nope");

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.NotNull(response.FirstErrorCode);
    }

    [Fact]
    public async Task Variables_of_the_wrong_type_are_rejected_before_execution()
    {
        var before = await TierStateAsync("pro");

        var response = await Admin.PostGraphQLAsync(
            "mutation($c: Int!) { updateTierCredits(input: {tierName: \"pro\", newCredits: $c, reason: \"variables of the wrong type\"}) { errors { __typename } } }",
            new { c = "two thousand" });

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("INVALID_VALUE", response.FirstErrorCode);
        Assert.Equal(before, await TierStateAsync("pro"));
    }

    [Fact]
    public async Task Every_error_carries_an_extensions_code()
    {
        var response = await Admin.PostGraphQLAsync("{ tierConfigs { nope also } }");

        Assert.NotEmpty(response.Errors!);
        Assert.All(response.Errors!, e => Assert.False(string.IsNullOrEmpty(e!["extensions"]?["code"]?.GetValue<string>())));
    }

    [Fact]
    public async Task Queries_deeper_than_the_limit_are_refused()
    {
        var ofTypes = string.Concat(Enumerable.Repeat("ofType { ", 18)) + "name" + string.Concat(Enumerable.Repeat(" }", 18));
        var response = await Admin.PostGraphQLAsync("{ __schema { types { fields { type { " + ofTypes + " } } } } }");

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Contains("depth", response.Errors![0]!["message"]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_full_introspection_query_as_ides_send_it_is_not_refused_by_the_complexity_limit()
    {
        const string TypeRef = "kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } }";
        var query = "query IntrospectionQuery { __schema { queryType { name } mutationType { name } subscriptionType { name } "
            + "types { kind name description fields(includeDeprecated: true) { name description args { name description type { " + TypeRef + " } defaultValue } type { " + TypeRef + " } isDeprecated deprecationReason } "
            + "inputFields { name description type { " + TypeRef + " } defaultValue } interfaces { " + TypeRef + " } enumValues(includeDeprecated: true) { name description isDeprecated deprecationReason } possibleTypes { " + TypeRef + " } } "
            + "directives { name description locations args { name description type { " + TypeRef + " } defaultValue } } } }";

        var response = await Admin.PostGraphQLAsync(query);

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Contains(response.Data["__schema"]!["types"]!.AsArray(), t => t!["name"]!.GetValue<string>() == "TierConfigHistoryFilterInput");
    }

    [Fact]
    public async Task Queries_more_complex_than_the_limit_are_refused()
    {
        var aliases = string.Join(" ", Enumerable.Range(0, 60).Select(i => $"h{i}: tierHistory(first: 100) {{ nodes {{ id changeReason rollout {{ id status }} }} }}"));
        var response = await Admin.PostGraphQLAsync("{ " + aliases + " }");

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Contains("complexity", response.Errors![0]!["message"]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Subscriptions_over_plain_http_are_refused_with_a_code()
    {
        var response = await Admin.PostGraphQLAsync("subscription { tierConfigChanged { tierConfig { tierName } } }");

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("SUBSCRIPTION_TRANSPORT_REQUIRED", response.FirstErrorCode);
    }
}

internal static class HttpRequestMessageExtensions
{
    public static HttpRequestMessage Clone(this HttpRequestMessage request)
    {
        var clone = new HttpRequestMessage(request.Method, request.RequestUri);
        foreach (var header in request.Headers)
        {
            clone.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        return clone;
    }
}
