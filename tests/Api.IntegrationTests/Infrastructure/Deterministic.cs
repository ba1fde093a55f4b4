using Microsoft.Extensions.Time.Testing;
using Rephlo.Tiers.Application.Common.Abstractions;

namespace Rephlo.Tiers.Api.IntegrationTests.Infrastructure;

/// <summary>Ids 00000000-0000-0000-0000-000000000001, …2, … in creation order (thread-safe).</summary>
public sealed class SequentialIdGenerator : IIdGenerator
{
    private long _next;

    public Guid NewId() => Guid.Parse($"00000000-0000-0000-0000-{Interlocked.Increment(ref _next):D12}");
}

public static class TestClock
{
    public static readonly DateTimeOffset Start = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    public static FakeTimeProvider Create() => new(Start);
}
