using GraphQL;
using GraphQL.DI;
using GraphQL.Validation;
using GraphQLParser.AST;
using Microsoft.Extensions.Caching.Memory;

namespace Rephlo.Tiers.Api.Transport.Core;

/// <summary>
/// Parsed documents that passed validation once, by query text (bounded by total query length).
/// The reader takes a cached document instead of parsing again, and such a document is executed
/// with only the validation rules that depend on the request (authorization: the caller's roles),
/// not the whole rule set and complexity analysis again — they depend on the document alone.
/// </summary>
public sealed class ValidatedDocumentCache : IConfigureExecution, IDisposable
{
    /// <summary>Total length of the cached queries' text (memory is about ten times that).</summary>
    public const int MaxTotalQueryLength = 2_000_000;

    private readonly MemoryCache _documents = new(new MemoryCacheOptions { SizeLimit = MaxTotalQueryLength });

    /// <summary>After the validation rules are configured (GraphQL.NET's own caches use 200 too).</summary>
    public float SortOrder => 200;

    public bool TryGet(string query, out GraphQLDocument? document) => _documents.TryGetValue(query, out document);

    public async Task<ExecutionResult> ExecuteAsync(ExecutionOptions options, ExecutionDelegate next)
    {
        var query = options.Query;
        if (query is null || query.Length > MaxTotalQueryLength / 20)
        {
            return await next(options);
        }

        var cached = options.Document is { } given && TryGet(query, out var known) && ReferenceEquals(given, known);
        if (cached)
        {
            options.ValidationRules = options.CachedDocumentValidationRules ?? [];
        }

        var result = await next(options);
        if (!cached && result.Executed && result.Document is { } validated)
        {
            _documents.Set(query, validated, new MemoryCacheEntryOptions { Size = query.Length, SlidingExpiration = TimeSpan.FromHours(1) });
        }

        return result;
    }

    public void Dispose() => _documents.Dispose();
}
