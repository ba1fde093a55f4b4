using System.Globalization;
using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Rephlo.Tiers.Infrastructure.Persistence.Seeding;

namespace Rephlo.Tiers.Api.Auth;

/// <summary>
/// <c>dotnet run --project src/Api -- dev-token [--role admin] [--user uuid] [--name "Ada Admin"] [--expires 8h]</c>:
/// prints a JWT signed with the development key, and nothing else, on stdout. The <c>name</c> claim
/// (default: the demo admin's email) is what the API records beside the user id.
/// </summary>
public static class DevTokenCommand
{
    public const string Name = "dev-token";

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        string role = Roles.Admin;
        Guid user = SeedCatalogue.AdminUserId;
        string name = SeedCatalogue.DemoAccounts[0].Email;
        TimeSpan expires = TimeSpan.FromHours(8);
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--role" when value is not null:
                    role = value;
                    i++;
                    break;
                case "--user" when value is not null && Guid.TryParse(value, out var parsed):
                    user = parsed;
                    i++;
                    break;
                case "--name" when !string.IsNullOrWhiteSpace(value):
                    name = value;
                    i++;
                    break;
                case "--expires" when value is not null && TryParseDuration(value, out var duration):
                    expires = duration;
                    i++;
                    break;
                default:
                    error.WriteLine($"Unknown or invalid argument '{args[i]}'. Usage: dev-token [--role admin] [--user <uuid>] [--name <name>] [--expires 8h|30m|3600s]");
                    return 2;
            }
        }

        var environment = Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT") ?? Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") ?? Environments.Development;
        var configuration = new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddJsonFile($"appsettings.{environment}.json", optional: true)
            .AddEnvironmentVariables()
            .Build();
        var options = configuration.GetSection(AuthOptions.Section).Get<AuthOptions>();
        if (options?.GetSigningKey() is not { } key || options.Issuer is null || options.Audience is null)
        {
            error.WriteLine($"No Auth:SigningKey, Auth:Issuer and Auth:Audience in the {environment} configuration; dev tokens need the development key.");
            return 1;
        }

        output.WriteLine(CreateToken(options, key, user, [role], expires, DateTimeOffset.UtcNow, name));
        return 0;
    }

    public static string CreateToken(AuthOptions options, SecurityKey key, Guid user, IEnumerable<string> roles, TimeSpan lifetime, DateTimeOffset now, string? name = null)
    {
        var claims = new List<Claim> { new("sub", user.ToString("D")), new("jti", Guid.NewGuid().ToString("N")) };
        if (!string.IsNullOrWhiteSpace(name))
        {
            claims.Add(new Claim("name", name));
        }

        claims.AddRange(roles.Select(r => new Claim("role", r)));
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = options.Issuer,
            Audience = options.Audience,
            Subject = new ClaimsIdentity(claims),
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = now.Add(lifetime).UtcDateTime,
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256),
        };
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }

    private static bool TryParseDuration(string text, out TimeSpan duration)
    {
        duration = default;
        if (text.Length < 2 || !int.TryParse(text[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var amount) || amount <= 0)
        {
            return false;
        }

        duration = text[^1] switch
        {
            'h' => TimeSpan.FromHours(amount),
            'm' => TimeSpan.FromMinutes(amount),
            's' => TimeSpan.FromSeconds(amount),
            'd' => TimeSpan.FromDays(amount),
            _ => TimeSpan.Zero,
        };
        return duration > TimeSpan.Zero;
    }
}

public static class Roles
{
    public const string Admin = "admin";
}
