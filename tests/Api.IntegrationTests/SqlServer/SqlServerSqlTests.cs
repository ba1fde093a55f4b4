using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SqlServer.TransactSql.ScriptDom;
using Rephlo.Tiers.Application.Common.Mapping;
using Rephlo.Tiers.Application.Common.Querying;
using Rephlo.Tiers.Application.TierConfigs;
using Rephlo.Tiers.Domain.TierConfigs;
using Rephlo.Tiers.Infrastructure;
using Rephlo.Tiers.Infrastructure.Persistence;

namespace Rephlo.Tiers.Api.IntegrationTests.SqlServer;

/// <summary>
/// SQL Server without a server: every statement the provider sends that EF does not generate at run
/// time (the committed idempotent migration script, the triggers, the rollout dialect's and the
/// context's lock SQL) parses as T-SQL with zero errors, the committed script is what the migrations
/// generate now, and the EF model builds, scripts and has no pending changes — the latter for every
/// provider.
/// </summary>
public sealed class SqlServerSqlTests : IDisposable
{
    private const string ScriptPath = "build/sql/sqlserver/migrations.sql";

    private readonly SqlServerTiersDbContext _db = new SqlServerDesignTimeFactory().CreateDbContext([]);

    public void Dispose() => _db.Dispose();

    [Fact]
    public void The_committed_idempotent_script_is_what_the_migrations_generate()
    {
        var generated = _db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);
        var committed = File.ReadAllText(Path.Combine(RepositoryRoot(), ScriptPath));

        Assert.True(
            Normalize(generated) == Normalize(committed),
            $"{ScriptPath} is out of date: run build/migrations.sh --script-only and commit it.");
        Assert.All(_db.Database.GetMigrations(), id => Assert.Contains($"N'{id}'", committed, StringComparison.Ordinal));
    }

    [Fact]
    public void The_committed_idempotent_script_parses_and_creates_the_schema()
    {
        var script = TSql.Parse(File.ReadAllText(Path.Combine(RepositoryRoot(), ScriptPath)), ScriptPath);

        var tables = TSql.All<CreateTableStatement>(script).Select(t => t.SchemaObjectName.BaseIdentifier.Value).ToList();
        Assert.Superset(
            new HashSet<string> { "tier_configs", "tier_config_history", "tier_config_versions", "subscriptions", "credit_balances", "credit_grants", "tier_rollouts", ImmutabilitySql.SqlServerVersionsTruncateGuard },
            tables.ToHashSet());

        // The triggers are created through EXEC (CREATE TRIGGER must start a batch; the script wraps every step in IF … BEGIN … END).
        var executed = TSql.All<ExecuteStatement>(script).SelectMany(TSql.All<StringLiteral>).Select(s => s.Value).ToList();
        Assert.Contains(executed, sql => sql.Contains($"CREATE TRIGGER {ImmutabilitySql.SqlServerHistoryTrigger}", StringComparison.Ordinal));
        Assert.Contains(executed, sql => sql.Contains($"CREATE TRIGGER {ImmutabilitySql.SqlServerVersionsTrigger}", StringComparison.Ordinal));
        foreach (var sql in executed)
        {
            TSql.Parse(sql, "a statement the script runs through EXEC");
        }
    }

    [Fact]
    public void Trigger_sql_parses_and_throws_on_every_refused_change()
    {
        var triggers = ImmutabilitySql.SqlServerTriggers().Select(sql => TSql.Parse(sql, "trigger")).SelectMany(TSql.All<CreateTriggerStatement>).ToList();

        var history = Assert.Single(triggers, t => t.Name.BaseIdentifier.Value == ImmutabilitySql.SqlServerHistoryTrigger);
        Assert.Equal(TriggerType.After, history.TriggerType);
        Assert.Equal([TriggerActionType.Update, TriggerActionType.Delete], history.TriggerActions.Select(a => a.TriggerActionType));
        Assert.Equal(2, TSql.All<ThrowStatement>(history).Count); // delete; update other than applied_at once

        var versions = Assert.Single(triggers, t => t.Name.BaseIdentifier.Value == ImmutabilitySql.SqlServerVersionsTrigger);
        Assert.Equal(TriggerType.InsteadOf, versions.TriggerType);
        Assert.Equal([TriggerActionType.Update, TriggerActionType.Delete], versions.TriggerActions.Select(a => a.TriggerActionType));
        Assert.Single(TSql.All<ThrowStatement>(versions));

        foreach (var sql in ImmutabilitySql.SqlServerUp().Concat(ImmutabilitySql.SqlServerDown()))
        {
            TSql.Parse(sql, "immutability migration step");
        }
    }

    [Fact]
    public void Rollout_dialect_and_lock_sql_parse_with_the_expected_shape()
    {
        foreach (var (name, sql) in SqlServerRolloutSqlDialect.Statements)
        {
            TSql.Parse(sql, name);
        }

        foreach (var sql in new[] { SqlServerTiersDbContext.LockTierRowSql, SqlServerTiersDbContext.LockRolloutRowSql, SqlServerTiersDbContext.LockOpenRolloutRowsSql })
        {
            var select = TSql.Parse(sql, sql);
            var hints = TSql.All<TableHint>(select).Select(h => h.HintKind).ToList();
            Assert.Contains(TableHintKind.UpdLock, hints);
        }

        Assert.Contains(TableHintKind.HoldLock, TSql.All<TableHint>(TSql.Parse(SqlServerTiersDbContext.LockTierRowSql, "tier lock")).Select(h => h.HintKind));

        var lockTier = TSql.Parse(SqlServerRolloutSqlDialect.LockTierSql, "lock tier");
        var applock = Assert.Single(TSql.All<ExecutableProcedureReference>(lockTier));
        Assert.Equal("sp_getapplock", applock.ProcedureReference.ProcedureReference.Name.BaseIdentifier.Value);
        Assert.Contains(TSql.All<StringLiteral>(applock), s => s.Value == "Transaction");
        Assert.Single(TSql.All<ThrowStatement>(lockTier));

        var batch = TSql.Parse(SqlServerRolloutSqlDialect.ApplyBatchSql, "apply batch");
        var raise = Assert.Single(TSql.All<UpdateStatement>(batch), u => u.UpdateSpecification.OutputIntoClause is not null);
        Assert.Contains(TSql.All<ColumnReferenceExpression>(raise.UpdateSpecification.OutputIntoClause), c =>
            c.MultiPartIdentifier.Identifiers.Select(i => i.Value).SequenceEqual(["deleted", "monthly_credit_allocation"]));
        Assert.Equal(2, TSql.All<InsertStatement>(batch).Count); // grants, new balances
        Assert.Empty(TSql.All<MergeStatement>(batch));
    }

    [Fact]
    public void The_t_sql_parser_refuses_other_dialects()
    {
        // The parse checks above are only worth something if the parser rejects what SQL Server would.
        Assert.NotEmpty(TSql.Errors("INSERT INTO credit_balances (user_id, balance) VALUES (@u, 1) ON CONFLICT (user_id) DO UPDATE SET balance = 2"));
        Assert.NotEmpty(TSql.Errors("SELECT @id::uuid"));
        Assert.NotEmpty(TSql.Errors("SELECT id FROM subscriptions ORDER BY id LIMIT 10"));

        // CREATE TRIGGER must start a batch: inside the idempotent script's IF … BEGIN … END it is an
        // error (the reason the migration runs it through EXEC).
        Assert.NotEmpty(TSql.Errors("IF 1 = 1 BEGIN CREATE TRIGGER t ON x AFTER UPDATE AS SELECT 1; END;"));
        Assert.Empty(TSql.Errors("CREATE TRIGGER t ON x AFTER UPDATE AS SELECT 1;"));
    }

    [Fact]
    public void The_model_maps_money_instants_and_features_as_designed_and_scripts_cleanly()
    {
        var model = _db.GetService<IDesignTimeModel>().Model;
        var properties = model.GetEntityTypes().SelectMany(e => e.GetProperties()).ToList();
        Assert.All(properties.Where(p => p.ClrType == typeof(decimal)), p => Assert.Equal("decimal(12,2)", p.GetColumnType()));
        Assert.All(properties.Where(p => (Nullable.GetUnderlyingType(p.ClrType) ?? p.ClrType) == typeof(DateTimeOffset)), p => Assert.Equal("datetimeoffset", p.GetColumnType()));
        Assert.Contains(properties, p => p.ClrType == typeof(decimal));

        foreach (var (entity, check) in new[] { (typeof(TierConfig), SqlServerTiersDbContext.TierFeaturesCheck), (typeof(TierConfigVersion), SqlServerTiersDbContext.VersionFeaturesCheck) })
        {
            var type = model.FindEntityType(entity)!;
            Assert.Equal("nvarchar(max)", type.FindProperty("FeaturesJson")!.GetColumnType());
            Assert.Equal("ISJSON(features_json) = 1", Assert.Single(type.GetCheckConstraints(), c => c.Name == check).Sql);
        }

        var create = _db.Database.GenerateCreateScript();
        var script = TSql.Parse(create, "GenerateCreateScript");
        Assert.Equal(7, TSql.All<CreateTableStatement>(script).Count);
        Assert.Equal(2, TSql.All<CheckConstraintDefinition>(script).Count);
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    [InlineData("SqlServer")]
    public void Every_provider_has_migrations_for_the_whole_model(string provider)
    {
        using TiersDbContext db = provider switch
        {
            "Sqlite" => new SqliteDesignTimeFactory().CreateDbContext([]),
            "Postgres" => new PostgresDesignTimeFactory().CreateDbContext([]),
            _ => new SqlServerDesignTimeFactory().CreateDbContext([]),
        };
        Assert.NotEmpty(db.Database.GetMigrations());
        Assert.False(db.Database.HasPendingModelChanges(), $"{db.GetType().Name} has model changes without a migration: run build/migrations.sh <Name>.");
    }

    [Fact]
    public void A_collection_is_one_json_parameter_whatever_its_length()
    {
        // 5,000 keys: one parameter (OPENJSON), far from SQL Server's 2,100-parameter limit.
        var ids = Enumerable.Range(0, 5_000).Select(i => Guid.NewGuid()).ToList();
        using var command = _db.TierConfigVersions.Where(v => ids.Contains(v.TierConfigId)).CreateDbCommand();

        Assert.Single(command.Parameters);
        Assert.Contains("OPENJSON", command.CommandText, StringComparison.Ordinal);
        TSql.Parse(command.CommandText, "collection query");
    }

    [Fact]
    public void A_keyset_page_with_an_in_filter_is_a_range_from_the_cursor_in_t_sql()
    {
        // The GraphQL history connection: tierName in [1,000 names], newest first, the page after a cursor.
        var filter = new Filter();
        var names = new OperationFilter();
        names.Operations.Add(new KeyValuePair<string, object?>("in", Enumerable.Range(0, 1_000).Select(i => (object?)$"tier_{i}").ToList()));
        filter.Fields.Add(new FieldFilter("tierName", names));
        var keyset = GetTierHistoryHandler.Keyset(_db, new GetTierHistoryQuery(filter, null, new PageRequest()));
        var cursor = keyset.CursorFor([new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero), 7, Guid.NewGuid()]);

        using var command = keyset.PageQuery(new PageRequest(50, cursor), ReadModelMapping.Config.ProjectionOf<TierConfigHistory, TierConfigHistoryDto>()).CreateDbCommand();

        Assert.InRange(command.Parameters.Count, 1, 10);
        Assert.Contains("OPENJSON", command.CommandText, StringComparison.Ordinal);
        Assert.DoesNotContain("OFFSET", command.CommandText, StringComparison.OrdinalIgnoreCase);
        var page = TSql.Parse(command.CommandText, "keyset page");
        var top = TSql.All<TopRowFilter>(page);
        Assert.NotEmpty(top);
        Assert.Contains(TSql.All<BooleanComparisonExpression>(page), c => c.ComparisonType is BooleanComparisonType.LessThan or BooleanComparisonType.LessThanOrEqualTo);
    }

    [Fact]
    public void Database_Provider_SqlServer_selects_the_sql_server_context_and_dialect()
    {
        Assert.Equal(["ConnectionStrings:Tiers is required for the SqlServer provider."], new DatabaseOptions { Provider = DatabaseProvider.SqlServer }.Problems());
        var options = new DatabaseOptions { Provider = DatabaseProvider.SqlServer, ConnectionString = "Server=db.example,1433;Database=tiers;User Id=app;Password=secret;TrustServerCertificate=true" };
        Assert.Empty(options.Problems());
        Assert.Equal("SQL Server db.example,1433/tiers", options.Location);

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "SqlServer",
            ["ConnectionStrings:Tiers"] = options.ConnectionString,
            ["Rollouts:Enabled"] = "false",
        }).Build();
        using var services = new ServiceCollection().AddLogging().AddInfrastructure(configuration).BuildServiceProvider();
        using var scope = services.CreateScope();
        var db = Assert.IsType<SqlServerTiersDbContext>(scope.ServiceProvider.GetRequiredService<TiersDbContext>());
        Assert.IsType<SqlServerRolloutSqlDialect>(scope.ServiceProvider.GetRequiredService<IRolloutSqlDialect>());

        // The API's context gets the same provider settings as dotnet ef's: a collection is one OPENJSON parameter.
        var ids = Enumerable.Range(0, 3_000).Select(i => Guid.NewGuid()).ToList();
        using var command = db.TierConfigHistory.Where(h => ids.Contains(h.TierConfigId)).CreateDbCommand();
        Assert.Single(command.Parameters);
        Assert.Contains("OPENJSON", command.CommandText, StringComparison.Ordinal);
    }

    private static string Normalize(string sql) => sql.Replace("\r\n", "\n", StringComparison.Ordinal).TrimStart('\uFEFF').Trim();

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Rephlo.Tiers.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Rephlo.Tiers.sln not found above " + AppContext.BaseDirectory);
    }
}
