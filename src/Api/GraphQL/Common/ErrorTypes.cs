using GraphQL.Types;
using Rephlo.Tiers.Api.GraphQL.TierConfigs;
using DomainErrors = Rephlo.Tiers.Domain.Common;

namespace Rephlo.Tiers.Api.GraphQL.Common;

/// <summary>The contract's <c>interface Error { message code }</c>, implemented by every payload error.</summary>
public sealed class ErrorInterfaceType : InterfaceGraphType<DomainErrors.Error>
{
    public ErrorInterfaceType()
    {
        Name = "Error";
        Field(e => e.Message);
        Field(e => e.Code);
    }
}

public abstract class ErrorObjectType<TError> : ObjectGraphType<TError>
    where TError : DomainErrors.Error
{
    protected ErrorObjectType(string name)
    {
        Name = name;
        Field(e => e.Message);
        Field(e => e.Code);
        Interface<ErrorInterfaceType>();
        IsTypeOf = value => value is TError;
    }
}

public sealed class ValidationErrorType : ErrorObjectType<DomainErrors.ValidationError>
{
    public ValidationErrorType()
        : base("ValidationError") => Field(e => e.Field);
}

public sealed class TierNotFoundErrorType : ErrorObjectType<DomainErrors.TierNotFoundError>
{
    public TierNotFoundErrorType()
        : base("TierNotFoundError") => Field(e => e.TierName);
}

public sealed class VersionConflictErrorType : ErrorObjectType<DomainErrors.VersionConflictError>
{
    public VersionConflictErrorType()
        : base("VersionConflictError")
    {
        Field(e => e.ExpectedVersion);
        Field(e => e.CurrentVersion);
    }
}

public sealed class UpgradePolicyViolationErrorType : ErrorObjectType<DomainErrors.UpgradePolicyViolationError>
{
    public UpgradePolicyViolationErrorType()
        : base("UpgradePolicyViolationError")
    {
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

public sealed class TierInactiveErrorType : ErrorObjectType<DomainErrors.TierInactiveError>
{
    public TierInactiveErrorType()
        : base("TierInactiveError") => Field(e => e.TierName);
}

public sealed class AlreadySubscribedErrorType : ErrorObjectType<DomainErrors.AlreadySubscribedError>
{
    public AlreadySubscribedErrorType()
        : base("AlreadySubscribedError")
    {
    }
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

/// <summary>A payload's <c>errors</c> union; members resolve by the error's CLR type.</summary>
public abstract class ErrorUnionType : UnionGraphType
{
    protected ErrorUnionType(string name, params Type[] members)
    {
        Name = name;
        foreach (var member in members)
        {
            Type(member);
        }
    }
}

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

public sealed class CancelTierRolloutErrorUnion() : ErrorUnionType(
    "CancelTierRolloutError", typeof(ValidationErrorType), typeof(RolloutNotFoundErrorType), typeof(RolloutNotCancellableErrorType));

public sealed class RollbackTierConfigErrorUnion() : ErrorUnionType(
    "RollbackTierConfigError", typeof(ValidationErrorType), typeof(TierNotFoundErrorType), typeof(VersionNotFoundErrorType),
    typeof(VersionConflictErrorType), typeof(NoChangeErrorType));

public sealed class ApplyTierCreditChangeErrorUnion() : ErrorUnionType(
    "ApplyTierCreditChangeError", typeof(ValidationErrorType), typeof(HistoryEntryNotFoundErrorType), typeof(UpgradePolicyViolationErrorType),
    typeof(RolloutAlreadyPendingErrorType));

public sealed class CreateSubscriptionErrorUnion() : ErrorUnionType(
    "CreateSubscriptionError", typeof(ValidationErrorType), typeof(TierNotFoundErrorType), typeof(TierInactiveErrorType), typeof(AlreadySubscribedErrorType));
