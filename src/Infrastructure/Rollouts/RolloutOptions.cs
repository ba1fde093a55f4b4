namespace Rephlo.Tiers.Infrastructure.Rollouts;

/// <summary>Settings of the rollout runner (section <c>Rollouts</c>).</summary>
public sealed class RolloutOptions
{
    public const string Section = "Rollouts";

    /// <summary>Run the background runner in this process.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Subscriptions per batch; each batch is one transaction of set-based statements.</summary>
    public int BatchSize { get; set; } = 5_000;

    /// <summary>How often due and abandoned rollouts are looked for (scheduled ones start at most this late).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long a claim holds without renewal; renewed with every batch.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Claims after which a rollout that keeps failing is marked FAILED.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>Back-off after a failed attempt, doubled per attempt.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Rollouts one runner drives at once, a batch of each in turn (rollouts of one tier always queue).</summary>
    public int MaxConcurrentRollouts { get; set; } = 8;

    /// <summary>Identifies this runner in leases (defaults to machine, process and a random suffix).</summary>
    public string? InstanceId { get; set; }
}
