namespace Rephlo.Tiers.Application.Common.Abstractions;

/// <summary>Wakes the rollout runner of this process after a rollout was committed (it also polls).</summary>
public interface IRolloutSignal
{
    void Notify();
}
