using Mediator;
using Microsoft.Extensions.Options;

namespace Rephlo.Tiers.Application.Common.Querying;

/// <summary>
/// How large a client's <c>where</c> filter may be (section <c>Filters</c>). Larger filters are
/// refused with <c>FILTER_TOO_COMPLEX</c> before any SQL runs.
/// </summary>
public sealed class FilterLimitsOptions
{
    public const string Section = "Filters";

    /// <summary>Values in one <c>in</c>/<c>nin</c> list.</summary>
    public int MaxListValues { get; set; } = 1_000;

    /// <summary>Values in the whole filter (every list item and every single operation value).</summary>
    public int MaxTotalValues { get; set; } = 2_000;

    /// <summary>Operands of one <c>and</c>/<c>or</c> list.</summary>
    public int MaxOperands { get; set; } = 100;

    /// <summary>Nesting of <c>and</c>/<c>or</c> groups (the top level of <c>where</c> is depth 0).</summary>
    public int MaxDepth { get; set; } = 10;

    public bool IsValid() => MaxListValues > 0 && MaxTotalValues >= MaxListValues && MaxOperands > 0 && MaxDepth > 0;
}

public static class FilterLimits
{
    public const string TooComplexCode = "FILTER_TOO_COMPLEX";

    /// <summary>Throws <see cref="InvalidQueryException"/> (FILTER_TOO_COMPLEX) when the filter exceeds a limit.</summary>
    public static void Check(Filter? filter, FilterLimitsOptions limits)
    {
        if (filter is null)
        {
            return;
        }

        var total = 0;
        Visit(filter, depth: 0, limits, ref total);
    }

    private static void Visit(Filter filter, int depth, FilterLimitsOptions limits, ref int total)
    {
        CheckGroup(filter.And.Count, "and", depth, limits);
        CheckGroup(filter.Or.Count, "or", depth, limits);
        foreach (var field in filter.Fields)
        {
            Visit(field.Field, field.Operations, depth, limits, ref total);
        }

        foreach (var nested in filter.And.Concat(filter.Or))
        {
            Visit(nested, depth + 1, limits, ref total);
        }
    }

    private static void Visit(string field, OperationFilter operations, int depth, FilterLimitsOptions limits, ref int total)
    {
        CheckGroup(operations.And.Count, "and", depth, limits);
        CheckGroup(operations.Or.Count, "or", depth, limits);
        foreach (var (op, value) in operations.Operations)
        {
            var count = value is System.Collections.ICollection list ? list.Count
                : value is System.Collections.IEnumerable items and not string ? items.Cast<object?>().Count()
                : 1;
            if (count > limits.MaxListValues)
            {
                throw TooComplex($"'{op}' on '{field}' has {count:N0} values; at most {limits.MaxListValues:N0} are allowed in one list.");
            }

            total += count;
            if (total > limits.MaxTotalValues)
            {
                throw TooComplex($"The filter has more than {limits.MaxTotalValues:N0} values in all.");
            }
        }

        foreach (var nested in operations.And.Concat(operations.Or))
        {
            Visit(field, nested, depth + 1, limits, ref total);
        }
    }

    private static void CheckGroup(int operands, string name, int depth, FilterLimitsOptions limits)
    {
        if (operands == 0)
        {
            return;
        }

        if (operands > limits.MaxOperands)
        {
            throw TooComplex($"An '{name}' has {operands:N0} operands; at most {limits.MaxOperands:N0} are allowed.");
        }

        if (depth + 1 > limits.MaxDepth)
        {
            throw TooComplex($"'and'/'or' are nested more than {limits.MaxDepth} deep.");
        }
    }

    private static InvalidQueryException TooComplex(string message) => new(TooComplexCode, message + " Split the query or narrow the filter.");
}

/// <summary>Checks a query's filter against <see cref="FilterLimitsOptions"/> before its handler runs any SQL.</summary>
public sealed class FilterLimitsBehavior<TMessage, TResponse>(IOptions<FilterLimitsOptions> options) : IPipelineBehavior<TMessage, TResponse>
    where TMessage : IFilteredQuery, IMessage
{
    public ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        FilterLimits.Check(message.Where, options.Value);
        return next(message, cancellationToken);
    }
}
