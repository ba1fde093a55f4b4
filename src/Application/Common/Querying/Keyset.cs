using System.Buffers.Text;
using System.Globalization;
using System.Linq.Expressions;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mapster;
using Microsoft.EntityFrameworkCore;
using Rephlo.Tiers.Application.Common.Mapping;

namespace Rephlo.Tiers.Application.Common.Querying;

/// <summary>One key of a keyset order; a nullable key sorts nulls as the smallest value on every provider.</summary>
public sealed record SortKey(string Name, LambdaExpression Key, SortDirection Direction, bool Nullable);

public static class KeysetExtensions
{
    /// <summary>
    /// Orders for keyset paging: the client's order (or the fallback), then the id as the final
    /// tie-break, so every row has a unique position that a cursor can name.
    /// </summary>
    public static KeysetQuery<T> KeysetBy<T>(
        this IQueryable<T> query,
        IReadOnlyList<SortField>? order,
        QueryFields<T> fields,
        IReadOnlyList<SortField> fallback,
        Expression<Func<T, Guid>> tieBreaker)
    {
        var sorts = order is { Count: > 0 } ? order : fallback;
        var keys = new List<SortKey>(sorts.Count + 1);
        foreach (var sort in sorts)
        {
            if (keys.Any(k => k.Name == sort.Field))
            {
                continue; // a repeated key adds nothing to the order
            }

            keys.Add(new SortKey(sort.Field, fields.ForSort(sort.Field), sort.Direction, fields.IsNullable(sort.Field)));
        }

        keys.Add(new SortKey("id", tieBreaker, SortDirection.Ascending, Nullable: false));
        return new KeysetQuery<T>(query, keys);
    }
}

/// <summary>
/// Relay paging with keyset cursors: a cursor carries the sort key values and the id of its row,
/// and the next page is "rows after that position" (a WHERE on the keys, served by an index),
/// so rows inserted between two requests are neither repeated nor skipped, and a deep page costs
/// what the first costs. The total is counted only when asked for.
/// </summary>
public sealed class KeysetQuery<T>(IQueryable<T> source, IReadOnlyList<SortKey> keys)
{
    private static readonly MethodInfo StringCompare = typeof(string).GetMethod(nameof(string.Compare), [typeof(string), typeof(string)])!;

    private readonly string _signature = KeysetCursor.Signature(typeof(T).Name, keys);

    public IReadOnlyList<SortKey> Keys => keys;

    public async Task<Page<TOut>> ToPageAsync<TOut>(PageRequest paging, Expression<Func<T, TOut>> projection, CancellationToken cancellationToken)
    {
        var pageQuery = PageQuery(paging, projection);
        int? total = paging.IncludeTotalCount ? await source.CountAsync(cancellationToken) : null;
        var rows = await pageQuery.ToListAsync(cancellationToken);

        var backward = paging.Last is not null && paging.First is null;
        var size = backward ? paging.Last!.Value : paging.First ?? PageRequest.DefaultPageSize;
        var after = paging.After;
        var before = paging.Before;
        var more = rows.Count > size;
        if (more)
        {
            rows.RemoveAt(rows.Count - 1);
        }

        var hasNext = backward ? before is not null : more;
        var hasPrevious = backward ? more : after is not null;
        if (backward)
        {
            rows.Reverse();
        }
        else if (paging.Last is { } last && rows.Count > last)
        {
            rows = rows[^last..];
            hasPrevious = true;
        }

        var edges = rows.Select(r => new Edge<TOut>(KeysetCursor.Encode(_signature, r.Keys), r.Node)).ToList();
        return new Page<TOut>(edges, total, hasNext, hasPrevious);
    }

    /// <summary>A page of read models mapped by the Mapster configuration (its cached projection, translated to SQL).</summary>
    public Task<Page<TOut>> ToPageAsync<TOut>(PageRequest paging, TypeAdapterConfig mapping, CancellationToken cancellationToken) =>
        ToPageAsync(paging, mapping.ProjectionOf<T, TOut>(), cancellationToken);

    /// <summary>
    /// The SQL of one page: rows beyond the cursor(s), in order (reversed for <c>last</c> without
    /// <c>first</c>), one more than the page size to tell whether there is more. Throws
    /// INVALID_CURSOR / PAGE_SIZE_EXCEEDED / INVALID_PAGING before anything runs.
    /// </summary>
    public IQueryable<KeysetRow<TOut>> PageQuery<TOut>(PageRequest paging, Expression<Func<T, TOut>> projection)
    {
        ValidateSize(paging.First, "first");
        ValidateSize(paging.Last, "last");
        var after = paging.After is null ? null : KeysetCursor.Decode(paging.After, _signature, keys);
        var before = paging.Before is null ? null : KeysetCursor.Decode(paging.Before, _signature, keys);
        var backward = paging.Last is not null && paging.First is null;
        var size = backward ? paging.Last!.Value : paging.First ?? PageRequest.DefaultPageSize;
        var query = source;
        if (after is not null)
        {
            query = query.Where(Beyond(after, reversed: false));
        }

        if (before is not null)
        {
            query = query.Where(Beyond(before, reversed: true));
        }

        return Order(query, reversed: backward).Take(size + 1).Select(RowProjection(projection));
    }

    /// <summary>The cursor of a row with these key values (sort keys, then the id).</summary>
    public string CursorFor(IReadOnlyList<object?> values) => KeysetCursor.Encode(_signature, values);

    /// <summary>The ORDER BY: each key (a nullable one preceded by "is null"), reversed for backward pages.</summary>
    public IOrderedQueryable<T> Order(IQueryable<T> query, bool reversed = false)
    {
        IOrderedQueryable<T>? ordered = null;
        foreach (var key in keys)
        {
            var ascending = key.Direction == SortDirection.Ascending ^ reversed;
            if (key.Nullable)
            {
                // Nulls are the smallest value: first ascending, last descending (SQLite's and SQL Server's
                // order; PostgreSQL's default is the opposite, so the order is spelled out).
                var isNull = Expression.Lambda(Expression.Equal(key.Key.Body, Expression.Constant(null, key.Key.ReturnType)), key.Key.Parameters);
                ordered = QueryableExtensions.ApplyOrder(query, ordered, isNull, ascending ? SortDirection.Descending : SortDirection.Ascending);
            }

            ordered = QueryableExtensions.ApplyOrder(query, ordered, key.Key, ascending ? SortDirection.Ascending : SortDirection.Descending);
        }

        return ordered!;
    }

    /// <summary>
    /// Rows strictly after the cursor's position in the (possibly reversed) order:
    /// <c>k1 &gt; c1 OR (k1 = c1 AND (k2 &gt; c2 OR (k2 = c2 AND …)))</c>, plus the redundant bound
    /// <c>k1 &gt;= c1</c> so that an index on the keys is entered at the cursor rather than scanned from its start.
    /// </summary>
    public Expression<Func<T, bool>> Beyond(object?[] values, bool reversed)
    {
        var parameter = Expression.Parameter(typeof(T), "x");
        Expression? result = null;
        for (var i = keys.Count - 1; i >= 0; i--)
        {
            var key = keys[i];
            var body = QueryableExtensions.ReplaceParameter(key.Key, parameter);
            var ascending = key.Direction == SortDirection.Ascending ^ reversed;
            var (strictly, equal) = Parts(body, values[i], ascending, key.Nullable);
            result = result is null ? strictly : Or(strictly, And(equal, result));
        }

        var first = keys[0];
        if (!first.Nullable)
        {
            var body = QueryableExtensions.ReplaceParameter(first.Key, parameter);
            var ascending = first.Direction == SortDirection.Ascending ^ reversed;
            var value = Value(values[0]!, body.Type);
            result = And(Compare(body, value, ascending ? ExpressionType.GreaterThanOrEqual : ExpressionType.LessThanOrEqual), result!);
        }

        return Expression.Lambda<Func<T, bool>>(result!, parameter);
    }

    private static (Expression Strictly, Expression Equal) Parts(Expression body, object? value, bool ascending, bool nullable)
    {
        if (!nullable)
        {
            var v = Value(value!, body.Type);
            return (Compare(body, v, ascending ? ExpressionType.GreaterThan : ExpressionType.LessThan), Expression.Equal(body, v));
        }

        var isNull = Expression.Equal(body, Expression.Constant(null, body.Type));
        if (value is null)
        {
            // After a null: ascending, every non-null row; descending, nothing (nulls come last).
            return (ascending ? Expression.Not(isNull) : Expression.Constant(false), isNull);
        }

        var parameter = Value(value, body.Type);
        var beyond = Compare(body, parameter, ascending ? ExpressionType.GreaterThan : ExpressionType.LessThan);
        return (ascending ? beyond : Expression.OrElse(beyond, isNull), Expression.Equal(body, parameter));
    }

    private static Expression Compare(Expression left, Expression right, ExpressionType comparison)
    {
        var type = Nullable.GetUnderlyingType(left.Type) ?? left.Type;
        if (type == typeof(string))
        {
            // string.Compare(a, b) > 0 translates to a > b (the column's collation, as in ORDER BY).
            return Expression.MakeBinary(comparison, Expression.Call(StringCompare, left, right), Expression.Constant(0));
        }

        if (type.IsPrimitive || type == typeof(decimal) || type.GetMethod("op_GreaterThan", [type, type]) is not null)
        {
            return Expression.MakeBinary(comparison, left, right);
        }

        var compareTo = type.GetMethod(nameof(IComparable.CompareTo), [type])
            ?? throw new InvalidOperationException($"{type.Name} cannot be compared for keyset paging.");
        return Expression.MakeBinary(comparison, Expression.Call(left, compareTo, right), Expression.Constant(0));
    }

    /// <summary>A cursor value as a SQL parameter of the key's type.</summary>
    private static Expression Value(object value, Type type)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        var holder = Activator.CreateInstance(typeof(QueryableExtensions.ValueHolder<>).MakeGenericType(underlying), value)!;
        Expression access = Expression.Property(Expression.Constant(holder), nameof(QueryableExtensions.ValueHolder<int>.Value));
        return access.Type == type ? access : Expression.Convert(access, type);
    }

    private static Expression Or(Expression left, Expression right) =>
        left is ConstantExpression { Value: false } ? right : right is ConstantExpression { Value: false } ? left : Expression.OrElse(left, right);

    private static Expression And(Expression left, Expression right) =>
        left is ConstantExpression { Value: true } ? right : right is ConstantExpression { Value: true } ? left : Expression.AndAlso(left, right);

    private Expression<Func<T, KeysetRow<TOut>>> RowProjection<TOut>(Expression<Func<T, TOut>> projection)
    {
        var parameter = projection.Parameters[0];
        var values = keys.Select(k => (Expression)Expression.Convert(QueryableExtensions.ReplaceParameter(k.Key, parameter), typeof(object)));
        var row = Expression.New(
            typeof(KeysetRow<TOut>).GetConstructor([typeof(TOut), typeof(object?[])])!,
            projection.Body,
            Expression.NewArrayInit(typeof(object), values));
        return Expression.Lambda<Func<T, KeysetRow<TOut>>>(row, parameter);
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
}

/// <summary>A page row: the node and the values of its sort keys (for its cursor).</summary>
public sealed class KeysetRow<TOut>(TOut node, object?[] keys)
{
    public TOut Node { get; } = node;

    public object?[] Keys { get; } = keys;
}

/// <summary>
/// Keyset cursors: base64url of <c>{"v":1,"o":"&lt;order&gt;","k":[sort key values…, id]}</c>. The
/// order signature makes a cursor of another order (or another connection) INVALID_CURSOR, and so
/// is every earlier (offset) cursor.
/// </summary>
public static class KeysetCursor
{
    public const int Version = 1;

    public static string Signature(string entity, IReadOnlyList<SortKey> keys)
    {
        var text = entity + ":" + string.Join(",", keys.Select(k => k.Name + (k.Direction == SortDirection.Ascending ? "+" : "-")));
        var hash = 2166136261u; // FNV-1a: stable across processes and instances
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            hash = (hash ^ b) * 16777619u;
        }

        return hash.ToString("x8", CultureInfo.InvariantCulture);
    }

    public static string Encode(string signature, IReadOnlyList<object?> values)
    {
        var keys = new JsonArray();
        foreach (var value in values)
        {
            keys.Add(Format(value));
        }

        var json = new JsonObject { ["v"] = Version, ["o"] = signature, ["k"] = keys };
        return Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json.ToJsonString()));
    }

    public static object?[] Decode(string cursor, string signature, IReadOnlyList<SortKey> keys)
    {
        try
        {
            if (JsonNode.Parse(Base64Url.DecodeFromChars(cursor)) is JsonObject json
                && json["v"] is JsonValue v && v.TryGetValue<int>(out var version) && version == Version
                && json["o"] is JsonValue o && o.TryGetValue<string>(out var order) && order == signature
                && json["k"] is JsonArray values && values.Count == keys.Count)
            {
                var result = new object?[keys.Count];
                for (var i = 0; i < keys.Count; i++)
                {
                    if (values[i] is null)
                    {
                        result[i] = keys[i].Nullable ? null : throw new FormatException("A non-nullable key is null.");
                        continue;
                    }

                    result[i] = Parse(values[i]!.GetValue<string>(), Nullable.GetUnderlyingType(keys[i].Key.ReturnType) ?? keys[i].Key.ReturnType);
                }

                return result;
            }
        }
        catch (Exception ex) when (ex is FormatException or JsonException or InvalidOperationException or InvalidCastException or OverflowException or ArgumentException)
        {
        }

        throw new InvalidQueryException("INVALID_CURSOR", $"The cursor '{cursor}' is not valid for this connection and order.");
    }

    private static string? Format(object? value) => value switch
    {
        null => null,
        string s => s,
        DateTimeOffset t => t.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
        Guid g => g.ToString("D"),
        Enum e => e.ToString(),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    private static object Parse(string text, Type type) =>
        type == typeof(string) ? text
        : type == typeof(DateTimeOffset) ? DateTimeOffset.ParseExact(text, "O", CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind).ToUniversalTime()
        : type == typeof(Guid) ? Guid.ParseExact(text, "D")
        : type.IsEnum ? Enum.Parse(type, text)
        : Convert.ChangeType(text, type, CultureInfo.InvariantCulture);
}
