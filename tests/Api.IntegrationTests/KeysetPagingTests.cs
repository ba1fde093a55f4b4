using System.Collections.Concurrent;
using System.Data.Common;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Rephlo.Tiers.Api.IntegrationTests.Infrastructure;
using Rephlo.Tiers.Domain.Credits;
using Rephlo.Tiers.Domain.TierConfigs;
using Rephlo.Tiers.Infrastructure.Persistence;

namespace Rephlo.Tiers.Api.IntegrationTests;

/// <summary>
/// Keyset cursors: a page continues exactly after its cursor's row whatever is inserted in
/// between; every contract order pages through every row once; earlier offset cursors and cursors
/// of another order are INVALID_CURSOR; totalCount is counted only when selected.
/// </summary>
public abstract class KeysetPagingTests(TestDatabase database) : ApiTestBase(database)
{
    protected override ApiFactory CreateFactory(TestDatabase db) => new SqlLoggingApiFactory(db);

    private SqlLoggingApiFactory Logged => (SqlLoggingApiFactory)Factory;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();

        // Seven changes of pro a minute apart, then two in the same instant (a tie on changedAt).
        for (var i = 1; i <= 9; i++)
        {
            if (i <= 8)
            {
                Factory.Clock.Advance(TimeSpan.FromMinutes(1));
            }

            var response = await Admin.PostGraphQLAsync(
                $$"""mutation { m: updateTierCredits(input: {tierName: "pro", newCredits: {{1500 + (i * 100)}}, reason: "Keyset step {{i}}", applyToExistingUsers: {{(i % 3 == 0 ? "true" : "false")}}{{(i == 3 ? ", scheduledRolloutAt: \"2027-06-01T00:00:00Z\"" : string.Empty)}}}) { errors { __typename } } }""");
            Assert.Null(response.Data["m"]!["errors"]);
        }
    }

    [Fact]
    public async Task The_next_page_continues_exactly_when_rows_are_inserted_between_requests()
    {
        var page1 = await HistoryAsync("first: 4");
        var cursorRow = page1.Ids[^1];

        // Newer rows (before page 1), older rows (after everything), and rows in the cursor row's own
        // instant on both sides of it (a higher version sorts before it, a lower one after it).
        Factory.Clock.Advance(TimeSpan.FromMinutes(1));
        await Admin.PostGraphQLAsync("""mutation { updateTierCredits(input: {tierName: "pro", newCredits: 3000, reason: "Newer between pages"}) { errors { __typename } } }""");
        var cursorEntry = await Factory.WithDbAsync(db => db.TierConfigHistory.AsNoTracking().SingleAsync(h => h.Id == cursorRow));
        await CopyHistoryAsync(cursorRow, Guid.NewGuid(), cursorEntry.ConfigVersion + 100, cursorEntry.ChangedAt.AddDays(-30));
        await CopyHistoryAsync(cursorRow, Guid.NewGuid(), cursorEntry.ConfigVersion + 200, cursorEntry.ChangedAt);
        await CopyHistoryAsync(cursorRow, Guid.NewGuid(), cursorEntry.ConfigVersion - 100, cursorEntry.ChangedAt);

        var all = await HistoryAsync("first: 100");
        var expected = all.Ids.SkipWhile(id => id != cursorRow).Skip(1).ToList();
        var rest = new List<Guid>();
        var after = page1.EndCursor;
        while (after is not null)
        {
            var page = await HistoryAsync($"first: 3, after: \"{after}\"");
            rest.AddRange(page.Ids);
            after = page.HasNext ? page.EndCursor : null;
        }

        Assert.Equal(expected, rest);
        Assert.Empty(rest.Intersect(page1.Ids));
        Assert.Equal(9 + 4, all.Ids.Count);
        Assert.Equal(9 - 4 + 2, rest.Count); // the older copy and the same-instant lower version; not the newer ones
    }

    [Fact]
    public async Task Last_and_before_continue_exactly_when_rows_are_inserted()
    {
        var tail = await HistoryAsync("last: 3");
        Factory.Clock.Advance(TimeSpan.FromMinutes(1));
        await Admin.PostGraphQLAsync("""mutation { updateTierCredits(input: {tierName: "pro", newCredits: 3000, reason: "Newer between pages"}) { errors { __typename } } }""");
        var oldest = await Factory.WithDbAsync(db => db.TierConfigHistory.AsNoTracking().OrderBy(h => h.ChangedAt).FirstAsync());
        await CopyHistoryAsync(oldest.Id, Guid.NewGuid(), oldest.ConfigVersion + 300, oldest.ChangedAt.AddDays(-1));

        var previous = await HistoryAsync($"last: 3, before: \"{tail.StartCursor}\"");

        var all = await HistoryAsync("first: 100");
        var index = all.Ids.IndexOf(tail.Ids[0]);
        Assert.Equal(all.Ids.Skip(index - 3).Take(3), previous.Ids);
        Assert.True(previous.HasPrevious);
        Assert.True(previous.HasNext);
    }

    [Theory]
    [InlineData("tierHistory", "changedAt: ASC")]
    [InlineData("tierHistory", "changedAt: DESC")]
    [InlineData("tierHistory", "tierName: ASC")]
    [InlineData("tierHistory", "newCredits: DESC")]
    [InlineData("tierHistory", "affectedUsersCount: ASC }, { configVersion: DESC")]
    [InlineData("tierRollouts", "scheduledFor: ASC")]
    [InlineData("tierRollouts", "scheduledFor: DESC")]
    [InlineData("tierRollouts", "tierName: DESC }, { createdAt: ASC")]
    [InlineData("subscribers", "email: ASC")]
    [InlineData("subscribers", "email: DESC")]
    [InlineData("subscribers", "monthlyCreditAllocation: DESC }, { currentPeriodEnd: ASC")]
    public async Task Every_order_pages_through_every_row_once_in_the_same_order(string connection, string order)
    {
        // Subscribers without an email make a nullable sort key with nulls in it.
        for (var i = 0; i < 3; i++)
        {
            var r = await Admin.PostGraphQLAsync($$"""mutation { createSubscription(input: {userId: "5b8f3c1e-7777-4a2b-9c3d-00000000000{{i}}", tierName: "pro_plus"}) { errors { __typename } } }""");
            Assert.Null(r.Data["createSubscription"]!["errors"]);
        }

        var key = connection == "subscribers" ? "subscriptionId" : "id";
        async Task<(List<string> Ids, string? End, bool Next)> PageAsync(string args)
        {
            var response = await Admin.PostGraphQLAsync($"{{ c: {connection}({args}, order: [{{ {order} }}]) {{ pageInfo {{ hasNextPage endCursor }} nodes {{ {key} }} }} }}");
            Assert.True(response.Errors is null, response.Raw);
            var page = response.Data["c"]!;
            return (page["nodes"]!.AsArray().Select(n => n![key]!.GetValue<string>()).ToList(),
                page["pageInfo"]!["endCursor"]?.GetValue<string>(), page["pageInfo"]!["hasNextPage"]!.GetValue<bool>());
        }

        var all = await PageAsync("first: 100");
        var walked = new List<string>();
        var (ids, end, next) = await PageAsync("first: 2");
        walked.AddRange(ids);
        while (next)
        {
            (ids, end, next) = await PageAsync($"first: 2, after: \"{end}\"");
            walked.AddRange(ids);
        }

        Assert.True(all.Ids.Count >= 3, $"{connection} has {all.Ids.Count} rows");
        Assert.Equal(all.Ids, walked);
    }

    [Fact]
    public async Task Nulls_sort_as_the_smallest_value_on_every_provider()
    {
        await Admin.PostGraphQLAsync("""mutation { createSubscription(input: {userId: "5b8f3c1e-7777-4a2b-9c3d-000000000009", tierName: "pro_plus"}) { errors { __typename } } }""");

        var ascending = await Admin.PostGraphQLAsync("{ subscribers(first: 100, order: [{ email: ASC }]) { nodes { email } } }");
        var descending = await Admin.PostGraphQLAsync("{ subscribers(first: 100, order: [{ email: DESC }]) { nodes { email } } }");

        Assert.Null(ascending.Data["subscribers"]!["nodes"]![0]!["email"]);
        Assert.Null(descending.Data["subscribers"]!["nodes"]!.AsArray()[^1]!["email"]);
    }

    [Fact]
    public async Task Grants_page_newest_first_with_keyset_cursors()
    {
        var grant = await Factory.WithDbAsync(db => db.CreditGrants.AsNoTracking().OrderBy(g => g.CreatedAt).FirstAsync());
        await CopyRowAsync<CreditGrant>(grant.Id, Guid.NewGuid(), new() { ["created_at"] = Instant(grant.CreatedAt.AddDays(1)) });
        await CopyRowAsync<CreditGrant>(grant.Id, Guid.NewGuid(), new());
        var query = $$"""{ userCredits(userId: "{{grant.UserId}}") { grants(first: 1%AFTER%) { pageInfo { hasNextPage endCursor } nodes { id createdAt } } } }""";

        var walked = new List<string>();
        string? after = null;
        do
        {
            var response = await Admin.PostGraphQLAsync(query.Replace("%AFTER%", after is null ? string.Empty : $", after: \"{after}\""));
            var page = response.Data["userCredits"]!["grants"]!;
            walked.AddRange(page["nodes"]!.AsArray().Select(n => n!["createdAt"]!.GetValue<string>()));
            after = page["pageInfo"]!["hasNextPage"]!.GetValue<bool>() ? page["pageInfo"]!["endCursor"]!.GetValue<string>() : null;
        }
        while (after is not null);

        Assert.Equal(3, walked.Count);
        Assert.Equal(walked.OrderByDescending(t => DateTimeOffset.Parse(t, System.Globalization.CultureInfo.InvariantCulture)), walked);
    }

    [Fact]
    public async Task Offset_cursors_and_cursors_of_another_order_are_invalid()
    {
        var offsetCursor = Convert.ToBase64String(Encoding.UTF8.GetBytes("3"));
        var byTier = await HistoryAsync("first: 2, order: [{ tierName: ASC }]");

        var offset = await Admin.PostGraphQLAsync($"{{ tierHistory(after: \"{offsetCursor}\") {{ nodes {{ id }} }} }}");
        var otherOrder = await Admin.PostGraphQLAsync($"{{ tierHistory(after: \"{byTier.EndCursor}\") {{ nodes {{ id }} }} }}");
        var otherConnection = await Admin.PostGraphQLAsync($"{{ tierRollouts(after: \"{byTier.EndCursor}\") {{ nodes {{ id }} }} }}");

        Assert.Equal("INVALID_CURSOR", offset.FirstErrorCode);
        Assert.Equal("INVALID_CURSOR", otherOrder.FirstErrorCode);
        Assert.Equal("INVALID_CURSOR", otherConnection.FirstErrorCode);
    }

    [Fact]
    public async Task Total_count_is_counted_only_when_selected()
    {
        Logged.Sql.Clear();
        var without = await Admin.PostGraphQLAsync("{ tierHistory(first: 2, where: { tierName: { eq: \"pro\" } }) { nodes { id } } }");
        var countsWithout = Logged.Sql.Count(IsCount);
        Logged.Sql.Clear();
        var with = await Admin.PostGraphQLAsync("{ tierHistory(first: 2, where: { tierName: { eq: \"pro\" } }) { ...c nodes { id } } } fragment c on TierConfigHistoryConnection { totalCount }");
        var countsWith = Logged.Sql.Count(IsCount);

        Assert.Null(without.Errors);
        Assert.Null(with.Errors);
        Assert.Equal(0, countsWithout);
        Assert.Equal(1, countsWith);
        Assert.Equal(9, with.Data["tierHistory"]!["totalCount"]!.GetValue<int>());

        static bool IsCount(string sql) => sql.Contains("COUNT(", StringComparison.OrdinalIgnoreCase);
    }

    private async Task<HistoryPage> HistoryAsync(string args)
    {
        var response = await Admin.PostGraphQLAsync($"{{ page: tierHistory({args}) {{ pageInfo {{ hasNextPage hasPreviousPage startCursor endCursor }} nodes {{ id }} }} }}");
        Assert.True(response.Errors is null, response.Raw);
        var page = response.Data["page"]!;
        var info = page["pageInfo"]!;
        return new HistoryPage(
            page["nodes"]!.AsArray().Select(n => Guid.Parse(n!["id"]!.GetValue<string>())).ToList(),
            info["startCursor"]?.GetValue<string>(),
            info["endCursor"]?.GetValue<string>(),
            info["hasNextPage"]!.GetValue<bool>(),
            info["hasPreviousPage"]!.GetValue<bool>());
    }

    /// <summary>Inserts a copy of a history row (history rows can be inserted, never updated) with another version and instant.</summary>
    private Task CopyHistoryAsync(Guid source, Guid id, int version, DateTimeOffset changedAt) =>
        CopyRowAsync<TierConfigHistory>(source, id, new() { ["config_version"] = version, ["changed_at"] = Instant(changedAt) });

    private Task CopyRowAsync<TEntity>(Guid source, Guid id, Dictionary<string, object> overrides) =>
        Factory.WithDbAsync(async db =>
        {
            var entity = db.Model.FindEntityType(typeof(TEntity))!;
            var table = entity.GetTableName();
            var columns = entity.GetProperties().Select(p => p.GetColumnName()).ToList();
            var args = new List<object> { Key(source), Key(id) };
            var values = columns.Select(c =>
            {
                if (c == "id")
                {
                    return "{1}";
                }

                if (overrides.TryGetValue(c, out var value))
                {
                    args.Add(value);
                    return $"{{{args.Count - 1}}}";
                }

                return c;
            }).ToList();
            var sql = $"INSERT INTO {table} ({string.Join(", ", columns)}) SELECT {string.Join(", ", values)} FROM {table} WHERE id = {{0}}";
            return await db.Database.ExecuteSqlRawAsync(sql, args);
        });

    private object Key(Guid id) => Factory.Database == TestDatabase.Sqlite ? id.ToString().ToUpperInvariant() : id;

    private object Instant(DateTimeOffset instant) => Factory.Database == TestDatabase.Sqlite ? instant.UtcTicks : instant.ToUniversalTime();

    private sealed record HistoryPage(List<Guid> Ids, string? StartCursor, string? EndCursor, bool HasNext, bool HasPrevious);
}

/// <summary>An API host without the rollout runner that records every SQL command it sends.</summary>
public sealed class SqlLoggingApiFactory(TestDatabase database) : ApiFactory(database)
{
    public SqlLog Sql { get; } = new();

    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?> { ["Rollouts:Enabled"] = "false" };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services =>
        {
            services.ConfigureDbContext<SqliteTiersDbContext>(o => o.AddInterceptors(Sql));
            services.ConfigureDbContext<PostgresTiersDbContext>(o => o.AddInterceptors(Sql));
        });
    }
}

public sealed class SqlLog : DbCommandInterceptor
{
    private readonly ConcurrentQueue<string> _commands = new();

    public void Clear() => _commands.Clear();

    public int Count(Func<string, bool> predicate) => _commands.Count(predicate);

    public int Total => _commands.Count;

    public IReadOnlyList<string> Commands => _commands.ToArray();

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        _commands.Enqueue(command.CommandText);
        return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        _commands.Enqueue(command.CommandText);
        return base.ScalarExecutingAsync(command, eventData, result, cancellationToken);
    }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        _commands.Enqueue(command.CommandText);
        return base.ReaderExecuting(command, eventData, result);
    }
}

public sealed class SqliteKeysetPagingTests() : KeysetPagingTests(TestDatabase.Sqlite);

public sealed class PostgresKeysetPagingTests() : KeysetPagingTests(TestDatabase.Postgres);
