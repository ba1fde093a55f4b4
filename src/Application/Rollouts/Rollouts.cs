using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Rephlo.Tiers.Application.Common.Abstractions;
using Rephlo.Tiers.Application.Common.Querying;
using Rephlo.Tiers.Application.TierConfigs;
using Rephlo.Tiers.Domain.Common;
using Rephlo.Tiers.Domain.Rollouts;
using Rephlo.Tiers.Domain.TierConfigs;

namespace Rephlo.Tiers.Application.Rollouts;

public sealed record GetTierRolloutsQuery(Filter? Where, IReadOnlyList<SortField>? Order, PageRequest Paging) : IQuery<Page<TierRolloutDto>>, IFilteredQuery;

public sealed class GetTierRolloutsHandler(ITiersDbContext db) : IQueryHandler<GetTierRolloutsQuery, Page<TierRolloutDto>>
{
    public static readonly QueryFields<TierRollout> Fields = new QueryFields<TierRollout>()
        .Add("tierName", r => r.TierName)
        .Add("status", r => r.Status)
        .Add("scheduledFor", r => r.ScheduledFor)
        .Add("createdAt", r => r.CreatedAt);

    private static readonly SortField[] DefaultOrder = [new("createdAt", SortDirection.Descending)];

    public async ValueTask<Page<TierRolloutDto>> Handle(GetTierRolloutsQuery query, CancellationToken cancellationToken) =>
        await db.TierRollouts.AsNoTracking()
            .Where(query.Where, Fields)
            .KeysetBy(query.Order, Fields, DefaultOrder, r => r.Id)
            .ToPageAsync(query.Paging, TierRolloutDto.Projection, cancellationToken);
}

public sealed record GetTierRolloutQuery(Guid Id) : IQuery<TierRolloutDto?>;

public sealed class GetTierRolloutHandler(ITiersDbContext db) : IQueryHandler<GetTierRolloutQuery, TierRolloutDto?>
{
    public async ValueTask<TierRolloutDto?> Handle(GetTierRolloutQuery query, CancellationToken cancellationToken) =>
        await db.TierRollouts.AsNoTracking().Where(r => r.Id == query.Id).Select(TierRolloutDto.Projection).SingleOrDefaultAsync(cancellationToken);
}

/// <summary>The rollout of each given history entry, if it has one (batched).</summary>
public sealed record GetRolloutsByHistoryQuery(IReadOnlyCollection<Guid> HistoryEntryIds) : IQuery<IReadOnlyDictionary<Guid, TierRolloutDto>>;

public sealed class GetRolloutsByHistoryHandler(ITiersDbContext db) : IQueryHandler<GetRolloutsByHistoryQuery, IReadOnlyDictionary<Guid, TierRolloutDto>>
{
    public async ValueTask<IReadOnlyDictionary<Guid, TierRolloutDto>> Handle(GetRolloutsByHistoryQuery query, CancellationToken cancellationToken) =>
        await db.TierRollouts.AsNoTracking()
            .Where(r => query.HistoryEntryIds.Contains(r.HistoryEntryId))
            .Select(TierRolloutDto.Projection)
            .ToDictionaryAsync(r => r.HistoryEntryId, cancellationToken);
}

public sealed record CancelTierRolloutCommand(string RolloutId, string Reason, Guid CancelledBy) : ICommand<Result<TierRolloutDto>>;

public sealed class CancelTierRolloutValidator : AbstractValidator<CancelTierRolloutCommand>
{
    public CancelTierRolloutValidator()
    {
        RuleFor(c => c.Reason).MustBeAValidReason();
    }
}

public sealed class CancelTierRolloutHandler(ITiersDbContext db, TimeProvider clock, ITierEventBus events) : ICommandHandler<CancelTierRolloutCommand, Result<TierRolloutDto>>
{
    public async ValueTask<Result<TierRolloutDto>> Handle(CancelTierRolloutCommand command, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(command.RolloutId, out var id))
        {
            return new RolloutNotFoundError(command.RolloutId);
        }

        await using var scope = await db.BeginWriteAsync(cancellationToken);
        var rollout = await db.TierRollouts.SingleOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (rollout is null)
        {
            return new RolloutNotFoundError(command.RolloutId);
        }

        var wasPending = rollout.Status == RolloutStatus.Pending;
        var now = clock.GetUtcNow();
        var cancelled = rollout.Cancel(command.Reason, now);
        if (!cancelled.IsSuccess)
        {
            return Result<TierRolloutDto>.Failure(cancelled.Errors);
        }

        if (wasPending)
        {
            // Nothing was granted: the history entry is resolved now. A running rollout is
            // resolved by its runner after the batch in progress, with what it granted.
            var history = await db.TierConfigHistory.SingleAsync(h => h.Id == rollout.HistoryEntryId, cancellationToken);
            if (history.AppliedAt is null)
            {
                history.MarkApplied(now, rollout.UpgradedCount);
            }
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
            await scope.CommitAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // The runner finished (or failed) the rollout in the meantime.
            var current = await db.TierRollouts.AsNoTracking().Where(r => r.Id == id).Select(r => r.Status).SingleAsync(cancellationToken);
            return new RolloutNotCancellableError(current);
        }

        var dto = TierRolloutDto.From(rollout);
        events.Publish(dto);
        return dto;
    }
}
