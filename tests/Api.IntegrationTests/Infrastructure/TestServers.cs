
namespace Rephlo.Tiers.Api.IntegrationTests.Infrastructure;

/// <summary>
/// Where the real PostgreSQL server of the test run is (build/test.sh starts a throw-away cluster
/// and exports its connection string). With CI=true a missing server fails; locally it skips.
/// </summary>
public static class TestServers
{
    public const string PostgresVariable = "REPHLO_TEST_POSTGRES";

    public static string? PostgresConnectionString => Environment.GetEnvironmentVariable(PostgresVariable);

    public const string RedisVariable = "REPHLO_TEST_REDIS";

    public static string RequireRedis() =>
        Environment.GetEnvironmentVariable(RedisVariable) ?? throw new InvalidOperationException(
            $"{RedisVariable} is not set: multi-instance tests need the redis-server that ./build/test.sh starts.");

    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static string RequirePostgres() =>
        PostgresConnectionString ?? throw new InvalidOperationException(
            $"{PostgresVariable} is not set: PostgreSQL tests need the server that ./build/test.sh starts.");

    public const string SqlServerVariable = "REPHLO_TEST_SQLSERVER";

    /// <summary>A SQL Server connection string (any database; each test creates and drops its own), or null.</summary>
    public static string? SqlServerConnectionString => Environment.GetEnvironmentVariable(SqlServerVariable) is { Length: > 0 } value ? value : null;

    public static string RequireSqlServer() =>
        SqlServerConnectionString ?? throw new InvalidOperationException($"{SqlServerVariable} is not set.");
}
