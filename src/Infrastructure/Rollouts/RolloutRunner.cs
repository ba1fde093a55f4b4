using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Rephlo.Tiers.Application.Common.Abstractions;

namespace Rephlo.Tiers.Infrastructure.Rollouts;

/// <summary>Wakes the runner when a rollout is committed in this process.</summary>
public sealed class RolloutSignal : IRolloutSignal
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Notify()
    {
        try
        {
            _signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled.
        }
    }

    public Task WaitAsync(TimeSpan timeout, TimeProvider clock, CancellationToken cancellationToken) =>
        Task.WhenAny(_signal.WaitAsync(cancellationToken), Task.Delay(timeout, clock, cancellationToken));
}

/// <summary>
/// The background runner: claims due rollouts (pending ones whose time has come, running ones
/// whose owner's lease expired after a crash) and drives all it holds round-robin, one batch of
/// each in turn, looking for newly due rollouts between rounds, so a scheduled rollout starts on
/// time even while a huge rollout of another tier runs. Same-tier rollouts queue (see
/// <see cref="RolloutProcessor.TryClaimAsync"/>). On shutdown (SIGTERM) it lets the batch in flight
/// commit, then stops and gives its rollouts back (lease cleared), so another instance resumes at once.
/// </summary>
public sealed class RolloutRunner(
    IServiceScopeFactory scopes,
    RolloutSignal signal,
    TimeProvider clock,
    IOptions<RolloutOptions> options,
    ILogger<RolloutRunner> logger) : BackgroundService
{
    private long _heartbeatTicks;

    public string InstanceId { get; } = options.Value.InstanceId ?? $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    /// <summary>When the runner last showed it was alive (each poll and each batch); null before it started.</summary>
    public DateTimeOffset? LastHeartbeat => Interlocked.Read(ref _heartbeatTicks) is var ticks and > 0 ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;

    private void Beat() => Interlocked.Exchange(ref _heartbeatTicks, clock.GetUtcNow().UtcTicks);

    /// <summary>
    /// Claims every rollout that is due and drives them until none is left (including those due
    /// meanwhile and those queued behind a finished one); returns how many it claimed.
    /// </summary>
    public async Task<int> RunDueAsync(CancellationToken cancellationToken)
    {
        var active = new List<Guid>();
        var claimed = 0;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                Beat();
                claimed += await ClaimDueAsync(active, cancellationToken);
                if (active.Count == 0)
                {
                    break;
                }

                // One round: a batch of each rollout held, in turn.
                foreach (var rolloutId in active.ToArray())
                {
                    if (cancellationToken.IsCancellationRequested)
                    {
                        break;
                    }

                    // A batch once started is never cancelled by shutdown: it commits (it is one
                    // short transaction), then the loop sees the stop and gives the rollout back.
                    if (!await NextBatchAsync(rolloutId, CancellationToken.None))
                    {
                        active.Remove(rolloutId);
                    }

                    Beat();
                }
            }
        }
        finally
        {
            // Shutdown (or an unexpected error): give back what is still held; it resumes from its last batch.
            foreach (var rolloutId in active)
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<RolloutProcessor>().ReleaseAsync(rolloutId, InstanceId, CancellationToken.None);
                logger.LogInformation("Rollout {RolloutId} given back; it resumes from its last batch", rolloutId);
            }
        }

        return claimed;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        logger.LogInformation("Rollout runner {Instance} started (batch {BatchSize}, poll {Poll})", InstanceId, options.Value.BatchSize, options.Value.PollInterval);
        while (!stoppingToken.IsCancellationRequested)
        {
            Beat();
            try
            {
                if (await RunDueAsync(stoppingToken) > 0)
                {
                    continue;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Rollout runner {Instance} could not look for due rollouts", InstanceId);
            }

            try
            {
                await signal.WaitAsync(options.Value.PollInterval, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        logger.LogInformation("Rollout runner {Instance} stopped", InstanceId);
    }

    private async Task<int> ClaimDueAsync(List<Guid> active, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var processor = scope.ServiceProvider.GetRequiredService<RolloutProcessor>();
        await processor.FinalizeAbandonedCancellationsAsync(cancellationToken);
        var claimed = 0;
        foreach (var rolloutId in await processor.FindClaimableAsync(cancellationToken))
        {
            if (active.Count >= options.Value.MaxConcurrentRollouts || cancellationToken.IsCancellationRequested)
            {
                break;
            }

            if (!active.Contains(rolloutId) && await processor.TryClaimAsync(rolloutId, InstanceId, cancellationToken))
            {
                active.Add(rolloutId);
                claimed++;
            }
        }

        return claimed;
    }

    /// <summary>One batch in a fresh scope (and DbContext), so memory stays flat however large the tier; false when the rollout is no longer driven here.</summary>
    private async Task<bool> NextBatchAsync(Guid rolloutId, CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<RolloutProcessor>().ProcessNextBatchAsync(rolloutId, InstanceId, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The batch in progress rolled back; the rollout is given back by the caller.
            return true;
        }
        catch (Exception ex)
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<RolloutProcessor>().RecordFailureAsync(rolloutId, InstanceId, ex, CancellationToken.None);
            return false;
        }
    }
}
