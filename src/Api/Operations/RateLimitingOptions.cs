namespace Rephlo.Tiers.Api.Operations;

/// <summary>
/// Token buckets per caller (section <c>RateLimiting</c>): one bucket for queries (and
/// subscriptions, counted once when subscribed) and one for mutations, per token <c>sub</c> (per
/// client address when anonymous).
/// </summary>
public sealed class RateLimitingOptions
{
    public const string Section = "RateLimiting";

    /// <summary>False switches rate limits off (benchmarks, load tests).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Queries and subscriptions: 500 tokens, refilling 50 per second.</summary>
    public TokenBucketSettings Queries { get; set; } = new() { TokenLimit = 500, TokensPerPeriod = 50 };

    /// <summary>Mutations: 120 tokens, refilling 2 per second.</summary>
    public TokenBucketSettings Mutations { get; set; } = new() { TokenLimit = 120, TokensPerPeriod = 2 };

    public IEnumerable<string> Problems()
    {
        foreach (var (name, bucket) in new[] { (nameof(Queries), Queries), (nameof(Mutations), Mutations) })
        {
            if (bucket.TokenLimit < 1 || bucket.TokensPerPeriod < 1 || bucket.TokensPerPeriod > bucket.TokenLimit)
            {
                yield return $"RateLimiting:{name}: TokenLimit and TokensPerPeriod must be at least 1, and TokensPerPeriod at most TokenLimit.";
            }

            if (bucket.ReplenishmentPeriod < TimeSpan.FromMilliseconds(100) || bucket.ReplenishmentPeriod > TimeSpan.FromHours(1))
            {
                yield return $"RateLimiting:{name}:ReplenishmentPeriod must be between 00:00:00.1 and 01:00:00.";
            }
        }
    }
}

public sealed class TokenBucketSettings
{
    /// <summary>The bucket's size: the largest burst.</summary>
    public int TokenLimit { get; set; }

    /// <summary>Tokens added every <see cref="ReplenishmentPeriod"/>.</summary>
    public int TokensPerPeriod { get; set; }

    public TimeSpan ReplenishmentPeriod { get; set; } = TimeSpan.FromSeconds(1);
}
