using System.Threading.Channels;
using GraphQL;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Rephlo.Tiers.Api.Transport.Core;
using Rephlo.Tiers.Api.Transport.Http;
using Rephlo.Tiers.Infrastructure.Telemetry;

namespace Rephlo.Tiers.Api.Transport.Sse;

/// <summary>
/// GraphQL over Server-Sent Events (graphql-sse, distinct connections mode): every result is a
/// <c>next</c> event, the end is a <c>complete</c> event. A request that cannot execute gets 400
/// with the errors as JSON, as in the plain HTTP transport. Each stream is one HTTP request, so
/// one DI scope; each subscription event is resolved in a scope of its own.
/// </summary>
public sealed class SseTransport(
    GraphQLExecutor executor,
    GraphQLResponseWriter writer,
    IGraphQLTextSerializer serializer,
    IOptions<SubscriptionOptions> options,
    IHostApplicationLifetime lifetime,
    ILogger<SseTransport> logger)
{
    public const string EventStreamMediaType = "text/event-stream";

    private static readonly KeyValuePair<string, object?> Transport = new("transport", "sse");

    public static bool IsRequested(HttpRequest request) =>
        MediaTypeHeaderValue.TryParseList(request.Headers.Accept, out var ranges)
        && ranges.Any(r => string.Equals(r.MediaType.Value, EventStreamMediaType, StringComparison.OrdinalIgnoreCase));

    public async Task StreamAsync(HttpContext http, GraphQLOperationRequest request)
    {
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, lifetime.ApplicationStopping);
        var result = await executor.ExecuteAsync(request, http.RequestServices, http.User, stopping.Token, http.Connection.RemoteIpAddress?.ToString());
        if (!result.Executed)
        {
            await writer.WriteAsync(http, GraphQLResponseWriter.JsonMediaType, GraphQLResponseWriter.NotExecutedStatus(result), result);
            return;
        }

        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = EventStreamMediaType + "; charset=utf-8";
        http.Response.Headers.CacheControl = "no-cache";
        http.Response.Headers["X-Accel-Buffering"] = "no";
        await http.Response.Body.FlushAsync(stopping.Token);

        var events = Channel.CreateBounded<ExecutionResult>(new BoundedChannelOptions(options.Value.MaxBufferedMessages) { SingleReader = true });
        IDisposable? subscription = null;
        if (result.Streams is { Count: > 0 } streams)
        {
            subscription = streams.Values.First().Subscribe(new ChannelObserver(events, logger));
        }
        else
        {
            events.Writer.TryWrite(result);
            events.Writer.TryComplete();
        }

        TiersTelemetry.OpenConnections.Add(1, Transport);
        try
        {
            await foreach (var next in events.Reader.ReadAllAsync(stopping.Token))
            {
                await WriteEventAsync(http, "next", serializer.Serialize(next), stopping.Token);
            }
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            subscription?.Dispose();
            TiersTelemetry.OpenConnections.Add(-1, Transport);
        }

        if (!http.RequestAborted.IsCancellationRequested)
        {
            await WriteEventAsync(http, "complete", string.Empty, CancellationToken.None);
        }
    }

    private static async Task WriteEventAsync(HttpContext http, string name, string data, CancellationToken cancellationToken)
    {
        await http.Response.WriteAsync($"event: {name}\ndata: {data}\n\n", cancellationToken);
        await http.Response.Body.FlushAsync(cancellationToken);
    }

    /// <summary>Feeds a bounded channel; a consumer too slow to keep up loses its stream, never the server's memory.</summary>
    private sealed class ChannelObserver(Channel<ExecutionResult> channel, ILogger logger) : IObserver<ExecutionResult>
    {
        public void OnCompleted() => channel.Writer.TryComplete();

        public void OnError(Exception error)
        {
            logger.LogError(error, "A subscription streamed over SSE failed");
            channel.Writer.TryComplete();
        }

        public void OnNext(ExecutionResult value)
        {
            if (!channel.Writer.TryWrite(value))
            {
                logger.LogWarning("Ending an SSE stream whose client fell behind");
                TiersTelemetry.DroppedSlowClients.Add(1, Transport);
                channel.Writer.TryComplete();
            }
        }
    }
}
