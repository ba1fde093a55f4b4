using GraphQL;
using GraphQL.Types;
using Rephlo.Tiers.Api.GraphQL.Scalars;
using Rephlo.Tiers.Application.Common.Querying;

namespace Rephlo.Tiers.Api.GraphQL.Common;

/// <summary>HotChocolate's <c>SortEnumType</c>.</summary>
public sealed class SortEnumType : EnumerationGraphType
{
    public SortEnumType()
    {
        Name = "SortEnumType";
        Add("ASC", SortDirection.Ascending);
        Add("DESC", SortDirection.Descending);
    }
}

/// <summary>Operations on a string field, as HotChocolate names them (with nested and/or).</summary>
public sealed class StringOperationFilterInputType : InputObjectGraphType
{
    public StringOperationFilterInputType()
    {
        Name = "StringOperationFilterInput";
        Field<ListGraphType<NonNullGraphType<StringOperationFilterInputType>>>("and");
        Field<ListGraphType<NonNullGraphType<StringOperationFilterInputType>>>("or");
        foreach (var op in new[] { "eq", "neq", "contains", "ncontains" })
        {
            Field<StringGraphType>(op);
        }

        Field<ListGraphType<StringGraphType>>("in");
        Field<ListGraphType<StringGraphType>>("nin");
        foreach (var op in new[] { "startsWith", "nstartsWith", "endsWith", "nendsWith" })
        {
            Field<StringGraphType>(op);
        }
    }
}

/// <summary>Equality, membership and ordering operations on a comparable scalar.</summary>
public abstract class ComparableOperationFilterInputType<TScalar> : InputObjectGraphType
    where TScalar : ScalarGraphType
{
    protected ComparableOperationFilterInputType(string name)
    {
        Name = name;
        Field<TScalar>("eq");
        Field<TScalar>("neq");
        Field<ListGraphType<TScalar>>("in");
        Field<ListGraphType<TScalar>>("nin");
        foreach (var op in new[] { "gt", "ngt", "gte", "ngte", "lt", "nlt", "lte", "nlte" })
        {
            Field<TScalar>(op);
        }
    }
}

public sealed class IntOperationFilterInputType() : ComparableOperationFilterInputType<IntGraphType>("IntOperationFilterInput");

public sealed class DecimalOperationFilterInputType() : ComparableOperationFilterInputType<DecimalGraphType>("DecimalOperationFilterInput");

public sealed class DateTimeOperationFilterInputType() : ComparableOperationFilterInputType<DateTimeScalar>("DateTimeOperationFilterInput");

public sealed class BooleanOperationFilterInputType : InputObjectGraphType
{
    public BooleanOperationFilterInputType()
    {
        Name = "BooleanOperationFilterInput";
        Field<BooleanGraphType>("eq");
        Field<BooleanGraphType>("neq");
    }
}

public sealed class UuidOperationFilterInputType : InputObjectGraphType
{
    public UuidOperationFilterInputType()
    {
        Name = "UuidOperationFilterInput";
        Field<UuidScalar>("eq");
        Field<UuidScalar>("neq");
        Field<ListGraphType<UuidScalar>>("in");
        Field<ListGraphType<UuidScalar>>("nin");
    }
}

/// <summary>Operations on an enum field: <c>eq neq in nin</c>, named after the enum (<c>RolloutStatusOperationFilterInput</c>).</summary>
public sealed class EnumOperationFilterInputType<TEnumType> : InputObjectGraphType
    where TEnumType : EnumerationGraphType, new()
{
    public EnumOperationFilterInputType()
    {
        Name = new TEnumType().Name + "OperationFilterInput";
        Field<TEnumType>("eq");
        Field<TEnumType>("neq");
        Field<ListGraphType<NonNullGraphType<TEnumType>>>("in");
        Field<ListGraphType<NonNullGraphType<TEnumType>>>("nin");
    }
}

/// <summary>
/// A query's <c>where</c> input (HotChocolate's <c>XFilterInput</c>): <c>and</c>, <c>or</c> and one
/// operation input per filterable field, generated from the Application's declaration of the
/// query's fields (<see cref="QueryFields{T}"/>), so a field is declared once.
/// </summary>
public abstract class FilterInputType<TEntity> : InputObjectGraphType
{
    protected FilterInputType(string name, QueryFields<TEntity> fields)
    {
        Name = name;
        var self = typeof(ListGraphType<>).MakeGenericType(typeof(NonNullGraphType<>).MakeGenericType(GetType()));
        Field("and", self);
        Field("or", self);
        foreach (var field in fields.All.Where(f => f.CanFilter))
        {
            Field(field.Name, OperationFilterInputTypes.For(field.ValueType)).Description(field.Description);
        }
    }
}

/// <summary>A query's <c>order</c> item (HotChocolate's <c>XSortInput</c>): the sortable fields of the Application's declaration.</summary>
public abstract class SortInputType<TEntity> : InputObjectGraphType
{
    protected SortInputType(string name, QueryFields<TEntity> fields)
    {
        Name = name;
        foreach (var field in fields.All.Where(f => f.CanSort))
        {
            Field<SortEnumType>(field.Name);
        }
    }
}

/// <summary>The operation input of a field's CLR type; an enum's is named after its graph type in this assembly.</summary>
public static class OperationFilterInputTypes
{
    private static readonly Dictionary<Type, Type> EnumGraphTypes = typeof(OperationFilterInputTypes).Assembly.GetTypes()
        .Where(t => !t.IsAbstract && t.BaseType is { IsGenericType: true } b && b.GetGenericTypeDefinition() == typeof(EnumerationGraphType<>))
        .ToDictionary(t => t.BaseType!.GetGenericArguments()[0]);

    public static Type For(Type valueType) => valueType switch
    {
        _ when valueType == typeof(string) => typeof(StringOperationFilterInputType),
        _ when valueType == typeof(bool) => typeof(BooleanOperationFilterInputType),
        _ when valueType == typeof(int) => typeof(IntOperationFilterInputType),
        _ when valueType == typeof(decimal) => typeof(DecimalOperationFilterInputType),
        _ when valueType == typeof(DateTimeOffset) => typeof(DateTimeOperationFilterInputType),
        _ when valueType == typeof(Guid) => typeof(UuidOperationFilterInputType),
        { IsEnum: true } when EnumGraphTypes.TryGetValue(valueType, out var enumType) => typeof(EnumOperationFilterInputType<>).MakeGenericType(enumType),
        _ => throw new NotSupportedException($"No filter operations for fields of type {valueType.Name}; add them in {nameof(OperationFilterInputTypes)}."),
    };
}

/// <summary>Turns <c>where</c> and <c>order</c> argument values into the application's query model.</summary>
public static class WhereOrder
{
    /// <summary>The field's <c>where</c> argument as the application's filter.</summary>
    public static Filter? Where(this IResolveFieldContext context) => ToFilter(context.GetArgument<object?>("where"));

    /// <summary>The field's <c>order</c> argument as the application's sort fields.</summary>
    public static IReadOnlyList<SortField>? Order(this IResolveFieldContext context) => ToOrder(context.GetArgument<object?>("order"));

    public static Filter? ToFilter(object? where)
    {
        if (where is not IDictionary<string, object?> map)
        {
            return null;
        }

        var filter = new Filter();
        foreach (var (key, value) in map)
        {
            switch (key)
            {
                case "and":
                    filter.And.AddRange(Items(value).Select(ToFilter).OfType<Filter>());
                    break;
                case "or":
                    filter.Or.AddRange(Items(value).Select(ToFilter).OfType<Filter>());
                    break;
                default:
                    if (value is IDictionary<string, object?> operations)
                    {
                        filter.Fields.Add(new FieldFilter(key, ToOperations(operations)));
                    }

                    break;
            }
        }

        return filter;
    }

    public static IReadOnlyList<SortField>? ToOrder(object? order)
    {
        if (order is null)
        {
            return null;
        }

        var fields = new List<SortField>();
        foreach (var item in Items(order))
        {
            if (item is IDictionary<string, object?> map)
            {
                fields.AddRange(map.Where(kv => kv.Value is SortDirection).Select(kv => new SortField(kv.Key, (SortDirection)kv.Value!)));
            }
        }

        return fields;
    }

    private static OperationFilter ToOperations(IDictionary<string, object?> map)
    {
        var operations = new OperationFilter();
        foreach (var (key, value) in map)
        {
            switch (key)
            {
                case "and":
                    operations.And.AddRange(Items(value).OfType<IDictionary<string, object?>>().Select(ToOperations));
                    break;
                case "or":
                    operations.Or.AddRange(Items(value).OfType<IDictionary<string, object?>>().Select(ToOperations));
                    break;
                default:
                    operations.Operations.Add(new KeyValuePair<string, object?>(key, value));
                    break;
            }
        }

        return operations;
    }

    private static IEnumerable<object?> Items(object? value) =>
        value is System.Collections.IEnumerable list and not string ? list.Cast<object?>() : [];
}
