namespace Rephlo.Tiers.Domain.Common;

/// <summary>Non-generic view of a result, used by pipeline behaviours.</summary>
public interface IResult
{
    bool IsSuccess { get; }

    IReadOnlyList<Error> Errors { get; }
}

/// <summary>Lets generic code (the validation behaviour) build a failed result of any result type.</summary>
public interface IFailureFactory<out TSelf>
{
    static abstract TSelf Failure(IReadOnlyList<Error> errors);
}

/// <summary>The value of an operation or the expected errors that prevented it.</summary>
public sealed class Result<T> : IResult, IFailureFactory<Result<T>>
{
    private readonly T? _value;

    private Result(T value)
    {
        _value = value;
        Errors = [];
    }

    private Result(IReadOnlyList<Error> errors)
    {
        if (errors.Count == 0)
        {
            throw new ArgumentException("A failed result needs at least one error.", nameof(errors));
        }

        Errors = errors;
    }

    public bool IsSuccess => Errors.Count == 0;

    public IReadOnlyList<Error> Errors { get; }

    public T Value => IsSuccess ? _value! : throw new InvalidOperationException("A failed result has no value.");

    public static Result<T> Success(T value) => new(value);

    public static Result<T> Failure(IReadOnlyList<Error> errors) => new(errors);

    public static Result<T> Failure(Error error) => new([error]);

    public static implicit operator Result<T>(T value) => Success(value);

    public static implicit operator Result<T>(Error error) => Failure(error);

    public Result<TOut> Map<TOut>(Func<T, TOut> map) => IsSuccess ? Result<TOut>.Success(map(Value)) : Result<TOut>.Failure(Errors);
}
