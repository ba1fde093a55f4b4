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
/// whose owner's lease expired after a crash) and drives them batch by batch. On shutdown it
/// stops between batches and gives its rollout back for the next start of any instance.
/// </summary>
public sealed class RolloutRunner(
    IServiceScopeFactory scopes,
    RolloutSignal signal,
    TimeProvider clock,
    IOptions<RolloutOptions> options,
    ILogger<RolloutRunner> logger) : BackgroundService
{
    public string InstanceId { get; } = options.Value.InstanceId ?? $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    /// <summary>Claims and runs every rollout that is due now; returns how many it finished or gave back.</summary>
    public async Task<int> RunDueAsync(CancellationToken cancellationToken)
    {
        await using (var scope = scopes.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<RolloutProcessor>().FinalizeAbandonedCancellationsAsync(cancellationToken);
        }

        IReadOnlyList<Guid> candidates;
        await using (var scope = scopes.CreateAsyncScope())
        {
            candidates = await scope.ServiceProvider.GetRequiredService<RolloutProcessor>().FindClaimableAsync(cancellationToken);
        }

        var handled = 0;
        foreach (var rolloutId in candidates)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                break;
            }

            await using var scope = scopes.CreateAsyncScope();
            var processor = scope.ServiceProvider.GetRequiredService<RolloutProcessor>();
            if (!await processor.TryClaimAsync(rolloutId, InstanceId, cancellationToken))
            {
                continue;
            }

            handled++;
            await DriveAsync(rolloutId, cancellationToken);
        }

        return handled;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        logger.LogInformation("Rollout runner {Instance} started (batch {BatchSize}, poll {Poll})", InstanceId, options.Value.BatchSize, options.Value.PollInterval);
        while (!stoppingToken.IsCancellationRequested)
        {
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

    private async Task DriveAsync(Guid rolloutId, CancellationToken stoppingToken)
    {
        try
        {
            bool more;
            do
            {
                // A fresh scope (and DbContext) per batch keeps memory flat however large the tier.
                await using var scope = scopes.CreateAsyncScope();
                more = await scope.ServiceProvider.GetRequiredService<RolloutProcessor>().ProcessNextBatchAsync(rolloutId, InstanceId, stoppingToken);
            }
            while (more && !stoppingToken.IsCancellationRequested);

            if (more)
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<RolloutProcessor>().ReleaseAsync(rolloutId, InstanceId, CancellationToken.None);
                logger.LogInformation("Rollout {RolloutId} given back on shutdown; it resumes from its last batch", rolloutId);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The batch in progress rolled back; the next start resumes from the last committed one.
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<RolloutProcessor>().ReleaseAsync(rolloutId, InstanceId, CancellationToken.None);
        }
        catch (Exception ex)
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<RolloutProcessor>().RecordFailureAsync(rolloutId, InstanceId, ex, CancellationToken.None);
        }
    }
}
