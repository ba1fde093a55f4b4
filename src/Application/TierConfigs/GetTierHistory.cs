using Mapster;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Rephlo.Tiers.Application.Common.Abstractions;
using Rephlo.Tiers.Application.Common.Querying;
using Rephlo.Tiers.Domain.Rollouts;
using Rephlo.Tiers.Domain.TierConfigs;

namespace Rephlo.Tiers.Application.TierConfigs;

/// <summary>The audit history of all tiers: filtered, sorted (default newest first) and paged in SQL.</summary>
public sealed record GetTierHistoryQuery(Filter? Where, IReadOnlyList<SortField>? Order, PageRequest Paging) : IQuery<Page<TierConfigHistoryDto>>, IFilteredQuery;

public sealed class GetTierHistoryHandler(ITiersDbContext db, TypeAdapterConfig mapping) : IQueryHandler<GetTierHistoryQuery, Page<TierConfigHistoryDto>>
{
    public static readonly QueryFields<TierConfigHistory> Fields = new QueryFields<TierConfigHistory>()
        .Add("changedAt", h => h.ChangedAt)
        .Add("tierName", h => h.TierName)
        .Add("changeType", h => h.ChangeType, FieldUse.Filter)
        .Add("changedBy", h => h.ChangedBy, FieldUse.Filter)
        .Add("changedByName", h => h.ChangedByName, FieldUse.Filter)
        .Add("appliedAt", h => h.AppliedAt, FieldUse.Filter, "{ eq: null } selects entries whose rollout is pending; { neq: null } applied ones.")
        .Add("configVersion", h => h.ConfigVersion)
        .Add("newCredits", h => h.NewCredits)
        .Add("affectedUsersCount", h => h.AffectedUsersCount)
        .Add("changeReason", h => h.ChangeReason, FieldUse.Filter)

        // The latest rollout's status (null when the change needed none): a correlated subquery
        // served by the (history_entry_id, created_at) index of tier_rollouts.
        .Add(
            "rolloutStatus",
            h => h.Rollouts
                .OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id)
                .Select(r => (RolloutStatus?)r.Status)
                .FirstOrDefault(),
            FieldUse.Filter,
            "The latest rollout's status; { in: [PENDING, RUNNING] } selects pending changes, { eq: null } changes that needed none.");

    private static readonly SortField[] DefaultOrder =
    [
        new("changedAt", SortDirection.Descending),
        new("configVersion", SortDirection.Descending),
    ];

    public async ValueTask<Page<TierConfigHistoryDto>> Handle(GetTierHistoryQuery query, CancellationToken cancellationToken) =>
        await Keyset(db, query).ToPageAsync<TierConfigHistoryDto>(query.Paging, mapping, cancellationToken);

    /// <summary>The filtered, keyset-ordered history this query pages (also what the P3 benchmark runs in-process).</summary>
    public static KeysetQuery<TierConfigHistory> Keyset(ITiersDbContext db, GetTierHistoryQuery query) =>
        db.TierConfigHistory.AsNoTracking()
            .Where(query.Where, Fields)
            .KeysetBy(query.Order, Fields, DefaultOrder, h => h.Id);
}
