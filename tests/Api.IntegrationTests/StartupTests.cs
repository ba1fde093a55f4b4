using Microsoft.AspNetCore.Hosting;
using Rephlo.Tiers.Api.IntegrationTests.Infrastructure;
using Rephlo.Tiers.Infrastructure.Persistence;

namespace Rephlo.Tiers.Api.IntegrationTests;

public sealed class StartupTests
{
    [Fact]
    public async Task Outside_development_the_api_refuses_to_start_without_token_validation_settings()
    {
        await using var factory = new UnconfiguredAuthFactory();

        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        Assert.Contains("Auth:SigningKey", error.ToString());
    }

    [Fact]
    public async Task With_settings_the_api_starts_and_seeds_the_catalogue()
    {
        await using var factory = new ApiFactory();

        var response = await factory.CreateAdminClient().PostGraphQLAsync("{ tierConfigs { tierName } }");

        Assert.Equal(6, response.Data["tierConfigs"]!.AsArray().Count);
    }

    [Theory]
    [InlineData("GraphQL:MaxDepth", "0", "GraphQL:MaxDepth must be between 2 and 100.")]
    [InlineData("Subscriptions:MaxRequestsInFlightPerConnection", "0", "MaxRequestsInFlightPerConnection")]
    [InlineData("Rollouts:BatchSize", "0", "Rollouts:BatchSize must be between 1 and 100000.")]
    public async Task A_bad_setting_stops_the_start_with_a_clear_message(string key, string value, string message)
    {
        await using var factory = new SettingFactory(key, value);

        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        Assert.Contains(message, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_relative_sqlite_data_source_is_a_path_from_the_working_directory()
    {
        var options = new DatabaseOptions { ConnectionString = "Data Source=some/dir/tiers.db;Default Timeout=5" };

        var builder = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(options.EffectiveConnectionString);

        Assert.Equal(Path.Combine(Directory.GetCurrentDirectory(), "some", "dir", "tiers.db"), builder.DataSource);
        Assert.Equal(5, builder.DefaultTimeout);
        Assert.Equal($"SQLite {builder.DataSource}", options.Location);
        Assert.Equal(Path.Combine(Directory.GetCurrentDirectory(), "rephlo-tiers.db"), new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(new DatabaseOptions().EffectiveConnectionString).DataSource);
    }

    private sealed class SettingFactory(string key, string value) : ApiFactory
    {
        protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?> { [key] = value };
    }

    private sealed class UnconfiguredAuthFactory : ApiFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseEnvironment("Production");
            builder.UseSetting("Auth:SigningKey", string.Empty);
        }
    }
}
