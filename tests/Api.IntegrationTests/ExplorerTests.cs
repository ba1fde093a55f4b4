using System.Net;
using System.Text.Json.Nodes;
using Rephlo.Tiers.Api.IntegrationTests.Infrastructure;

namespace Rephlo.Tiers.Api.IntegrationTests;

/// <summary>Banana Cake Pop served by the API (files restored by the build from the pinned npm package).</summary>
public sealed class ExplorerTests() : ApiTestBase(TestDatabase.Sqlite)
{
    /// <summary>The API project's build output, where its build copied the explorer.</summary>
    public static string ExplorerFiles => Path.GetFullPath(Path.Combine(
        AppContext.BaseDirectory.Replace(Path.Combine("tests", "Api.IntegrationTests"), Path.Combine("src", "Api"), StringComparison.Ordinal), "explorer"));

    protected override ApiFactory CreateFactory(TestDatabase db) => new ExplorerFactory(enabled: true);

    [Fact]
    public async Task A_browser_opening_graphql_lands_in_the_explorer()
    {
        var browser = Factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/graphql");
        request.Headers.Accept.ParseAdd("text/html");

        using var redirect = await browser.SendAsync(request);
        var page = await browser.GetAsync("/graphql/ui/");

        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        Assert.Equal("/graphql/ui/", redirect.Headers.Location!.OriginalString);
        Assert.Equal("text/html", page.Content.Headers.ContentType!.MediaType);
        Assert.Contains("<title>Banana Cake Pop</title>", await page.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_explorer_is_configured_for_this_api_offline_and_without_a_token_outside_development()
    {
        var config = JsonNode.Parse(await Factory.CreateClient().GetStringAsync("/graphql/ui/bcp-config.json"))!;
        var license = await Factory.CreateClient().GetStringAsync("/graphql/ui/LICENSE");

        Assert.Equal("/graphql", config["endpoint"]!.GetValue<string>());
        Assert.True(config["useBrowserUrlAsEndpoint"]!.GetValue<bool>());
        Assert.True(config["disableTelemetry"]!.GetValue<bool>());
        Assert.Null(config["httpHeaders"]);
        Assert.Null(config["gaTrackingId"]);
        Assert.Contains("ChilliCream License", license);
    }

    [Fact]
    public async Task Graphql_requests_are_unaffected()
    {
        var response = await Admin.PostGraphQLAsync("{ tierConfigs { tierName } }");

        Assert.Equal(6, response.Data["tierConfigs"]!.AsArray().Count);
    }

    private sealed class ExplorerFactory(bool enabled) : ApiFactory(TestDatabase.Sqlite)
    {
        protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
        {
            ["Explorer:Enabled"] = enabled ? "true" : "false",
            ["Explorer:FilesPath"] = ExplorerFiles,
        };
    }
}

public sealed class DisabledExplorerTests() : ApiTestBase(TestDatabase.Sqlite)
{
    [Fact]
    public async Task Outside_development_the_explorer_is_off_and_graphql_says_how_to_enable_it()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/graphql");
        request.Headers.Accept.ParseAdd("text/html");

        using var response = await Factory.CreateClient().SendAsync(request);
        var ui = await Factory.CreateClient().GetAsync("/graphql/ui/bcp-config.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Explorer:Enabled=true", await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, ui.StatusCode);
    }
}
