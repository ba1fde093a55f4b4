using System.Numerics;
using System.Text.Json;
using GraphQL.Types;
using GraphQLParser.AST;

namespace Rephlo.Tiers.Api.GraphQL.Scalars;

/// <summary>
/// An arbitrary JSON value (tier features). Input becomes a <see cref="JsonElement"/>; output is
/// written as JSON, whether the resolver returns JSON text or an element.
/// </summary>
public sealed class JsonScalar : ScalarGraphType
{
    public JsonScalar()
    {
        Name = "JSON";
        Description = "An arbitrary JSON value; tier features are a flat JSON object.";
    }

    public override object? ParseLiteral(GraphQLValue value) => JsonSerializer.SerializeToElement(FromLiteral(value));

    public override object? ParseValue(object? value) => value switch
    {
        JsonElement element => element,
        _ => JsonSerializer.SerializeToElement(Normalize(value)),
    };

    public override object? Serialize(object? value) => value switch
    {
        null => null,
        string json => JsonDocument.Parse(json).RootElement.Clone(),
        JsonElement element => element,
        _ => JsonSerializer.SerializeToElement(value),
    };

    public override bool CanParseLiteral(GraphQLValue value) => value is not GraphQLVariable;

    /// <summary>Maps values System.Text.Json cannot write as numbers (BigInteger) to ones it can.</summary>
    private static object? Normalize(object? value) => value switch
    {
        BigInteger big => (decimal)big,
        IDictionary<string, object?> map => map.ToDictionary(kv => kv.Key, kv => Normalize(kv.Value)),
        IEnumerable<object?> list => list.Select(Normalize).ToList(),
        _ => value,
    };

    private static object? FromLiteral(GraphQLValue value) => value switch
    {
        GraphQLNullValue => null,
        GraphQLBooleanValue b => b.BoolValue,
        GraphQLIntValue i => long.TryParse(i.Value.Span, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var l)
            ? l
            : decimal.Parse(i.Value.Span, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture),
        GraphQLFloatValue f => decimal.Parse(f.Value.Span, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture),
        GraphQLStringValue s => (string)s.Value,
        GraphQLEnumValue e => (string)e.Name.Value,
        GraphQLListValue l => l.Values?.Select(FromLiteral).ToList() ?? [],
        GraphQLObjectValue o => o.Fields?.ToDictionary(f => (string)f.Name.Value, f => FromLiteral(f.Value)) ?? [],
        _ => throw new FormatException($"Unsupported JSON literal {value.Kind}."),
    };
}
