using GraphQL.DataLoader;

namespace Rephlo.Tiers.Api.GraphQL.Common;

/// <summary>
/// Per-request batch loaders (the DataLoader pattern): resolvers queue keys, and the first result
/// the executor asks for fetches every queued key in one query, so a list of N parents costs one
/// query per nested field instead of N.
/// </summary>
public sealed class RequestDataLoaders
{
    private readonly Dictionary<string, object> _loaders = new(StringComparer.Ordinal);

    public BatchLoader<TKey, TValue> Get<TKey, TValue>(
        string name,
        Func<IReadOnlyCollection<TKey>, CancellationToken, Task<IReadOnlyDictionary<TKey, TValue>>> fetch,
        TValue missing)
        where TKey : notnull
    {
        lock (_loaders)
        {
            if (!_loaders.TryGetValue(name, out var loader))
            {
                loader = new BatchLoader<TKey, TValue>(fetch, missing);
                _loaders[name] = loader;
            }

            return (BatchLoader<TKey, TValue>)loader;
        }
    }
}

public sealed class BatchLoader<TKey, TValue>(
    Func<IReadOnlyCollection<TKey>, CancellationToken, Task<IReadOnlyDictionary<TKey, TValue>>> fetch,
    TValue missing)
    where TKey : notnull
{
    private readonly object _gate = new();
    private readonly Dictionary<TKey, Task<TValue>> _results = [];
    private HashSet<TKey> _pending = [];

    public IDataLoaderResult<TValue> Load(TKey key)
    {
        lock (_gate)
        {
            if (!_results.ContainsKey(key))
            {
                _pending.Add(key);
            }
        }

        return new Pending(this, key);
    }

    private Task<TValue> GetAsync(TKey key, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_results.TryGetValue(key, out var known))
            {
                return known;
            }

            _pending.Add(key);
            var keys = _pending;
            _pending = [];
            var batch = fetch(keys, cancellationToken);
            foreach (var k in keys)
            {
                _results[k] = Pick(batch, k);
            }

            return _results[key];
        }
    }

    private async Task<TValue> Pick(Task<IReadOnlyDictionary<TKey, TValue>> batch, TKey key) =>
        (await batch).TryGetValue(key, out var value) ? value : missing;

    private sealed class Pending(BatchLoader<TKey, TValue> loader, TKey key) : IDataLoaderResult<TValue>
    {
        public Task<TValue> GetResultAsync(CancellationToken cancellationToken = default) => loader.GetAsync(key, cancellationToken);

        async Task<object?> IDataLoaderResult.GetResultAsync(CancellationToken cancellationToken) => await GetResultAsync(cancellationToken);
    }
}

public static class DataLoaderResultExtensions
{
    /// <summary>Maps a batched result (e.g. an entry's rollouts to the latest one) without another query.</summary>
    public static IDataLoaderResult<TOut> Then<TIn, TOut>(this IDataLoaderResult<TIn> result, Func<TIn, TOut> map) =>
        new Mapped<TIn, TOut>(result, map);

    private sealed class Mapped<TIn, TOut>(IDataLoaderResult<TIn> inner, Func<TIn, TOut> map) : IDataLoaderResult<TOut>
    {
        public async Task<TOut> GetResultAsync(CancellationToken cancellationToken = default) => map(await inner.GetResultAsync(cancellationToken));

        async Task<object?> IDataLoaderResult.GetResultAsync(CancellationToken cancellationToken) => await GetResultAsync(cancellationToken);
    }
}
