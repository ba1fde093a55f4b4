using System.Text.Json;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;
using Rephlo.Tiers.Api.Auth;
using Rephlo.Tiers.Infrastructure.Persistence.Seeding;

namespace Rephlo.Tiers.Api.Transport.Explorer;

/// <summary>Settings of the Banana Cake Pop explorer (section <c>Explorer</c>).</summary>
public sealed class ExplorerOptions
{
    public const string Section = "Explorer";
    public const string Path = "/graphql/ui";

    /// <summary>Serve the explorer (default: on in Development, off elsewhere).</summary>
    public bool? Enabled { get; set; }

    /// <summary>Where the IDE's files are (default: <c>explorer/</c> beside the API's binaries).</summary>
    public string? FilesPath { get; set; }
}

/// <summary>
/// Serves Banana Cake Pop at <c>/graphql/ui/</c>, fully offline: its <c>bcp-config.json</c> points
/// it at this API, turns telemetry off and, in Development only, carries a fresh admin token.
/// </summary>
public static class ExplorerEndpoints
{
    public static string FilesPath(IOptions<ExplorerOptions> options, IWebHostEnvironment environment) =>
        options.Value.FilesPath ?? System.IO.Path.Combine(environment.ContentRootPath, "explorer");

    public static bool IsEnabled(IOptions<ExplorerOptions> options, IWebHostEnvironment environment) =>
        options.Value.Enabled ?? environment.IsDevelopment();

    public static bool IsInstalled(IOptions<ExplorerOptions> options, IWebHostEnvironment environment) =>
        File.Exists(System.IO.Path.Combine(FilesPath(options, environment), "index.html"));

    public static WebApplication MapGraphQLExplorer(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<ExplorerOptions>>();
        if (!IsEnabled(options, app.Environment) || !IsInstalled(options, app.Environment))
        {
            return app;
        }

        app.MapGet(ExplorerOptions.Path + "/bcp-config.json", (IOptions<AuthOptions> auth) =>
        {
            var config = new Dictionary<string, object?>
            {
                ["useBrowserUrlAsEndpoint"] = true,
                ["endpoint"] = "/graphql",
                ["disableTelemetry"] = true,
            };
            if (app.Environment.IsDevelopment() && auth.Value.GetSigningKey() is { } key)
            {
                // Development only: a fresh token of the demo administrator, so the IDE works at once.
                var token = DevTokenCommand.CreateToken(auth.Value, key, SeedCatalogue.AdminUserId, [Roles.Admin], TimeSpan.FromHours(8), DateTimeOffset.UtcNow);
                config["httpHeaders"] = new Dictionary<string, string> { ["Authorization"] = "Bearer " + token };
                config["connectionParams"] = new Dictionary<string, string> { ["Authorization"] = "Bearer " + token };
            }

            return Results.Text(JsonSerializer.Serialize(config), "application/json");
        });

        var files = new PhysicalFileProvider(FilesPath(options, app.Environment));
        var types = new FileExtensionContentTypeProvider();
        types.Mappings[".webmanifest"] = "application/manifest+json";
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files, RequestPath = ExplorerOptions.Path });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = files, RequestPath = ExplorerOptions.Path, ContentTypeProvider = types });
        app.MapMethods(ExplorerOptions.Path + "/LICENSE", ["GET", "HEAD"], () => Results.File(files.GetFileInfo("LICENSE").PhysicalPath!, "text/plain; charset=utf-8"));
        return app;
    }

    /// <summary>A browser opening <c>/graphql</c>: to the explorer, or a page saying how to get it.</summary>
    public static async Task<bool> TryHandleBrowserAsync(HttpContext http)
    {
        if (!HttpMethods.IsGet(http.Request.Method) || http.Request.Query.ContainsKey("query")
            || !http.Request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var options = http.RequestServices.GetRequiredService<IOptions<ExplorerOptions>>();
        var environment = http.RequestServices.GetRequiredService<IWebHostEnvironment>();
        if (IsEnabled(options, environment) && IsInstalled(options, environment))
        {
            http.Response.Redirect(ExplorerOptions.Path + "/");
            return true;
        }

        var why = IsEnabled(options, environment)
            ? "The explorer's files are missing: build the API on a machine with npm (the build restores the pinned package), or set Explorer:FilesPath."
            : "The explorer is off. Set Explorer:Enabled=true to serve it (it is on by default in Development).";
        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = "text/html; charset=utf-8";
        await http.Response.WriteAsync($"""
            <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Rephlo Tiers GraphQL</title></head>
            <body><h1>Rephlo Tiers GraphQL API</h1><p>POST GraphQL requests to this URL with a bearer token.</p>
            <p>{System.Net.WebUtility.HtmlEncode(why)}</p></body></html>
            """);
        return true;
    }
}
