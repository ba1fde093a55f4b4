using Microsoft.Data.SqlClient;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Rephlo.Tiers.Domain.TierConfigs;

namespace Rephlo.Tiers.Infrastructure.Persistence;

/// <summary>
/// SQL Server: decimal(12,2) money, datetimeoffset instants, features as nvarchar(max) checked with
/// ISJSON, and the tier row read WITH (UPDLOCK, HOLDLOCK) as the writers' lock (ADR 0002).
/// </summary>
public sealed class SqlServerTiersDbContext(DbContextOptions<SqlServerTiersDbContext> options) : TiersDbContext(options)
{
    /// <summary>
    /// SQL Server 2022. OPENJSON (a collection as ONE JSON parameter) needs level 130 or later; 170
    /// would let EF use the json type of SQL Server 2025, which we do not require.
    /// </summary>
    public const int CompatibilityLevel = 160;

    /// <summary>The writers' lock: held until the transaction ends; HOLDLOCK also covers a tier that does not exist yet.</summary>
    public const string LockTierRowSql = "SELECT 1 FROM tier_configs WITH (UPDLOCK, HOLDLOCK) WHERE tier_name = @tier_name";

    /// <summary>One rollout's row, until the transaction ends.</summary>
    public const string LockRolloutRowSql = "SELECT 1 FROM tier_rollouts WITH (UPDLOCK, ROWLOCK) WHERE id = @id";

    /// <summary>A tier's pending and running rollouts, until the transaction ends.</summary>
    public const string LockOpenRolloutRowsSql =
        "SELECT 1 FROM tier_rollouts WITH (UPDLOCK, ROWLOCK) WHERE tier_config_id = @tier_config_id AND status IN (N'Pending', N'Running')";

    /// <summary>The ISJSON check constraints on the features columns.</summary>
    public const string TierFeaturesCheck = "CK_tier_configs_features_json_is_json";

    public const string VersionFeaturesCheck = "CK_tier_config_versions_features_json_is_json";

    /// <summary>
    /// The provider settings every SQL Server context of this app uses (the API and <c>dotnet ef</c>):
    /// a collection (an <c>in</c> filter, a data loader's keys) is one JSON parameter read with
    /// OPENJSON — never one parameter per value, so SQL Server's 2,100-parameter limit is not reached
    /// however long the list (the filter caps bound it anyway).
    /// </summary>
    public static void ConfigureProvider(SqlServerDbContextOptionsBuilder sql) => sql
        .UseCompatibilityLevel(CompatibilityLevel)
        .UseParameterizedCollectionMode(ParameterTranslationMode.Parameter);

    protected override async Task LockTierRowAsync(string tierName, CancellationToken cancellationToken) =>
        await Database.ExecuteSqlRawAsync(LockTierRowSql, [new SqlParameter("@tier_name", tierName)], cancellationToken);

    protected override async Task LockRolloutRowsAsync(Guid? rolloutId, Guid? tierConfigId, CancellationToken cancellationToken)
    {
        // READ COMMITTED: a row a claim or batch is changing is waited for, then re-read.
        if (rolloutId is { } id)
        {
            await Database.ExecuteSqlRawAsync(LockRolloutRowSql, [new SqlParameter("@id", id)], cancellationToken);
        }
        else if (tierConfigId is { } tier)
        {
            await Database.ExecuteSqlRawAsync(LockOpenRolloutRowsSql, [new SqlParameter("@tier_config_id", tier)], cancellationToken);
        }
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Instants are datetimeoffset, the provider's default for DateTimeOffset.
        configurationBuilder.Properties<decimal>().HavePrecision(12, 2);
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);

        // Features are nvarchar(max) holding JSON; the database refuses anything that is not.
        modelBuilder.Entity<TierConfig>().ToTable("tier_configs", t => t.HasCheckConstraint(TierFeaturesCheck, "ISJSON(features_json) = 1"));
        modelBuilder.Entity<TierConfigVersion>().ToTable("tier_config_versions", t =>
        {
            t.HasCheckConstraint(VersionFeaturesCheck, "ISJSON(features_json) = 1");

            // The immutability triggers (ImmutabilitySql): EF must not use OUTPUT without INTO on these tables.
            t.HasTrigger(ImmutabilitySql.SqlServerVersionsTrigger);
        });
        modelBuilder.Entity<TierConfigHistory>().ToTable("tier_config_history", t => t.HasTrigger(ImmutabilitySql.SqlServerHistoryTrigger));
    }
}
