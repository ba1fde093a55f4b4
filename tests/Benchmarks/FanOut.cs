using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Npgsql;

/// <summary>
/// Fan-out benchmark: the Release API on loopback, N WebSocket subscribers (graphql-transport-ws)
/// to tierConfigChanged, then changes made over HTTP on the first instance. Latency is receive
/// time minus the history entry's changedAt (one machine, one clock: commit → receipt); memory
/// per connection is the servers' RSS growth divided by N.
/// <para>
/// One instance (<c>--instances 1</c>): its own SQLite file, events in process; one subscriber is
/// the baseline, measured in the same run. Two instances (<c>--instances 2</c>, the default):
/// both on one PostgreSQL database (<c>REPHLO_BENCH_POSTGRES</c>) and one Redis
/// (<c>REPHLO_BENCH_REDIS</c>), subscribers spread evenly, so half of them get each change
/// through Redis. Results are printed and written to <c>artifacts/bench/fanout-*.json</c>.
/// </para>
/// </summary>
internal static class FanOut
{
    public static async Task<int> RunAsync(string apiDll, int[] sizes, int rounds, int instances, int warmup)
    {
        var dir = Directory.CreateTempSubdirectory("rephlo-fanout-");
        var postgres = Environment.GetEnvironmentVariable("REPHLO_BENCH_POSTGRES");
        var redis = Environment.GetEnvironmentVariable("REPHLO_BENCH_REDIS");
        string? database = null;
        if (instances > 1 && (postgres is null || redis is null))
        {
            Console.Error.WriteLine("Two instances need REPHLO_BENCH_POSTGRES and REPHLO_BENCH_REDIS (build/bench.sh starts both).");
            return 2;
        }

        var settings = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["Rollouts__Enabled"] = "false",
            ["RateLimiting__Enabled"] = "false",
            ["Logging__LogLevel__Default"] = "Warning",
        };
        if (instances > 1)
        {
            database = "rephlo_fanout_" + Guid.NewGuid().ToString("N")[..8];
            settings["Database__Provider"] = "Postgres";
            settings["ConnectionStrings__Tiers"] = new NpgsqlConnectionStringBuilder(postgres) { Database = database, MaxPoolSize = 50 }.ConnectionString;
            settings["Redis__Configuration"] = redis!;
        }
        else
        {
            settings["ConnectionStrings__Tiers"] = $"Data Source={Path.Combine(dir.FullName, "tiers.db")}";
        }

        // Both instances start together: start-up migration is guarded by the database lock.
        var apis = Enumerable.Range(0, instances).Select(_ => Api.Start(apiDll, settings)).ToList();
        var rows = new List<Row>();
        try
        {
            foreach (var api in apis)
            {
                await api.WaitForHealthAsync();
            }

            var token = DevToken(apiDll);
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{apis[0].Port}") };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            var credits = 2000;
            foreach (var n in sizes)
            {
                var rssBefore = apis.Sum(a => Rss(a.Process.Id));
                var clients = new Subscriber[n];
                var started = Stopwatch.StartNew();
                await Parallel.ForEachAsync(Enumerable.Range(0, n), new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (i, _) =>
                    clients[i] = await Subscriber.ConnectAsync(apis[i % instances].Port, token));
                Console.Error.WriteLine($"   {n:N0} subscribers connected over {instances} instance(s) in {started.Elapsed.TotalSeconds:F1} s");

                // Let the subscriptions settle (every subscribe executed, buffers allocated).
                await Task.Delay(TimeSpan.FromSeconds(1 + (n / 5000.0)));
                var rssAfter = apis.Sum(a => Rss(a.Process.Id));
                var latencies = new List<double>(n * rounds);
                var viaRedis = new List<double>();
                var perRound = new List<RoundStats>();
                for (var round = -warmup; round < rounds; round++)
                {
                    credits += 100;
                    var body = JsonSerializer.Serialize(new { query = $"mutation {{ updateTierCredits(input: {{tierName: \"pro\", newCredits: {credits}, reason: \"Fan-out benchmark round {round}\"}}) {{ historyEntry {{ changedAt }} }} }}" });
                    var receipts = clients.Select(c => c.NextAsync()).ToList();
                    var response = await http.PostAsync("/graphql", new StringContent(body, Encoding.UTF8, "application/json"));
                    var changedAt = DateTimeOffset.Parse(JsonNode.Parse(await response.Content.ReadAsStringAsync())!["data"]!["updateTierCredits"]!["historyEntry"]!["changedAt"]!.GetValue<string>(), CultureInfo.InvariantCulture);
                    var received = await Task.WhenAll(receipts);
                    var thisRound = received.Select(r => (r - changedAt).TotalMilliseconds).ToArray();
                    var remote = thisRound.Where((_, i) => i % instances != 0).ToArray();
                    var stats = new RoundStats(round, thisRound.Order().ElementAt(thisRound.Length / 2), thisRound.Max(), remote.Length == 0 ? null : remote.Max());
                    Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"     {(round < 0 ? "warm-up" : $"round {round}")}: p50 {stats.P50Ms:F1} ms, max {stats.MaxMs:F1} ms{(stats.MaxViaRedisMs is { } r ? $", max via Redis {r:F1} ms" : string.Empty)}"));
                    if (round < 0)
                    {
                        // Warm-up changes (first delivery on each instance: JIT, serializer metadata) are reported, not measured.
                        continue;
                    }

                    perRound.Add(stats);
                    latencies.AddRange(thisRound);
                    viaRedis.AddRange(remote);
                }

                latencies.Sort();
                viaRedis.Sort();
                var row = new Row(n, instances, rounds,
                    Percentile(latencies, 0.50), Percentile(latencies, 0.99), latencies[^1],
                    viaRedis.Count == 0 ? null : Percentile(viaRedis, 0.99),
                    (rssAfter - rssBefore) / 1024.0 / n,
                    warmup,
                    perRound);
                rows.Add(row);
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"   {n:N0} subscribers: p50 {row.P50Ms:F1} ms, p99 {row.P99Ms:F1} ms, max {row.MaxMs:F1} ms, {row.KbPerConnection:F0} KB/connection"));
                await Parallel.ForEachAsync(clients, new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (c, _) => await c.DisposeAsync());
                await Task.Delay(500);
            }
        }
        finally
        {
            foreach (var api in apis)
            {
                api.Stop();
            }

            dir.Delete(recursive: true);
            if (database is not null)
            {
                NpgsqlConnection.ClearAllPools();
                await using var connection = new NpgsqlConnection(postgres);
                await connection.OpenAsync();
                await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", connection);
                await drop.ExecuteNonQueryAsync();
            }
        }

        Console.WriteLine(instances == 1
            ? "| WebSocket subscribers | changes | p50 delivery after commit | p99 | max | server memory per connection |"
            : $"| WebSocket subscribers ({instances} instances, Redis) | changes | p50 delivery after commit | p99 | max | p99 via Redis | server memory per connection |");
        Console.WriteLine(instances == 1 ? "|---|---|---|---|---|---|" : "|---|---|---|---|---|---|---|");
        foreach (var row in rows)
        {
            Console.WriteLine(instances == 1
                ? string.Create(CultureInfo.InvariantCulture, $"| {row.Subscribers:N0} | {row.Changes} | {row.P50Ms:F1} ms | {row.P99Ms:F1} ms | {row.MaxMs:F1} ms | {row.KbPerConnection:F0} KB |")
                : string.Create(CultureInfo.InvariantCulture, $"| {row.Subscribers:N0} | {row.Changes} | {row.P50Ms:F1} ms | {row.P99Ms:F1} ms | {row.MaxMs:F1} ms | {row.P99ViaRedisMs:F1} ms | {row.KbPerConnection:F0} KB |"));
        }

        Directory.CreateDirectory(Path.Combine("artifacts", "bench"));
        var file = Path.Combine("artifacts", "bench", $"fanout-{instances}x-{string.Join('-', sizes)}.json");
        await File.WriteAllTextAsync(file, JsonSerializer.Serialize(new
        {
            benchmark = "fanout",
            measuredAt = DateTimeOffset.UtcNow,
            machine = new { cores = Environment.ProcessorCount, os = System.Runtime.InteropServices.RuntimeInformation.OSDescription, runtime = Environment.Version.ToString() },
            instances,
            transport = "graphql-transport-ws",
            events = instances == 1 ? "in-process" : "redis",
            latency = "receipt time minus the history entry's changedAt (commit), one clock",
            results = rows,
        }, new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true }));
        Console.Error.WriteLine($"   written to {file}");
        return 0;
    }

    private static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    private static long Rss(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
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

    internal sealed record Row(int Subscribers, int Instances, int Changes, double P50Ms, double P99Ms, double MaxMs, double? P99ViaRedisMs, double KbPerConnection, int WarmupChanges, List<RoundStats> Rounds);

    internal sealed record RoundStats(int Round, double P50Ms, double MaxMs, double? MaxViaRedisMs);

    private sealed class Api(Process process, int port)
    {
        public Process Process { get; } = process;

        public int Port { get; } = port;

        public static Api Start(string apiDll, Dictionary<string, string> settings)
        {
            var port = FreePort();
            var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            info.ArgumentList.Add(apiDll);
            info.ArgumentList.Add("--urls");
            info.ArgumentList.Add($"http://127.0.0.1:{port}");
            foreach (var (key, value) in settings)
            {
                info.Environment[key] = value;
            }

            var process = Process.Start(info)!;
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, e) =>
            {
                if (e.Data is not null)
                {
                    Console.Error.WriteLine($"   [api :{port}] {e.Data}");
                }
            };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            return new Api(process, port);
        }

        public async Task WaitForHealthAsync()
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{Port}") };
            for (var i = 0; i < 300; i++)
            {
                try
                {
                    if ((await http.GetAsync("/health/ready")).IsSuccessStatusCode)
                    {
                        return;
                    }
                }
                catch (HttpRequestException)
                {
                }

                await Task.Delay(200);
            }

            throw new TimeoutException("The API did not become ready.");
        }

        public void Stop()
        {
            Process.Kill(entireProcessTree: true);
            Process.WaitForExit();
            Process.Dispose();
        }
    }

    private sealed class Subscriber : IAsyncDisposable
    {
        private readonly ClientWebSocket _socket = new();
        private readonly byte[] _buffer = new byte[4 * 1024];

        public static async Task<Subscriber> ConnectAsync(int port, string token)
        {
            var subscriber = new Subscriber();
            subscriber._socket.Options.AddSubProtocol("graphql-transport-ws");
            subscriber._socket.Options.SetBuffer(4 * 1024, 4 * 1024);
            await subscriber._socket.ConnectAsync(new Uri($"ws://127.0.0.1:{port}/graphql"), CancellationToken.None);
            await subscriber.SendAsync(new { type = "connection_init", payload = new { Authorization = "Bearer " + token } });
            await subscriber.ReceiveAsync();
            await subscriber.SendAsync(new { type = "subscribe", id = "1", payload = new { query = "subscription { tierConfigChanged(tierName: \"pro\") { tierConfig { configVersion } historyEntry { changedAt } } }" } });
            return subscriber;
        }

        public async Task<DateTimeOffset> NextAsync()
        {
            await ReceiveAsync();
            return DateTimeOffset.UtcNow;
        }

        public async ValueTask DisposeAsync()
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
            {
            }

            _socket.Dispose();
        }

        private Task SendAsync(object message) =>
            _socket.SendAsync(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(message)), WebSocketMessageType.Text, true, CancellationToken.None);

        private async Task ReceiveAsync()
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            WebSocketReceiveResult result;
            do
            {
                result = await _socket.ReceiveAsync(_buffer, timeout.Token);
            }
            while (!result.EndOfMessage);
        }
    }
}
