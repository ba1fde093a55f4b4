using GraphQL;
using GraphQL.Execution;
using ExecutionContext = GraphQL.Execution.ExecutionContext;

namespace Rephlo.Tiers.Api.Transport;

/// <summary>
/// Resolves each subscription event with services of its own (<see cref="OperationServices"/>: a
/// DI scope, so a fresh DbContext and data loaders, opened only if a field of the event needs one,
/// and disposed when the event is resolved), with child fields run serially. Events of one
/// subscription may be resolved concurrently; they never share a DbContext, with each other or
/// with any other operation of the connection.
/// </summary>
public sealed class ScopedSubscriptionExecutionStrategy(IServiceScopeFactory scopes) : SubscriptionExecutionStrategy(SerialExecutionStrategy.Instance)
{
    /// <summary>
    /// <paramref name="context"/> is the event's own copy of the subscription's context (the base
    /// class clones it before calling this), so its services can be replaced here.
    /// </summary>
    protected override async ValueTask<ExecutionResult> ProcessDataAsync(ExecutionContext context, ExecutionNode node, object? value)
    {
        await using var services = new OperationServices(scopes);
        context.RequestServices = services;
        return await base.ProcessDataAsync(context, node, value);
    }
}
