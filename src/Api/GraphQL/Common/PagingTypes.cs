using GraphQL;
using GraphQL.Types;
using Rephlo.Tiers.Application.Common.Querying;

namespace Rephlo.Tiers.Api.GraphQL.Common;

public sealed class PageInfoType : ObjectGraphType<IPageInfo>
{
    public PageInfoType()
    {
        Name = "PageInfo";
        Field<NonNullGraphType<BooleanGraphType>>("hasNextPage").Resolve(c => c.Source.HasNextPage);
        Field<NonNullGraphType<BooleanGraphType>>("hasPreviousPage").Resolve(c => c.Source.HasPreviousPage);
        Field<StringGraphType>("startCursor").Resolve(c => c.Source.StartCursor);
        Field<StringGraphType>("endCursor").Resolve(c => c.Source.EndCursor);
    }
}

public interface IPageInfo
{
    bool HasNextPage { get; }

    bool HasPreviousPage { get; }

    string? StartCursor { get; }

    string? EndCursor { get; }
}

internal sealed record PageInfo(bool HasNextPage, bool HasPreviousPage, string? StartCursor, string? EndCursor) : IPageInfo;

/// <summary>A Relay connection named as HotChocolate would (<c>XConnection</c>, <c>XEdge</c>).</summary>
public abstract class ConnectionType<TNode, TNodeType> : ObjectGraphType<Page<TNode>>
    where TNodeType : IGraphType
{
    protected ConnectionType(string name)
    {
        Name = name;
        Field<NonNullGraphType<PageInfoType>>("pageInfo")
            .Resolve(c => new PageInfo(c.Source.HasNextPage, c.Source.HasPreviousPage, c.Source.StartCursor, c.Source.EndCursor));
        Field<ListGraphType<NonNullGraphType<EdgeType<TNode, TNodeType>>>>("edges").Resolve(c => c.Source.Edges);
        Field<ListGraphType<NonNullGraphType<TNodeType>>>("nodes").Resolve(c => c.Source.Nodes);
        Field<NonNullGraphType<IntGraphType>>("totalCount")
            .Resolve(c => c.Source.TotalCount ?? throw new InvalidOperationException("totalCount was selected but not counted."));
    }
}

public sealed class EdgeType<TNode, TNodeType> : ObjectGraphType<Edge<TNode>>
    where TNodeType : IGraphType
{
    public EdgeType()
    {
        var nodeName = typeof(TNodeType).Name.EndsWith("Type", StringComparison.Ordinal) ? typeof(TNodeType).Name[..^4] : typeof(TNodeType).Name;
        Name = nodeName + "Edge";
        Field<NonNullGraphType<StringGraphType>>("cursor").Resolve(c => c.Source.Cursor);
        Field<NonNullGraphType<TNodeType>>("node").Resolve(c => c.Source.Node);
    }
}

public static class PagingArguments
{
    public static QueryArgument[] Forward() =>
    [
        new QueryArgument<IntGraphType> { Name = "first", Description = $"Page size (default {PageRequest.DefaultPageSize}, at most {PageRequest.MaxPageSize})." },
        new QueryArgument<StringGraphType> { Name = "after" },
    ];

    public static QueryArgument[] Both() =>
    [
        .. Forward(),
        new QueryArgument<IntGraphType> { Name = "last", Description = $"Page size from the end (at most {PageRequest.MaxPageSize})." },
        new QueryArgument<StringGraphType> { Name = "before" },
    ];

    /// <summary>The paging arguments, and whether the selection asks for <c>totalCount</c> (else it is not counted).</summary>
    public static PageRequest ToPageRequest(this IResolveFieldContext context) => new(
        context.GetArgument<int?>("first"),
        context.GetArgument<string?>("after"),
        context.HasArgument("last") ? context.GetArgument<int?>("last") : null,
        context.HasArgument("before") ? context.GetArgument<string?>("before") : null)
    {
        IncludeTotalCount = context.SubFields is not { } selected || selected.Values.Any(f => f.FieldType.Name == "totalCount"),
    };
}
