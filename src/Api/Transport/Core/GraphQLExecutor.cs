using System.Security.Claims;
using GraphQL;
using GraphQL.Types;

namespace Rephlo.Tiers.Api.Transport.Core;

/// <summary>Executes a parsed request for any transport: the one place <see cref="ExecutionOptions"/> are built.</summary>
public sealed class GraphQLExecutor(IDocumentExecuter<ISchema> executer)
{
    /// <param name="services">The operation's own services (its DI scope: DbContext, data loaders).</param>
    public Task<ExecutionResult> ExecuteAsync(GraphQLOperationRequest operation, IServiceProvider services, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        executer.ExecuteAsync(new ExecutionOptions
        {
            Query = operation.Request.Query,
            Document = operation.Document,
            OperationName = operation.Request.OperationName,
            Variables = operation.Request.Variables,
            Extensions = operation.Request.Extensions,
            RequestServices = services,
            User = user,
            CancellationToken = cancellationToken,
        });
}
