using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Rephlo.Tiers.Application.Common.Abstractions;
using Rephlo.Tiers.Infrastructure.Events;
using Rephlo.Tiers.Infrastructure.Persistence;
using Rephlo.Tiers.Infrastructure.Persistence.Seeding;
using Rephlo.Tiers.Infrastructure.Rollouts;

namespace Rephlo.Tiers.Infrastructure;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

public static class DependencyInjection
{
    public const string ConnectionStringName = "Tiers";
    public const string DefaultSqliteConnectionString = "Data Source=rephlo-tiers.db";

    public static IServiceCollection AddInfrastructure(this IServiceCollection services, IConfiguration configuration)
    {
        var providerName = configuration["Database:Provider"] ?? nameof(DatabaseProvider.Sqlite);
        if (!Enum.TryParse<DatabaseProvider>(providerName, ignoreCase: true, out var provider))
        {
            throw new InvalidOperationException($"Database:Provider '{providerName}' is not supported; use Sqlite or Postgres.");
        }

        var connectionString = configuration.GetConnectionString(ConnectionStringName);
        switch (provider)
        {
            case DatabaseProvider.Postgres:
                if (string.IsNullOrWhiteSpace(connectionString))
                {
                    throw new InvalidOperationException("ConnectionStrings:Tiers is required for the Postgres provider.");
                }

                services.AddDbContext<PostgresTiersDbContext>(o => o.UseNpgsql(connectionString));
                services.AddScoped<TiersDbContext>(sp => sp.GetRequiredService<PostgresTiersDbContext>());
                services.AddScoped<IRolloutSqlDialect, PostgresRolloutSqlDialect>();
                break;
            default:
                services.AddDbContext<SqliteTiersDbContext>(o => o.UseSqlite(string.IsNullOrWhiteSpace(connectionString) ? DefaultSqliteConnectionString : connectionString));
                services.AddScoped<TiersDbContext>(sp => sp.GetRequiredService<SqliteTiersDbContext>());
                services.AddScoped<IRolloutSqlDialect, SqliteRolloutSqlDialect>();
                break;
        }

        services.AddScoped<ITiersDbContext>(sp => sp.GetRequiredService<TiersDbContext>());
        services.AddOptions<SeedOptions>().Bind(configuration.GetSection(SeedOptions.Section));
        services.AddScoped<DatabaseInitializer>();
        var redis = configuration["Redis:Configuration"];
        if (string.IsNullOrWhiteSpace(redis))
        {
            services.AddSingleton<ITierEventBus, InProcessTierEventBus>();
        }
        else
        {
            var redisOptions = StackExchange.Redis.ConfigurationOptions.Parse(redis);
            redisOptions.AbortOnConnectFail = false; // start and keep reconnecting while Redis is away
            services.AddSingleton<StackExchange.Redis.IConnectionMultiplexer>(_ => StackExchange.Redis.ConnectionMultiplexer.Connect(redisOptions));
            services.AddSingleton<ITierEventBus, RedisTierEventBus>();
        }

        services.AddOptions<RolloutOptions>().Bind(configuration.GetSection(RolloutOptions.Section))
            .Validate(o => o.BatchSize is > 0 and <= 100_000, "Rollouts:BatchSize must be between 1 and 100000.")
            .Validate(o => o.MaxAttempts > 0, "Rollouts:MaxAttempts must be positive.")
            .Validate(o => o.MaxConcurrentRollouts > 0, "Rollouts:MaxConcurrentRollouts must be positive.");
        services.AddSingleton<RolloutSignal>();
        services.AddSingleton<IRolloutSignal>(sp => sp.GetRequiredService<RolloutSignal>());
        services.AddScoped<RolloutProcessor>();
        services.AddSingleton<RolloutRunner>();
        if (configuration.GetValue($"{RolloutOptions.Section}:{nameof(RolloutOptions.Enabled)}", true))
        {
            services.AddHostedService(sp => sp.GetRequiredService<RolloutRunner>());
        }

        return services;
    }
}
