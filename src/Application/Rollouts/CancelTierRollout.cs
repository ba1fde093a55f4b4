using FluentValidation;
using Mapster;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Rephlo.Tiers.Application.Common.Abstractions;
using Rephlo.Tiers.Application.TierConfigs;
using Rephlo.Tiers.Domain.Common;
using Rephlo.Tiers.Domain.Rollouts;

namespace Rephlo.Tiers.Application.Rollouts;

/// <summary>
/// Cancels a pending or running rollout; who, when and why are recorded. The history entry is not
/// touched: a cancelled change stays unapplied (it can be applied again with applyTierCreditChange).
/// A running rollout is stopped by its runner at the next batch boundary.
/// </summary>
public sealed record CancelTierRolloutCommand(string RolloutId, string Reason, Guid CancelledBy, string? CancelledByName = null) : ICommand<Result<TierRolloutDto>>;

public sealed class CancelTierRolloutValidator : AbstractValidator<CancelTierRolloutCommand>
{
    public CancelTierRolloutValidator()
    {
        RuleFor(c => c.Reason).MustBeAValidReason();
        RuleFor(c => c.CancelledBy).NotEqual(Guid.Empty).WithMessage("The administrator's user id is required.");
    }
}

public sealed class CancelTierRolloutHandler(ITiersDbContext db, TimeProvider clock, ITierEventBus events, TypeAdapterConfig mapping) : ICommandHandler<CancelTierRolloutCommand, Result<TierRolloutDto>>
{
    public async ValueTask<Result<TierRolloutDto>> Handle(CancelTierRolloutCommand command, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(command.RolloutId, out var id))
        {
            return new RolloutNotFoundError(command.RolloutId);
        }

        await using var scope = await db.BeginWriteAsync(cancellationToken);

        // The row lock makes a racing claim or batch either finish first (we then see its status)
        // or wait for this cancellation (and then see CANCELLED).
        var rollout = await db.LockRolloutAsync(id, cancellationToken);
        if (rollout is null)
        {
            return new RolloutNotFoundError(command.RolloutId);
        }

        var cancelled = rollout.Cancel(command.CancelledBy, command.CancelledByName, command.Reason, clock.GetUtcNow());
        if (!cancelled.IsSuccess)
        {
            return Result<TierRolloutDto>.Failure(cancelled.Errors);
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
            await scope.CommitAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Belt and braces (the status is a concurrency token): report the status that won.
            var current = await db.TierRollouts.AsNoTracking().Where(r => r.Id == id).Select(r => r.Status).SingleAsync(cancellationToken);
            return new RolloutNotCancellableError(current);
        }

        var dto = rollout.Adapt<TierRollout, TierRolloutDto>(mapping);
        events.Publish(dto);
        return dto;
    }
}
