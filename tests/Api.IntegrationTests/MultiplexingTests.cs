using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Rephlo.Tiers.Api.IntegrationTests.Infrastructure;

namespace Rephlo.Tiers.Api.IntegrationTests;

/// <summary>
/// Clients multiplex: urql and Banana Cake Pop send many operations at once over one socket.
/// Each operation has its own DI scope (DbContext, data loaders), so 100 concurrent queries and
/// mutations over one graphql-ws socket, then 100 over SSE on the same (by then well-used)
/// instance, all answer correctly, and the mutations are serialised with consecutive versions.
/// </summary>
public abstract class MultiplexingTests(TestDatabase database) : ApiTestBase(database)
{
    private const int Operations = 100;
    private const int Mutations = 10;

    private static readonly string[] Queries =
    [
        "{ tierConfigs(order: [{rank: ASC}]) { tierName monthlyCreditAllocation pendingRollouts { id } } }",
        "{ tierHistory(first: 20, where: {tierName: {eq: \"pro\"}}) { totalCount nodes { configVersion previousCredits newCredits rollout { id } } } }",
        "{ tierRollouts(first: 20) { totalCount nodes { id status } } }",
    ];

    [Fact]
    public async Task Concurrent_operations_over_one_socket_and_over_sse_all_answer_correctly()
    {
        // 1. One graphql-transport-ws connection, every operation sent before any answer is read.
        var client = Factory.Server.CreateWebSocketClient();
        client.SubProtocols.Add("graphql-transport-ws");
        await using var ws = new TestSocket(await client.ConnectAsync(new Uri(Factory.Server.BaseAddress, "graphql"), CancellationToken.None));
        await ws.SendAsync(new { type = "connection_init", payload = new { Authorization = "Bearer " + ApiFactory.CreateToken() } });
        Assert.Equal("connection_ack", (await ws.ReceiveAsync())!["type"]!.GetValue<string>());

        var sent = new Dictionary<string, int?>();
        for (var i = 0; i < Operations; i++)
        {
            var id = $"op-{i}";
            var credits = MutationCredits(i, round: 0);
            sent[id] = credits;
            await ws.SendAsync(new { id, type = "subscribe", payload = new { query = credits is { } c ? Mutation(c) : Queries[i % Queries.Length] } });
        }

        var answers = new Dictionary<string, JsonNode>();
        var completed = new HashSet<string>();
        while (completed.Count < Operations)
        {
            var message = (await ws.ReceiveAsync())!;
            var id = message["id"]!.GetValue<string>();
            switch (message["type"]!.GetValue<string>())
            {
                case "next":
                    answers.Add(id, message["payload"]!);
                    break;
                case "complete":
                    completed.Add(id);
                    break;
                default:
                    Assert.Fail($"Operation {id} answered {message.ToJsonString()}");
                    break;
            }
        }

        AssertAllCorrect(answers, sent);

        // 2. The same mix as GraphQL over SSE (a stream per operation), on the instance that has
        //    just served the socket's operations.
        var sseSent = Enumerable.Range(0, Operations).ToDictionary(i => $"sse-{i}", i => MutationCredits(i, round: 1));
        var streams = await Task.WhenAll(sseSent.Select(async op =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
            {
                Content = new StringContent(JsonSerializer.Serialize(new { query = op.Value is { } c ? Mutation(c) : Queries[int.Parse(op.Key[4..], System.Globalization.CultureInfo.InvariantCulture) % Queries.Length] }), Encoding.UTF8, "application/json"),
            };
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
            using var response = await Admin.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, text);
            var events = text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal("event: complete", events[^1].Split('\n')[0]);
            var next = Assert.Single(events, e => e.StartsWith("event: next", StringComparison.Ordinal));
            return (op.Key, Payload: JsonNode.Parse(next.Split('\n')[1]["data: ".Length..])!);
        }));

        AssertAllCorrect(streams.ToDictionary(s => s.Key, s => s.Payload), sseSent);

        // Every mutation of both rounds is in the history, versions consecutive, "previous" chained.
        var history = await Factory.WithDbAsync(db => db.TierConfigHistory.AsNoTracking()
            .Where(h => h.TierName == "pro").OrderBy(h => h.ConfigVersion).ToListAsync());
        Assert.Equal(2 * Mutations, history.Count);
        Assert.Equal(Enumerable.Range(2, 2 * Mutations), history.Select(h => h.ConfigVersion));
        Assert.Equal(1500, history[0].PreviousCredits);
        for (var i = 1; i < history.Count; i++)
        {
            Assert.Equal(history[i - 1].NewCredits, history[i].PreviousCredits);
        }
    }

    /// <summary>Every tenth operation is a mutation of pro, to distinct credits.</summary>
    private static int? MutationCredits(int i, int round) =>
        i % (Operations / Mutations) == 0 ? 2000 + (round * Mutations * 100) + (i / (Operations / Mutations) * 100) : null;

    private static string Mutation(int credits) =>
        $$"""mutation { updateTierCredits(input: {tierName: "pro", newCredits: {{credits}}, reason: "Multiplexed change to {{credits}}"}) { tierConfig { configVersion monthlyCreditAllocation } historyEntry { newCredits } errors { __typename } } }""";

    private static void AssertAllCorrect(IReadOnlyDictionary<string, JsonNode> answers, IReadOnlyDictionary<string, int?> sent)
    {
        Assert.Equal(sent.Keys.Order(), answers.Keys.Order());
        var mutationVersions = new List<int>();
        foreach (var (id, payload) in answers)
        {
            Assert.True(payload["errors"] is null, $"{id}: {payload.ToJsonString()}");
            var data = payload["data"]!;
            if (sent[id] is { } credits)
            {
                var change = data["updateTierCredits"]!;
                Assert.True(change["errors"] is null, $"{id}: {payload.ToJsonString()}");
                Assert.Equal(credits, change["tierConfig"]!["monthlyCreditAllocation"]!.GetValue<int>());
                Assert.Equal(credits, change["historyEntry"]!["newCredits"]!.GetValue<int>());
                mutationVersions.Add(change["tierConfig"]!["configVersion"]!.GetValue<int>());
            }
            else if (data["tierConfigs"] is JsonArray tiers)
            {
                Assert.Equal(6, tiers.Count);
            }
            else if (data["tierHistory"] is { } history)
            {
                // The page and its count are two statements: a mutation may commit between them.
                var versions = history["nodes"]!.AsArray().Select(n => n!["configVersion"]!.GetValue<int>()).ToList();
                Assert.InRange(versions.Count, 0, 20);
                Assert.True(history["totalCount"]!.GetValue<int>() >= 0);
                Assert.Equal(versions.OrderDescending(), versions);
            }
            else
            {
                Assert.NotNull(data["tierRollouts"]!["totalCount"]);
            }
        }

        // The round's mutations were serialised: consecutive versions, none lost.
        mutationVersions.Sort();
        Assert.Equal(Enumerable.Range(mutationVersions[0], Mutations), mutationVersions);
    }
}

public sealed class SqliteMultiplexingTests() : MultiplexingTests(TestDatabase.Sqlite);

public sealed class PostgresMultiplexingTests() : MultiplexingTests(TestDatabase.Postgres);
