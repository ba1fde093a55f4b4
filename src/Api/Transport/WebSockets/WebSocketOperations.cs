using System.Collections.Concurrent;
using System.Text.Json;
using GraphQL;
using GraphQLParser.AST;
using Rephlo.Tiers.Api.Transport.Core;
using static Rephlo.Tiers.Api.Transport.WebSockets.ProtocolMessages;

namespace Rephlo.Tiers.Api.Transport.WebSockets;

/// <summary>
/// The operations of one <c>graphql-transport-ws</c> connection: <c>subscribe</c> starts one
/// (query, mutation or subscription), <c>complete</c> from the client stops it, results go out as
/// <c>next</c>/<c>error</c>/<c>complete</c>. Operations run concurrently, each with services of
/// its own (<see cref="OperationServices"/>); subscriptions and requests in flight have separate bounds.
/// </summary>
public sealed class WebSocketOperations(
    WebSocketConnection connection,
    GraphQLRequestReader reader,
    GraphQLExecutor executor,
    IGraphQLTextSerializer serializer,
    IServiceScopeFactory scopes,
    SubscriptionOptions options,
    ILogger logger)
{
    private readonly ConcurrentDictionary<string, Operation> _operations = new(StringComparer.Ordinal);

    /// <summary>A <c>subscribe</c> message of an acknowledged connection.</summary>
    public void Start(JsonElement message)
    {
        if (!message.TryGetProperty("id", out var idElement) || idElement.ValueKind != JsonValueKind.String || string.IsNullOrEmpty(idElement.GetString())
            || !message.TryGetProperty("payload", out var payload) || payload.ValueKind != JsonValueKind.Object
            || !payload.TryGetProperty("query", out var query) || query.ValueKind != JsonValueKind.String)
        {
            connection.Close(CloseCodes.BadRequest, "Invalid message received");
            return;
        }

        var id = idElement.GetString()!;
        var (request, problem) = reader.ReadObject(payload);
        var operation = new Operation(request?.OperationType == OperationType.Subscription);
        if (!_operations.TryAdd(id, operation))
        {
            connection.Close(CloseCodes.SubscriberAlreadyExists, $"Subscriber for {id} already exists");
            return;
        }

        if (problem is not null)
        {
            _operations.TryRemove(id, out _);
            connection.Send(Error(id, problem.Message, problem.Code));
            return;
        }

        // Subscriptions live long and are bounded by MaxOperationsPerConnection; queries and
        // mutations are short and have their own, larger bound (clients multiplex them).
        var (limit, running, what) = operation.IsSubscription
            ? (options.MaxOperationsPerConnection, _operations.Values.Count(o => o.IsSubscription), "subscriptions")
            : (options.MaxRequestsInFlightPerConnection, _operations.Values.Count(o => !o.IsSubscription), "queries and mutations");
        if (running > limit)
        {
            _operations.TryRemove(id, out _);
            connection.Send(Error(id, $"At most {limit} {what} may run at once on one connection.", "TOO_MANY_OPERATIONS"));
            return;
        }

        _ = Task.Run(() => ExecuteAsync(id, operation, request!));
    }

    /// <summary>The client's <c>complete</c>: stop the operation, say nothing more about it.</summary>
    public void Stop(string id)
    {
        if (_operations.TryRemove(id, out var operation))
        {
            operation.Dispose();
        }
    }

    /// <summary>Server shutdown: every operation is completed (the client hears <c>complete</c>).</summary>
    public void CompleteAll()
    {
        foreach (var id in _operations.Keys)
        {
            Complete(id);
        }
    }

    /// <summary>The connection ended: stop everything.</summary>
    public void StopAll()
    {
        foreach (var operation in _operations.Values)
        {
            operation.Dispose();
        }

        _operations.Clear();
    }

    private async Task ExecuteAsync(string id, Operation operation, GraphQLOperationRequest request)
    {
        // Every operation gets services of its own (DbContext, data loaders), never the
        // connection's: operations of one socket run concurrently. For a subscription they
        // serve only the subscribe step; each event is resolved in a scope of its own.
        await using var services = new OperationServices(scopes);

        // Each operation is a trace of its own, not a child of the long-lived upgrade request.
        System.Diagnostics.Activity.Current = null;
        try
        {
            var result = await executor.ExecuteAsync(request, services, connection.User!, operation.Token, connection.RemoteAddress);
            if (!result.Executed)
            {
                if (_operations.TryRemove(id, out _))
                {
                    connection.Send(Error(id, ErrorsJson(result)));
                }

                return;
            }

            if (result.Streams is not { Count: > 0 } streams)
            {
                if (_operations.ContainsKey(id))
                {
                    connection.Send(Next(id, serializer.Serialize(result)));
                    Complete(id);
                }

                return;
            }

            operation.Attach(streams.Values.First().Subscribe(new Observer(this, id)));
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Operation {Id} failed on a WebSocket connection", id);
            if (_operations.TryRemove(id, out _))
            {
                connection.Send(Error(id, "An unexpected error occurred.", "INTERNAL_SERVER_ERROR"));
            }
        }
    }

    private void Complete(string id)
    {
        if (_operations.TryRemove(id, out var operation))
        {
            operation.Dispose();
            connection.Send(CompleteMessage(id));
        }
    }

    private string ErrorsJson(ExecutionResult result)
    {
        using var document = JsonDocument.Parse(serializer.Serialize(result));
        return document.RootElement.TryGetProperty("errors", out var errors) ? errors.GetRawText() : "[]";
    }

    private sealed class Operation(bool isSubscription) : IDisposable
    {
        private readonly CancellationTokenSource _cancel = new();
        private IDisposable? _subscription;

        public bool IsSubscription { get; } = isSubscription;

        public CancellationToken Token => _cancel.Token;

        public void Attach(IDisposable subscription)
        {
            _subscription = subscription;
            if (_cancel.IsCancellationRequested)
            {
                subscription.Dispose();
            }
        }

        public void Dispose()
        {
            _cancel.Cancel();
            _subscription?.Dispose();
        }
    }

    private void Fail(string id, Exception error)
    {
        if (_operations.TryRemove(id, out var operation))
        {
            operation.Dispose();
            logger.LogError(error, "Subscription {Id} failed", id);
            connection.Send(Error(id, "The subscription failed.", "INTERNAL_SERVER_ERROR"));
        }
    }

    private void Forward(string id, ExecutionResult value)
    {
        if (_operations.ContainsKey(id))
        {
            connection.Send(Next(id, serializer.Serialize(value)));
        }
    }

    private sealed class Observer(WebSocketOperations owner, string id) : IObserver<ExecutionResult>
    {
        public void OnCompleted() => owner.Complete(id);

        public void OnError(Exception error) => owner.Fail(id, error);

        public void OnNext(ExecutionResult value) => owner.Forward(id, value);
    }
}
