using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Rephlo.Tiers.Application.Common.Abstractions;
using Rephlo.Tiers.Infrastructure.Events;
using Rephlo.Tiers.Infrastructure.Persistence;
using Rephlo.Tiers.Infrastructure.Persistence.Seeding;
using Rephlo.Tiers.Infrastructure.Rollouts;

namespace Rephlo.Tiers.Infrastructure;

public static class DependencyInjection
{
    public static IServiceCollection AddInfrastructure(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DatabaseOptions>()
            .Bind(configuration.GetSection(DatabaseOptions.Section))
            .Configure(o => o.ConnectionString ??= configuration.GetConnectionString(DatabaseOptions.ConnectionStringName))
            .ValidateProblemsOnStart(o => o.Problems());

        // Every provider context is registered (pooled: a request rents a reset context instead of
        // building one); the configured provider decides which one serves TiersDbContext, and
        // which SQL dialect the rollout engine speaks.
        services.AddDbContextPool<PostgresTiersDbContext>((sp, o) => o.UseNpgsql(sp.GetRequiredService<IOptions<DatabaseOptions>>().Value.EffectiveConnectionString));
        services.AddDbContextPool<SqliteTiersDbContext>((sp, o) => o.UseSqlite(sp.GetRequiredService<IOptions<DatabaseOptions>>().Value.EffectiveConnectionString).KeepConnectionsOpen());
        services.AddDbContextPool<SqlServerTiersDbContext>((sp, o) => o.UseSqlServer(
            sp.GetRequiredService<IOptions<DatabaseOptions>>().Value.EffectiveConnectionString, SqlServerTiersDbContext.ConfigureProvider));
        services.AddScoped<TiersDbContext>(sp => Provider(sp) switch
        {
            DatabaseProvider.Postgres => sp.GetRequiredService<PostgresTiersDbContext>(),
            DatabaseProvider.SqlServer => sp.GetRequiredService<SqlServerTiersDbContext>(),
            _ => sp.GetRequiredService<SqliteTiersDbContext>(),
        });
        services.AddScoped<PostgresRolloutSqlDialect>();
        services.AddScoped<SqliteRolloutSqlDialect>();
        services.AddScoped<SqlServerRolloutSqlDialect>();
        services.AddScoped<IRolloutSqlDialect>(sp => Provider(sp) switch
        {
            DatabaseProvider.Postgres => sp.GetRequiredService<PostgresRolloutSqlDialect>(),
            DatabaseProvider.SqlServer => sp.GetRequiredService<SqlServerRolloutSqlDialect>(),
            _ => sp.GetRequiredService<SqliteRolloutSqlDialect>(),
        });

        services.AddScoped<ITiersDbContext>(sp => sp.GetRequiredService<TiersDbContext>());
        services.AddOptions<SeedOptions>().Bind(configuration.GetSection(SeedOptions.Section));
        services.AddScoped<DatabaseInitializer>();
        services.AddOptions<RedisOptions>().Bind(configuration.GetSection(RedisOptions.Section))
            .Validate(o => o.IsValid(), "Redis:Configuration is not a valid StackExchange.Redis configuration string.")
            .ValidateOnStart();
        services.AddSingleton<StackExchange.Redis.IConnectionMultiplexer>(sp =>
        {
            var redisOptions = StackExchange.Redis.ConfigurationOptions.Parse(sp.GetRequiredService<IOptions<RedisOptions>>().Value.Configuration!);
            redisOptions.AbortOnConnectFail = false; // start and keep reconnecting while Redis is away
            return StackExchange.Redis.ConnectionMultiplexer.Connect(redisOptions);
        });
        services.AddSingleton<InProcessTierEventBus>();
        services.AddSingleton<RedisTierEventBus>();
        services.AddSingleton<ITierEventBus>(sp => sp.GetRequiredService<IOptions<RedisOptions>>().Value.IsEnabled
            ? sp.GetRequiredService<RedisTierEventBus>()
            : sp.GetRequiredService<InProcessTierEventBus>());

        services.AddOptions<RolloutOptions>().Bind(configuration.GetSection(RolloutOptions.Section))
            .Validate(o => o.BatchSize is > 0 and <= 100_000, "Rollouts:BatchSize must be between 1 and 100000.")
            .Validate(o => o.MaxAttempts > 0, "Rollouts:MaxAttempts must be positive.")
            .Validate(o => o.MaxConcurrentRollouts > 0, "Rollouts:MaxConcurrentRollouts must be positive.")
            .Validate(o => o.PollInterval > TimeSpan.Zero && o.LeaseDuration > TimeSpan.Zero && o.RetryDelay >= TimeSpan.Zero,
                "Rollouts:PollInterval and Rollouts:LeaseDuration must be positive, Rollouts:RetryDelay not negative.")
            .ValidateOnStart();
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

    private static DatabaseProvider Provider(IServiceProvider services) =>
        services.GetRequiredService<IOptions<DatabaseOptions>>().Value.Provider;
}
