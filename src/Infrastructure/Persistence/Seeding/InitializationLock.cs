using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Rephlo.Tiers.Infrastructure.Persistence.Seeding;

/// <summary>
/// The lock held while the database is migrated and seeded. PostgreSQL: <c>pg_advisory_lock</c> on
/// the context's open connection (released explicitly, and by the server if the process dies).
/// SQLite: an exclusive lock on <c>&lt;database&gt;.init.lock</c> (flock; released when the
/// process ends); an in-memory database needs none.
/// </summary>
internal sealed class InitializationLock : IAsyncDisposable
{
    /// <summary>The advisory lock's key, 0x5254494E ("RTIN"), distinct from the rollout engine's keys.</summary>
    private const string LockSql = "SELECT pg_advisory_lock(1381255502)";
    private const string UnlockSql = "SELECT pg_advisory_unlock(1381255502)";

    private readonly TiersDbContext? _postgres;
    private readonly FileStream? _file;

    private InitializationLock(TiersDbContext? postgres, FileStream? file)
    {
        _postgres = postgres;
        _file = file;
    }

    /// <summary>Waits for the lock; the context's connection must be open (and stay open until disposal).</summary>
    public static async Task<InitializationLock> AcquireAsync(TiersDbContext db, CancellationToken cancellationToken)
    {
        if (db.Database.IsNpgsql())
        {
            await db.Database.ExecuteSqlRawAsync(LockSql, cancellationToken);
            return new InitializationLock(db, null);
        }

        var dataSource = new SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource;
        if (string.IsNullOrEmpty(dataSource) || dataSource == ":memory:" || dataSource.StartsWith("file::memory:", StringComparison.Ordinal))
        {
            return new InitializationLock(null, null);
        }

        var path = Path.GetFullPath(dataSource) + ".init.lock";
        while (true)
        {
            try
            {
                return new InitializationLock(null, new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException)
            {
                await Task.Delay(100, cancellationToken);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_postgres is not null)
        {
            await _postgres.Database.ExecuteSqlRawAsync(UnlockSql);
        }

        if (_file is not null)
        {
            await _file.DisposeAsync();
        }
    }
}
