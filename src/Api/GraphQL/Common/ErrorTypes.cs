using GraphQL.Types;
using DomainErrors = Rephlo.Tiers.Domain.Common;

namespace Rephlo.Tiers.Api.GraphQL.Common;

// The error interface, the base of error types, the errors several features return, and the base
// of payload error unions. An error only one feature returns is declared in that feature's payloads.

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

public sealed class UpgradePolicyViolationErrorType : ErrorObjectType<DomainErrors.UpgradePolicyViolationError>
{
    public UpgradePolicyViolationErrorType()
        : base("UpgradePolicyViolationError")
    {
    }
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
