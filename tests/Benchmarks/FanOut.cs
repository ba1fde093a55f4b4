using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

/// <summary>
/// Fan-out benchmark: the API (Release build, own SQLite file) on a loopback port, N WebSocket
/// subscribers (graphql-transport-ws) to tierConfigChanged, then changes made over HTTP. Latency
/// is receive time minus the history entry's changedAt (same machine clock); memory per connection
/// is the server's RSS growth divided by N. One subscriber is the baseline, measured in the same run.
/// </summary>
internal static class FanOut
{
    public static async Task<int> RunAsync(string apiDll, int[] sizes, int rounds)
    {
        var port = FreePort();
        var dir = Directory.CreateTempSubdirectory("rephlo-fanout-");
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(apiDll);
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add($"http://127.0.0.1:{port}");
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        info.Environment["ConnectionStrings__Tiers"] = $"Data Source={Path.Combine(dir.FullName, "tiers.db")}";
        info.Environment["Rollouts__Enabled"] = "false";
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        using var api = Process.Start(info)!;
        api.OutputDataReceived += (_, _) => { };
        api.ErrorDataReceived += (_, _) => { };
        api.BeginOutputReadLine();
        api.BeginErrorReadLine();
        var results = new List<string>();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            await WaitForHealthAsync(http);
            var token = DevToken(apiDll);
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            var credits = 2000;
            foreach (var n in sizes)
            {
                var rssBefore = Rss(api.Id);
                var clients = new List<Subscriber>();
                for (var i = 0; i < n; i++)
                {
                    clients.Add(await Subscriber.ConnectAsync(port, token));
                }

                await Task.Delay(500);
                var rssAfter = Rss(api.Id);
                var latencies = new List<double>();
                for (var round = 0; round < rounds; round++)
                {
                    credits += 100;
                    var body = JsonSerializer.Serialize(new { query = $"mutation {{ updateTierCredits(input: {{tierName: \"pro\", newCredits: {credits}, reason: \"Fan-out benchmark round {round}\"}}) {{ historyEntry {{ changedAt }} }} }}" });
                    var receipts = clients.Select(c => c.NextAsync()).ToList();
                    var response = await http.PostAsync("/graphql", new StringContent(body, Encoding.UTF8, "application/json"));
                    var changedAt = DateTimeOffset.Parse(JsonNode.Parse(await response.Content.ReadAsStringAsync())!["data"]!["updateTierCredits"]!["historyEntry"]!["changedAt"]!.GetValue<string>(), CultureInfo.InvariantCulture);
                    foreach (var received in await Task.WhenAll(receipts))
                    {
                        latencies.Add((received - changedAt).TotalMilliseconds);
                    }
                }

                latencies.Sort();
                var perConnectionKb = (rssAfter - rssBefore) / 1024.0 / n;
                results.Add(string.Create(CultureInfo.InvariantCulture,
                    $"| {n:N0} | {rounds} | {Percentile(latencies, 0.50):F1} ms | {Percentile(latencies, 0.99):F1} ms | {latencies[^1]:F1} ms | {perConnectionKb:F0} KB |"));
                Console.Error.WriteLine($"   {n} subscribers: p50 {Percentile(latencies, 0.5):F1} ms, p99 {Percentile(latencies, 0.99):F1} ms, {perConnectionKb:F0} KB/connection");
                foreach (var client in clients)
                {
                    await client.DisposeAsync();
                }
            }
        }
        finally
        {
            api.Kill(entireProcessTree: true);
            await api.WaitForExitAsync();
            dir.Delete(recursive: true);
        }

        Console.WriteLine("| WebSocket subscribers | changes | p50 delivery after commit | p99 | max | server memory per connection |");
        Console.WriteLine("|---|---|---|---|---|---|");
        results.ForEach(Console.WriteLine);
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

    private static async Task WaitForHealthAsync(HttpClient http)
    {
        for (var i = 0; i < 150; i++)
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

    private sealed class Subscriber : IAsyncDisposable
    {
        private readonly ClientWebSocket _socket = new();
        private readonly byte[] _buffer = new byte[16 * 1024];

        public static async Task<Subscriber> ConnectAsync(int port, string token)
        {
            var subscriber = new Subscriber();
            subscriber._socket.Options.AddSubProtocol("graphql-transport-ws");
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
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
            }
            catch (WebSocketException)
            {
            }

            _socket.Dispose();
        }

        private Task SendAsync(object message) =>
            _socket.SendAsync(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(message)), WebSocketMessageType.Text, true, CancellationToken.None);

        private async Task ReceiveAsync()
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            WebSocketReceiveResult result;
            do
            {
                result = await _socket.ReceiveAsync(_buffer, timeout.Token);
            }
            while (!result.EndOfMessage);
        }
    }
}
