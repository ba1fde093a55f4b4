namespace Rephlo.Tiers.Application.Common.Querying;

/// <summary>
/// A transport-neutral filter (the shape of HotChocolate's <c>where</c> inputs): fields combined
/// with AND, plus nested <see cref="And"/>/<see cref="Or"/> groups.
/// </summary>
public sealed class Filter
{
    public List<Filter> And { get; } = [];

    public List<Filter> Or { get; } = [];

    public List<FieldFilter> Fields { get; } = [];

    public bool IsEmpty => And.Count == 0 && Or.Count == 0 && Fields.Count == 0;
}

/// <summary>Conditions on one field, e.g. <c>tierName: { startsWith: "pro", neq: "pro_max" }</c>.</summary>
public sealed record FieldFilter(string Field, OperationFilter Operations);

/// <summary>The operations on one field, with nested and/or (string filters allow them).</summary>
public sealed class OperationFilter
{
    public List<OperationFilter> And { get; } = [];

    public List<OperationFilter> Or { get; } = [];

    /// <summary>Operator name (eq, neq, in, contains, gt, …) and its value; a null value is meaningful for eq/neq.</summary>
    public List<KeyValuePair<string, object?>> Operations { get; } = [];
}

public enum SortDirection
{
    Ascending,
    Descending,
}

public sealed record SortField(string Field, SortDirection Direction);

/// <summary>Relay cursor paging arguments; cursors are keyset cursors (see <see cref="KeysetCursor"/>).</summary>
public sealed record PageRequest(int? First = null, string? After = null, int? Last = null, string? Before = null)
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;

    /// <summary>Count the matching rows (a separate query): only when the client selected <c>totalCount</c>.</summary>
    public bool IncludeTotalCount { get; init; } = true;
}

/// <param name="TotalCount">The number of matching rows, or null when it was not asked for.</param>
public sealed record Page<T>(
    IReadOnlyList<Edge<T>> Edges,
    int? TotalCount,
    bool HasNextPage,
    bool HasPreviousPage)
{
    public string? StartCursor => Edges.Count > 0 ? Edges[0].Cursor : null;

    public string? EndCursor => Edges.Count > 0 ? Edges[^1].Cursor : null;

    public IEnumerable<T> Nodes => Edges.Select(e => e.Node);
}

public sealed record Edge<T>(string Cursor, T Node);

/// <summary>A query the client got wrong (bad filter, bad cursor, page too large): a top-level GraphQL error.</summary>
public sealed class InvalidQueryException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}

/// <summary>A query that carries a client's <c>where</c> filter, checked against <see cref="FilterLimitsOptions"/> before it runs.</summary>
public interface IFilteredQuery
{
    Filter? Where { get; }
}
