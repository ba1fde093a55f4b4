using System.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Sqlite.Storage.Internal;
using Microsoft.EntityFrameworkCore.Storage;
using SQLitePCL;

namespace Rephlo.Tiers.Infrastructure.Persistence;

#pragma warning disable EF1001 // SqliteRelationalConnection is "internal API": this subclass only keeps the connection open (see below).

/// <summary>
/// The SQLite connection of a pooled <see cref="SqliteTiersDbContext"/>, kept open while the context
/// lives in the pool instead of being opened and closed around every query.
/// </summary>
/// <remarks>
/// Opening a <see cref="SqliteConnection"/> is not just taking a handle from Microsoft.Data.Sqlite's
/// pool: every open registers again, on the native handle, the twelve functions and the
/// <c>EF_DECIMAL</c> collation EF Core's provider attached to the connection (each registration
/// allocates a callback handle and frees the previous one), and every close disposes the
/// connection's commands. On the read path — one short query per request — that was the largest
/// single cost (issue 13, P2 profile). An open SQLite connection that is not inside a transaction
/// holds no lock and does not block WAL checkpoints, so keeping it open is safe; it is closed for
/// real when it is inside a transaction (a failed unit of work must never lend its transaction to
/// the next request), when it is broken, and when the context is disposed with its pool.
/// </remarks>
public sealed class PersistentSqliteConnection(
    RelationalConnectionDependencies dependencies,
    IRawSqlCommandBuilder rawSqlCommandBuilder,
    IDiagnosticsLogger<Microsoft.EntityFrameworkCore.DbLoggerCategory.Infrastructure> logger)
    : SqliteRelationalConnection(dependencies, rawSqlCommandBuilder, logger)
{
    private bool _disposing;

    protected override void CloseDbConnection()
    {
        if (_disposing || !CanStayOpen())
        {
            base.CloseDbConnection();
        }
    }

    protected override Task CloseDbConnectionAsync() =>
        _disposing || !CanStayOpen() ? base.CloseDbConnectionAsync() : Task.CompletedTask;

    public override void Dispose()
    {
        _disposing = true;
        try
        {
            base.Dispose();
        }
        finally
        {
            _disposing = false;
        }
    }

    public override async ValueTask DisposeAsync()
    {
        _disposing = true;
        try
        {
            await base.DisposeAsync();
        }
        finally
        {
            _disposing = false;
        }
    }

    /// <summary>Open, healthy and in autocommit mode (no transaction left behind by the last unit of work).</summary>
    private bool CanStayOpen() =>
        DbConnection is SqliteConnection { State: ConnectionState.Open, Handle: { } handle } && !handle.IsInvalid && raw.sqlite3_get_autocommit(handle) != 0;
}

/// <summary>Registers <see cref="PersistentSqliteConnection"/> as the context's connection.</summary>
public static class PersistentSqliteConnectionExtensions
{
    public static DbContextOptionsBuilder KeepConnectionsOpen(this DbContextOptionsBuilder options) =>
        options.ReplaceService<ISqliteRelationalConnection, PersistentSqliteConnection>();
}
