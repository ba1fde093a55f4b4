using System.Linq.Expressions;
using System.Reflection;
using System.Text;
using Microsoft.EntityFrameworkCore;

namespace Rephlo.Tiers.Application.Common.Querying;

/// <summary>
/// The fields a query exposes to <c>where</c> and <c>order</c>, each bound to an entity property.
/// Only listed fields can be used, so every filter and sort translates to SQL.
/// </summary>
public sealed class QueryFields<T>
{
    private readonly Dictionary<string, LambdaExpression> _fields = new(StringComparer.Ordinal);

    public QueryFields<T> Add<TValue>(string name, Expression<Func<T, TValue>> property)
    {
        _fields.Add(name, property);
        return this;
    }

    public LambdaExpression Get(string name) =>
        _fields.TryGetValue(name, out var property)
            ? property
            : throw new InvalidQueryException("INVALID_FIELD", $"'{name}' cannot be used to filter or sort here.");
}

public static class QueryableExtensions
{
    private static readonly MethodInfo StringContains = typeof(string).GetMethod(nameof(string.Contains), [typeof(string)])!;
    private static readonly MethodInfo StringStartsWith = typeof(string).GetMethod(nameof(string.StartsWith), [typeof(string)])!;
    private static readonly MethodInfo StringEndsWith = typeof(string).GetMethod(nameof(string.EndsWith), [typeof(string)])!;

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
            ordered = ApplyOrder(query, ordered, fields.Get(sort.Field), sort.Direction);
        }

        return ApplyOrder(query, ordered, tieBreaker, SortDirection.Ascending);
    }

    /// <summary>Relay paging over an ordered query with offset cursors; counts in SQL and fetches one page.</summary>
    public static async Task<Page<TOut>> ToPageAsync<T, TOut>(
        this IQueryable<T> orderedQuery,
        PageRequest paging,
        Expression<Func<T, TOut>> projection,
        CancellationToken cancellationToken)
    {
        ValidateSize(paging.First, "first");
        ValidateSize(paging.Last, "last");

        var total = await orderedQuery.CountAsync(cancellationToken);
        var start = paging.After is null ? 0 : DecodeCursor(paging.After) + 1;
        var end = paging.Before is null ? total : Math.Min(DecodeCursor(paging.Before), total);
        start = Math.Min(start, total);
        end = Math.Max(end, start);

        if (paging.First is { } first)
        {
            end = Math.Min(end, start + first);
        }

        if (paging.Last is { } last)
        {
            start = Math.Max(start, end - last);
        }

        if (paging.First is null && paging.Last is null)
        {
            end = Math.Min(end, start + PageRequest.DefaultPageSize);
        }

        var items = end > start
            ? await orderedQuery.Skip(start).Take(end - start).Select(projection).ToListAsync(cancellationToken)
            : [];
        var edges = items.Select((item, i) => new Edge<TOut>(EncodeCursor(start + i), item)).ToList();
        return new Page<TOut>(edges, total, HasNextPage: end < total, HasPreviousPage: start > 0);
    }

    public static string EncodeCursor(int offset) => Convert.ToBase64String(Encoding.UTF8.GetBytes(offset.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    public static int DecodeCursor(string cursor)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(cursor));
            if (int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var offset))
            {
                return offset;
            }
        }
        catch (FormatException)
        {
        }

        throw new InvalidQueryException("INVALID_CURSOR", $"The cursor '{cursor}' is not valid.");
    }

    private static void ValidateSize(int? size, string argument)
    {
        if (size is < 0)
        {
            throw new InvalidQueryException("INVALID_PAGING", $"'{argument}' must not be negative.");
        }

        if (size > PageRequest.MaxPageSize)
        {
            throw new InvalidQueryException("PAGE_SIZE_EXCEEDED", $"'{argument}' may be at most {PageRequest.MaxPageSize}; {size} was requested.");
        }
    }

    private static IOrderedQueryable<T> ApplyOrder<T>(IQueryable<T> source, IOrderedQueryable<T>? ordered, LambdaExpression key, SortDirection direction)
    {
        var method = (ordered is null, direction) switch
        {
            (true, SortDirection.Ascending) => nameof(Queryable.OrderBy),
            (true, SortDirection.Descending) => nameof(Queryable.OrderByDescending),
            (false, SortDirection.Ascending) => nameof(Queryable.ThenBy),
            _ => nameof(Queryable.ThenByDescending),
        };
        var target = (IQueryable<T>?)ordered ?? source;
        var call = Expression.Call(typeof(Queryable), method, [typeof(T), key.ReturnType], target.Expression, Expression.Quote(key));
        return (IOrderedQueryable<T>)target.Provider.CreateQuery<T>(call);
    }

    private static Expression BuildFilter<T>(Filter filter, QueryFields<T> fields, ParameterExpression parameter)
    {
        var parts = new List<Expression>();
        foreach (var field in filter.Fields)
        {
            var property = ReplaceParameter(fields.Get(field.Field), parameter);
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

        var items = list.Cast<object?>().ToList();
        return items.Count == 0 ? Expression.Constant(false) : items.Select(item => Equal(property, item)).Aggregate(Expression.OrElse);
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
        object converted;
        try
        {
            converted = underlying.IsInstanceOfType(value) ? value
                : underlying.IsEnum
                ? (value is string s ? Enum.Parse(underlying, s, ignoreCase: true) : Enum.ToObject(underlying, value))
                : Convert.ChangeType(value, underlying, System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception ex) when (ex is InvalidCastException or FormatException or OverflowException or ArgumentException)
        {
            throw new InvalidQueryException("INVALID_FILTER", $"'{value}' is not a valid {underlying.Name} value.");
        }

        var holderType = typeof(ValueHolder<>).MakeGenericType(underlying);
        var holder = Activator.CreateInstance(holderType, converted)!;
        Expression access = Expression.Property(Expression.Constant(holder), nameof(ValueHolder<int>.Value));
        return access.Type == targetType ? access : Expression.Convert(access, targetType);
    }

    private static bool IsNullable(Type type) => !type.IsValueType || Nullable.GetUnderlyingType(type) is not null;

    private static Expression ReplaceParameter(LambdaExpression lambda, ParameterExpression parameter) =>
        new ParameterReplacer(lambda.Parameters[0], parameter).Visit(lambda.Body);

    private sealed class ValueHolder<TValue>(TValue value)
    {
        public TValue Value { get; } = value;
    }

    private sealed class ParameterReplacer(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : base.VisitParameter(node);
    }
}
