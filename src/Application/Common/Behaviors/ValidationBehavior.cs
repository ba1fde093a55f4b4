using FluentValidation;
using Mediator;
using Rephlo.Tiers.Domain.Common;

namespace Rephlo.Tiers.Application.Common.Behaviors;

/// <summary>
/// Runs the message's FluentValidation validators before its handler. Failures become
/// <see cref="ValidationError"/> values of the handler's result type: nothing is executed or written.
/// </summary>
public sealed class ValidationBehavior<TMessage, TResponse>(IEnumerable<IValidator<TMessage>> validators)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : IMessage
    where TResponse : IResult, IFailureFactory<TResponse>
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        List<Error>? errors = null;
        foreach (var validator in validators)
        {
            var result = await validator.ValidateAsync(message, cancellationToken);
            foreach (var failure in result.Errors)
            {
                (errors ??= []).Add(new ValidationError(ToCamelCase(failure.PropertyName), failure.ErrorMessage));
            }
        }

        return errors is null ? await next(message, cancellationToken) : TResponse.Failure(errors);
    }

    private static string ToCamelCase(string propertyName) =>
        string.IsNullOrEmpty(propertyName) ? propertyName : char.ToLowerInvariant(propertyName[0]) + propertyName[1..];
}
