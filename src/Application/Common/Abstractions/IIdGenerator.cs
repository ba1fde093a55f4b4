namespace Rephlo.Tiers.Application.Common.Abstractions;

/// <summary>Creates ids for new rows (time-ordered in production, sequential in tests).</summary>
public interface IIdGenerator
{
    Guid NewId();
}

public sealed class TimeOrderedIdGenerator(TimeProvider clock) : IIdGenerator
{
    public Guid NewId() => Guid.CreateVersion7(clock.GetUtcNow());
}
