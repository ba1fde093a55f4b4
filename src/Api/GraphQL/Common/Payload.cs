using Rephlo.Tiers.Domain.Common;

namespace Rephlo.Tiers.Api.GraphQL.Common;

/// <summary>What a mutation resolver returns: the result, or the errors that prevented it (a payload type's <c>errors</c>).</summary>
public sealed record Payload<T>(T? Result, IReadOnlyList<Error>? Errors)
    where T : class
{
    public static Payload<T> From(Result<T> result) =>
        result.IsSuccess ? new Payload<T>(result.Value, null) : new Payload<T>(null, result.Errors);
}
