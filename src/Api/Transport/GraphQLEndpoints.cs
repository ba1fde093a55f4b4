using Rephlo.Tiers.Api.Auth;
using Rephlo.Tiers.Api.Transport.Core;
using Rephlo.Tiers.Api.Transport.Explorer;
using Rephlo.Tiers.Api.Transport.Http;
using Rephlo.Tiers.Api.Transport.Sse;
using Rephlo.Tiers.Api.Transport.WebSockets;
using Rephlo.Tiers.Infrastructure;

namespace Rephlo.Tiers.Api.Transport;

/// <summary>
/// Registration and routing of the GraphQL transports: one request reader and one executor (the
/// core) under three thin adapters — GraphQL over HTTP, GraphQL over SSE and graphql-transport-ws.
/// </summary>
public static class GraphQLEndpoints
{
    public const string DefaultPath = "/graphql";

    public static IServiceCollection AddGraphQLTransport(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<GraphQLHttpOptions>().Bind(configuration.GetSection(GraphQLHttpOptions.Section))
            .ValidateProblemsOnStart(o => o.Problems());
        services.AddOptions<SubscriptionOptions>().Bind(configuration.GetSection(SubscriptionOptions.Section))
            .ValidateProblemsOnStart(o => o.Problems());
        services.AddOptions<ExplorerOptions>().Bind(configuration.GetSection(ExplorerOptions.Section));
        services.AddOptions<Operations.RateLimitingOptions>().Bind(configuration.GetSection(Operations.RateLimitingOptions.Section))
            .ValidateProblemsOnStart(o => o.Problems());
        services.AddSingleton<Operations.OperationRateLimiter>();
        services.AddSingleton<TokenValidator>();
        services.AddSingleton<ValidatedDocumentCache>();
        services.AddSingleton<global::GraphQL.DI.IConfigureExecution>(sp => sp.GetRequiredService<ValidatedDocumentCache>());
        services.AddSingleton<GraphQLRequestReader>();
        services.AddSingleton<GraphQLExecutor>();
        services.AddSingleton<GraphQLResponseWriter>();
        services.AddSingleton<HttpTransport>();
        services.AddSingleton<SseTransport>();
        services.AddSingleton<WebSocketTransport>();
        return services;
    }

    /// <summary>
    /// The GraphQL endpoint at <paramref name="path"/>: a WebSocket upgrade goes to
    /// graphql-transport-ws, a browser opening the URL to the explorer, everything else to GraphQL
    /// over HTTP (which hands <c>text/event-stream</c> requests to SSE after the common checks).
    /// </summary>
    public static IEndpointConventionBuilder MapGraphQL(this IEndpointRouteBuilder endpoints, string path = DefaultPath)
    {
        var http = endpoints.ServiceProvider.GetRequiredService<HttpTransport>();
        var webSockets = endpoints.ServiceProvider.GetRequiredService<WebSocketTransport>();
        return endpoints.MapMethods(path, ["GET", "POST", "PUT", "PATCH", "DELETE"], async context =>
        {
            if (context.WebSockets.IsWebSocketRequest)
            {
                await webSockets.HandleAsync(context);
            }
            else if (!await ExplorerEndpoints.TryHandleBrowserAsync(context))
            {
                await http.HandleAsync(context);
            }
        });
    }
}
