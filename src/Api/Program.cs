using Microsoft.Extensions.Options;
using Rephlo.Tiers.Api;
using Rephlo.Tiers.Api.Auth;
using Rephlo.Tiers.Application;
using Rephlo.Tiers.Infrastructure;
using Rephlo.Tiers.Infrastructure.Persistence;
using Rephlo.Tiers.Infrastructure.Persistence.Seeding;

if (args.Length > 0 && args[0] == DevTokenCommand.Name)
{
    return DevTokenCommand.Run(args[1..], Console.Out, Console.Error);
}

// `migrate`: migrate and seed (under the initialisation lock), then exit — a deploy step.
var migrateOnly = args.Length > 0 && args[0] == "migrate";
if (migrateOnly)
{
    args = args[1..];
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

// Outside Development the console speaks JSON, one object per line (for log collectors).
if (!builder.Environment.IsDevelopment())
{
    builder.Logging.AddJsonConsole(json =>
    {
        json.UseUtcTimestamp = true;
        json.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
    });
}

builder.Services
    .AddApplication()
    .AddInfrastructure(builder.Configuration)
    .AddApi(builder.Configuration);

var app = builder.Build();
if (args.Length > 0 && args[0] == Rephlo.Tiers.Api.AdminApp.PrintSchemaCommand.Name)
{
    return Rephlo.Tiers.Api.AdminApp.PrintSchemaCommand.Run(app.Services, args);
}

try
{
    var database = app.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
    app.Logger.LogInformation("Database: {Location}", database.Location);
    if (migrateOnly)
    {
        try
        {
            await using var scope = app.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync();
            app.Logger.LogInformation("Database migrated and seeded");
            return 0;
        }
        catch (Exception ex) when (StartupErrors.Describe(ex) is null)
        {
            app.Logger.LogCritical(ex, "Migration failed");
            return 1;
        }
    }

    if (database.InitializeOnStartup)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync();
    }

    app.UseApi();
    await app.RunAsync();
}
catch (Exception ex) when (StartupErrors.IsOwnProcess && StartupErrors.Describe(ex) is { } problem)
{
    // A bad setting stops the start with one clear line (and a non-zero exit code). Hosted in
    // another process (WebApplicationFactory), the exception goes to the host instead.
    Console.Error.WriteLine($"Configuration error: {problem}");
    return 2;
}

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

/// <summary>Turns a configuration failure at start-up into one line for the operator.</summary>
internal static class StartupErrors
{
    public static bool IsOwnProcess => System.Reflection.Assembly.GetEntryAssembly() == typeof(Program).Assembly;

    public static string? Describe(Exception exception) => exception switch
    {
        OptionsValidationException validation => string.Join(" ", validation.Failures),
        InvalidOperationException { InnerException: not null } binding when binding.Message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal)
            => $"{binding.Message} {binding.InnerException?.Message}",
        _ => null,
    };
}

/// <summary>The API host (also the entry point WebApplicationFactory uses in tests).</summary>
public partial class Program;
