using GraphQL.Types;
using GraphQLParser.AST;

namespace Rephlo.Tiers.Api.GraphQL.Scalars;

/// <summary>A UUID in its canonical text form.</summary>
public sealed class UuidScalar : ScalarGraphType
{
    public UuidScalar()
    {
        Name = "UUID";
        Description = "A UUID, e.g. 1d7e8a6c-2f4b-4c55-9a54-5d2b7d0f3a11.";
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
        Guid g => g,
        _ => ThrowValueConversionError(value),
    };

    public override object? Serialize(object? value) => value switch
    {
        null => null,
        Guid g => g.ToString("D"),
        _ => ThrowSerializationError(value),
    };

    private static Guid Parse(string text) =>
        Guid.TryParseExact(text, "D", out var guid) ? guid : throw new FormatException($"'{text}' is not a UUID.");
}
