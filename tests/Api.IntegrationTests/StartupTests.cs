using Microsoft.AspNetCore.Hosting;
using Rephlo.Tiers.Api.IntegrationTests.Infrastructure;

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
