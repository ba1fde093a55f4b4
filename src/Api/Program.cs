using Rephlo.Tiers.Api;
using Rephlo.Tiers.Api.Auth;
using Rephlo.Tiers.Application;
using Rephlo.Tiers.Infrastructure;
using Rephlo.Tiers.Infrastructure.Persistence.Seeding;

if (args.Length > 0 && args[0] == DevTokenCommand.Name)
{
    return DevTokenCommand.Run(args[1..], Console.Out, Console.Error);
}

var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args,
    ContentRootPath = AppContext.BaseDirectory,
    EnvironmentName = HostDefaults.EnvironmentName(args),
});
builder.Configuration.AddCommandLine(args, new Dictionary<string, string>
{
    ["--seed-subscribers"] = "Seed:SyntheticSubscribers",
});
if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["http_ports"]))
{
    builder.WebHost.UseUrls("http://localhost:5080");
}

builder.Services
    .AddApplication()
    .AddInfrastructure(builder.Configuration)
    .AddApi(builder.Configuration);

var app = builder.Build();

if (app.Configuration.GetValue("Database:InitializeOnStartup", true))
{
    await using var scope = app.Services.CreateAsyncScope();
    await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync();
}

app.UseApi();
await app.RunAsync();
return 0;

/// <summary>
/// No launchSettings.json (dotnet run would print its name on stdout, spoiling <c>dev-token</c>
/// output): a Debug build with no environment set runs as Development instead; Release builds keep
/// ASP.NET Core's default, Production.
/// </summary>
internal static class HostDefaults
{
    public static string? EnvironmentName(string[] args)
    {
        var configured = Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT") ?? Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT");
        if (configured is not null || args.Any(a => a.StartsWith("--environment", StringComparison.OrdinalIgnoreCase)))
        {
            return null;
        }
#if DEBUG
        return Environments.Development;
#else
        return null;
#endif
    }
}

/// <summary>The API host (also the entry point WebApplicationFactory uses in tests).</summary>
public partial class Program;
