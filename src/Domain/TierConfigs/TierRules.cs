namespace Rephlo.Tiers.Domain.TierConfigs;

/// <summary>
/// The limits of tier changes in one place. Validators use them to produce field errors; the
/// aggregate uses them as guards (a violation reaching the aggregate is a programming error).
/// </summary>
public static class TierRules
{
    public const int MinCredits = 100;
    public const int MaxCredits = 1_000_000;
    public const int CreditStep = 100;

    public const int MinReasonLength = 10;
    public const int MaxReasonLength = 500;

    /// <summary>Longest tier name (a key such as <c>enterprise_pro_plus</c>).</summary>
    public const int MaxTierNameLength = 64;

    public const decimal MaxPriceUsd = 100_000.00m;
    public const int PriceDecimals = 2;

    /// <summary>Annual price below this multiple of the monthly price earns a warning.</summary>
    public const int AnnualToMonthlyWarningFactor = 10;

    public const int MaxRolloverMonths = 12;

    public const int MaxFeatureKeys = 50;
    public const int MaxFeaturesBytes = 8 * 1024;

    public const int MaxScheduleDaysAhead = 365;

    /// <summary>Longest administrator name (token <c>name</c> or <c>email</c>) recorded beside an id.</summary>
    public const int MaxNameLength = 200;

    /// <summary>USD value of one credit.</summary>
    public const decimal CreditValueUsd = 0.01m;

    public static bool IsValidCredits(int credits) =>
        credits is >= MinCredits and <= MaxCredits && credits % CreditStep == 0;

    public static bool IsValidPrice(decimal price) =>
        price is >= 0m and <= MaxPriceUsd && decimal.Round(price, PriceDecimals) == price;

    public static bool IsValidReason(string? reason) =>
        reason is not null && reason.Trim().Length is >= MinReasonLength and <= MaxReasonLength;

    public static int MaxRolloverFor(int monthlyCredits) => monthlyCredits * MaxRolloverMonths;

    /// <summary>
    /// Why credits of <paramref name="newCredits"/> are refused while the tier keeps
    /// <paramref name="maxCreditRollover"/> (rollover is at most 12 × the monthly credits),
    /// or null when they fit.
    /// </summary>
    public static string? RolloverLimitViolation(int maxCreditRollover, int newCredits)
    {
        var limit = MaxRolloverFor(newCredits);
        if (maxCreditRollover <= limit)
        {
            return null;
        }

        var lowest = (int)Math.Ceiling(maxCreditRollover / (double)MaxRolloverMonths / CreditStep) * CreditStep;
        return $"{newCredits} credits would leave the max rollover of {maxCreditRollover} above the rollover limit of {MaxRolloverMonths} × {newCredits} = {limit}. "
            + $"Lower maxCreditRollover first (updateTierRollover) or keep at least {lowest} credits.";
    }

    /// <summary>A name as recorded: trimmed, at most <see cref="MaxNameLength"/> characters, null when blank.</summary>
    public static string? NormalizeName(string? name)
    {
        var trimmed = name?.Trim();
        return string.IsNullOrEmpty(trimmed) ? null : trimmed.Length <= MaxNameLength ? trimmed : trimmed[..MaxNameLength];
    }

    /// <summary>Normalises a price to exactly two decimal places (15 → 15.00).</summary>
    public static decimal NormalizePrice(decimal price) => decimal.Round(price, PriceDecimals) + 0.00m;
}
