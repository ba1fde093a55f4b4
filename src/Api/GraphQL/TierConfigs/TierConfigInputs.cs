using System.Text.Json;
using GraphQL.Types;
using Mediator;
using Rephlo.Tiers.Api.GraphQL.Scalars;
using Rephlo.Tiers.Application.TierConfigs;
using Rephlo.Tiers.Domain.Common;

namespace Rephlo.Tiers.Api.GraphQL.TierConfigs;

// The inputs of tier changes are bound as typed records (GraphQL.NET maps each input field to the
// constructor parameter of the same name; an omitted or null optional field is the parameter's
// default). The command adds who makes the change, which comes from the token, not the input.

/// <summary>A tier change's input: the command it asks for, made by the caller.</summary>
public interface ITierChangeInput
{
    ICommand<Result<TierChangeResult>> ToCommand(Guid changedBy, string? changedByName);
}

public sealed record UpdateTierCreditsInput(string TierName, int NewCredits, string Reason, bool ApplyToExistingUsers, DateTimeOffset? ScheduledRolloutAt, int? ExpectedVersion)
    : ITierChangeInput
{
    public ICommand<Result<TierChangeResult>> ToCommand(Guid changedBy, string? changedByName) => new UpdateTierCreditsCommand(
        TierName: TierName,
        NewCredits: NewCredits,
        Reason: Reason,
        ApplyToExistingUsers: ApplyToExistingUsers,
        ScheduledRolloutAt: ScheduledRolloutAt,
        ExpectedVersion: ExpectedVersion,
        ChangedBy: changedBy,
        ChangedByName: changedByName);
}

public sealed record UpdateTierPricesInput(string TierName, decimal? NewMonthlyPriceUsd, decimal? NewAnnualPriceUsd, string Reason, int? ExpectedVersion)
    : ITierChangeInput
{
    public ICommand<Result<TierChangeResult>> ToCommand(Guid changedBy, string? changedByName) => new UpdateTierPricesCommand(
        TierName: TierName,
        NewMonthlyPriceUsd: NewMonthlyPriceUsd,
        NewAnnualPriceUsd: NewAnnualPriceUsd,
        Reason: Reason,
        ExpectedVersion: ExpectedVersion,
        ChangedBy: changedBy,
        ChangedByName: changedByName);
}

public sealed record UpdateTierFeaturesInput(string TierName, JsonElement Features, string Reason, int? ExpectedVersion) : ITierChangeInput
{
    public ICommand<Result<TierChangeResult>> ToCommand(Guid changedBy, string? changedByName) => new UpdateTierFeaturesCommand(
        TierName: TierName,
        Features: Features,
        Reason: Reason,
        ExpectedVersion: ExpectedVersion,
        ChangedBy: changedBy,
        ChangedByName: changedByName);
}

public sealed record UpdateTierRolloverInput(string TierName, int MaxCreditRollover, string Reason, int? ExpectedVersion) : ITierChangeInput
{
    public ICommand<Result<TierChangeResult>> ToCommand(Guid changedBy, string? changedByName) => new UpdateTierRolloverCommand(
        TierName: TierName,
        MaxCreditRollover: MaxCreditRollover,
        Reason: Reason,
        ExpectedVersion: ExpectedVersion,
        ChangedBy: changedBy,
        ChangedByName: changedByName);
}

public sealed record SetTierActiveInput(string TierName, bool IsActive, string Reason, int? ExpectedVersion) : ITierChangeInput
{
    public ICommand<Result<TierChangeResult>> ToCommand(Guid changedBy, string? changedByName) => new SetTierActiveCommand(
        TierName: TierName,
        IsActive: IsActive,
        Reason: Reason,
        ExpectedVersion: ExpectedVersion,
        ChangedBy: changedBy,
        ChangedByName: changedByName);
}

public sealed record RollbackTierConfigInput(string TierName, int ToVersion, string Reason, int? ExpectedVersion) : ITierChangeInput
{
    public ICommand<Result<TierChangeResult>> ToCommand(Guid changedBy, string? changedByName) => new RollbackTierConfigCommand(
        TierName: TierName,
        ToVersion: ToVersion,
        Reason: Reason,
        ExpectedVersion: ExpectedVersion,
        ChangedBy: changedBy,
        ChangedByName: changedByName);
}

/// <summary>The preview's input is its query itself (it has no author).</summary>
public sealed class PreviewTierCreditChangeInputType : InputObjectGraphType<PreviewTierCreditChangeQuery>
{
    public PreviewTierCreditChangeInputType()
    {
        Name = "PreviewTierCreditChangeInput";
        Field(q => q.TierName);
        Field(q => q.NewCredits);
        Field(q => q.ApplyToExistingUsers).DefaultValue(false);
    }
}

public sealed class UpdateTierCreditsInputType : InputObjectGraphType<UpdateTierCreditsInput>
{
    public UpdateTierCreditsInputType()
    {
        Name = "UpdateTierCreditsInput";
        Field(i => i.TierName);
        Field(i => i.NewCredits).Description("Multiple of 100, from 100 to 1,000,000.");
        Field(i => i.Reason).Description("10 to 500 characters.");
        Field(i => i.ApplyToExistingUsers).DefaultValue(false);
        Field(i => i.ScheduledRolloutAt, typeof(DateTimeScalar)).Description("When the rollout to existing subscribers starts (future, at most 365 days ahead).");
        Field(i => i.ExpectedVersion, nullable: true).Description("Refuse the change unless the tier is at this version.");
    }
}

public sealed class UpdateTierPricesInputType : InputObjectGraphType<UpdateTierPricesInput>
{
    public UpdateTierPricesInputType()
    {
        Name = "UpdateTierPricesInput";
        Field(i => i.TierName);
        Field(i => i.NewMonthlyPriceUsd, nullable: true);
        Field(i => i.NewAnnualPriceUsd, nullable: true);
        Field(i => i.Reason);
        Field(i => i.ExpectedVersion, nullable: true);
    }
}

public sealed class UpdateTierFeaturesInputType : InputObjectGraphType<UpdateTierFeaturesInput>
{
    public UpdateTierFeaturesInputType()
    {
        Name = "UpdateTierFeaturesInput";
        Field(i => i.TierName);
        Field(i => i.Features, typeof(NonNullGraphType<JsonScalar>));
        Field(i => i.Reason);
        Field(i => i.ExpectedVersion, nullable: true);
    }
}

public sealed class UpdateTierRolloverInputType : InputObjectGraphType<UpdateTierRolloverInput>
{
    public UpdateTierRolloverInputType()
    {
        Name = "UpdateTierRolloverInput";
        Field(i => i.TierName);
        Field(i => i.MaxCreditRollover);
        Field(i => i.Reason);
        Field(i => i.ExpectedVersion, nullable: true);
    }
}

public sealed class SetTierActiveInputType : InputObjectGraphType<SetTierActiveInput>
{
    public SetTierActiveInputType()
    {
        Name = "SetTierActiveInput";
        Field(i => i.TierName);
        Field(i => i.IsActive);
        Field(i => i.Reason);
        Field(i => i.ExpectedVersion, nullable: true);
    }
}

public sealed class RollbackTierConfigInputType : InputObjectGraphType<RollbackTierConfigInput>
{
    public RollbackTierConfigInputType()
    {
        Name = "RollbackTierConfigInput";
        Field(i => i.TierName);
        Field(i => i.ToVersion);
        Field(i => i.Reason);
        Field(i => i.ExpectedVersion, nullable: true);
    }
}
