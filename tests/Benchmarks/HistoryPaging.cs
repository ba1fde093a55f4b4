using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using Rephlo.Tiers.Application;
using Rephlo.Tiers.Application.Common.Mapping;
using Rephlo.Tiers.Application.Common.Querying;
using Rephlo.Tiers.Application.TierConfigs;
using Rephlo.Tiers.Domain.TierConfigs;
using Rephlo.Tiers.Infrastructure;
using Rephlo.Tiers.Infrastructure.Persistence;
using Rephlo.Tiers.Infrastructure.Persistence.Seeding;

/// <summary>
/// P3: history paging at a million rows. Seeds N history rows with SQL (4 tiers × 4 change types,
/// one a minute), starts the API (Release build) on that database, and measures end to end over
/// HTTP the query "tierName = pro and changeType = CREDIT_INCREASE, newest first, 50 a page" at
/// pages 1, 200 and 1000, without and with totalCount; and, in the same run and interleaved, the
/// same keyset SQL (the command EF builds for that page) and the COUNT run in-process through
/// the same driver. Prints p50 (and p90) of each.
/// </summary>
internal static class HistoryPaging
{
    private const int PageSize = 50;
    private static readonly int[] Pages = [1, 200, 1000];

    public static async Task<int> RunAsync(string[] args)
    {
        string Get(string name, string fallback)
        {
            var i = Array.IndexOf(args, "--" + name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        }

        var api = Get("api", string.Empty);
        if (api.Length == 0)
        {
            Console.Error.WriteLine("usage: bench p3 --api src/Api/bin/Release/net10.0/Rephlo.Tiers.Api.dll [--providers sqlite,postgres] [--n 1000000] [--rounds 50]");
            return 2;
        }

        var n = int.Parse(Get("n", "1000000"), CultureInfo.InvariantCulture);
        var rounds = int.Parse(Get("rounds", "50"), CultureInfo.InvariantCulture);
        var rows = new List<string>();
        foreach (var provider in Get("providers", "sqlite,postgres").Split(','))
        {
            rows.AddRange(await RunProviderAsync(api, provider, n, rounds));
        }

        Console.WriteLine();
        Console.WriteLine($"P3 history paging: {n:N0} history rows, tierName + changeType filter (62,500 rows match at 1M), newest first, {PageSize} a page, {rounds} interleaved rounds; p50 (p90)");
        Console.WriteLine();
        Console.WriteLine("| provider | page | HTTP, no totalCount | HTTP, with totalCount | in-process keyset SQL | in-process COUNT | HTTP − SQL (p50) | targets (≤ 20 / ≤ 100 / ≤ 10 ms) | in-process EF page (diagnostic) | HTTP `{ __typename }` (diagnostic) |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|");
        rows.ForEach(Console.WriteLine);
        return 0;
    }

    private static async Task<IEnumerable<string>> RunProviderAsync(string apiDll, string provider, int n, int rounds)
    {
        const string Database = "rephlo_bench_p3";
        var sqlite = provider == "sqlite";
        var connectionString = sqlite
            ? $"Data Source={Path.Combine(Path.GetTempPath(), Database + ".db")};Default Timeout=600"
            : new NpgsqlConnectionStringBuilder(Environment.GetEnvironmentVariable("REPHLO_BENCH_POSTGRES") ?? throw new InvalidOperationException("REPHLO_BENCH_POSTGRES is not set (build/bench.sh sets it)."))
            { Database = Database, CommandTimeout = 600 }.ConnectionString;
        await DropAsync(sqlite, Database);
        await using var services = Services(sqlite, connectionString);

        Console.Error.WriteLine($"== P3 {provider}: seeding {n:N0} history rows");
        var watch = Stopwatch.StartNew();
        await SeedAsync(services, sqlite, n);
        Console.Error.WriteLine($"   seeded in {watch.Elapsed.TotalSeconds:F1} s");

        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TiersDbContext>();
        var filter = new Filter();
        filter.Fields.Add(new FieldFilter("tierName", Operations("eq", "pro")));
        filter.Fields.Add(new FieldFilter("changeType", Operations("eq", Rephlo.Tiers.Domain.TierConfigs.TierChangeType.CreditIncrease)));
        var keyset = GetTierHistoryHandler.Keyset(db, new GetTierHistoryQuery(filter, null, new PageRequest()));

        // The cursor before each measured page, found by walking the pages in-process.
        var cursors = new Dictionary<int, string?> { [1] = null };
        string? after = null;
        for (var page = 1; page < Pages.Max(); page++)
        {
            var walked = await keyset.PageQuery(new PageRequest(PageSize, after), h => h.Id).ToListAsync();
            after = keyset.CursorFor(walked[PageSize - 1].Keys);
            cursors[page + 1] = after;
        }

        var efPages = Pages.ToDictionary(p => p, p => keyset.PageQuery(new PageRequest(PageSize, cursors[p]), ReadModelMapping.Config.ProjectionOf<TierConfigHistory, TierConfigHistoryDto>()));
        var pageCommands = Pages.ToDictionary(p => p, p => keyset.PageQuery(new PageRequest(PageSize, cursors[p]), ReadModelMapping.Config.ProjectionOf<TierConfigHistory, TierConfigHistoryDto>()).CreateDbCommand());
        Console.Error.WriteLine($"   keyset SQL (page 1000):{Environment.NewLine}{pageCommands[1000].CommandText}");
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var count = connection.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM tier_config_history WHERE tier_name = @tier AND change_type = @type";
        AddParameter(count, "tier", "pro");
        AddParameter(count, "type", "CreditIncrease");
        Console.Error.WriteLine($"   matching rows: {await count.ExecuteScalarAsync()}");
        await ExplainAsync(pageCommands[1000], sqlite);

        var port = FreePort();
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(apiDll);
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add($"http://127.0.0.1:{port}");
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        info.Environment["Database__Provider"] = sqlite ? "Sqlite" : "Postgres";
        info.Environment["ConnectionStrings__Tiers"] = connectionString;
        info.Environment["RateLimiting__Enabled"] = "false";
        info.Environment["Rollouts__Enabled"] = "false";
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        using var apiProcess = Process.Start(info)!;
        apiProcess.OutputDataReceived += (_, _) => { };
        apiProcess.ErrorDataReceived += (_, _) => { };
        apiProcess.BeginOutputReadLine();
        apiProcess.BeginErrorReadLine();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            await WaitForHealthAsync(http);
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", DevToken(apiDll));

            var samples = new Dictionary<(int Page, string Kind), List<double>>();
            void Add(int page, string kind, double ms) => (samples.TryGetValue((page, kind), out var list) ? list : samples[(page, kind)] = []).Add(ms);

            // Same page over HTTP and in-process; first node must agree.
            foreach (var page in Pages)
            {
                var (_, firstId) = await HttpPageAsync(http, cursors[page], withCount: false);
                var firstSql = await ReadAsync(pageCommands[page]);
                if (!string.Equals(firstId, firstSql, StringComparison.OrdinalIgnoreCase))
                {
                    throw new InvalidOperationException($"Page {page}: HTTP starts at {firstId}, SQL at {firstSql}.");
                }
            }

            for (var round = -5; round < rounds; round++)
            {
                foreach (var page in Pages)
                {
                    var (http1, _) = await HttpPageAsync(http, cursors[page], withCount: false);
                    var (http2, _) = await HttpPageAsync(http, cursors[page], withCount: true);
                    var sql = Stopwatch.StartNew();
                    await ReadAsync(pageCommands[page]);
                    var sqlMs = sql.Elapsed.TotalMilliseconds;
                    var countWatch = Stopwatch.StartNew();
                    await count.ExecuteScalarAsync();
                    var countMs = countWatch.Elapsed.TotalMilliseconds;
                    var efWatch = Stopwatch.StartNew();
                    await efPages[page].ToListAsync();
                    var efMs = efWatch.Elapsed.TotalMilliseconds;
                    var trivial = await HttpTrivialAsync(http);
                    if (round >= 0)
                    {
                        Add(page, "ef", efMs);
                        Add(page, "trivial", trivial);
                        Add(page, "http", http1);
                        Add(page, "http+count", http2);
                        Add(page, "sql", sqlMs);
                        Add(page, "count", countMs);
                    }
                }
            }

            return Pages.Select(page =>
            {
                string P(string kind) => string.Create(CultureInfo.InvariantCulture, $"{Percentile(samples[(page, kind)], 0.5):F1} ms ({Percentile(samples[(page, kind)], 0.9):F1})");
                var httpP50 = Percentile(samples[(page, "http")], 0.5);
                var countP50 = Percentile(samples[(page, "http+count")], 0.5);
                var gap = httpP50 - Percentile(samples[(page, "sql")], 0.5);
                var met = httpP50 <= 20 && countP50 <= 100 && gap <= 10 ? "met" : "NOT met";
                return string.Create(CultureInfo.InvariantCulture, $"| {provider} | {page:N0} | {P("http")} | {P("http+count")} | {P("sql")} | {P("count")} | {gap:F1} ms | {met} | {P("ef")} | {P("trivial")} |");
            }).ToList();
        }
        finally
        {
            apiProcess.Kill(entireProcessTree: true);
            await apiProcess.WaitForExitAsync();
            await connection.CloseAsync();
            await DropAsync(sqlite, Database);
        }
    }

    private static OperationFilter Operations(string op, object value)
    {
        var operations = new OperationFilter();
        operations.Operations.Add(new KeyValuePair<string, object?>(op, value));
        return operations;
    }

    private static async Task<(double Ms, string? FirstId)> HttpPageAsync(HttpClient http, string? after, bool withCount)
    {
        var query = "query($after: String) { tierHistory(first: " + PageSize + ", after: $after, where: { tierName: { eq: \"pro\" }, changeType: { eq: CREDIT_INCREASE } }) { "
            + (withCount ? "totalCount " : string.Empty)
            + "pageInfo { hasNextPage endCursor } nodes { id tierName configVersion changeType previousCredits newCredits changeReason changedBy changedAt appliedAt } } }";
        var body = JsonSerializer.Serialize(new { query, variables = new { after } });
        var watch = Stopwatch.StartNew();
        using var response = await http.PostAsync("/graphql", new StringContent(body, Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        var ms = watch.Elapsed.TotalMilliseconds;
        var json = JsonNode.Parse(text)!;
        if (json["errors"] is not null || !response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"HTTP {(int)response.StatusCode}: {text}");
        }

        var nodes = json["data"]!["tierHistory"]!["nodes"]!.AsArray();
        if (nodes.Count != PageSize)
        {
            throw new InvalidOperationException($"Expected {PageSize} nodes, got {nodes.Count}.");
        }

        return (ms, nodes[0]!["id"]!.GetValue<string>());
    }

    /// <summary>Prints the plan of a page's command (stderr), to show the index is entered at the cursor.</summary>
    private static async Task ExplainAsync(DbCommand page, bool sqlite)
    {
        await using var explain = page.Connection!.CreateCommand();
        explain.CommandText = (sqlite ? "EXPLAIN QUERY PLAN " : "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ") + page.CommandText;
        foreach (DbParameter parameter in page.Parameters)
        {
            var copy = explain.CreateParameter();
            copy.ParameterName = parameter.ParameterName;
            copy.Value = parameter.Value;
            copy.DbType = parameter.DbType;
            explain.Parameters.Add(copy);
        }

        await using var reader = await explain.ExecuteReaderAsync();
        Console.Error.WriteLine("   plan of page 1000:");
        while (await reader.ReadAsync())
        {
            Console.Error.WriteLine("     " + Convert.ToString(reader.GetValue(reader.FieldCount - 1), CultureInfo.InvariantCulture));
        }
    }

    private static async Task<double> HttpTrivialAsync(HttpClient http)
    {
        var watch = Stopwatch.StartNew();
        using var response = await http.PostAsync("/graphql", new StringContent("{\"query\":\"{ __typename }\"}", Encoding.UTF8, "application/json"));
        await response.Content.ReadAsStringAsync();
        return watch.Elapsed.TotalMilliseconds;
    }

    /// <summary>Runs the page's command and reads every value of every row; returns the first row's id.</summary>
    private static async Task<string?> ReadAsync(DbCommand command)
    {
        await using var reader = await command.ExecuteReaderAsync();
        string? first = null;
        var values = new object[reader.FieldCount];
        while (await reader.ReadAsync())
        {
            reader.GetValues(values);
            first ??= Convert.ToString(values[0], CultureInfo.InvariantCulture);
        }

        return first;
    }

    private static void AddParameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    private static async Task SeedAsync(ServiceProvider services, bool sqlite, int n)
    {
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync();
        var db = scope.ServiceProvider.GetRequiredService<TiersDbContext>();
        db.Database.SetCommandTimeout(TimeSpan.FromMinutes(30));
        string[] tiers = ["pro", "pro_plus", "pro_max", "enterprise_pro"];
        string[] types = ["CreditIncrease", "CreditDecrease", "PriceChange", "FeatureUpdate"];
        string Key(Guid id) => sqlite ? $"'{id.ToString().ToUpperInvariant()}'" : $"'{id}'::uuid";
        string Case(string expression, IEnumerable<string> values) =>
            "CASE " + expression + string.Concat(values.Select((v, i) => $" WHEN {i} THEN {v}")) + " END";
        var start = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
        var series = sqlite
            ? $"(WITH RECURSIVE seq(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM seq WHERE x < {n}) SELECT x FROM seq)"
            : $"(SELECT x FROM generate_series(1, {n}) AS x)";
        var id = sqlite ? "printf('%08X-3333-4000-8000-%012X', x, x)" : "(lpad(to_hex(x), 8, '0') || '-3333-4000-8000-' || lpad(to_hex(x), 12, '0'))::uuid";
        var changedAt = sqlite
            ? $"({start.UtcTicks.ToString(CultureInfo.InvariantCulture)} - x * {TimeSpan.TicksPerMinute.ToString(CultureInfo.InvariantCulture)})"
            : "(TIMESTAMPTZ '2026-11-01 00:00:00+00' - x * INTERVAL '1 minute')";
        var money = sqlite ? "1500" : "15.00";
        var sql = $"""
            INSERT INTO tier_config_history (id, tier_config_id, tier_name, config_version, change_type, previous_credits, new_credits,
                previous_monthly_price_usd, new_monthly_price_usd, previous_annual_price_usd, new_annual_price_usd,
                change_reason, affected_users_count, changed_by, changed_at, applied_at)
            SELECT {id}, {Case("x % 4", tiers.Select(t => Key(SeedCatalogue.TierIdFor(t))))}, {Case("x % 4", tiers.Select(t => $"'{t}'"))},
                1000 + x, {Case("(x / 4) % 4", types.Select(t => $"'{t}'"))}, 1500, 1600, {money}, {money}, {money}, {money},
                'Seeded change ' || x, 0, {Key(SeedCatalogue.AdminUserId)}, {changedAt}, {changedAt}
            FROM {series} AS seq
            """;
        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            await db.Database.ExecuteSqlRawAsync(sql);
            await transaction.CommitAsync();
        }

        await db.Database.ExecuteSqlRawAsync(sqlite ? "ANALYZE;" : "VACUUM ANALYZE tier_config_history;");
    }

    private static ServiceProvider Services(bool sqlite, string connectionString)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = sqlite ? "Sqlite" : "Postgres",
            ["ConnectionStrings:Tiers"] = connectionString,
            ["Rollouts:Enabled"] = "false",
            ["Rollouts:InstanceId"] = "bench-p3",
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning).AddSimpleConsole());
        services.AddApplication().AddInfrastructure(configuration);
        services.AddMediator(o => o.ServiceLifetime = ServiceLifetime.Scoped);
        return services.BuildServiceProvider();
    }

    private static async Task DropAsync(bool sqlite, string database)
    {
        if (sqlite)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(Path.Combine(Path.GetTempPath(), database + ".db" + suffix));
            }

            return;
        }

        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(Environment.GetEnvironmentVariable("REPHLO_BENCH_POSTGRES"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }

    private static double Percentile(List<double> samples, double p)
    {
        var sorted = samples.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task WaitForHealthAsync(HttpClient http)
    {
        for (var i = 0; i < 300; i++)
        {
            try
            {
                if ((await http.GetAsync("/health")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(200);
        }

        throw new TimeoutException("The API did not start.");
    }

    private static string DevToken(string apiDll)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, UseShellExecute = false };
        info.ArgumentList.Add(apiDll);
        info.ArgumentList.Add("dev-token");
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        using var process = Process.Start(info)!;
        var token = process.StandardOutput.ReadToEnd().Trim();
        process.WaitForExit();
        return token;
    }
}
