using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Rephlo.Tiers.Infrastructure.Persistence;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
    SqlServer,
}

/// <summary>
/// The database (section <c>Database</c>, connection string <c>ConnectionStrings:Tiers</c>).
/// A relative SQLite <c>Data Source</c> is a path from the working directory.
/// </summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";
    public const string ConnectionStringName = "Tiers";
    public const string DefaultSqliteConnectionString = "Data Source=rephlo-tiers.db";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Migrate and seed when the API starts.</summary>
    public bool InitializeOnStartup { get; set; } = true;

    /// <summary>From <c>ConnectionStrings:Tiers</c>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The connection string the provider gets (SQLite: the default file, made absolute).</summary>
    public string EffectiveConnectionString => Provider switch
    {
        DatabaseProvider.Postgres or DatabaseProvider.SqlServer => ConnectionString ?? string.Empty,
        _ => AbsoluteSqlite(string.IsNullOrWhiteSpace(ConnectionString) ? DefaultSqliteConnectionString : ConnectionString),
    };

    /// <summary>Where the data is, for the start-up log (never the password).</summary>
    public string Location => Provider switch
    {
        DatabaseProvider.Postgres => new NpgsqlConnectionStringBuilder(EffectiveConnectionString) is var pg ? $"PostgreSQL {pg.Host}:{pg.Port}/{pg.Database}" : string.Empty,
        DatabaseProvider.SqlServer => new SqlConnectionStringBuilder(EffectiveConnectionString) is var ms ? $"SQL Server {ms.DataSource}/{ms.InitialCatalog}" : string.Empty,
        _ => $"SQLite {new SqliteConnectionStringBuilder(EffectiveConnectionString).DataSource}",
    };

    /// <summary>Problems with the settings, one line each (empty when valid).</summary>
    public IEnumerable<string> Problems()
    {
        if (!Enum.IsDefined(Provider))
        {
            yield return $"Database:Provider '{Provider}' is not supported; use Sqlite, Postgres or SqlServer.";
            yield break;
        }

        if (Provider is DatabaseProvider.Postgres or DatabaseProvider.SqlServer && string.IsNullOrWhiteSpace(ConnectionString))
        {
            yield return $"ConnectionStrings:Tiers is required for the {Provider} provider.";
            yield break;
        }

        string? error = null;
        try
        {
            _ = Location;
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or KeyNotFoundException)
        {
            error = $"ConnectionStrings:Tiers is not a valid {Provider} connection string: {ex.Message}";
        }

        if (error is not null)
        {
            yield return error;
        }
    }

    private static string AbsoluteSqlite(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        var source = builder.DataSource;
        if (!string.IsNullOrEmpty(source) && source != ":memory:" && !source.StartsWith("file:", StringComparison.OrdinalIgnoreCase) && !Path.IsPathRooted(source))
        {
            builder.DataSource = Path.GetFullPath(source, Directory.GetCurrentDirectory());
        }

        return builder.ConnectionString;
    }
}
