namespace Rephlo.Tiers.Domain.TierConfigs;

/// <summary>The full values of a tier at one config version (immutable; rollback reads it).</summary>
public sealed class TierConfigVersion
{
    private TierConfigVersion()
    {
        FeaturesJson = "{}";
    }

    internal TierConfigVersion(Guid id, TierConfig tier, DateTimeOffset createdAt, Guid? createdBy, string? createdByName)
    {
        Id = id;
        TierConfigId = tier.Id;
        ConfigVersion = tier.ConfigVersion;
        MonthlyPriceUsd = tier.MonthlyPriceUsd;
        AnnualPriceUsd = tier.AnnualPriceUsd;
        MonthlyCreditAllocation = tier.MonthlyCreditAllocation;
        MaxCreditRollover = tier.MaxCreditRollover;
        FeaturesJson = tier.FeaturesJson;
        IsActive = tier.IsActive;
        CreatedAt = createdAt;
        CreatedBy = createdBy;
        CreatedByName = TierRules.NormalizeName(createdByName);
    }

    public Guid Id { get; private set; }

    public Guid TierConfigId { get; private set; }

    public int ConfigVersion { get; private set; }

    public decimal MonthlyPriceUsd { get; private set; }

    public decimal AnnualPriceUsd { get; private set; }

    public int MonthlyCreditAllocation { get; private set; }

    public int MaxCreditRollover { get; private set; }

    public string FeaturesJson { get; private set; }

    public bool IsActive { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public Guid? CreatedBy { get; private set; }

    /// <summary>The administrator's name (or email) from the token; null for seeded versions.</summary>
    public string? CreatedByName { get; private set; }

    /// <summary>The values of this version, comparable with a tier's current <see cref="TierConfig.Snapshot"/>.</summary>
    public TierSnapshot ToSnapshot() =>
        new(MonthlyPriceUsd, AnnualPriceUsd, MonthlyCreditAllocation, MaxCreditRollover, FeaturesJson, IsActive);
}

/// <summary>The changeable values of a tier, for comparisons and "previous" values.</summary>
public sealed record TierSnapshot(
    decimal MonthlyPriceUsd,
    decimal AnnualPriceUsd,
    int MonthlyCreditAllocation,
    int MaxCreditRollover,
    string FeaturesJson,
    bool IsActive);
