namespace Rephlo.Tiers.Api.GraphQL.Common;

/// <summary>The one Rx operator subscriptions need, without taking a dependency on System.Reactive.</summary>
public static class ObservableExtensions
{
    public static IObservable<T> Where<T>(this IObservable<T> source, Func<T, bool> predicate) => new FilteredObservable<T>(source, predicate);

    private sealed class FilteredObservable<T>(IObservable<T> source, Func<T, bool> predicate) : IObservable<T>
    {
        public IDisposable Subscribe(IObserver<T> observer) => source.Subscribe(new FilteredObserver(observer, predicate));

        private sealed class FilteredObserver(IObserver<T> inner, Func<T, bool> predicate) : IObserver<T>
        {
            public void OnCompleted() => inner.OnCompleted();

            public void OnError(Exception error) => inner.OnError(error);

            public void OnNext(T value)
            {
                if (predicate(value))
                {
                    inner.OnNext(value);
                }
            }
        }
    }
}
