using System.Linq.Expressions;
using System.Reflection;
using Microsoft.EntityFrameworkCore;

namespace Rephlo.Tiers.Application.Common.Querying;

public static class QueryableExtensions
{
    private static readonly MethodInfo StringContains = typeof(string).GetMethod(nameof(string.Contains), [typeof(string)])!;
    private static readonly MethodInfo StringStartsWith = typeof(string).GetMethod(nameof(string.StartsWith), [typeof(string)])!;
    private static readonly MethodInfo StringEndsWith = typeof(string).GetMethod(nameof(string.EndsWith), [typeof(string)])!;
    private static readonly MethodInfo EnumerableContains = typeof(Enumerable).GetMethods()
        .Single(m => m.Name == nameof(Enumerable.Contains) && m.GetParameters().Length == 2);
    private static readonly MethodInfo EfParameter = typeof(EF).GetMethod(nameof(EF.Parameter))!;
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(string Name, Type Element, Type Key), MethodInfo> OrderingMethods = new();

    public static IQueryable<T> Where<T>(this IQueryable<T> query, Filter? filter, QueryFields<T> fields)
    {
        if (filter is null || filter.IsEmpty)
        {
            return query;
        }

        var parameter = Expression.Parameter(typeof(T), "x");
        var body = BuildFilter(filter, fields, parameter);
        return query.Where(Expression.Lambda<Func<T, bool>>(body, parameter));
    }

    /// <summary>Applies the client's order (then the fallback), and a final key for a stable order.</summary>
    public static IQueryable<T> OrderBy<T>(
        this IQueryable<T> query,
        IReadOnlyList<SortField>? order,
        QueryFields<T> fields,
        IReadOnlyList<SortField> fallback,
        Expression<Func<T, Guid>> tieBreaker)
    {
        var sorts = order is { Count: > 0 } ? order : fallback;
        IOrderedQueryable<T>? ordered = null;
        foreach (var sort in sorts)
        {
            ordered = ApplyOrder(query, ordered, fields.ForSort(sort.Field), sort.Direction);
        }

        return ApplyOrder(query, ordered, tieBreaker, SortDirection.Ascending);
    }

    internal static IOrderedQueryable<T> ApplyOrder<T>(IQueryable<T> source, IOrderedQueryable<T>? ordered, LambdaExpression key, SortDirection direction)
    {
        var method = (ordered is null, direction) switch
        {
            (true, SortDirection.Ascending) => nameof(Queryable.OrderBy),
            (true, SortDirection.Descending) => nameof(Queryable.OrderByDescending),
            (false, SortDirection.Ascending) => nameof(Queryable.ThenBy),
            _ => nameof(Queryable.ThenByDescending),
        };
        var target = (IQueryable<T>?)ordered ?? source;
        var call = Expression.Call(OrderingMethod(method, typeof(T), key.ReturnType), target.Expression, Expression.Quote(key));
        return (IOrderedQueryable<T>)target.Provider.CreateQuery<T>(call);
    }

    /// <summary>Queryable.OrderBy/ThenBy… closed over the element and key types, looked up once per combination.</summary>
    internal static MethodInfo OrderingMethod(string name, Type element, Type key) =>
        OrderingMethods.GetOrAdd((name, element, key), static k => typeof(Queryable).GetMethods()
            .Single(m => m.Name == k.Name && m.GetParameters().Length == 2)
            .MakeGenericMethod(k.Element, k.Key));

    private static Expression BuildFilter<T>(Filter filter, QueryFields<T> fields, ParameterExpression parameter)
    {
        var parts = new List<Expression>();
        foreach (var field in filter.Fields)
        {
            var property = ReplaceParameter(fields.ForFilter(field.Field), parameter);
            parts.Add(BuildOperations(field.Field, field.Operations, property));
        }

        parts.AddRange(filter.And.Select(f => BuildFilter(f, fields, parameter)));
        if (filter.Or.Count > 0)
        {
            parts.Add(filter.Or.Select(f => BuildFilter(f, fields, parameter)).Aggregate(Expression.OrElse));
        }

        return parts.Count == 0 ? Expression.Constant(true) : parts.Aggregate(Expression.AndAlso);
    }

    private static Expression BuildOperations(string field, OperationFilter operations, Expression property)
    {
        var parts = operations.Operations.Select(op => BuildOperation(field, op.Key, op.Value, property)).ToList();
        parts.AddRange(operations.And.Select(o => BuildOperations(field, o, property)));
        if (operations.Or.Count > 0)
        {
            parts.Add(operations.Or.Select(o => BuildOperations(field, o, property)).Aggregate(Expression.OrElse));
        }

        return parts.Count == 0 ? Expression.Constant(true) : parts.Aggregate(Expression.AndAlso);
    }

    private static Expression BuildOperation(string field, string op, object? value, Expression property)
    {
        switch (op)
        {
            case "eq":
                return Equal(property, value);
            case "neq":
                return Expression.Not(Equal(property, value));
            case "in":
                return In(field, op, property, value);
            case "nin":
                return Expression.Not(In(field, op, property, value));
            case "contains":
                return StringCall(field, op, property, value, StringContains);
            case "ncontains":
                return Expression.Not(StringCall(field, op, property, value, StringContains));
            case "startsWith":
                return StringCall(field, op, property, value, StringStartsWith);
            case "nstartsWith":
                return Expression.Not(StringCall(field, op, property, value, StringStartsWith));
            case "endsWith":
                return StringCall(field, op, property, value, StringEndsWith);
            case "nendsWith":
                return Expression.Not(StringCall(field, op, property, value, StringEndsWith));
            case "gt":
                return Compare(field, op, property, value, Expression.GreaterThan);
            case "ngt":
                return Expression.Not(Compare(field, op, property, value, Expression.GreaterThan));
            case "gte":
                return Compare(field, op, property, value, Expression.GreaterThanOrEqual);
            case "ngte":
                return Expression.Not(Compare(field, op, property, value, Expression.GreaterThanOrEqual));
            case "lt":
                return Compare(field, op, property, value, Expression.LessThan);
            case "nlt":
                return Expression.Not(Compare(field, op, property, value, Expression.LessThan));
            case "lte":
                return Compare(field, op, property, value, Expression.LessThanOrEqual);
            case "nlte":
                return Expression.Not(Compare(field, op, property, value, Expression.LessThanOrEqual));
            default:
                throw new InvalidQueryException("INVALID_FILTER", $"Operation '{op}' is not supported on '{field}'.");
        }
    }

    private static Expression Equal(Expression property, object? value)
    {
        if (value is null)
        {
            return IsNullable(property.Type)
                ? Expression.Equal(property, Expression.Constant(null, property.Type))
                : Expression.Constant(false);
        }

        return Expression.Equal(property, Parameter(value, property.Type));
    }

    private static Expression In(string field, string op, Expression property, object? value)
    {
        if (value is not System.Collections.IEnumerable list || value is string)
        {
            throw new InvalidQueryException("INVALID_FILTER", $"'{op}' on '{field}' needs a list.");
        }

        // One collection parameter (SQLite: IN (SELECT value FROM json_each(@p)); PostgreSQL: = ANY(@p)),
        // not one parameter and one OR per value.
        var nullable = IsNullable(property.Type);
        var values = (System.Collections.IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(property.Type))!;
        foreach (var item in list)
        {
            if (item is null)
            {
                if (nullable)
                {
                    values.Add(null);
                }

                continue;
            }

            values.Add(Convert(item, property.Type));
        }

        if (values.Count == 0)
        {
            return Expression.Constant(false);
        }

        var listType = values.GetType();
        var holder = Activator.CreateInstance(typeof(ValueHolder<>).MakeGenericType(listType), values)!;
        Expression access = Expression.Property(Expression.Constant(holder), nameof(ValueHolder<int>.Value));
        var asParameter = Expression.Call(EfParameter.MakeGenericMethod(listType), access);
        return Expression.Call(EnumerableContains.MakeGenericMethod(property.Type), asParameter, property);
    }

    private static Expression StringCall(string field, string op, Expression property, object? value, MethodInfo method)
    {
        if (property.Type != typeof(string))
        {
            throw new InvalidQueryException("INVALID_FILTER", $"'{op}' is only supported on text fields, not '{field}'.");
        }

        if (value is not string text)
        {
            throw new InvalidQueryException("INVALID_FILTER", $"'{op}' on '{field}' needs a non-null string.");
        }

        // A null column never matches a text operation.
        return Expression.AndAlso(
            Expression.NotEqual(property, Expression.Constant(null, typeof(string))),
            Expression.Call(property, method, Parameter(text, typeof(string))));
    }

    private static Expression Compare(string field, string op, Expression property, object? value, Func<Expression, Expression, BinaryExpression> compare)
    {
        if (value is null)
        {
            throw new InvalidQueryException("INVALID_FILTER", $"'{op}' on '{field}' needs a non-null value.");
        }

        return compare(property, Parameter(value, property.Type));
    }

    /// <summary>Wraps a value so EF Core sends it as a SQL parameter rather than inlining it.</summary>
    private static Expression Parameter(object value, Type targetType)
    {
        var underlying = Nullable.GetUnderlyingType(targetType) ?? targetType;
        var converted = Convert(value, targetType);
        var holderType = typeof(ValueHolder<>).MakeGenericType(underlying);
        var holder = Activator.CreateInstance(holderType, converted)!;
        Expression access = Expression.Property(Expression.Constant(holder), nameof(ValueHolder<int>.Value));
        return access.Type == targetType ? access : Expression.Convert(access, targetType);
    }

    /// <summary>Converts a GraphQL input value to the field's CLR type (a client mistake becomes INVALID_FILTER).</summary>
    private static object Convert(object value, Type targetType)
    {
        var underlying = Nullable.GetUnderlyingType(targetType) ?? targetType;
        try
        {
            return underlying.IsInstanceOfType(value) ? value
                : underlying.IsEnum
                ? (value is string s ? Enum.Parse(underlying, s, ignoreCase: true) : Enum.ToObject(underlying, value))
                : System.Convert.ChangeType(value, underlying, System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception ex) when (ex is InvalidCastException or FormatException or OverflowException or ArgumentException)
        {
            throw new InvalidQueryException("INVALID_FILTER", $"'{value}' is not a valid {underlying.Name} value.");
        }
    }

    private static bool IsNullable(Type type) => !type.IsValueType || Nullable.GetUnderlyingType(type) is not null;

    internal static Expression ReplaceParameter(LambdaExpression lambda, ParameterExpression parameter) =>
        new ParameterReplacer(lambda.Parameters[0], parameter).Visit(lambda.Body);

    internal sealed class ValueHolder<TValue>(TValue value)
    {
        public TValue Value { get; } = value;
    }

    private sealed class ParameterReplacer(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : base.VisitParameter(node);
    }
}
