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

/// <summary>
/// The base of operation inputs (<c>eq</c>, <c>in</c>, … with nested <c>and</c>/<c>or</c>): the
/// value binds as the application's <see cref="OperationFilter"/>, operations in field order.
/// </summary>
public abstract class OperationFilterInputType : InputObjectGraphType
{
    public override object ParseDictionary(IDictionary<string, object?> value)
    {
        var operations = new OperationFilter();
        foreach (var (key, operand) in value)
        {
            switch (key)
            {
                case "and":
                    operations.And.AddRange(WhereOrder.Items(operand).OfType<OperationFilter>());
                    break;
                case "or":
                    operations.Or.AddRange(WhereOrder.Items(operand).OfType<OperationFilter>());
                    break;
                default:
                    operations.Operations.Add(new KeyValuePair<string, object?>(key, operand));
                    break;
            }
        }

        return operations;
    }
}

/// <summary>Operations on a string field, as HotChocolate names them (with nested and/or).</summary>
public sealed class StringOperationFilterInputType : OperationFilterInputType
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
public abstract class ComparableOperationFilterInputType<TScalar> : OperationFilterInputType
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

public sealed class BooleanOperationFilterInputType : OperationFilterInputType
{
    public BooleanOperationFilterInputType()
    {
        Name = "BooleanOperationFilterInput";
        Field<BooleanGraphType>("eq");
        Field<BooleanGraphType>("neq");
    }
}

public sealed class UuidOperationFilterInputType : OperationFilterInputType
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
public sealed class EnumOperationFilterInputType<TEnumType> : OperationFilterInputType
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

    /// <summary>Binds the value as the application's <see cref="Filter"/> (a field given as null is no condition).</summary>
    public override object ParseDictionary(IDictionary<string, object?> value)
    {
        var filter = new Filter();
        foreach (var (key, operand) in value)
        {
            switch (key)
            {
                case "and":
                    filter.And.AddRange(WhereOrder.Items(operand).OfType<Filter>());
                    break;
                case "or":
                    filter.Or.AddRange(WhereOrder.Items(operand).OfType<Filter>());
                    break;
                default:
                    if (operand is OperationFilter operations)
                    {
                        filter.Fields.Add(new FieldFilter(key, operations));
                    }

                    break;
            }
        }

        return filter;
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

    /// <summary>Binds one <c>order</c> item as its sort fields, in the order of the type's fields.</summary>
    public override object ParseDictionary(IDictionary<string, object?> value) =>
        value.Where(kv => kv.Value is SortDirection).Select(kv => new SortField(kv.Key, (SortDirection)kv.Value!)).ToArray();
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

/// <summary>The <c>where</c> and <c>order</c> arguments of a field, bound by the input types above.</summary>
public static class WhereOrder
{
    /// <summary>The field's <c>where</c> argument: the application's filter.</summary>
    public static Filter? Where(this IResolveFieldContext context) => context.GetArgument<Filter?>("where");

    /// <summary>The field's <c>order</c> argument: the sort fields of its items, in order.</summary>
    public static IReadOnlyList<SortField>? Order(this IResolveFieldContext context) =>
        context.GetArgument<object?>("order") is { } order ? [.. Items(order).OfType<SortField[]>().SelectMany(item => item)] : null;

    internal static IEnumerable<object?> Items(object? value) =>
        value is System.Collections.IEnumerable list and not string ? list.Cast<object?>() : [];
}
