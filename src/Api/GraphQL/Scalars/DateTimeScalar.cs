using System.Globalization;
using System.Text.RegularExpressions;
using GraphQL.Types;
using GraphQLParser.AST;

namespace Rephlo.Tiers.Api.GraphQL.Scalars;

/// <summary>
/// ISO-8601 instant with an offset or <c>Z</c> (e.g. <c>2026-12-01T09:00:00Z</c>). Input without an
/// offset is refused: a local time is ambiguous. Output is always UTC with <c>Z</c>.
/// </summary>
public sealed partial class DateTimeScalar : ScalarGraphType
{
    public DateTimeScalar()
    {
        Name = "DateTime";
        Description = "An ISO-8601 instant with an offset or Z, e.g. 2026-12-01T09:00:00Z.";
    }

    public override object? ParseLiteral(GraphQLValue value) => value switch
    {
        GraphQLNullValue => null,
        GraphQLStringValue s => Parse((string)s.Value),
        _ => ThrowLiteralConversionError(value),
    };

    public override object? ParseValue(object? value) => value switch
    {
        null => null,
        string s => Parse(s),
        DateTimeOffset d => d.ToUniversalTime(),
        _ => ThrowValueConversionError(value),
    };

    public override object? Serialize(object? value) => value switch
    {
        null => null,
        DateTimeOffset d => Format(d),
        DateTime d when d.Kind == DateTimeKind.Utc => Format(new DateTimeOffset(d)),
        _ => ThrowSerializationError(value),
    };

    public static string Format(DateTimeOffset value) =>
        value.ToUniversalTime().ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    private static DateTimeOffset Parse(string text)
    {
        if (!IsoInstant().IsMatch(text) ||
            !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var parsed))
        {
            throw new FormatException($"'{text}' is not an ISO-8601 instant with an offset or Z (e.g. 2026-12-01T09:00:00Z).");
        }

        return parsed.ToUniversalTime();
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex IsoInstant();
}
