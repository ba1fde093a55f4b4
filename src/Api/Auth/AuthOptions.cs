using System.ComponentModel.DataAnnotations;
using System.Text;
using Microsoft.IdentityModel.Tokens;

namespace Rephlo.Tiers.Api.Auth;

/// <summary>
/// JWT bearer settings (section <c>Auth</c>). Tokens are validated for issuer, audience, lifetime
/// and signature — with a symmetric <see cref="SigningKey"/>, or keys from an OIDC <see cref="Authority"/>.
/// </summary>
public sealed class AuthOptions : IValidatableObject
{
    public const string Section = "Auth";

    [Required]
    public string? Issuer { get; set; }

    [Required]
    public string? Audience { get; set; }

    /// <summary>HMAC-SHA256 key (at least 32 bytes of UTF-8 text). Used when no authority is set.</summary>
    public string? SigningKey { get; set; }

    /// <summary>OIDC authority whose discovery document supplies the signing keys.</summary>
    public string? Authority { get; set; }

    /// <summary>Allowed clock skew when checking lifetimes.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    public SymmetricSecurityKey? GetSigningKey() =>
        string.IsNullOrEmpty(SigningKey) ? null : new SymmetricSecurityKey(Encoding.UTF8.GetBytes(SigningKey));

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(Authority) && Encoding.UTF8.GetByteCount(SigningKey ?? string.Empty) < 32)
        {
            yield return new ValidationResult(
                "Auth:SigningKey (at least 32 bytes) or Auth:Authority must be configured.",
                [nameof(SigningKey), nameof(Authority)]);
        }
    }
}
