using System.Data;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Rephlo.Tiers.Domain.Credits;
using Rephlo.Tiers.Domain.Rollouts;
using Rephlo.Tiers.Domain.Subscriptions;

namespace Rephlo.Tiers.Infrastructure.Persistence;

/// <summary>One batch of a rollout: the eligible subscriptions of a tier in the key range (After, Through].</summary>
public sealed record RolloutBatch(Guid RolloutId, Guid TierConfigId, Guid? After, Guid Through, int Target, string Reason, DateTimeOffset Now);

/// <summary>What a batch did: eligible subscriptions in its range, and how many of them it upgraded.</summary>
public readonly record struct RolloutBatchResult(int Eligible, int Upgraded);

/// <summary>
/// The rollout engine's SQL for one provider: locks, keyset batches and the set-based batch writes.
/// The processor only orchestrates; a new provider (SQL Server) adds its own implementation here.
/// Every statement runs inside the caller's transaction.
/// </summary>
public interface IRolloutSqlDialect
{
    /// <summary>
    /// Serialises rollout writes per tier until the transaction ends (PostgreSQL: a transaction-level
    /// advisory lock keyed by the tier; SQLite: the BEGIN IMMEDIATE write lock already does).
    /// </summary>
    Task LockTierAsync(Guid tierConfigId, CancellationToken cancellationToken);

    /// <summary>Locks the rollout's row until the transaction ends (serialises with cancellations and claims).</summary>
    Task LockRolloutAsync(Guid rolloutId, CancellationToken cancellationToken);

    /// <summary>
    /// The last key of the next batch: the BatchSize-th subscription key of the tier after
    /// <paramref name="after"/>, capped at <paramref name="through"/>; null when none is left.
    /// An index range read of at most BatchSize keys, whatever the size of the tier.
    /// </summary>
    Task<Guid?> NextBatchThroughAsync(Guid tierConfigId, Guid? after, Guid? through, int batchSize, CancellationToken cancellationToken);

    /// <summary>
    /// Raises every eligible subscription of the range that is below the target to the target,
    /// grants exactly the difference (one TierUpgrade grant per subscription and rollout) and adds
    /// it to the user's balance (creating the balance row when missing). Refuses (throws) if the
    /// grants, balances and allocations written disagree.
    /// </summary>
    Task<RolloutBatchResult> ApplyBatchAsync(RolloutBatch batch, CancellationToken cancellationToken);

    /// <summary>SQL of a new grant id from a time-prefix parameter (see <see cref="RolloutSqlDialect.TimePrefix"/>).</summary>
    string NewIdSql(string prefixParameter);

    /// <summary>A key as the provider stores it.</summary>
    object Key(Guid id);

    /// <summary>An instant as the provider stores it.</summary>
    object Instant(DateTimeOffset value);
}

/// <summary>What both providers share: parameters, stored values and command execution.</summary>
public abstract class RolloutSqlDialect(TiersDbContext db) : IRolloutSqlDialect
{
    protected TiersDbContext Db { get; } = db;

    /// <summary>The stored value of the eligible subscription status (the rule's single definition: <see cref="RolloutEligibility"/>).</summary>
    protected object EligibleStatus => Stored<Subscription>(nameof(Subscription.Status), RolloutEligibility.EligibleStatus);

    /// <summary>The stored value of the grant source a rollout writes.</summary>
    protected object TierUpgradeSource => Stored<CreditGrant>(nameof(CreditGrant.Source), CreditGrantSource.TierUpgrade);

    public abstract Task LockTierAsync(Guid tierConfigId, CancellationToken cancellationToken);

    public abstract Task LockRolloutAsync(Guid rolloutId, CancellationToken cancellationToken);

    public abstract Task<Guid?> NextBatchThroughAsync(Guid tierConfigId, Guid? after, Guid? through, int batchSize, CancellationToken cancellationToken);

    public abstract Task<RolloutBatchResult> ApplyBatchAsync(RolloutBatch batch, CancellationToken cancellationToken);

    public abstract string NewIdSql(string prefixParameter);

    public abstract object Key(Guid id);

    public abstract object Instant(DateTimeOffset value);

    /// <summary>The id prefix for an instant: "XXXXXXXX-XXXX" (upper-case hex of the Unix milliseconds, as in UUIDv7).</summary>
    public static string TimePrefix(DateTimeOffset now)
    {
        var ms = now.ToUnixTimeMilliseconds();
        return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{ms >> 16:X8}-{ms & 0xFFFF:X4}");
    }

    /// <summary>
    /// The value EF Core stores for a property (its value converter, e.g. an enum as its name):
    /// the SQL writes status values from the model's one mapping, never as literals.
    /// </summary>
    protected object Stored<TEntity>(string property, object value)
    {
        var mapping = Db.Model.FindEntityType(typeof(TEntity))?.FindProperty(property)?.GetTypeMapping()
            ?? throw new InvalidOperationException($"{typeof(TEntity).Name}.{property} is not mapped.");
        return mapping.Converter?.ConvertToProvider(value) ?? value;
    }

    protected static Guid? ReadKey(object? value) => value switch
    {
        null or DBNull => null,
        Guid g => g,
        string s => Guid.Parse(s),
        _ => throw new InvalidOperationException($"Unexpected key type {value.GetType()}."),
    };

    protected async Task<DbCommand> CommandAsync(string sql, (string Name, object? Value)[] parameters, CancellationToken cancellationToken)
    {
        var connection = Db.Database.GetDbConnection();
        if (connection.State != ConnectionState.Open)
        {
            await Db.Database.OpenConnectionAsync(cancellationToken);
        }

        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = Db.Database.CurrentTransaction?.GetDbTransaction();
        if (Db.Database.GetCommandTimeout() is { } timeout)
        {
            command.CommandTimeout = timeout;
        }

        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@" + name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }

        return command;
    }

    protected async Task<int> ExecuteAsync(string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = await CommandAsync(sql, parameters, cancellationToken);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    protected async Task<object?> ScalarAsync(string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = await CommandAsync(sql, parameters, cancellationToken);
        return await command.ExecuteScalarAsync(cancellationToken);
    }

    protected async Task<long[]> RowAsync(string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = await CommandAsync(sql, parameters, cancellationToken);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            throw new InvalidOperationException("The statement returned no row.");
        }

        var values = new long[reader.FieldCount];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = Convert.ToInt64(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture);
        }

        return values;
    }

    protected static InvalidOperationException Inconsistent(RolloutBatch batch, long grants, long balances, long allocations) =>
        new($"Rollout {batch.RolloutId}: batch through {batch.Through} wrote {grants} grants, {balances} balances and {allocations} allocations; rolled back.");
}
