namespace Rephlo.Tiers.Api.Transport;

/// <summary>Settings of the streaming transports (section <c>Subscriptions</c>).</summary>
public sealed class SubscriptionOptions
{
    public const string Section = "Subscriptions";

    /// <summary>A socket that sends no <c>connection_init</c> within this time is closed with 4408.</summary>
    public TimeSpan ConnectionInitTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>WebSocket keep-alive (protocol-level ping frames).</summary>
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Subscriptions one connection may hold at once; more are answered with an <c>error</c> message.</summary>
    public int MaxOperationsPerConnection { get; set; } = 50;

    /// <summary>
    /// Queries and mutations one WebSocket may have in flight at once (clients such as urql and
    /// Banana Cake Pop multiplex them over the socket); more are answered with an <c>error</c> message.
    /// </summary>
    public int MaxRequestsInFlightPerConnection { get; set; } = 256;

    /// <summary>
    /// Messages buffered for one connection (or SSE stream). A client that falls this far behind is
    /// disconnected (WebSocket close 1008, SSE stream ended): memory per client stays bounded and
    /// other clients are never slowed down.
    /// </summary>
    public int MaxBufferedMessages { get; set; } = 256;

    public IEnumerable<string> Problems()
    {
        if (ConnectionInitTimeout <= TimeSpan.Zero || KeepAliveInterval < TimeSpan.Zero)
        {
            yield return "Subscriptions:ConnectionInitTimeout must be positive and Subscriptions:KeepAliveInterval not negative.";
        }

        if (MaxOperationsPerConnection < 1 || MaxRequestsInFlightPerConnection < 1 || MaxBufferedMessages < 1)
        {
            yield return "Subscriptions:MaxOperationsPerConnection, MaxRequestsInFlightPerConnection and MaxBufferedMessages must be at least 1.";
        }
    }
}
