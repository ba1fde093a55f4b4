using GraphQL;
using GraphQL.Execution;
using ExecutionContext = GraphQL.Execution.ExecutionContext;

namespace Rephlo.Tiers.Api.Transport;

/// <summary>
/// Resolves each subscription event in a DI scope of its own (fresh DbContext and data loaders,
/// so no stale cache and no concurrent use of one context), with child fields run serially.
/// </summary>
public sealed class ScopedSubscriptionExecutionStrategy() : SubscriptionExecutionStrategy(SerialExecutionStrategy.Instance)
{
    private static readonly AsyncLocal<IServiceProvider?> EventServices = new();

    protected override async ValueTask<ExecutionResult> ProcessDataAsync(ExecutionContext context, ExecutionNode node, object? value)
    {
        var factory = context.RequestServices?.GetService<IServiceScopeFactory>();
        if (factory is null)
        {
            return await base.ProcessDataAsync(context, node, value);
        }

        await using var scope = factory.CreateAsyncScope();
        EventServices.Value = scope.ServiceProvider;
        try
        {
            return await base.ProcessDataAsync(context, node, value);
        }
        finally
        {
            EventServices.Value = null;
        }
    }

    protected override ExecutionContext CloneExecutionContext(ExecutionContext context, CancellationToken token)
    {
        var clone = base.CloneExecutionContext(context, token);
        if (EventServices.Value is { } services)
        {
            clone.RequestServices = services;
        }

        return clone;
    }
}
