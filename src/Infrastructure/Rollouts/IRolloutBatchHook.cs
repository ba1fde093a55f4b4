namespace Rephlo.Tiers.Infrastructure.Rollouts;

/// <summary>Where a batch is when a hook is called.</summary>
public enum RolloutBatchStage
{
    /// <summary>Inside the batch's transaction, before the per-tier lock and before anything is read.</summary>
    BeforeLock,

    /// <summary>Inside the batch's transaction, after its writes, before the commit.</summary>
    BeforeCommit,
}

/// <summary>A batch about to run (or just written) by a runner.</summary>
public sealed record RolloutBatchContext(Guid RolloutId, Guid TierConfigId, string Owner, RolloutBatchStage Stage);

/// <summary>
/// Test seam: called inside every batch transaction. Production registers none; tests register one
/// to force interleavings (a barrier between two runners), to slow a rollout down, or to fail a batch.
/// </summary>
public interface IRolloutBatchHook
{
    Task OnBatchAsync(RolloutBatchContext context, CancellationToken cancellationToken);
}
