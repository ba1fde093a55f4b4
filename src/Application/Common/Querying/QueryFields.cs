using System.Linq.Expressions;
using System.Reflection;

namespace Rephlo.Tiers.Application.Common.Querying;

/// <summary>What a client may do with a queryable field.</summary>
[Flags]
public enum FieldUse
{
    Filter = 1,
    Sort = 2,
    FilterAndSort = Filter | Sort,
}

/// <summary>
/// One queryable field: its name in <c>where</c>/<c>order</c>, the entity property it reads, the
/// property's type (nullable unwrapped), and what it may be used for.
/// </summary>
public sealed record QueryField(string Name, LambdaExpression Property, Type ValueType, bool Nullable, FieldUse Use, string? Description)
{
    public bool CanFilter => Use.HasFlag(FieldUse.Filter);

    public bool CanSort => Use.HasFlag(FieldUse.Sort);
}

/// <summary>
/// The fields a query exposes to <c>where</c> and <c>order</c>, each bound to an entity property:
/// the one declaration of them. Only listed fields can be used (each only as declared), so every
/// filter and sort translates to SQL; the API generates its filter and sort inputs from this list,
/// in its order (the order of the fields of one <c>order</c> item is the order of its keys).
/// </summary>
public sealed class QueryFields<T>
{
    private static readonly NullabilityInfoContext Nullability = new();
    private readonly List<QueryField> _list = [];
    private readonly Dictionary<string, QueryField> _fields = new(StringComparer.Ordinal);

    /// <summary>Every field, in declaration order.</summary>
    public IReadOnlyList<QueryField> All => _list;

    public QueryFields<T> Add<TValue>(string name, Expression<Func<T, TValue>> property, FieldUse use = FieldUse.FilterAndSort, string? description = null)
    {
        var field = new QueryField(name, property, System.Nullable.GetUnderlyingType(typeof(TValue)) ?? typeof(TValue), IsNullable(property), use, description);
        _fields.Add(name, field);
        _list.Add(field);
        return this;
    }

    /// <summary>The property of a field the client may filter on.</summary>
    public LambdaExpression ForFilter(string name) => Find(name, FieldUse.Filter).Property;

    /// <summary>The property of a field the client (or a default order) may sort by.</summary>
    public LambdaExpression ForSort(string name) => Find(name, FieldUse.Sort).Property;

    /// <summary>The property of a field, whatever it may be used for.</summary>
    public LambdaExpression Get(string name) => Find(name, FieldUse.Filter | FieldUse.Sort).Property;

    /// <summary>Whether the field can be null (a nullable value type, or a reference property annotated nullable).</summary>
    public bool IsNullable(string name) => _fields.TryGetValue(name, out var field) && field.Nullable;

    private QueryField Find(string name, FieldUse use) =>
        _fields.TryGetValue(name, out var field) && (field.Use & use) != 0
            ? field
            : throw new InvalidQueryException("INVALID_FIELD", $"'{name}' cannot be used to filter or sort here.");

    private static bool IsNullable(LambdaExpression property)
    {
        var type = property.ReturnType;
        if (type.IsValueType)
        {
            return System.Nullable.GetUnderlyingType(type) is not null;
        }

        return property.Body is not MemberExpression { Member: PropertyInfo info }
            || Nullability.Create(info).ReadState != NullabilityState.NotNull;
    }
}
