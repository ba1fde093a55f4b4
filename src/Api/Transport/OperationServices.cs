namespace Rephlo.Tiers.Api.Transport;

/// <summary>
/// The services of one GraphQL operation: a DI scope of its own (its own DbContext and data-loader
/// cache), created on the first service a resolver asks for and disposed with the operation. An
/// operation whose fields need no service (a subscription event served from the event it carries)
/// never opens a scope. Safe to ask from several threads: the scope is created once.
/// </summary>
public sealed class OperationServices(IServiceScopeFactory scopes) : IServiceProvider, IAsyncDisposable
{
    private readonly Lock _gate = new();
    private AsyncServiceScope? _scope;
    private bool _disposed;

    /// <summary>Whether a resolver asked for a service (and so a scope was opened).</summary>
    public bool ScopeCreated
    {
        get
        {
            lock (_gate)
            {
                return _scope is not null;
            }
        }
    }

    public object? GetService(Type serviceType)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _scope ??= scopes.CreateAsyncScope();
            return _scope.Value.ServiceProvider.GetService(serviceType);
        }
    }

    public async ValueTask DisposeAsync()
    {
        AsyncServiceScope? scope;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            scope = _scope;
        }

        if (scope is { } open)
        {
            await open.DisposeAsync();
        }
    }
}
