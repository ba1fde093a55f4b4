namespace Rephlo.Tiers.Domain.TierConfigs;

public enum TierChangeType
{
    CreditIncrease,
    CreditDecrease,
    PriceChange,
    FeatureUpdate,
    RolloverChange,
    ActivationChange,
    Rollback,
}
