using System.Text;
using System.Text.Json;
using Rephlo.Tiers.Domain.Common;

namespace Rephlo.Tiers.Domain.TierConfigs;

/// <summary>
/// The features of a tier: a flat JSON object of flags and limits. Kept in a canonical form
/// (keys sorted ordinally, compact) so that "nothing changed" is a string comparison.
/// </summary>
public static class TierFeatures
{
    public const string Field = "features";

    /// <summary>
    /// Validates a features object (a JSON object of at most 50 camelCase keys whose values are
    /// booleans, numbers, strings or null, at most 8 KB serialized) and returns its canonical JSON.
    /// </summary>
    public static Result<string> Canonicalize(JsonElement features)
    {
        if (features.ValueKind != JsonValueKind.Object)
        {
            return new ValidationError(Field, "Features must be a JSON object.");
        }

        var properties = features.EnumerateObject().ToList();
        if (properties.Count > TierRules.MaxFeatureKeys)
        {
            return new ValidationError(Field, $"Features may have at most {TierRules.MaxFeatureKeys} keys; {properties.Count} were given.");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in properties)
        {
            if (!IsCamelCase(property.Name))
            {
                return new ValidationError(Field, $"Feature key '{property.Name}' must be camelCase (a lower-case letter followed by letters or digits).");
            }

            if (!seen.Add(property.Name))
            {
                return new ValidationError(Field, $"Feature key '{property.Name}' appears more than once.");
            }

            if (property.Value.ValueKind is JsonValueKind.Object or JsonValueKind.Array)
            {
                return new ValidationError(Field, $"Feature '{property.Name}' must be a boolean, number, string or null.");
            }
        }

        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            foreach (var property in properties.OrderBy(p => p.Name, StringComparer.Ordinal))
            {
                writer.WritePropertyName(property.Name);
                property.Value.WriteTo(writer);
            }

            writer.WriteEndObject();
        }

        if (stream.Length > TierRules.MaxFeaturesBytes)
        {
            return new ValidationError(Field, $"Features may be at most {TierRules.MaxFeaturesBytes} bytes serialized; {stream.Length} were given.");
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Canonicalizes JSON text; throws if it is not a valid features object (used for trusted data).</summary>
    public static string CanonicalizeTrusted(string json)
    {
        using var document = JsonDocument.Parse(json);
        var result = Canonicalize(document.RootElement);
        return result.IsSuccess ? result.Value : throw new ArgumentException(result.Errors[0].Message, nameof(json));
    }

    /// <summary>
    /// Whether a feature is on: only when its value is JSON <c>true</c>. A missing key, <c>false</c>,
    /// <c>null</c>, a number (even 1 or -1) or a string (even "true") is off; limits such as
    /// <c>maxProjects</c> are read as numbers, not as flags.
    /// </summary>
    public static bool HasFeature(string featuresJson, string key)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(featuresJson);
        using var document = JsonDocument.Parse(featuresJson);
        return document.RootElement.ValueKind == JsonValueKind.Object
            && document.RootElement.TryGetProperty(key, out var value)
            && value.ValueKind == JsonValueKind.True;
    }

    /// <summary>
    /// Whether two features objects hold the same keys and values: key order and number spelling
    /// do not matter (1.0 equals 1, 1.5 equals 1.50), types do ("1" is not 1, 1 is not true).
    /// </summary>
    public static bool AreEquivalent(string leftJson, string rightJson)
    {
        using var left = JsonDocument.Parse(leftJson);
        using var right = JsonDocument.Parse(rightJson);
        return JsonElement.DeepEquals(left.RootElement, right.RootElement);
    }

    private static bool IsCamelCase(string key) =>
        key.Length is > 0 and <= 64 && char.IsAsciiLetterLower(key[0]) && key.All(char.IsAsciiLetterOrDigit);
}
