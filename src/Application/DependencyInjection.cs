using FluentValidation;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Rephlo.Tiers.Application.Common.Abstractions;
using Rephlo.Tiers.Application.Common.Behaviors;
using Rephlo.Tiers.Application.Common.Mapping;
using Rephlo.Tiers.Application.Common.Querying;
using Rephlo.Tiers.Application.TierConfigs;

namespace Rephlo.Tiers.Application;

public static class DependencyInjection
{
    /// <summary>
    /// Registers validators, pipeline behaviours and application services. The mediator itself is
    /// source-generated in the host (<c>AddMediator</c>), which must use the Scoped lifetime.
    /// </summary>
    public static IServiceCollection AddApplication(this IServiceCollection services)
    {
        services.AddValidatorsFromAssemblyContaining<TierChangeWriter>(ServiceLifetime.Scoped, includeInternalTypes: true);
        services.AddScoped(typeof(IPipelineBehavior<,>), typeof(ValidationBehavior<,>));
        services.AddScoped(typeof(IPipelineBehavior<,>), typeof(FilterLimitsBehavior<,>));
        services.AddScoped<TierChangeWriter>();

        // The one mapping configuration (entities → read models): built and compiled once per
        // process, at start-up (here), never per request.
        services.TryAddSingleton(ReadModelMapping.Config);
        services.TryAddSingleton<IIdGenerator, TimeOrderedIdGenerator>();
        services.TryAddSingleton(TimeProvider.System);
        return services;
    }
}
