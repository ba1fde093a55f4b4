using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Rephlo.Tiers.Infrastructure.Persistence;

/// <summary>USD amounts (2 decimals, validated before storage) as whole cents.</summary>
public sealed class CentsConverter() : ValueConverter<decimal, long>(
    v => (long)decimal.Round(v * 100m, 0, MidpointRounding.ToEven),
    v => (v / 100m) + 0.00m);

/// <summary>Instants as UTC ticks; read back with offset zero.</summary>
public sealed class UtcTicksConverter() : ValueConverter<DateTimeOffset, long>(
    v => v.UtcTicks,
    v => new DateTimeOffset(v, TimeSpan.Zero));
