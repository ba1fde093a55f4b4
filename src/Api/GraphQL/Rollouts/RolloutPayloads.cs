using GraphQL.Types;
using Rephlo.Tiers.Api.GraphQL.Common;
using Rephlo.Tiers.Application.Rollouts;
using Rephlo.Tiers.Application.TierConfigs;
using DomainErrors = Rephlo.Tiers.Domain.Common;

namespace Rephlo.Tiers.Api.GraphQL.Rollouts;

public sealed class CancelTierRolloutPayloadType : ObjectGraphType<Payload<TierRolloutDto>>
{
    public CancelTierRolloutPayloadType()
    {
        Name = "CancelTierRolloutPayload";
        Field<TierRolloutType>("rollout").Resolve(c => c.Source.Result);
        Field<ListGraphType<NonNullGraphType<CancelTierRolloutErrorUnion>>>("errors").Resolve(c => c.Source.Errors);
    }
}

public sealed class ApplyTierCreditChangePayloadType : ObjectGraphType<Payload<ApplyTierCreditChangeResult>>
{
    public ApplyTierCreditChangePayloadType()
    {
        Name = "ApplyTierCreditChangePayload";
        Field<TierRolloutType>("rollout").Resolve(c => c.Source.Result?.Rollout);
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("warnings").Resolve(c => c.Source.Result?.Warnings);
        Field<ListGraphType<NonNullGraphType<ApplyTierCreditChangeErrorUnion>>>("errors").Resolve(c => c.Source.Errors);
    }
}

// ---- errors only rollout mutations return ----------------------------------------------

public sealed class RolloutNotFoundErrorType : ErrorObjectType<DomainErrors.RolloutNotFoundError>
{
    public RolloutNotFoundErrorType()
        : base("RolloutNotFoundError") => Field<NonNullGraphType<IdGraphType>>("rolloutId").Resolve(c => c.Source.RolloutId);
}

public sealed class RolloutNotCancellableErrorType : ErrorObjectType<DomainErrors.RolloutNotCancellableError>
{
    public RolloutNotCancellableErrorType()
        : base("RolloutNotCancellableError") => Field<NonNullGraphType<RolloutStatusType>>("status").Resolve(c => c.Source.Status);
}

public sealed class HistoryEntryNotFoundErrorType : ErrorObjectType<DomainErrors.HistoryEntryNotFoundError>
{
    public HistoryEntryNotFoundErrorType()
        : base("HistoryEntryNotFoundError") => Field<NonNullGraphType<IdGraphType>>("historyEntryId").Resolve(c => c.Source.HistoryEntryId);
}

public sealed class RolloutAlreadyPendingErrorType : ErrorObjectType<DomainErrors.RolloutAlreadyPendingError>
{
    public RolloutAlreadyPendingErrorType()
        : base("RolloutAlreadyPendingError") => Field<NonNullGraphType<IdGraphType>>("rolloutId").Resolve(c => c.Source.RolloutId);
}

// ---- error unions ----------------------------------------------------------------------

public sealed class CancelTierRolloutErrorUnion() : ErrorUnionType(
    "CancelTierRolloutError", typeof(ValidationErrorType), typeof(RolloutNotFoundErrorType), typeof(RolloutNotCancellableErrorType));

public sealed class ApplyTierCreditChangeErrorUnion() : ErrorUnionType(
    "ApplyTierCreditChangeError", typeof(ValidationErrorType), typeof(HistoryEntryNotFoundErrorType), typeof(UpgradePolicyViolationErrorType),
    typeof(RolloutAlreadyPendingErrorType));
