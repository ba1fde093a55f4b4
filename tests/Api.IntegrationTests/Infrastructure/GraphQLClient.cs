using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Rephlo.Tiers.Api.IntegrationTests.Infrastructure;

public sealed record GraphQLResponse(HttpStatusCode Status, string? ContentType, JsonNode? Body, string Raw)
{
    public JsonNode Data => Body?["data"] ?? throw new InvalidOperationException($"No data in response: {Raw}");

    public JsonArray? Errors => Body?["errors"] as JsonArray;

    public string? FirstErrorCode => Errors?.FirstOrDefault()?["extensions"]?["code"]?.GetValue<string>();
}

public static class GraphQLClient
{
    public const string GraphQLResponse = "application/graphql-response+json";

    public static async Task<GraphQLResponse> PostGraphQLAsync(this HttpClient client, string query, object? variables = null, string accept = GraphQLResponse, string? operationName = null)
    {
        var body = JsonSerializer.Serialize(new { query, variables, operationName });
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.ParseAdd(accept);
        return await SendGraphQLAsync(client, request);
    }

    public static async Task<GraphQLResponse> SendGraphQLAsync(this HttpClient client, HttpRequestMessage request)
    {
        using var response = await client.SendAsync(request);
        var raw = await response.Content.ReadAsStringAsync();
        JsonNode? parsed = null;
        if (raw.Length > 0)
        {
            try
            {
                parsed = JsonNode.Parse(raw);
            }
            catch (JsonException)
            {
            }
        }

        return new GraphQLResponse(response.StatusCode, response.Content.Headers.ContentType?.MediaType, parsed, raw);
    }

    public static HttpRequestMessage RawPost(string body, string contentType = "application/json", string accept = GraphQLResponse)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        request.Headers.Accept.ParseAdd(accept);
        return request;
    }
}
