namespace Rephlo.Tiers.Infrastructure.Persistence;

/// <summary>
/// Database-enforced immutability of the audit trail: history rows can never be deleted, and the
/// only update allowed is <c>applied_at</c> moving once from null to an instant (with the final
/// <c>affected_users_count</c> in the same statement). Version snapshots can never change.
/// </summary>
public static class ImmutabilitySql
{
    private const string History = "tier_config_history";
    private const string Versions = "tier_config_versions";

    /// <summary>History columns that never change after insert (as of the HistoryImmutability migration).</summary>
    private static readonly string[] FrozenHistoryColumns =
    [
        "id", "tier_config_id", "tier_name", "config_version", "change_type", "previous_credits", "new_credits",
        "previous_monthly_price_usd", "new_monthly_price_usd", "previous_annual_price_usd", "new_annual_price_usd",
        "change_reason", "changed_by", "changed_at",
    ];

    /// <summary>The frozen columns once the admin's name is recorded beside the id (RolloutLifecycle migration).</summary>
    private static readonly string[] FrozenHistoryColumnsWithNames = [.. FrozenHistoryColumns, "changed_by_name"];

    public static readonly string HistoryUpdateMessage =
        "tier_config_history is append-only: only applied_at may be set, once, from null";

    public static readonly string HistoryDeleteMessage = "tier_config_history is append-only: rows cannot be deleted";

    public static readonly string VersionsMessage = "tier_config_versions is immutable";

    public static IEnumerable<string> SqliteUp()
    {
        yield return SqliteHistoryUpdateTrigger(FrozenHistoryColumns);
        yield return $"""
            CREATE TRIGGER {History}_no_delete BEFORE DELETE ON {History}
            BEGIN SELECT RAISE(ABORT, '{HistoryDeleteMessage}'); END;
            """;
        yield return $"""
            CREATE TRIGGER {Versions}_no_update BEFORE UPDATE ON {Versions}
            BEGIN SELECT RAISE(ABORT, '{VersionsMessage}'); END;
            """;
        yield return $"""
            CREATE TRIGGER {Versions}_no_delete BEFORE DELETE ON {Versions}
            BEGIN SELECT RAISE(ABORT, '{VersionsMessage}'); END;
            """;
    }

    public static IEnumerable<string> SqliteDown() =>
    [
        $"DROP TRIGGER IF EXISTS {History}_no_update;",
        $"DROP TRIGGER IF EXISTS {History}_no_delete;",
        $"DROP TRIGGER IF EXISTS {Versions}_no_update;",
        $"DROP TRIGGER IF EXISTS {Versions}_no_delete;",
    ];

    /// <summary>SQLite: adds <c>changed_by_name</c> to the columns the update trigger freezes.</summary>
    public static IEnumerable<string> SqliteFreezeNames() =>
        [$"DROP TRIGGER IF EXISTS {History}_no_update;", SqliteHistoryUpdateTrigger(FrozenHistoryColumnsWithNames)];

    public static IEnumerable<string> SqliteUnfreezeNames() =>
        [$"DROP TRIGGER IF EXISTS {History}_no_update;", SqliteHistoryUpdateTrigger(FrozenHistoryColumns)];

    /// <summary>PostgreSQL: adds <c>changed_by_name</c> to the columns the guard function freezes.</summary>
    public static IEnumerable<string> PostgresFreezeNames() => [PostgresHistoryGuard(FrozenHistoryColumnsWithNames, replace: true)];

    public static IEnumerable<string> PostgresUnfreezeNames() => [PostgresHistoryGuard(FrozenHistoryColumns, replace: true)];

    public static IEnumerable<string> PostgresUp()
    {
        yield return PostgresHistoryGuard(FrozenHistoryColumns, replace: false);
        yield return $"CREATE TRIGGER {History}_immutable BEFORE UPDATE OR DELETE ON {History} FOR EACH ROW EXECUTE FUNCTION {History}_guard();";
        yield return $"CREATE TRIGGER {History}_no_truncate BEFORE TRUNCATE ON {History} FOR EACH STATEMENT EXECUTE FUNCTION {History}_guard();";
        yield return $"""
            CREATE FUNCTION {Versions}_guard() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              RAISE EXCEPTION '{VersionsMessage}' USING ERRCODE = 'restrict_violation';
            END $$;
            """;
        yield return $"CREATE TRIGGER {Versions}_immutable BEFORE UPDATE OR DELETE ON {Versions} FOR EACH ROW EXECUTE FUNCTION {Versions}_guard();";
        yield return $"CREATE TRIGGER {Versions}_no_truncate BEFORE TRUNCATE ON {Versions} FOR EACH STATEMENT EXECUTE FUNCTION {Versions}_guard();";
    }

    public static IEnumerable<string> PostgresDown() =>
    [
        $"DROP TRIGGER IF EXISTS {History}_immutable ON {History};",
        $"DROP TRIGGER IF EXISTS {History}_no_truncate ON {History};",
        $"DROP FUNCTION IF EXISTS {History}_guard();",
        $"DROP TRIGGER IF EXISTS {Versions}_immutable ON {Versions};",
        $"DROP TRIGGER IF EXISTS {Versions}_no_truncate ON {Versions};",
        $"DROP FUNCTION IF EXISTS {Versions}_guard();",
    ];

    public const string SqlServerHistoryTrigger = History + "_immutable";

    public const string SqlServerVersionsTrigger = Versions + "_immutable";

    /// <summary>SQL Server: an empty table whose foreign key makes TRUNCATE of the versions impossible (triggers do not fire on TRUNCATE; history is already referenced by tier_rollouts).</summary>
    public const string SqlServerVersionsTruncateGuard = Versions + "_no_truncate";

    /// <summary>
    /// SQL Server (error numbers 51000/51001, THROW ends the statement and rolls the transaction back):
    /// history is checked AFTER the statement (rows deleted, or updated other than applied_at moving
    /// once from null with its affected count, are refused as a whole); versions refuse every UPDATE
    /// and DELETE INSTEAD OF running them. The frozen history columns are those of the current schema
    /// (names included), as SQL Server's migrations start from it.
    /// </summary>
    public static IEnumerable<string> SqlServerUp() => SqlServerTriggers().Select(Exec).Append(SqlServerTruncateGuard);

    /// <summary>
    /// The CREATE TRIGGER statements. CREATE TRIGGER must start a batch, and the idempotent script
    /// puts every migration step inside IF … BEGIN … END, so the migration runs them through EXEC.
    /// </summary>
    public static IEnumerable<string> SqlServerTriggers()
    {
        var inserted = string.Join(", ", FrozenHistoryColumnsWithNames.Select(c => "i." + c));
        var deleted = string.Join(", ", FrozenHistoryColumnsWithNames.Select(c => "d." + c));
        yield return $"""
            CREATE TRIGGER {SqlServerHistoryTrigger} ON {History}
            AFTER UPDATE, DELETE
            AS
            BEGIN
              SET NOCOUNT ON;
              IF NOT EXISTS (SELECT 1 FROM deleted)
                RETURN;
              IF NOT EXISTS (SELECT 1 FROM inserted)
              BEGIN
                THROW 51000, N'{HistoryDeleteMessage}', 1;
              END;
              IF EXISTS (
                SELECT 1
                FROM deleted AS d
                LEFT JOIN inserted AS i ON i.id = d.id
                WHERE i.id IS NULL
                   OR d.applied_at IS NOT NULL
                   OR i.applied_at IS NULL
                   OR NOT EXISTS (SELECT {inserted} INTERSECT SELECT {deleted}))
              BEGIN
                THROW 51000, N'{HistoryUpdateMessage}', 1;
              END;
            END;
            """;
        yield return $"""
            CREATE TRIGGER {SqlServerVersionsTrigger} ON {Versions}
            INSTEAD OF UPDATE, DELETE
            AS
            BEGIN
              SET NOCOUNT ON;
              IF EXISTS (SELECT 1 FROM deleted)
              BEGIN
                THROW 51001, N'{VersionsMessage}', 1;
              END;
            END;
            """;
    }

    private static readonly string SqlServerTruncateGuard = $"""
        CREATE TABLE {SqlServerVersionsTruncateGuard} (
          version_id uniqueidentifier NULL
            CONSTRAINT FK_{SqlServerVersionsTruncateGuard}_version FOREIGN KEY REFERENCES {Versions} (id));
        """;

    private static string Exec(string sql) => $"EXEC(N'{sql.Replace("'", "''", StringComparison.Ordinal)}');";

    public static IEnumerable<string> SqlServerDown() =>
    [
        $"DROP TABLE IF EXISTS {SqlServerVersionsTruncateGuard};",
        $"DROP TRIGGER IF EXISTS {SqlServerVersionsTrigger};",
        $"DROP TRIGGER IF EXISTS {SqlServerHistoryTrigger};",
    ];

    private static string SqliteHistoryUpdateTrigger(IReadOnlyList<string> frozen)
    {
        var unchanged = string.Join(" AND ", frozen.Select(c => $"NEW.{c} IS OLD.{c}"));
        return $"""
            CREATE TRIGGER {History}_no_update BEFORE UPDATE ON {History}
            WHEN NOT (OLD.applied_at IS NULL AND NEW.applied_at IS NOT NULL AND {unchanged})
            BEGIN SELECT RAISE(ABORT, '{HistoryUpdateMessage}'); END;
            """;
    }

    private static string PostgresHistoryGuard(IReadOnlyList<string> frozen, bool replace)
    {
        var columns = string.Join(", ", frozen);
        var newRow = string.Join(", ", frozen.Select(c => "NEW." + c));
        var oldRow = string.Join(", ", frozen.Select(c => "OLD." + c));
        return $"""
            CREATE {(replace ? "OR REPLACE " : string.Empty)}FUNCTION {History}_guard() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              IF TG_OP = 'UPDATE'
                 AND OLD.applied_at IS NULL AND NEW.applied_at IS NOT NULL
                 AND ROW({newRow}) IS NOT DISTINCT FROM ROW({oldRow}) THEN
                RETURN NEW;
              END IF;
              IF TG_OP = 'UPDATE' THEN
                RAISE EXCEPTION '{HistoryUpdateMessage}' USING ERRCODE = 'restrict_violation';
              END IF;
              RAISE EXCEPTION '{HistoryDeleteMessage}' USING ERRCODE = 'restrict_violation';
            END $$;
            -- frozen columns: {columns}
            """;
    }
}
