using System.Runtime.CompilerServices;

namespace Rephlo.Tiers.Api.IntegrationTests.Infrastructure;

/// <summary>
/// Where the real PostgreSQL server of the test run is (build/test.sh starts a throw-away cluster
/// and exports its connection string). With CI=true a missing server fails; locally it skips.
/// </summary>
public static class TestServers
{
    public const string PostgresVariable = "REPHLO_TEST_POSTGRES";

    public static string? PostgresConnectionString => Environment.GetEnvironmentVariable(PostgresVariable);

    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static string RequirePostgres() =>
        PostgresConnectionString ?? throw new InvalidOperationException(
            $"{PostgresVariable} is not set: PostgreSQL tests need the server that ./build/test.sh starts.");
}

/// <summary>A fact that needs PostgreSQL: skipped locally when no server is configured, never on CI.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute([CallerFilePath] string? file = null)
    {
        if (TestServers.PostgresConnectionString is null && !TestServers.IsCi)
        {
            Skip = $"Set {TestServers.PostgresVariable} (./build/test.sh does) to run PostgreSQL tests.";
        }
    }
}
