using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Rephlo.Tiers.Api.IntegrationTests.Infrastructure;
using Rephlo.Tiers.Application.Common.Abstractions;

namespace Rephlo.Tiers.Api.IntegrationTests;

/// <summary>Every operation needs a valid token; admin-only fields need role admin; nothing runs otherwise.</summary>
public sealed class AuthTests() : ApiTestBase(TestDatabase.Sqlite)
{
    private const string Mutation = """mutation { updateTierCredits(input: {tierName: "pro", newCredits: 2000, reason: "Who is allowed to do this"}) { tierConfig { configVersion } } }""";

    public static TheoryData<string, string?> BadTokens => new()
    {
        { "no token", null },
        { "garbage", "not-a-jwt" },
        { "wrong key", ApiFactory.CreateToken(key: "another-signing-key-of-sufficient-length-0123456789") },
        { "wrong issuer", ApiFactory.CreateToken(issuer: "someone-else") },
        { "expired", ApiFactory.CreateToken(now: DateTimeOffset.UtcNow.AddHours(-3), lifetime: TimeSpan.FromHours(1)) },
    };

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task Missing_or_invalid_tokens_get_401_and_nothing_runs(string because, string? token)
    {
        var client = Factory.CreateClient(token);

        var query = await client.PostGraphQLAsync("{ tierConfigs { tierName } }");
        var mutation = await client.PostGraphQLAsync(Mutation);

        Assert.True(query.Status == HttpStatusCode.Unauthorized, because);
        Assert.Equal(HttpStatusCode.Unauthorized, mutation.Status);
        Assert.Equal((1, 0, 1), await TierStateAsync("pro"));
    }

    [Fact]
    public async Task Non_admins_may_read_the_catalogue()
    {
        var viewer = Factory.CreateClient(ApiFactory.CreateToken(roles: ["viewer"]));

        var response = await viewer.PostGraphQLAsync("{ tierConfigs { tierName } tierConfig(tierName: \"pro\") { monthlyCreditAllocation } }");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal(1500, response.Data["tierConfig"]!["monthlyCreditAllocation"]!.GetValue<int>());
    }

    [Theory]
    [InlineData(Mutation)]
    [InlineData("{ tierHistory { totalCount } }")]
    [InlineData("{ tierConfigs { versions { configVersion } } }")]
    [InlineData("{ tierChangePreview(input: {tierName: \"pro\", newCredits: 2000}) { preview { willUpgrade } } }")]
    [InlineData("{ subscribers { totalCount } }")]
    public async Task Non_admins_get_AUTH_NOT_AUTHORIZED_and_nothing_executes(string document)
    {
        var viewer = Factory.CreateClient(ApiFactory.CreateToken(roles: ["viewer"]));

        var modern = await viewer.PostGraphQLAsync(document);
        var legacy = await viewer.PostGraphQLAsync(document, accept: "application/json");

        Assert.Equal(HttpStatusCode.Forbidden, modern.Status);
        Assert.Equal(HttpStatusCode.OK, legacy.Status);
        Assert.Equal("AUTH_NOT_AUTHORIZED", modern.FirstErrorCode);
        Assert.Null(modern.Body!["data"]);
        Assert.Equal((1, 0, 1), await TierStateAsync("pro"));
    }

    [Fact]
    public async Task A_document_validated_for_an_admin_is_still_authorized_for_each_caller()
    {
        const string Document = "{ tierHistory { totalCount } }";
        var first = await Admin.PostGraphQLAsync(Document);
        Assert.Null(first.Errors);

        // The same text is now served from the validated-document cache: authorization still runs.
        var viewer = await Factory.CreateClient(ApiFactory.CreateToken(roles: ["viewer"])).PostGraphQLAsync(Document);
        var again = await Admin.PostGraphQLAsync(Document);

        Assert.Equal(HttpStatusCode.Forbidden, viewer.Status);
        Assert.Equal("AUTH_NOT_AUTHORIZED", viewer.FirstErrorCode);
        Assert.Null(again.Errors);
    }

    [Fact]
    public async Task Changed_by_is_the_tokens_subject()
    {
        var admin = Guid.Parse("0d9a4c55-7e21-4f7b-8d3e-4c1f2a9b6e70");
        var client = Factory.CreateClient(ApiFactory.CreateToken(user: admin));

        var response = await client.PostGraphQLAsync("""mutation { updateTierCredits(input: {tierName: "pro", newCredits: 2000, reason: "Recorded under my own id"}) { historyEntry { changedBy } tierConfig { lastModifiedBy } } }""");

        Assert.Equal(admin.ToString(), response.Data["updateTierCredits"]!["historyEntry"]!["changedBy"]!.GetValue<string>());
        Assert.Equal(admin.ToString(), response.Data["updateTierCredits"]!["tierConfig"]!["lastModifiedBy"]!.GetValue<string>());
    }
}

/// <summary>An unexpected failure is logged in full, masked to the client, and writes nothing.</summary>
public sealed class UnexpectedFailureTests() : ApiTestBase(TestDatabase.Sqlite)
{
    protected override ApiFactory CreateFactory(TestDatabase db) => new FailingIdsFactory();

    [Fact]
    public async Task Unexpected_exceptions_are_masked_and_roll_back()
    {
        var response = await Admin.PostGraphQLAsync("""mutation { updateTierCredits(input: {tierName: "pro", newCredits: 2000, reason: "This will hit a broken dependency"}) { tierConfig { configVersion } } }""");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("INTERNAL_SERVER_ERROR", response.FirstErrorCode);
        Assert.DoesNotContain("secret", response.Raw, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Exception", response.Raw, StringComparison.Ordinal);
        Assert.Equal((1, 0, 1), await TierStateAsync("pro"));
        Assert.Contains(((FailingIdsFactory)Factory).Logs.Messages, m => m.Contains("secret connection details that must not leak", StringComparison.Ordinal));
    }

    private sealed class FailingIdsFactory : ApiFactory
    {
        public CapturingLoggerProvider Logs { get; } = new();

        protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services =>
            {
                services.RemoveAll<IIdGenerator>();
                services.AddSingleton<IIdGenerator, ExplodingIds>();
                services.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(Logs);
            });
        }
    }

    private sealed class ExplodingIds : IIdGenerator
    {
        public Guid NewId() => throw new InvalidOperationException("secret connection details that must not leak");
    }
}
