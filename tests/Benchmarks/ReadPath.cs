using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;

/// <summary>
/// P2, the read path: <c>tierConfigs</c> through the Release API (Production, SQLite, JWT
/// validation) against a raw baseline measured in the same run — a minimal Kestrel endpoint in a
/// process of its own that validates the same token, reads the same six rows with plain ADO.NET
/// and writes the same JSON. Load from wrk (-t2 -c32), rounds interleaved, medians reported.
///   bench readpath --api src/Api/bin/Release/net10.0/Rephlo.Tiers.Api.dll [--seconds 10] [--rounds 3]
/// </summary>
internal static class ReadPath
{
    private const string Issuer = "rephlo-bench";
    private const string Audience = "rephlo-tiers";
    private const string SigningKey = "benchmark-signing-key-0123456789-abcdefghijklmnop";

    public const string TierConfigsQuery = "{ tierConfigs { tierName displayName monthlyCreditAllocation monthlyPriceUsd annualPriceUsd maxCreditRollover isActive configVersion } }";

    public static async Task<int> RunAsync(string apiDll, int seconds, int rounds)
    {
        if (!File.Exists("/usr/bin/wrk"))
        {
            Console.Error.WriteLine("wrk is needed (apt-get install -y wrk).");
            return 1;
        }

        var dir = Directory.CreateTempSubdirectory("rephlo-readpath-");
        var db = Path.Combine(dir.FullName, "tiers.db");
        var apiPort = FreePort();
        var rawPort = FreePort();
        using var api = Start(apiDll, null, apiPort, db);
        await WaitAsync(apiPort);
        using var raw = Start(typeof(ReadPath).Assembly.Location, "raw-server", rawPort, db);
        await WaitAsync(rawPort);
        var token = Token(apiDll);
        try
        {
            var tiers = Script(dir, "tiers", TierConfigsQuery, token);
            var typename = Script(dir, "typename", "{ __typename }", token);
            await CheckSameAnswerAsync(apiPort, rawPort, token);

            // Warm-up (JIT, pools, caches) of both, not measured.
            Wrk(rawPort, tiers, 3);
            Wrk(apiPort, tiers, 3);
            Wrk(apiPort, typename, 3);

            var rawRuns = new List<double>();
            var apiRuns = new List<double>();
            var typenameRuns = new List<double>();
            for (var i = 0; i < rounds; i++)
            {
                rawRuns.Add(Wrk(rawPort, tiers, seconds));
                apiRuns.Add(Wrk(apiPort, tiers, seconds));
                typenameRuns.Add(Wrk(apiPort, typename, seconds));
            }

            var rawMedian = Median(rawRuns);
            var apiMedian = Median(apiRuns);
            Console.WriteLine();
            Console.WriteLine($"P2 read path (wrk -t2 -c32, {rounds} interleaved rounds of {seconds} s, SQLite, Production, JWT validated; median [min–max])");
            Console.WriteLine();
            Console.WriteLine("| endpoint | req/s | ratio to raw |");
            Console.WriteLine("|---|---|---|");
            Console.WriteLine($"| raw Kestrel + ADO.NET (baseline) | {Format(rawRuns)} | 1.00 |");
            Console.WriteLine($"| API `tierConfigs` | {Format(apiRuns)} | {apiMedian / rawMedian:0.00} |");
            Console.WriteLine($"| API `{{ __typename }}` | {Format(typenameRuns)} | {Median(typenameRuns) / rawMedian:0.00} |");
            Console.WriteLine();
            Console.WriteLine($"tierConfigs / raw = {apiMedian / rawMedian:0.00} (target >= 0.60)");
            return 0;
        }
        finally
        {
            api.Kill(entireProcessTree: true);
            raw.Kill(entireProcessTree: true);
            await api.WaitForExitAsync();
            await raw.WaitForExitAsync();
            SqliteConnection.ClearAllPools();
            dir.Delete(recursive: true);
        }
    }

    /// <summary>The baseline server (run in its own process by <see cref="RunAsync"/>).</summary>
    public static async Task<int> RawServerAsync(string db, int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(jwt =>
        {
            jwt.MapInboundClaims = false;
            jwt.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = Issuer,
                ValidAudience = Audience,
                IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(SigningKey)),
                ValidateLifetime = true,
                RequireExpirationTime = true,
                ClockSkew = TimeSpan.FromSeconds(30),
                NameClaimType = "sub",
                RoleClaimType = "role",
            };
        });
        builder.Services.AddAuthorization();
        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        var connectionString = $"Data Source={db}";
        app.MapGet("/health", () => "ok");
        app.MapPost("/graphql", async (HttpContext http) =>
        {
            if (http.User.Identity?.IsAuthenticated != true)
            {
                http.Response.StatusCode = 401;
                return;
            }

            await using var connection = new SqliteConnection(connectionString);
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT tier_name, display_name, monthly_credit_allocation, monthly_price_usd, annual_price_usd, max_credit_rollover, is_active, config_version FROM tier_configs ORDER BY rank";
            await using var reader = await command.ExecuteReaderAsync();
            http.Response.ContentType = "application/graphql-response+json; charset=utf-8";
            await using var json = new Utf8JsonWriter(http.Response.BodyWriter);
            json.WriteStartObject();
            json.WriteStartObject("data");
            json.WriteStartArray("tierConfigs");
            while (await reader.ReadAsync())
            {
                json.WriteStartObject();
                json.WriteString("tierName", reader.GetString(0));
                json.WriteString("displayName", reader.GetString(1));
                json.WriteNumber("monthlyCreditAllocation", reader.GetInt32(2));
                json.WriteNumber("monthlyPriceUsd", Cents(reader.GetInt64(3)));
                json.WriteNumber("annualPriceUsd", Cents(reader.GetInt64(4)));
                json.WriteNumber("maxCreditRollover", reader.GetInt32(5));
                json.WriteBoolean("isActive", reader.GetBoolean(6));
                json.WriteNumber("configVersion", reader.GetInt32(7));
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndObject();
            await json.FlushAsync();
        });
        await app.RunAsync();
        return 0;
    }

    /// <summary>Cents as a decimal with two places (15.00), as the API's Decimal scalar writes money.</summary>
    private static decimal Cents(long cents) => new((int)cents, 0, 0, false, 2);

    /// <summary>Both answer the same data (the baseline does the same work, not less).</summary>
    private static async Task CheckSameAnswerAsync(int apiPort, int rawPort, string token)
    {
        using var client = new HttpClient();
        async Task<string> Ask(int port)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"http://127.0.0.1:{port}/graphql")
            {
                Content = new StringContent(JsonSerializer.Serialize(new { query = TierConfigsQuery }), Encoding.UTF8, "application/json"),
            };
            request.Headers.Authorization = new("Bearer", token);
            request.Headers.Accept.ParseAdd("application/graphql-response+json");
            using var response = await client.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            using var parsed = JsonDocument.Parse(body);
            return JsonSerializer.Serialize(parsed.RootElement.GetProperty("data").GetProperty("tierConfigs").EnumerateArray()
                .Select(t => t.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ToString())));
        }

        var fromApi = await Ask(apiPort);
        var fromRaw = await Ask(rawPort);
        if (fromApi != fromRaw)
        {
            throw new InvalidOperationException($"The baseline answers differently:\nAPI {fromApi}\nraw {fromRaw}");
        }
    }

    private static Process Start(string dll, string? command, int port, string db)
    {
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(dll);
        if (command is null)
        {
            info.ArgumentList.Add("--urls");
            info.ArgumentList.Add($"http://127.0.0.1:{port}");
        }
        else
        {
            info.ArgumentList.Add(command);
            info.ArgumentList.Add("--db");
            info.ArgumentList.Add(db);
            info.ArgumentList.Add("--port");
            info.ArgumentList.Add(port.ToString(CultureInfo.InvariantCulture));
        }

        SetEnvironment(info, db);
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                Console.Error.WriteLine(e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static void SetEnvironment(ProcessStartInfo info, string db)
    {
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["ConnectionStrings__Tiers"] = $"Data Source={db}";
        info.Environment["Auth__Issuer"] = Issuer;
        info.Environment["Auth__Audience"] = Audience;
        info.Environment["Auth__SigningKey"] = SigningKey;
        info.Environment["Rollouts__Enabled"] = "false";
        info.Environment["RateLimiting__Enabled"] = "false";
        info.Environment["Logging__LogLevel__Default"] = "Warning";
    }

    private static string Token(string apiDll)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, UseShellExecute = false };
        info.ArgumentList.Add(apiDll);
        info.ArgumentList.Add("dev-token");
        info.ArgumentList.Add("--expires");
        info.ArgumentList.Add("2h");
        SetEnvironment(info, "unused");
        using var process = Process.Start(info)!;
        var token = process.StandardOutput.ReadToEnd().Trim();
        process.WaitForExit();
        return token;
    }

    private static string Script(DirectoryInfo dir, string name, string query, string token)
    {
        var path = Path.Combine(dir.FullName, name + ".lua");
        var body = JsonSerializer.Serialize(new { query });
        File.WriteAllText(path, $$"""
            wrk.method = "POST"
            wrk.body = "{{body.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}}"
            wrk.headers["Content-Type"] = "application/json"
            wrk.headers["Accept"] = "application/graphql-response+json"
            wrk.headers["Authorization"] = "Bearer {{token}}"
            """);
        return path;
    }

    /// <summary>Requests per second of one wrk run; non-2xx answers make the run invalid.</summary>
    private static double Wrk(int port, string script, int seconds)
    {
        var info = new ProcessStartInfo("wrk") { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in new[] { "-t2", "-c32", $"-d{seconds}s", "-s", script, $"http://127.0.0.1:{port}/graphql" })
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (output.Contains("Non-2xx", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("wrk saw error responses:\n" + output);
        }

        var line = output.Split('\n').Single(l => l.StartsWith("Requests/sec:", StringComparison.Ordinal));
        return double.Parse(line["Requests/sec:".Length..].Trim(), CultureInfo.InvariantCulture);
    }

    private static async Task WaitAsync(int port)
    {
        using var client = new HttpClient();
        for (var i = 0; i < 150; i++)
        {
            try
            {
                if ((await client.GetAsync($"http://127.0.0.1:{port}/health")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"Nothing answered on port {port}.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static string Format(List<double> values) =>
        string.Create(CultureInfo.InvariantCulture, $"{Median(values):N0} [{values.Min():N0}–{values.Max():N0}]");
}
