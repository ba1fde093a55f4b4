using System.Text.Json;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Rephlo.Tiers.Application.TierConfigs;
using Rephlo.Tiers.Domain.Subscriptions;
using Rephlo.Tiers.Domain.TierConfigs;

namespace Rephlo.Tiers.Infrastructure.Persistence.Seeding;

public sealed class SeedOptions
{
    public const string Section = "Seed";

    /// <summary>Insert the catalogue's tiers that are missing (never overwrites existing tiers).</summary>
    public bool Catalogue { get; set; } = true;

    /// <summary>Create the demo accounts (two on Pro, one on Free) when missing.</summary>
    public bool DemoAccounts { get; set; } = true;

    /// <summary>Ensure this many synthetic active subscribers exist, spread over the active tiers.</summary>
    public int SyntheticSubscribers { get; set; }
}

/// <summary>
/// Migrates the database and seeds it. Idempotent: running it again adds only what is missing,
/// and never changes a tier an administrator may have edited (the catalogue alignment changes only
/// features no administrator ever changed, as an audited change).
/// </summary>
public sealed class DatabaseInitializer(
    TiersDbContext db,
    TimeProvider clock,
    IOptions<SeedOptions> options,
    TierChangeWriter writer,
    IValidator<UpdateTierFeaturesCommand> featuresValidator,
    ILogger<DatabaseInitializer> logger)
{
    private const int BatchSize = 2_000;

    /// <summary>
    /// Migrates and seeds under a database-wide lock (PostgreSQL: a session advisory lock; SQLite: an
    /// exclusive lock on a file beside the database), so instances starting together (or a
    /// <c>migrate</c> step racing a start) run one after the other; the later ones find nothing to do.
    /// </summary>
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        if (db.Database.IsNpgsql())
        {
            // The lock lives in the database: create it first (another instance may win that race).
            var creator = db.GetService<Microsoft.EntityFrameworkCore.Storage.IRelationalDatabaseCreator>();
            if (!await creator.ExistsAsync(cancellationToken))
            {
                try
                {
                    await creator.CreateAsync(cancellationToken);
                }
                catch (Npgsql.PostgresException ex) when (ex.SqlState is Npgsql.PostgresErrorCodes.DuplicateDatabase or Npgsql.PostgresErrorCodes.UniqueViolation)
                {
                    logger.LogInformation("Database created by another instance meanwhile");
                }
            }
        }

        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var guard = await InitializationLock.AcquireAsync(db, cancellationToken);
            if (db.Database.IsSqlite())
            {
                // WAL lets readers run while a writer holds the lock.
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
            }

            await db.Database.MigrateAsync(cancellationToken);
            await SeedAsync(cancellationToken);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private async Task SeedAsync(CancellationToken cancellationToken)
    {
        var seed = options.Value;
        if (seed.Catalogue)
        {
            await SeedCatalogueAsync(cancellationToken);
            await AlignCatalogueAsync(cancellationToken);
        }

        if (seed.DemoAccounts)
        {
            await SeedDemoAccountsAsync(cancellationToken);
        }

        if (seed.SyntheticSubscribers > 0)
        {
            await SeedSyntheticSubscribersAsync(seed.SyntheticSubscribers, cancellationToken);
        }
    }

    private async Task SeedCatalogueAsync(CancellationToken cancellationToken)
    {
        var existing = await db.TierConfigs.Select(t => t.TierName).ToListAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var added = 0;
        for (var rank = 0; rank < SeedCatalogue.Tiers.Count; rank++)
        {
            var seed = SeedCatalogue.Tiers[rank];
            if (existing.Contains(seed.TierName))
            {
                continue;
            }

            var tierId = SeedCatalogue.TierIdFor(seed.TierName);
            var (tier, version) = TierConfig.Create(
                tierId, seed.TierName, seed.DisplayName, rank, seed.MonthlyPriceUsd, seed.AnnualPriceUsd,
                seed.MonthlyCredits, seed.MaxRollover, seed.FeaturesJson, seed.IsActive, now,
                SeedCatalogue.DeterministicGuid($"version:{seed.TierName}:1"));
            db.TierConfigs.Add(tier);
            db.TierConfigVersions.Add(version);
            added++;
        }

        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
        if (added > 0)
        {
            logger.LogInformation("Seeded {Count} catalogue tiers", added);
        }
    }

    /// <summary>
    /// Brings tiers seeded with an earlier (abbreviated) catalogue to the catalogue's features: each
    /// catalogue tier whose features no administrator ever changed (no FEATURE_UPDATE and no
    /// ROLLBACK in its history) and that differ from the catalogue gets an ordinary audited
    /// FEATURE_UPDATE (a new version and history row, through the updateTierFeatures handler and
    /// its validator) by <see cref="SeedCatalogue.SystemUserId"/>. Nothing existing is rewritten;
    /// once run, the tier has a FEATURE_UPDATE, so running it again changes nothing. A tier changed
    /// concurrently (another instance aligning it, an administrator) is left to that change.
    /// </summary>
    private async Task AlignCatalogueAsync(CancellationToken cancellationToken)
    {
        var names = SeedCatalogue.Tiers.Select(t => t.TierName).ToList();
        var tiers = await db.TierConfigs.AsNoTracking().Where(t => names.Contains(t.TierName)).ToListAsync(cancellationToken);
        var changedByAdmin = await db.TierConfigHistory.AsNoTracking()
            .Where(h => h.ChangeType == TierChangeType.FeatureUpdate || h.ChangeType == TierChangeType.Rollback)
            .Select(h => h.TierConfigId)
            .Distinct()
            .ToListAsync(cancellationToken);
        foreach (var tier in tiers.OrderBy(t => t.Rank))
        {
            var seed = SeedCatalogue.Tiers.Single(s => s.TierName == tier.TierName);
            if (changedByAdmin.Contains(tier.Id) || TierFeatures.AreEquivalent(tier.FeaturesJson, seed.FeaturesJson))
            {
                continue;
            }

            using var features = JsonDocument.Parse(seed.FeaturesJson);
            var command = new UpdateTierFeaturesCommand(
                tier.TierName, features.RootElement, SeedCatalogue.AlignmentReason, tier.ConfigVersion,
                SeedCatalogue.SystemUserId, SeedCatalogue.SystemUserName);
            var validation = await featuresValidator.ValidateAsync(command, cancellationToken);
            if (!validation.IsValid)
            {
                throw new InvalidOperationException($"The catalogue's features of '{tier.TierName}' are invalid: {validation.Errors[0].ErrorMessage}");
            }

            var result = await new UpdateTierFeaturesHandler(writer).Handle(command, cancellationToken);
            db.ChangeTracker.Clear();
            if (result.IsSuccess)
            {
                logger.LogInformation(
                    "Aligned the features of tier {TierName} with the catalogue (version {Version})",
                    tier.TierName, result.Value.TierConfig.ConfigVersion);
            }
            else
            {
                logger.LogWarning(
                    "Features of tier {TierName} not aligned with the catalogue: {Error}",
                    tier.TierName, result.Errors[0].Message);
            }
        }
    }

    private async Task SeedDemoAccountsAsync(CancellationToken cancellationToken)
    {
        var tiers = await db.TierConfigs.AsNoTracking().ToDictionaryAsync(t => t.TierName, cancellationToken);
        var now = clock.GetUtcNow();
        foreach (var account in SeedCatalogue.DemoAccounts)
        {
            var userId = SeedCatalogue.UserIdFor(account.Email);
            if (!tiers.TryGetValue(account.TierName, out var tier) || await db.Subscriptions.AnyAsync(s => s.UserId == userId, cancellationToken))
            {
                continue;
            }

            // Credits and price come from the tier configuration, never from numbers written here.
            var started = Subscription.Start(
                SeedCatalogue.DeterministicGuid("subscription:" + account.Email),
                SeedCatalogue.DeterministicGuid("grant:" + account.Email),
                userId, account.Email, tier, BillingCycle.Monthly, now);
            if (!started.IsSuccess)
            {
                logger.LogWarning("Demo account {Email} not seeded: {Error}", account.Email, started.Errors[0].Message);
                continue;
            }

            db.Subscriptions.Add(started.Value.Subscription);
            db.CreditGrants.Add(started.Value.Grant);
            db.CreditBalances.Add(started.Value.Balance);
        }

        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
    }

    private async Task SeedSyntheticSubscribersAsync(int wanted, CancellationToken cancellationToken)
    {
        var tiers = await db.TierConfigs.AsNoTracking().Where(t => t.IsActive).OrderBy(t => t.Rank).ToListAsync(cancellationToken);
        if (tiers.Count == 0)
        {
            return;
        }

        var existing = await db.Subscriptions.CountAsync(s => s.Email != null && s.Email.StartsWith("synthetic-"), cancellationToken);
        if (existing >= wanted)
        {
            return;
        }

        var now = clock.GetUtcNow();
        for (var start = existing; start < wanted; start += BatchSize)
        {
            var end = Math.Min(wanted, start + BatchSize);
            for (var i = start; i < end; i++)
            {
                var email = SeedCatalogue.SyntheticEmail(i);
                var started = Subscription.Start(
                    SeedCatalogue.DeterministicGuid("subscription:" + email),
                    SeedCatalogue.DeterministicGuid("grant:" + email),
                    SeedCatalogue.UserIdFor(email), email, tiers[i % tiers.Count], BillingCycle.Monthly, now).Value;
                db.Subscriptions.Add(started.Subscription);
                db.CreditGrants.Add(started.Grant);
                db.CreditBalances.Add(started.Balance);
            }

            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
        }

        logger.LogInformation("Seeded {Count} synthetic subscribers ({Total} in all)", wanted - existing, wanted);
    }
}
