using System.Security.Claims;
using System.Threading.RateLimiting;
using GraphQL;
using GraphQLParser.AST;
using Microsoft.Extensions.Options;

namespace Rephlo.Tiers.Api.Operations;

/// <summary>
/// Token buckets (System.Threading.RateLimiting) partitioned by caller and operation kind. The
/// executor asks once per operation, when its type is known; idle partitions are dropped by the
/// partitioned limiter, which also refills the buckets (every 100 ms).
/// </summary>
public sealed class OperationRateLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<(bool Mutation, string Caller)>? _limiter;

    public OperationRateLimiter(IOptions<RateLimitingOptions> options)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            return;
        }

        _limiter = PartitionedRateLimiter.Create<(bool Mutation, string Caller), (bool Mutation, string Caller)>(key =>
            RateLimitPartition.GetTokenBucketLimiter(key, k => Bucket(k.Mutation ? settings.Mutations : settings.Queries)));
    }

    /// <summary>The partition of a caller: the token's <c>sub</c>, else the client address.</summary>
    public static string CallerOf(ClaimsPrincipal user, string? clientAddress) =>
        user.FindFirst("sub")?.Value is { Length: > 0 } sub ? "sub:" + sub : "ip:" + (clientAddress ?? "unknown");

    /// <summary>Null when the operation may run; otherwise the error to answer with.</summary>
    public RateLimitedError? TryAcquire(OperationType? type, string caller)
    {
        if (_limiter is null)
        {
            return null;
        }

        using var lease = _limiter.AttemptAcquire((type == OperationType.Mutation, caller));
        if (lease.IsAcquired)
        {
            return null;
        }

        var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
        return new RateLimitedError(type == OperationType.Mutation ? "mutations" : "queries", retryAfter);
    }

    public void Dispose() => _limiter?.Dispose();

    private static TokenBucketRateLimiterOptions Bucket(TokenBucketSettings settings) => new()
    {
        TokenLimit = settings.TokenLimit,
        TokensPerPeriod = settings.TokensPerPeriod,
        ReplenishmentPeriod = settings.ReplenishmentPeriod,
        QueueLimit = 0,
        AutoReplenishment = false, // the partitioned limiter refills every partition on its own timer
    };
}

/// <summary>An operation refused by the rate limit (HTTP 429 with Retry-After; over a socket, an error with this code).</summary>
public sealed class RateLimitedError : ExecutionError
{
    public const string ErrorCode = "RATE_LIMITED";

    public RateLimitedError(string kind, TimeSpan retryAfter)
        : base($"Too many {kind}: retry after {RetryAfterSeconds(retryAfter)} s.")
    {
        Code = ErrorCode;
        RetryAfter = retryAfter;
    }

    public TimeSpan RetryAfter { get; }

    /// <summary>Whole seconds for the Retry-After header (at least 1).</summary>
    public int Seconds => RetryAfterSeconds(RetryAfter);

    private static int RetryAfterSeconds(TimeSpan wait) => Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
}
