using Rephlo.Tiers.Domain.Common;
using Rephlo.Tiers.Domain.Rollouts;

namespace Rephlo.Tiers.Domain.TierConfigs;

/// <summary>
/// A subscription tier's configuration: the aggregate root of the catalogue. Every accepted
/// change bumps <see cref="ConfigVersion"/> by exactly one and yields exactly one history row and
/// one version snapshot, which the caller persists in the same transaction.
/// </summary>
public sealed class TierConfig
{
    private TierConfig()
    {
        TierName = string.Empty;
        DisplayName = string.Empty;
        FeaturesJson = "{}";
    }

    public Guid Id { get; private set; }

    public string TierName { get; private set; }

    public string DisplayName { get; private set; }

    /// <summary>Catalogue order (0 = first); lists are sorted by it by default.</summary>
    public int Rank { get; private set; }

    public decimal MonthlyPriceUsd { get; private set; }

    public decimal AnnualPriceUsd { get; private set; }

    public int MonthlyCreditAllocation { get; private set; }

    public int MaxCreditRollover { get; private set; }

    /// <summary>Canonical JSON object (see <see cref="TierFeatures"/>).</summary>
    public string FeaturesJson { get; private set; }

    public bool IsActive { get; private set; }

    public int ConfigVersion { get; private set; }

    public Guid? LastModifiedBy { get; private set; }

    public DateTimeOffset LastModifiedAt { get; private set; }

    /// <summary>Whether the latest change was to be applied to existing subscribers.</summary>
    public bool ApplyToExistingUsers { get; private set; }

    /// <summary>When the latest change's rollout to existing subscribers starts (null if none).</summary>
    public DateTimeOffset? RolloutStartDate { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>Creates a tier at version 1 with its first version snapshot (seeding).</summary>
    public static (TierConfig Tier, TierConfigVersion Version) Create(
        Guid id,
        string tierName,
        string displayName,
        int rank,
        decimal monthlyPriceUsd,
        decimal annualPriceUsd,
        int monthlyCredits,
        int maxRollover,
        string featuresJson,
        bool isActive,
        DateTimeOffset now,
        Guid versionId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tierName);
        ArgumentException.ThrowIfNullOrWhiteSpace(displayName);
        GuardCredits(monthlyCredits);
        GuardPrice(monthlyPriceUsd);
        GuardPrice(annualPriceUsd);
        ArgumentOutOfRangeException.ThrowIfNegative(maxRollover);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxRollover, TierRules.MaxRolloverFor(monthlyCredits));

        var tier = new TierConfig
        {
            Id = id,
            TierName = tierName,
            DisplayName = displayName,
            Rank = rank,
            MonthlyPriceUsd = TierRules.NormalizePrice(monthlyPriceUsd),
            AnnualPriceUsd = TierRules.NormalizePrice(annualPriceUsd),
            MonthlyCreditAllocation = monthlyCredits,
            MaxCreditRollover = maxRollover,
            FeaturesJson = TierFeatures.CanonicalizeTrusted(featuresJson),
            IsActive = isActive,
            ConfigVersion = 1,
            LastModifiedAt = now,
            CreatedAt = now,
            UpdatedAt = now,
        };
        return (tier, new TierConfigVersion(versionId, tier, now, createdBy: null, createdByName: null));
    }

    public TierSnapshot Snapshot() =>
        new(MonthlyPriceUsd, AnnualPriceUsd, MonthlyCreditAllocation, MaxCreditRollover, FeaturesJson, IsActive);

    /// <summary>
    /// Changes the monthly credit allocation. An increase applied to existing subscribers comes with
    /// its planned rollout (the history entry stays unapplied until a rollout of it completes); a
    /// decrease can never be applied to them, and may not leave the max rollover above 12 × the credits.
    /// </summary>
    public Result<TierChange> ChangeCredits(int newCredits, bool applyToExistingUsers, DateTimeOffset? scheduledRolloutAt, ChangeContext context)
    {
        GuardCredits(newCredits);
        if (CheckVersion(context) is { } conflict)
        {
            return conflict;
        }

        if (newCredits == MonthlyCreditAllocation)
        {
            return new NoChangeError($"Tier '{TierName}' already grants {newCredits} credits per month.");
        }

        var increase = newCredits > MonthlyCreditAllocation;
        if (!increase && applyToExistingUsers)
        {
            return new UpgradePolicyViolationError(
                $"Credits of existing subscribers are never lowered: a decrease ({MonthlyCreditAllocation} → {newCredits}) cannot be applied to existing users. Set applyToExistingUsers to false; the new value then applies to new subscribers only.");
        }

        if (!increase && TierRules.RolloverLimitViolation(MaxCreditRollover, newCredits) is { } rollover)
        {
            return new ValidationError("newCredits", rollover);
        }

        var warnings = new List<string>();
        if (!increase)
        {
            warnings.Add($"Existing subscribers keep their current allocation; only new subscribers get {newCredits} credits.");
        }
        else if (!applyToExistingUsers)
        {
            warnings.Add($"applyToExistingUsers is false: existing subscribers keep their allocation; only new subscribers get {newCredits} credits.");
        }

        var before = Snapshot();
        MonthlyCreditAllocation = newCredits;
        return Commit(
            increase ? TierChangeType.CreditIncrease : TierChangeType.CreditDecrease,
            before,
            context,
            applyToExistingUsers,
            increase && applyToExistingUsers ? new RolloutRequest(scheduledRolloutAt) : null,
            warnings);
    }

    /// <summary>Changes the list prices. Existing subscribers keep the price they pay (grandfathering).</summary>
    public Result<TierChange> ChangePrices(decimal? newMonthlyPriceUsd, decimal? newAnnualPriceUsd, ChangeContext context)
    {
        if (newMonthlyPriceUsd is null && newAnnualPriceUsd is null)
        {
            throw new ArgumentException("At least one price must be given.");
        }

        if (newMonthlyPriceUsd is { } m)
        {
            GuardPrice(m);
        }

        if (newAnnualPriceUsd is { } a)
        {
            GuardPrice(a);
        }

        if (CheckVersion(context) is { } conflict)
        {
            return conflict;
        }

        var monthly = TierRules.NormalizePrice(newMonthlyPriceUsd ?? MonthlyPriceUsd);
        var annual = TierRules.NormalizePrice(newAnnualPriceUsd ?? AnnualPriceUsd);
        if (monthly == MonthlyPriceUsd && annual == AnnualPriceUsd)
        {
            return new NoChangeError($"Tier '{TierName}' already costs {MonthlyPriceUsd} USD monthly and {AnnualPriceUsd} USD annually.");
        }

        var warnings = new List<string>();
        if (annual < monthly * TierRules.AnnualToMonthlyWarningFactor)
        {
            warnings.Add($"The annual price ({annual} USD) is below {TierRules.AnnualToMonthlyWarningFactor} × the monthly price ({monthly * TierRules.AnnualToMonthlyWarningFactor} USD).");
        }

        warnings.Add("Existing subscribers keep the price they signed up at; the new prices apply to new subscriptions.");

        var before = Snapshot();
        MonthlyPriceUsd = monthly;
        AnnualPriceUsd = annual;
        return Commit(TierChangeType.PriceChange, before, context, applyToExisting: false, rollout: null, warnings);
    }

    /// <summary>Replaces the features object (already validated and canonicalized).</summary>
    public Result<TierChange> ChangeFeatures(string canonicalFeaturesJson, ChangeContext context)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(canonicalFeaturesJson);
        if (CheckVersion(context) is { } conflict)
        {
            return conflict;
        }

        if (string.Equals(canonicalFeaturesJson, FeaturesJson, StringComparison.Ordinal))
        {
            return new NoChangeError($"Tier '{TierName}' already has exactly these features.");
        }

        var before = Snapshot();
        FeaturesJson = canonicalFeaturesJson;
        return Commit(TierChangeType.FeatureUpdate, before, context, applyToExisting: false, rollout: null, []);
    }

    /// <summary>Changes the maximum rollover: 0 to 12 × the monthly credits.</summary>
    public Result<TierChange> ChangeMaxRollover(int maxCreditRollover, ChangeContext context)
    {
        if (CheckVersion(context) is { } conflict)
        {
            return conflict;
        }

        var max = TierRules.MaxRolloverFor(MonthlyCreditAllocation);
        if (maxCreditRollover < 0 || maxCreditRollover > max)
        {
            return new ValidationError("maxCreditRollover", $"Max rollover must be between 0 and {max} (12 × {MonthlyCreditAllocation} monthly credits).");
        }

        if (maxCreditRollover == MaxCreditRollover)
        {
            return new NoChangeError($"Tier '{TierName}' already has a max rollover of {maxCreditRollover}.");
        }

        var before = Snapshot();
        MaxCreditRollover = maxCreditRollover;
        return Commit(TierChangeType.RolloverChange, before, context, applyToExisting: false, rollout: null, []);
    }

    /// <summary>Activates or deactivates the tier. Existing subscribers keep their subscription.</summary>
    public Result<TierChange> SetActive(bool isActive, int activeSubscribers, ChangeContext context)
    {
        if (CheckVersion(context) is { } conflict)
        {
            return conflict;
        }

        if (isActive == IsActive)
        {
            return new NoChangeError($"Tier '{TierName}' is already {(isActive ? "active" : "inactive")}.");
        }

        var warnings = new List<string>();
        if (!isActive && activeSubscribers > 0)
        {
            warnings.Add($"{activeSubscribers} active subscribers keep their subscription; new subscriptions to '{TierName}' are refused while it is inactive.");
        }

        var before = Snapshot();
        IsActive = isActive;
        return Commit(TierChangeType.ActivationChange, before, context, applyToExisting: false, rollout: null, warnings);
    }

    /// <summary>
    /// Creates a new version carrying the values of an earlier one. Existing subscribers are not
    /// touched, so credits never drop for them.
    /// </summary>
    public Result<TierChange> RollBackTo(TierConfigVersion target, ChangeContext context)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (target.TierConfigId != Id)
        {
            throw new ArgumentException("The version belongs to another tier.", nameof(target));
        }

        if (CheckVersion(context) is { } conflict)
        {
            return conflict;
        }

        if (target.ConfigVersion == ConfigVersion)
        {
            return new NoChangeError($"Tier '{TierName}' is already at version {ConfigVersion}.");
        }

        if (target.ConfigVersion > ConfigVersion)
        {
            return new ValidationError("toVersion", $"Rollback needs an earlier version than the current {ConfigVersion}.");
        }

        var before = Snapshot();
        var values = target.ToSnapshot();
        if (values == before)
        {
            return new NoChangeError($"Version {target.ConfigVersion} of tier '{TierName}' has the same values as the current version {ConfigVersion}.");
        }

        var warnings = new List<string>();
        var raises = values.MonthlyCreditAllocation > before.MonthlyCreditAllocation;
        if (values.MonthlyCreditAllocation < before.MonthlyCreditAllocation)
        {
            warnings.Add("Existing subscribers keep their current allocation; the lower credits apply to new subscribers only.");
        }

        MonthlyPriceUsd = values.MonthlyPriceUsd;
        AnnualPriceUsd = values.AnnualPriceUsd;
        MonthlyCreditAllocation = values.MonthlyCreditAllocation;
        MaxCreditRollover = values.MaxCreditRollover;
        FeaturesJson = values.FeaturesJson;
        IsActive = values.IsActive;
        var change = Commit(TierChangeType.Rollback, before, context, applyToExisting: false, rollout: null, warnings);
        if (raises)
        {
            // Named once the history entry (and its id) exists.
            warnings.Insert(0, $"The rollback raises credits to {values.MonthlyCreditAllocation} for new subscribers only; existing subscribers keep theirs until you apply this change to them with applyTierCreditChange (historyEntryId {change.History.Id}).");
        }

        return change;
    }

    /// <summary>
    /// Plans a new rollout of an earlier change of this tier to existing subscribers ("apply later /
    /// again"): the change must have raised credits (a credit increase, or a rollback that raised
    /// them) to exactly the tier's current credits, and no rollout of the tier to the same target may
    /// be pending or running. Nothing of the tier or of the (immutable) history entry changes.
    /// </summary>
    public Result<TierRollout> PlanRolloutOf(
        TierConfigHistory entry,
        IEnumerable<TierRollout> openRollouts,
        DateTimeOffset? scheduledFor,
        ChangeContext context)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(openRollouts);
        ArgumentNullException.ThrowIfNull(context);
        if (entry.TierConfigId != Id)
        {
            throw new ArgumentException("The history entry belongs to another tier.", nameof(entry));
        }

        var raisedCredits = entry.NewCredits > entry.PreviousCredits
            && entry.ChangeType is TierChangeType.CreditIncrease or TierChangeType.Rollback;
        if (!raisedCredits)
        {
            return new UpgradePolicyViolationError(
                $"History entry {entry.Id} is a {entry.ChangeType} from {entry.PreviousCredits} to {entry.NewCredits} credits: only a change that raised credits (a credit increase, or a rollback that raised them) can be applied to existing subscribers.");
        }

        if (entry.NewCredits != MonthlyCreditAllocation)
        {
            return new UpgradePolicyViolationError(
                $"History entry {entry.Id} set {entry.NewCredits} credits, but tier '{TierName}' now grants {MonthlyCreditAllocation}: only a change to the tier's current credits can be applied to existing subscribers.");
        }

        if (openRollouts.FirstOrDefault(r => r.TierConfigId == Id && r.IsOpen && r.ToCredits == entry.NewCredits) is { } pending)
        {
            return new RolloutAlreadyPendingError(pending.Id, pending.ToCredits);
        }

        return TierRollout.Plan(context.NewId(), entry, scheduledFor, context.ChangedBy, context.ChangedByName, context.Reason, context.Now);
    }

    /// <summary>
    /// The open rollouts an accepted change leaves above the tier's credits (a rollback or a
    /// decrease), cancelled as superseded by it, each with a warning for the change's payload.
    /// An increase supersedes nothing: earlier rollouts still raise to their own, lower targets.
    /// </summary>
    public static IReadOnlyList<(TierRollout Rollout, string Warning)> SupersedeRollouts(TierChange change, IEnumerable<TierRollout> openRollouts)
    {
        ArgumentNullException.ThrowIfNull(change);
        ArgumentNullException.ThrowIfNull(openRollouts);
        var entry = change.History;
        if (entry.NewCredits >= entry.PreviousCredits)
        {
            return [];
        }

        var superseded = new List<(TierRollout, string)>();
        foreach (var rollout in openRollouts.Where(r => r.TierConfigId == change.Tier.Id && r.IsOpen && r.ToCredits > entry.NewCredits))
        {
            var wasRunning = rollout.Status == RolloutStatus.Running;
            if (rollout.Supersede(entry, entry.ChangedAt).IsSuccess)
            {
                superseded.Add((rollout, wasRunning
                    ? $"Rollout {rollout.Id} to {rollout.ToCredits} credits was running and is cancelled (superseded by this change to {entry.NewCredits}): it stops after its current batch; subscribers it already raised keep their credits."
                    : $"Rollout {rollout.Id} to {rollout.ToCredits} credits was pending and is cancelled (superseded by this change to {entry.NewCredits}): it would have raised existing subscribers above the tier."));
            }
        }

        return superseded;
    }

    /// <summary>Guards the context and checks the expected version, before anything is changed.</summary>
    private VersionConflictError? CheckVersion(ChangeContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!TierRules.IsValidReason(context.Reason))
        {
            throw new ArgumentException("The change reason must be 10 to 500 characters.", nameof(context));
        }

        return context.ExpectedVersion is { } expected && expected != ConfigVersion
            ? new VersionConflictError(expected, ConfigVersion)
            : null;
    }

    private TierChange Commit(
        TierChangeType type,
        TierSnapshot before,
        ChangeContext context,
        bool applyToExisting,
        RolloutRequest? rollout,
        IReadOnlyList<string> warnings)
    {
        ConfigVersion++;
        LastModifiedBy = context.ChangedBy;
        LastModifiedAt = context.Now;
        UpdatedAt = context.Now;
        ApplyToExistingUsers = applyToExisting;

        // One route for the scheduled time: the tier's rollout start and the rollout's own time.
        RolloutStartDate = rollout is null ? null : rollout.ScheduledFor ?? context.Now;

        var reason = context.Reason.Trim();
        var history = new TierConfigHistory(context.NewId(), this, type, before, reason, context.ChangedBy, context.ChangedByName, context.Now, appliedNow: rollout is null);
        var version = new TierConfigVersion(context.NewId(), this, context.Now, context.ChangedBy, context.ChangedByName);
        var planned = rollout is null
            ? null
            : TierRollout.Plan(context.NewId(), history, rollout.ScheduledFor, context.ChangedBy, context.ChangedByName, reason, context.Now);
        return new TierChange(this, history, version, warnings, planned);
    }

    /// <summary>A rollout to plan with the change: when it starts (null = as soon as possible).</summary>
    private sealed record RolloutRequest(DateTimeOffset? ScheduledFor);

    private static void GuardCredits(int credits)
    {
        if (!TierRules.IsValidCredits(credits))
        {
            throw new ArgumentOutOfRangeException(nameof(credits), credits, "Credits must be a multiple of 100 between 100 and 1,000,000.");
        }
    }

    private static void GuardPrice(decimal price)
    {
        if (!TierRules.IsValidPrice(price))
        {
            throw new ArgumentOutOfRangeException(nameof(price), price, "Prices must be between 0 and 100,000.00 with at most 2 decimals.");
        }
    }
}
