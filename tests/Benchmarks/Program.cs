using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using Rephlo.Tiers.Application;
using Rephlo.Tiers.Application.TierConfigs;
using Rephlo.Tiers.Infrastructure;
using Rephlo.Tiers.Infrastructure.Persistence;
using Rephlo.Tiers.Infrastructure.Persistence.Seeding;
using Rephlo.Tiers.Infrastructure.Rollouts;

// Rollout benchmark (issue: rollouts). Every measurement runs in a child process of its own so
// its peak RSS (VmHWM) is its own. Usage:
//   bench all [--sizes 100000,1000000] [--loop-rows 2000] [--batch 5000] [--providers sqlite,postgres]
//   bench readpath --api src/Api/bin/Release/net10.0/Rephlo.Tiers.Api.dll [--seconds 10] [--rounds 3]
//   bench fanout --api src/Api/bin/Release/net10.0/Rephlo.Tiers.Api.dll [--sizes 1000,5000,10000] [--instances 2] [--rounds 20] [--warmup 1]
//     (two instances: REPHLO_BENCH_POSTGRES and REPHLO_BENCH_REDIS)
// PostgreSQL comes from REPHLO_BENCH_POSTGRES (build/bench.sh starts a throw-away cluster).
return await Bench.MainAsync(args);

internal static class Bench
{
    private const string Tier = "pro";
    private const int From = 1_500;
    private const int Target = 2_000;

    public static async Task<int> MainAsync(string[] args)
    {
        var options = Options.Parse(args);
        switch (options.Command)
        {
            case "all":
                return await AllAsync(options);
            case "seed":
                await SeedAsync(options);
                return 0;
            case "rollout":
                Report(await RolloutAsync(options));
                return 0;
            case "floor":
                Report(await FloorAsync(options));
                return 0;
            case "loop":
                Report(await LoopAsync(options));
                return 0;
            case "readpath":
                return await ReadPath.RunAsync(
                    args.SkipWhile(a => a != "--api").Skip(1).FirstOrDefault() ?? throw new ArgumentException("--api <path to Rephlo.Tiers.Api.dll>"),
                    int.Parse(args.SkipWhile(a => a != "--seconds").Skip(1).FirstOrDefault() ?? "10", CultureInfo.InvariantCulture),
                    int.Parse(args.SkipWhile(a => a != "--rounds").Skip(1).FirstOrDefault() ?? "3", CultureInfo.InvariantCulture));
            case "raw-server":
                return await ReadPath.RawServerAsync(
                    args.SkipWhile(a => a != "--db").Skip(1).First(),
                    int.Parse(args.SkipWhile(a => a != "--port").Skip(1).First(), CultureInfo.InvariantCulture));
            case "p3": return await HistoryPaging.RunAsync(args);
            case "fanout":
                return await FanOut.RunAsync(
                    args.SkipWhile(a => a != "--api").Skip(1).FirstOrDefault() ?? throw new ArgumentException("--api <path to Rephlo.Tiers.Api.dll>"),
                    args.Contains("--sizes") ? options.Sizes : [1000, 5000, 10000],
                    rounds: int.Parse(args.SkipWhile(a => a != "--rounds").Skip(1).FirstOrDefault() ?? "20", CultureInfo.InvariantCulture),
                    instances: int.Parse(args.SkipWhile(a => a != "--instances").Skip(1).FirstOrDefault() ?? "2", CultureInfo.InvariantCulture),
                    warmup: int.Parse(args.SkipWhile(a => a != "--warmup").Skip(1).FirstOrDefault() ?? "1", CultureInfo.InvariantCulture));
            default:
                Console.Error.WriteLine("usage: bench all|seed|rollout|floor|loop [--provider sqlite|postgres] [--db name] [--n N] ...");
                return 2;
        }
    }

    private static async Task<int> AllAsync(Options options)
    {
        var rows = new List<string>();
        var ratios = new List<string>();
        foreach (var provider in options.Providers)
        {
            foreach (var n in options.Sizes)
            {
                Console.Error.WriteLine($"== {provider}, N = {n:N0}, {options.Runs} interleaved runs");
                var template = $"rephlo_bench_seed_{n}";
                await RunSelfAsync(["seed", "--provider", provider, "--db", template, "--n", n.ToString(CultureInfo.InvariantCulture)]);
                var ours = new List<Result>();
                var floors = new List<Result>();
                for (var run = 0; run < options.Runs; run++)
                {
                    // Interleaved (a, b, a, b, …; the first of each pair alternates) so drift hits both alike.
                    var order = run % 2 == 0 ? new[] { "rollout", "floor" } : ["floor", "rollout"];
                    foreach (var phase in order)
                    {
                        (phase == "rollout" ? ours : floors).Add(await ChildAsync(phase, provider, n, template, options));
                    }
                }

                await DropAsync(provider, template);
                var c = await ChildAsync("loop", provider, options.LoopRows, null, options);
                var a = Median(ours);
                var b = Median(floors);
                var perRowLoop = c.Seconds / c.Rows;
                var loopAtN = perRowLoop * a.Rows;
                var ratio = a.Seconds / b.Seconds;
                var pairRatios = ours.Zip(floors, (x, y) => x.Seconds / y.Seconds).Order().ToList();
                rows.Add(string.Create(CultureInfo.InvariantCulture,
                    $"| {provider} | {n:N0} | {a.Rows:N0} | {a.Seconds:F2} s ({a.Rows / a.Seconds:N0}/s) [{Spread(ours)}] | {b.Seconds:F2} s ({b.Rows / b.Seconds:N0}/s) [{Spread(floors)}] | {ratio:F2} [{pairRatios[0]:F2}–{pairRatios[^1]:F2}] | {loopAtN:F0} s extrapolated ({c.Rows:N0} rows measured, {1 / perRowLoop:N0}/s) | {loopAtN / a.Seconds:F0} | {ours.Max(r => r.PeakRssMb):F0} MB | {floors.Max(r => r.PeakRssMb):F0} MB |"));
                ratios.Add(string.Create(CultureInfo.InvariantCulture, $"{provider} N={n:N0}: (a)/(b) = {ratio:F2} (median of {options.Runs}; per-run {string.Join(", ", ours.Zip(floors, (x, y) => (x.Seconds / y.Seconds).ToString("F2", CultureInfo.InvariantCulture)))}); our throughput {a.Rows / a.Seconds:N0}/s"));
            }
        }

        var table = new StringBuilder()
            .AppendLine($"Machine: {Environment.ProcessorCount} cores, {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024 * 1024 * 1024.0):F0} GiB, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}; batch {options.Batch:N0}; {options.Runs} interleaved runs, median [min–max]; {DateTime.UtcNow:yyyy-MM-dd}")
            .AppendLine()
            .AppendLine("| provider | N subscribers | upgraded | (a) our rollout | (b) hand-written SQL (floor) | (a)/(b) | (c) row-by-row loop | (c)/(a) | peak RSS (a) | peak RSS (b) |")
            .AppendLine("|---|---|---|---|---|---|---|---|---|---|");
        rows.ForEach(r => table.AppendLine(r));
        table.AppendLine();
        ratios.ForEach(r => table.AppendLine("- " + r));
        Console.WriteLine(table.ToString());
        return 0;
    }

    private static Result Median(List<Result> results) => results.OrderBy(r => r.Seconds).ElementAt(results.Count / 2);

    private static string Spread(List<Result> results) =>
        string.Create(CultureInfo.InvariantCulture, $"{results.Min(r => r.Seconds):F2}–{results.Max(r => r.Seconds):F2} s");

    /// <summary>One measurement on a fresh copy of the seeded template (or a freshly seeded database).</summary>
    private static async Task<Result> ChildAsync(string phase, string provider, int n, string? template, Options options)
    {
        var db = $"rephlo_bench_{phase}_{n}";
        if (template is null)
        {
            await RunSelfAsync(["seed", "--provider", provider, "--db", db, "--n", n.ToString(CultureInfo.InvariantCulture)]);
        }
        else
        {
            await CloneAsync(provider, template, db);
        }

        var output = await RunSelfAsync([phase, "--provider", provider, "--db", db, "--batch", options.Batch.ToString(CultureInfo.InvariantCulture)]);
        var result = JsonSerializer.Deserialize<Result>(output.Trim().Split('\n')[^1])!;
        Console.Error.WriteLine($"   {phase}: {result.Rows:N0} rows in {result.Seconds:F2} s, peak RSS {result.PeakRssMb:F0} MB");
        await DropAsync(provider, db);
        return result;
    }

    private static async Task CloneAsync(string provider, string template, string database)
    {
        await DropAsync(provider, database);
        if (provider == "sqlite")
        {
            File.Copy(Path.Combine(Path.GetTempPath(), template + ".db"), Path.Combine(Path.GetTempPath(), database + ".db"));
            return;
        }

        await using var connection = new NpgsqlConnection(Environment.GetEnvironmentVariable("REPHLO_BENCH_POSTGRES"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{database}\" TEMPLATE \"{template}\"", connection) { CommandTimeout = 600 };
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<string> RunSelfAsync(string[] args)
    {
        var self = Environment.ProcessPath!;
        var dll = typeof(Bench).Assembly.Location;
        var info = new ProcessStartInfo(self) { RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            info.ArgumentList.Add(dll);
        }

        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"bench {string.Join(' ', args)} exited with {process.ExitCode}");
        }

        return output;
    }

    /// <summary>A fresh database with the catalogue and N subscribers of one tier: 80 % at 1,500 credits, 20 % at 2,500.</summary>
    private static async Task SeedAsync(Options options)
    {
        await DropAsync(options.Provider, options.Database);
        await using var services = Services(options);
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync();
        var db = scope.ServiceProvider.GetRequiredService<TiersDbContext>();
        db.Database.SetCommandTimeout(TimeSpan.FromMinutes(10));
        var tierId = SeedCatalogue.TierIdFor(Tier);
        var sqlite = options.Provider == "sqlite";
        var now = DateTimeOffset.UtcNow;
        object Instant(DateTimeOffset t) => sqlite ? t.UtcTicks : t;
        object Key(Guid id) => sqlite ? id.ToString().ToUpperInvariant() : id;

        var series = sqlite
            ? $"(WITH RECURSIVE seq(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM seq WHERE x < {options.N}) SELECT x FROM seq)"
            : $"(SELECT x FROM generate_series(1, {options.N}) AS x)";
        string Id(string prefix) => sqlite
            ? $"printf('%08X-{prefix}-4000-8000-%012X', x, x)"
            : $"(lpad(to_hex(x), 8, '0') || '-{prefix}-4000-8000-' || lpad(to_hex(x), 12, '0'))::uuid";
        var allocation = $"CASE WHEN x % 5 = 0 THEN 2500 ELSE {From} END";

        await using var transaction = await db.Database.BeginTransactionAsync();
        await db.Database.ExecuteSqlRawAsync(
            $$"""
            INSERT INTO subscriptions (id, user_id, email, tier_config_id, tier_name, status, billing_cycle, base_price_usd,
                                       monthly_credit_allocation, current_period_start, current_period_end, created_at, updated_at)
            SELECT {{Id("0000")}}, {{Id("1111")}}, NULL, {0}, '{{Tier}}', 'Active', 'Monthly', {{(sqlite ? "1500" : "15.00")}},
                   {{allocation}}, {1}, {2}, {1}, {1}
            FROM {{series}} AS seq
            """,
            Key(tierId), Instant(now), Instant(now.AddMonths(1)));
        await db.Database.ExecuteSqlRawAsync(
            $"INSERT INTO credit_balances (user_id, balance, updated_at) SELECT {Id("1111")}, {allocation}, {{0}} FROM {series} AS seq",
            Instant(now));
        await db.Database.ExecuteSqlRawAsync(
            $$"""
            INSERT INTO credit_grants (id, user_id, subscription_id, amount, source, rollout_id, reason, period_start, period_end, created_at)
            SELECT {{Id("2222")}}, {{Id("1111")}}, {{Id("0000")}}, {{allocation}}, 'Subscription', NULL, 'Monthly allocation', {0}, {1}, {0}
            FROM {{series}} AS seq
            """,
            Instant(now), Instant(now.AddMonths(1)));
        await transaction.CommitAsync();
        if (sqlite)
        {
            await db.Database.ExecuteSqlRawAsync("ANALYZE;");
        }
        else
        {
            await db.Database.ExecuteSqlRawAsync("ANALYZE subscriptions; ANALYZE credit_balances; ANALYZE credit_grants;");
        }
    }

    /// <summary>(a) Our rollout: the mutation's command, then the runner, batch by batch.</summary>
    private static async Task<Result> RolloutAsync(Options options)
    {
        await using var services = Services(options);
        await using (var scope = services.CreateAsyncScope())
        {
            var result = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(
                new UpdateTierCreditsCommand(Tier, Target, "Benchmark rollout to existing users", true, null, null, SeedCatalogue.AdminUserId));
            if (!result.IsSuccess)
            {
                throw new InvalidOperationException(result.Errors[0].Message);
            }
        }

        var runner = services.GetRequiredService<RolloutRunner>();
        var watch = Stopwatch.StartNew();
        await runner.RunDueAsync(CancellationToken.None);
        watch.Stop();

        await using var check = services.CreateAsyncScope();
        var rollout = await check.ServiceProvider.GetRequiredService<TiersDbContext>().TierRollouts.AsNoTracking().SingleAsync();
        if (rollout.Status != Rephlo.Tiers.Domain.Rollouts.RolloutStatus.Completed)
        {
            throw new InvalidOperationException($"Rollout ended {rollout.Status}: {rollout.FailureReason}");
        }

        return new Result(rollout.UpgradedCount, watch.Elapsed.TotalSeconds, PeakRssMb());
    }

    /// <summary>(b) The floor: the same writes as three hand-written statements over the whole tier, one transaction.</summary>
    private static async Task<Result> FloorAsync(Options options)
    {
        await using var services = Services(options);
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TiersDbContext>();
        db.Database.SetCommandTimeout(TimeSpan.FromMinutes(10));
        var sqlite = options.Provider == "sqlite";
        var tier = sqlite ? (object)SeedCatalogue.TierIdFor(Tier).ToString().ToUpperInvariant() : SeedCatalogue.TierIdFor(Tier);
        var rolloutId = sqlite ? (object)Guid.NewGuid().ToString().ToUpperInvariant() : Guid.NewGuid();
        var now = sqlite ? (object)DateTimeOffset.UtcNow.UtcTicks : DateTimeOffset.UtcNow;
        var newId = scope.ServiceProvider.GetRequiredService<IRolloutSqlDialect>().NewIdSql("{4}");
        const string Eligible = "s.tier_config_id = {0} AND s.status = 'Active' AND s.monthly_credit_allocation < {1}";

        var watch = Stopwatch.StartNew();
        await using var transaction = await db.Database.BeginTransactionAsync();
        var upgraded = await db.Database.ExecuteSqlRawAsync(
            $$"""
            INSERT INTO credit_grants (id, user_id, subscription_id, amount, source, rollout_id, reason, period_start, period_end, created_at)
            SELECT {{newId}}, s.user_id, s.id, {1} - s.monthly_credit_allocation, 'TierUpgrade', {2}, 'floor', {3}, s.current_period_end, {3}
            FROM subscriptions s WHERE {{Eligible}}
            """,
            tier, Target, rolloutId, now, RolloutSqlDialect.TimePrefix(DateTimeOffset.UtcNow));
        await db.Database.ExecuteSqlRawAsync(
            $$"""
            UPDATE credit_balances SET balance = balance + ({1} - s.monthly_credit_allocation), updated_at = {2}
            FROM subscriptions s WHERE s.user_id = credit_balances.user_id AND {{Eligible}}
            """,
            tier, Target, now);
        await db.Database.ExecuteSqlRawAsync(
            $"UPDATE subscriptions SET monthly_credit_allocation = {{1}}, updated_at = {{2}} WHERE id IN (SELECT s.id FROM subscriptions s WHERE {Eligible})",
            tier, Target, now);
        await transaction.CommitAsync();
        watch.Stop();
        return new Result(upgraded, watch.Elapsed.TotalSeconds, PeakRssMb());
    }

    /// <summary>(c) The earlier implementation's shape: one subscriber at a time, a round trip per read and write.</summary>
    private static async Task<Result> LoopAsync(Options options)
    {
        await using var services = Services(options);
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TiersDbContext>();
        var tierId = SeedCatalogue.TierIdFor(Tier);
        var ids = await db.Subscriptions.AsNoTracking().Where(s => s.TierConfigId == tierId).Select(s => s.Id).ToListAsync();
        var watch = Stopwatch.StartNew();
        var upgraded = 0;
        foreach (var id in ids)
        {
            var subscription = await db.Subscriptions.AsNoTracking().SingleAsync(s => s.Id == id);
            if (subscription.MonthlyCreditAllocation >= Target)
            {
                continue;
            }

            var amount = Target - subscription.MonthlyCreditAllocation;
            await db.Database.ExecuteSqlInterpolatedAsync($"UPDATE credit_balances SET balance = balance + {amount} WHERE user_id = {Key(options, subscription.UserId)}");
            await db.Database.ExecuteSqlInterpolatedAsync($"UPDATE subscriptions SET monthly_credit_allocation = {Target} WHERE id = {Key(options, id)}");
            await db.Database.ExecuteSqlInterpolatedAsync(
                $"INSERT INTO credit_grants (id, user_id, subscription_id, amount, source, reason, period_start, period_end, created_at) VALUES ({Key(options, Guid.NewGuid())}, {Key(options, subscription.UserId)}, {Key(options, id)}, {amount}, 'TierUpgrade', 'loop', {Instant(options, DateTimeOffset.UtcNow)}, {Instant(options, DateTimeOffset.UtcNow)}, {Instant(options, DateTimeOffset.UtcNow)})");
            upgraded++;
        }

        watch.Stop();
        return new Result(ids.Count, watch.Elapsed.TotalSeconds, PeakRssMb()) { Upgraded = upgraded };
    }

    private static object Key(Options options, Guid id) => options.Provider == "sqlite" ? id.ToString().ToUpperInvariant() : id;

    private static object Instant(Options options, DateTimeOffset t) => options.Provider == "sqlite" ? t.UtcTicks : t;

    private static ServiceProvider Services(Options options)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = options.Provider == "sqlite" ? "Sqlite" : "Postgres",
            ["ConnectionStrings:Tiers"] = ConnectionString(options.Provider, options.Database),
            ["Seed:DemoAccounts"] = "false",
            ["Rollouts:BatchSize"] = options.Batch.ToString(CultureInfo.InvariantCulture),
            ["Rollouts:InstanceId"] = "bench",
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning).AddSimpleConsole());
        services.AddApplication().AddInfrastructure(configuration);
        services.AddMediator(o => o.ServiceLifetime = ServiceLifetime.Scoped);
        return services.BuildServiceProvider();
    }

    private static string ConnectionString(string provider, string database) => provider == "sqlite"
        ? $"Data Source={Path.Combine(Path.GetTempPath(), database + ".db")};Default Timeout=600"
        : new NpgsqlConnectionStringBuilder(Environment.GetEnvironmentVariable("REPHLO_BENCH_POSTGRES") ?? throw new InvalidOperationException("REPHLO_BENCH_POSTGRES is not set (build/bench.sh sets it)."))
        { Database = database, CommandTimeout = 600 }.ConnectionString;

    private static async Task DropAsync(string provider, string database)
    {
        if (provider == "sqlite")
        {
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(Path.Combine(Path.GetTempPath(), database + ".db" + suffix));
            }

            return;
        }

        await using var connection = new NpgsqlConnection(Environment.GetEnvironmentVariable("REPHLO_BENCH_POSTGRES"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }

    private static double PeakRssMb()
    {
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return line is null ? double.NaN : double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
    }

    private static void Report(Result result) => Console.WriteLine(JsonSerializer.Serialize(result));
}

internal sealed record Result(int Rows, double Seconds, double PeakRssMb)
{
    public int Upgraded { get; init; }
}

internal sealed record Options(string Command, string Provider, string Database, int N, int Batch, int LoopRows, int[] Sizes, string[] Providers, int Runs)
{
    public static Options Parse(string[] args)
    {
        string Get(string name, string fallback)
        {
            var i = Array.IndexOf(args, "--" + name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        }

        int[] Ints(string text) => text.Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        return new Options(
            args.Length > 0 ? args[0] : "all",
            Get("provider", "sqlite"),
            Get("db", "rephlo_bench"),
            int.Parse(Get("n", "1000000"), CultureInfo.InvariantCulture),
            int.Parse(Get("batch", "5000"), CultureInfo.InvariantCulture),
            int.Parse(Get("loop-rows", "2000"), CultureInfo.InvariantCulture),
            Ints(Get("sizes", "100000,1000000")),
            Get("providers", "sqlite,postgres").Split(','),
            int.Parse(Get("runs", "3"), CultureInfo.InvariantCulture));
    }
}
