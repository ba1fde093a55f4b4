using GraphQL;
using GraphQL.Execution;
using GraphQLParser.AST;
using Mediator;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;
using Rephlo.Tiers.Api.Auth;
using Rephlo.Tiers.Api.GraphQL;
using Rephlo.Tiers.Api.GraphQL.Common;
using Rephlo.Tiers.Api.Operations;
using Rephlo.Tiers.Api.Transport;
using Rephlo.Tiers.Api.Transport.Core;
using Rephlo.Tiers.Api.Transport.Explorer;
using Rephlo.Tiers.Application.Common.Querying;

namespace Rephlo.Tiers.Api;

public static class DependencyInjection
{
    public const string GraphQLPath = "/graphql";

    public static IServiceCollection AddApi(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddMediator(options => options.ServiceLifetime = ServiceLifetime.Scoped);

        services.AddOptions<AuthOptions>().Bind(configuration.GetSection(AuthOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme).Configure<Microsoft.Extensions.Options.IOptions<AuthOptions>>((jwt, auth) =>
        {
            var settings = auth.Value;
            jwt.MapInboundClaims = false;
            jwt.Authority = string.IsNullOrWhiteSpace(settings.Authority) ? null : settings.Authority;
            jwt.Audience = settings.Audience;
            jwt.TokenValidationParameters = new TokenValidationParameters
            {
                ValidateIssuer = true,
                ValidIssuer = settings.Issuer,
                ValidateAudience = true,
                ValidAudience = settings.Audience,
                ValidateLifetime = true,
                RequireExpirationTime = true,
                ValidateIssuerSigningKey = true,
                IssuerSigningKey = settings.GetSigningKey(),
                ClockSkew = settings.ClockSkew,
                NameClaimType = "sub",
                RoleClaimType = "role",
            };
        });
        services.AddAuthorization();

        services.AddOptions<FilterLimitsOptions>().Bind(configuration.GetSection(FilterLimitsOptions.Section))
            .Validate(o => o.IsValid(), "Filters: every limit must be positive and MaxTotalValues at least MaxListValues.").ValidateOnStart();
        services.AddScoped<RequestDataLoaders>();
        services.AddTiersHealthChecks(configuration);
        services.AddTiersTelemetry(configuration);
        services.AddGraphQLTransport(configuration);
        services.AddGraphQL(builder => builder
            .AddSchema<TiersSchema>()
            .AddGraphTypes(typeof(TiersSchema).Assembly)
            .AddSystemTextJson(json => json.Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping)
            .AddErrorInfoProvider<MaskingErrorInfoProvider>()
            .AddValidationRule<AuthorizationRule>(useForCachedDocuments: true)
            .AddComplexityAnalyzer((c, services) =>
            {
                var limits = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<GraphQLHttpOptions>>().Value;
                c.MaxDepth = limits.MaxDepth;
                c.MaxComplexity = limits.MaxComplexity;

                // Introspection (IDEs fetch the whole schema) is cheap and bounded by the schema: it
                // does not count against the complexity limit; the depth limit still applies.
                var standard = c.DefaultComplexityImpactDelegate;
                c.DefaultComplexityImpactDelegate = field =>
                    field.FieldDefinition.Name.StartsWith("__", StringComparison.Ordinal) || field.ParentType.Name.StartsWith("__", StringComparison.Ordinal)
                        ? new global::GraphQL.Validation.Complexity.FieldComplexityResult(0, 0)
                        : standard(field);
            })
            // Top-level query fields share the request's DbContext: run them one at a time.
            .AddExecutionStrategy<SerialExecutionStrategy>(OperationType.Query)
            .AddExecutionStrategy<ScopedSubscriptionExecutionStrategy>(OperationType.Subscription)
            .AddUnhandledExceptionHandler(context =>
            {
                var logger = context.Context?.RequestServices?.GetService<ILoggerFactory>()?.CreateLogger("Rephlo.Tiers.GraphQL")
                    ?? context.ExecutionOptions.RequestServices?.GetService<ILoggerFactory>()?.CreateLogger("Rephlo.Tiers.GraphQL");
                logger?.LogError(context.OriginalException, "Unhandled exception while executing GraphQL field {Field}", context.FieldContext?.FieldDefinition.Name);
            }));
        return services;
    }

    public static WebApplication UseApi(this WebApplication app)
    {
        app.MapGraphQLExplorer();
        Rephlo.Tiers.Api.AdminApp.AdminAppEndpoints.MapAdminApp(app);
        app.UseWebSockets();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapGraphQL(GraphQLPath);
        app.MapGet("/health", () => Results.Ok(new { status = "ok" })).AllowAnonymous();
        app.MapTiersHealthChecks();
        app.MapTiersMetrics();
        return app;
    }
}
