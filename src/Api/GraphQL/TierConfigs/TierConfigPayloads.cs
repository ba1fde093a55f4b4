using GraphQL.Types;
using Rephlo.Tiers.Api.GraphQL.Common;
using Rephlo.Tiers.Api.GraphQL.Rollouts;
using Rephlo.Tiers.Application.TierConfigs;
using DomainErrors = Rephlo.Tiers.Domain.Common;

namespace Rephlo.Tiers.Api.GraphQL.TierConfigs;

/// <summary>The payload of a tier change: <c>tierConfig historyEntry warnings errors</c> (and <c>rollout</c> for credits).</summary>
public abstract class TierChangePayloadType<TErrorUnion> : ObjectGraphType<Payload<TierChangeResult>>
    where TErrorUnion : ErrorUnionType
{
    protected TierChangePayloadType(string name, bool withRollout = false)
    {
        Name = name;
        Field<TierConfigType>("tierConfig").Resolve(c => c.Source.Result?.TierConfig);
        Field<TierConfigHistoryType>("historyEntry").Resolve(c => c.Source.Result?.HistoryEntry);
        if (withRollout)
        {
            Field<TierRolloutType>("rollout").Resolve(c => c.Source.Result?.Rollout);
        }

        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("warnings").Resolve(c => c.Source.Result?.Warnings);
        Field<ListGraphType<NonNullGraphType<TErrorUnion>>>("errors").Resolve(c => c.Source.Errors);
    }
}

public sealed class UpdateTierCreditsPayloadType() : TierChangePayloadType<UpdateTierCreditsErrorUnion>("UpdateTierCreditsPayload", withRollout: true);

public sealed class UpdateTierPricesPayloadType() : TierChangePayloadType<UpdateTierPricesErrorUnion>("UpdateTierPricesPayload");

public sealed class UpdateTierFeaturesPayloadType() : TierChangePayloadType<UpdateTierFeaturesErrorUnion>("UpdateTierFeaturesPayload");

public sealed class UpdateTierRolloverPayloadType() : TierChangePayloadType<UpdateTierRolloverErrorUnion>("UpdateTierRolloverPayload");

public sealed class SetTierActivePayloadType() : TierChangePayloadType<SetTierActiveErrorUnion>("SetTierActivePayload");

public sealed class RollbackTierConfigPayloadType() : TierChangePayloadType<RollbackTierConfigErrorUnion>("RollbackTierConfigPayload");

public sealed class TierChangePreviewPayloadType : ObjectGraphType<Payload<TierChangePreviewDto>>
{
    public TierChangePreviewPayloadType()
    {
        Name = "TierChangePreviewPayload";
        Field<TierChangePreviewType>("preview").Resolve(c => c.Source.Result);
        Field<ListGraphType<NonNullGraphType<PreviewTierCreditChangeErrorUnion>>>("errors").Resolve(c => c.Source.Errors);
    }
}

// ---- errors only tier changes return ---------------------------------------------------

public sealed class VersionConflictErrorType : ErrorObjectType<DomainErrors.VersionConflictError>
{
    public VersionConflictErrorType()
        : base("VersionConflictError")
    {
        Field(e => e.ExpectedVersion);
        Field(e => e.CurrentVersion);
    }
}

public sealed class NoChangeErrorType : ErrorObjectType<DomainErrors.NoChangeError>
{
    public NoChangeErrorType()
        : base("NoChangeError")
    {
    }
}

public sealed class VersionNotFoundErrorType : ErrorObjectType<DomainErrors.VersionNotFoundError>
{
    public VersionNotFoundErrorType()
        : base("VersionNotFoundError") => Field(e => e.Version);
}

// ---- error unions ----------------------------------------------------------------------

public sealed class PreviewTierCreditChangeErrorUnion() : ErrorUnionType(
    "PreviewTierCreditChangeError", typeof(ValidationErrorType), typeof(TierNotFoundErrorType), typeof(UpgradePolicyViolationErrorType));

public sealed class UpdateTierCreditsErrorUnion() : ErrorUnionType(
    "UpdateTierCreditsError", typeof(ValidationErrorType), typeof(TierNotFoundErrorType), typeof(VersionConflictErrorType),
    typeof(UpgradePolicyViolationErrorType), typeof(NoChangeErrorType));

public sealed class UpdateTierPricesErrorUnion() : ErrorUnionType(
    "UpdateTierPricesError", typeof(ValidationErrorType), typeof(TierNotFoundErrorType), typeof(VersionConflictErrorType), typeof(NoChangeErrorType));

public sealed class UpdateTierFeaturesErrorUnion() : ErrorUnionType(
    "UpdateTierFeaturesError", typeof(ValidationErrorType), typeof(TierNotFoundErrorType), typeof(VersionConflictErrorType), typeof(NoChangeErrorType));

public sealed class UpdateTierRolloverErrorUnion() : ErrorUnionType(
    "UpdateTierRolloverError", typeof(ValidationErrorType), typeof(TierNotFoundErrorType), typeof(VersionConflictErrorType), typeof(NoChangeErrorType));

public sealed class SetTierActiveErrorUnion() : ErrorUnionType(
    "SetTierActiveError", typeof(ValidationErrorType), typeof(TierNotFoundErrorType), typeof(VersionConflictErrorType), typeof(NoChangeErrorType));

public sealed class RollbackTierConfigErrorUnion() : ErrorUnionType(
    "RollbackTierConfigError", typeof(ValidationErrorType), typeof(TierNotFoundErrorType), typeof(VersionNotFoundErrorType),
    typeof(VersionConflictErrorType), typeof(NoChangeErrorType));
