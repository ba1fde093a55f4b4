using System.Security.Cryptography;
using Microsoft.AspNetCore.StaticFiles;

namespace Rephlo.Tiers.Api.AdminApp;

/// <summary>
/// Serves the administrators' single-page app (src/AdminApp, built by the API's build into
/// <c>admin/</c> beside the binaries) at <c>/admin</c>: hashed files under <c>/admin/assets/</c>
/// cached for a year as immutable, every other path answered with <c>index.html</c> (SPA fallback,
/// never cached). Every response under <c>/admin</c> carries <see cref="ContentSecurityPolicy"/>;
/// the per-response nonce lets the component library (Mantine) add its <c>&lt;style&gt;</c> elements.
/// </summary>
public static class AdminAppEndpoints
{
    public const string Path = "/admin";
    public const string NoncePlaceholder = "__CSP_NONCE__";

    /// <summary>Replaced by the environment's name: the sign-in screen shows the dev-token hint in Development.</summary>
    public const string EnvironmentPlaceholder = "__ASPNETCORE_ENVIRONMENT__";

    /// <summary>Scripts, styles, fonts, images and connections from this origin only; inline styles only with the nonce.</summary>
    public static string ContentSecurityPolicy(string nonce) =>
        $"default-src 'self'; script-src 'self'; style-src 'self' 'nonce-{nonce}'; img-src 'self' data:; font-src 'self'; "
        + "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public static string FilesPath(IWebHostEnvironment environment) => System.IO.Path.Combine(environment.ContentRootPath, "admin");

    public static WebApplication MapAdminApp(this WebApplication app)
    {
        var root = FilesPath(app.Environment);
        var index = System.IO.Path.Combine(root, "index.html");
        app.UseWhen(http => http.Request.Path.StartsWithSegments(Path), branch => branch.Use((http, next) =>
        {
            var nonce = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
            http.Items[NoncePlaceholder] = nonce;
            http.Response.Headers.ContentSecurityPolicy = ContentSecurityPolicy(nonce);
            http.Response.Headers.XContentTypeOptions = "nosniff";
            http.Response.Headers["Referrer-Policy"] = "no-referrer";
            return next(http);
        }));

        var assets = System.IO.Path.Combine(root, "assets");
        var types = new FileExtensionContentTypeProvider();
        app.MapMethods(Path + "/assets/{file}", ["GET", "HEAD"], (HttpContext http, string file) =>
        {
            var path = System.IO.Path.Combine(assets, file);
            if (file.Contains("..", StringComparison.Ordinal) || file.EndsWith(".br", StringComparison.Ordinal) || file.EndsWith(".gz", StringComparison.Ordinal)
                || !File.Exists(path) || !types.TryGetContentType(file, out var contentType))
            {
                return Results.NotFound();
            }

            // Hashed names never change content: cache for a year; a precompressed copy when accepted.
            http.Response.Headers.CacheControl = "public, max-age=31536000, immutable";
            http.Response.Headers.Vary = "Accept-Encoding";
            var accepted = http.Request.Headers.AcceptEncoding.ToString();
            foreach (var (encoding, suffix) in new[] { ("br", ".br"), ("gzip", ".gz") })
            {
                if (accepted.Contains(encoding, StringComparison.OrdinalIgnoreCase) && File.Exists(path + suffix))
                {
                    http.Response.Headers.ContentEncoding = encoding;
                    return Results.File(path + suffix, contentType);
                }
            }

            return Results.File(path, contentType);
        });
        app.MapMethods(Path + "/assets/{**rest}", ["GET", "HEAD"], () => Results.NotFound());
        app.MapMethods(Path, ["GET", "HEAD"], (HttpContext http) => ServeIndexAsync(http, index));
        app.MapMethods(Path + "/{**route}", ["GET", "HEAD"], (HttpContext http) => ServeIndexAsync(http, index));
        return app;
    }

    private static async Task ServeIndexAsync(HttpContext http, string index)
    {
        http.Response.Headers.CacheControl = "no-cache";
        http.Response.ContentType = "text/html; charset=utf-8";
        if (!File.Exists(index))
        {
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            await http.Response.WriteAsync("""
                <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Rephlo Tiers admin</title></head>
                <body><h1>The admin app is not built</h1><p>Build the API on a machine with Node.js and npm
                (<code>dotnet build src/Api</code> builds src/AdminApp into admin/ beside the binaries).</p></body></html>
                """);
            return;
        }

        var nonce = (string)http.Items[NoncePlaceholder]!;
        var html = await File.ReadAllTextAsync(index, http.RequestAborted);
        var environment = System.Net.WebUtility.HtmlEncode(http.RequestServices.GetRequiredService<IWebHostEnvironment>().EnvironmentName);
        html = html.Replace(NoncePlaceholder, nonce, StringComparison.Ordinal).Replace(EnvironmentPlaceholder, environment, StringComparison.Ordinal);
        await http.Response.WriteAsync(html, http.RequestAborted);
    }
}
