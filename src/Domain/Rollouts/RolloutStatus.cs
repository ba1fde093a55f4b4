namespace Rephlo.Tiers.Domain.Rollouts;

public enum RolloutStatus
{
    Pending,
    Running,
    Completed,
    Cancelled,
    Failed,
}
