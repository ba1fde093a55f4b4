using System.Linq.Expressions;
using FluentValidation;
using Mapster;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Rephlo.Tiers.Application.Common.Abstractions;
using Rephlo.Tiers.Application.Common.Querying;
using Rephlo.Tiers.Domain.Common;
using Rephlo.Tiers.Domain.Subscriptions;

namespace Rephlo.Tiers.Application.Subscriptions;

/// <summary>Subscribes a user to a tier at the tier's current credits and price.</summary>
public sealed record CreateSubscriptionCommand(Guid UserId, string? Email, string TierName, BillingCycle BillingCycle)
    : ICommand<Result<SubscriberDto>>;

public sealed class CreateSubscriptionValidator : AbstractValidator<CreateSubscriptionCommand>
{
    public CreateSubscriptionValidator()
    {
        RuleFor(c => c.UserId).NotEqual(Guid.Empty).WithMessage("The user id is required.");
        RuleFor(c => c.TierName).NotEmpty().WithMessage("The tier name is required.");
        RuleFor(c => c.Email!)
            .MaximumLength(254).WithMessage("The email is at most 254 characters.")
            .EmailAddress().WithMessage("The email is not a valid address.")
            .When(c => !string.IsNullOrWhiteSpace(c.Email));
        RuleFor(c => c.BillingCycle).IsInEnum().WithMessage("Unknown billing cycle.");
    }
}

public sealed class CreateSubscriptionHandler(ITiersDbContext db, IIdGenerator ids, TimeProvider clock, TypeAdapterConfig mapping)
    : ICommandHandler<CreateSubscriptionCommand, Result<SubscriberDto>>
{
    public async ValueTask<Result<SubscriberDto>> Handle(CreateSubscriptionCommand command, CancellationToken cancellationToken)
    {
        try
        {
            return await CreateAsync(command, cancellationToken);
        }
        catch (DbUpdateException)
        {
            // A concurrent request subscribed the user between our check and our insert: the unique
            // index (one subscription per user that is not cancelled; one balance per user) refused
            // ours and the transaction was rolled back. Checked again outside it, so any other
            // failure still surfaces.
            if (await IsSubscribedAsync(command.UserId, cancellationToken))
            {
                return new AlreadySubscribedError(command.UserId);
            }

            throw;
        }
    }

    private async Task<bool> IsSubscribedAsync(Guid userId, CancellationToken cancellationToken) =>
        await db.Subscriptions.AsNoTracking().AnyAsync(s => s.UserId == userId && s.Status != SubscriptionStatus.Cancelled, cancellationToken);

    private async Task<Result<SubscriberDto>> CreateAsync(CreateSubscriptionCommand command, CancellationToken cancellationToken)
    {
        await using var scope = await db.BeginWriteAsync(cancellationToken);
        var tier = await db.TierConfigs.AsNoTracking().SingleOrDefaultAsync(t => t.TierName == command.TierName, cancellationToken);
        if (tier is null)
        {
            return new TierNotFoundError(command.TierName);
        }

        var subscribed = await db.Subscriptions.AnyAsync(s => s.UserId == command.UserId && s.Status != SubscriptionStatus.Cancelled, cancellationToken);
        if (subscribed)
        {
            return new AlreadySubscribedError(command.UserId);
        }

        var started = Subscription.Start(ids.NewId(), ids.NewId(), command.UserId, command.Email, tier, command.BillingCycle, clock.GetUtcNow());
        if (!started.IsSuccess)
        {
            return Result<SubscriberDto>.Failure(started.Errors);
        }

        var created = started.Value;
        db.Subscriptions.Add(created.Subscription);
        db.CreditGrants.Add(created.Grant);
        var balance = await db.CreditBalances.SingleOrDefaultAsync(b => b.UserId == command.UserId, cancellationToken);
        if (balance is null)
        {
            db.CreditBalances.Add(created.Balance);
        }
        else
        {
            balance.Add(created.Grant.Amount, clock.GetUtcNow());
        }

        await db.SaveChangesAsync(cancellationToken);
        await scope.CommitAsync(cancellationToken);
        return created.Subscription.Adapt<Subscription, SubscriberDto>(mapping);
    }
}
