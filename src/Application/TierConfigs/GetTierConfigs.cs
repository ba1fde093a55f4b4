using Mediator;
using Microsoft.EntityFrameworkCore;
using Rephlo.Tiers.Application.Common.Abstractions;
using Rephlo.Tiers.Application.Common.Querying;
using Rephlo.Tiers.Domain.Rollouts;
using Rephlo.Tiers.Domain.Subscriptions;
using Rephlo.Tiers.Domain.TierConfigs;

namespace Rephlo.Tiers.Application.TierConfigs;

/// <summary>All tiers, active and inactive, filtered and sorted in SQL (default: catalogue rank).</summary>
public sealed record GetTierConfigsQuery(Filter? Where, IReadOnlyList<SortField>? Order) : IQuery<IReadOnlyList<TierConfigDto>>, IFilteredQuery;

public sealed class GetTierConfigsHandler(ITiersDbContext db) : IQueryHandler<GetTierConfigsQuery, IReadOnlyList<TierConfigDto>>
{
    public static readonly QueryFields<TierConfig> Fields = new QueryFields<TierConfig>()
        .Add("tierName", t => t.TierName)
        .Add("isActive", t => t.IsActive)
        .Add("monthlyCreditAllocation", t => t.MonthlyCreditAllocation)
        .Add("monthlyPriceUsd", t => t.MonthlyPriceUsd)
        .Add("configVersion", t => t.ConfigVersion)
        .Add("rank", t => t.Rank)
        .Add("lastModifiedAt", t => t.LastModifiedAt);

    private static readonly SortField[] DefaultOrder = [new("rank", SortDirection.Ascending)];

    public async ValueTask<IReadOnlyList<TierConfigDto>> Handle(GetTierConfigsQuery query, CancellationToken cancellationToken)
    {
        // The catalogue as most callers ask for it (no filter, default order): a fixed query
        // shape, so no expression is built for it per request.
        if (query.Where is null && query.Order is not { Count: > 0 })
        {
            return await db.TierConfigs.AsNoTracking().OrderBy(t => t.Rank).ThenBy(t => t.Id).Select(TierConfigDto.Projection).ToListAsync(cancellationToken);
        }

        return await db.TierConfigs.AsNoTracking()
            .Where(query.Where, Fields)
            .OrderBy(query.Order, Fields, DefaultOrder, t => t.Id)
            .Select(TierConfigDto.Projection)
            .ToListAsync(cancellationToken);
    }
}

public sealed record GetTierConfigQuery(string TierName) : IQuery<TierConfigDto?>;

public sealed class GetTierConfigHandler(ITiersDbContext db) : IQueryHandler<GetTierConfigQuery, TierConfigDto?>
{
    public async ValueTask<TierConfigDto?> Handle(GetTierConfigQuery query, CancellationToken cancellationToken) =>
        await db.TierConfigs.AsNoTracking()
            .Where(t => t.TierName == query.TierName)
            .Select(TierConfigDto.Projection)
            .SingleOrDefaultAsync(cancellationToken);
}

/// <summary>Every version of the given tiers, oldest first (batched for the GraphQL data loader).</summary>
public sealed record GetTierVersionsQuery(IReadOnlyCollection<Guid> TierConfigIds) : IQuery<ILookup<Guid, TierConfigVersionDto>>;

public sealed class GetTierVersionsHandler(ITiersDbContext db) : IQueryHandler<GetTierVersionsQuery, ILookup<Guid, TierConfigVersionDto>>
{
    public async ValueTask<ILookup<Guid, TierConfigVersionDto>> Handle(GetTierVersionsQuery query, CancellationToken cancellationToken)
    {
        var versions = await db.TierConfigVersions.AsNoTracking()
            .Where(v => query.TierConfigIds.Contains(v.TierConfigId))
            .OrderBy(v => v.TierConfigId).ThenBy(v => v.ConfigVersion)
            .Select(TierConfigVersionDto.Projection)
            .ToListAsync(cancellationToken);
        return versions.ToLookup(v => v.TierConfigId);
    }
}

/// <summary>Active subscribers per tier (batched).</summary>
public sealed record GetActiveSubscriberCountsQuery(IReadOnlyCollection<Guid> TierConfigIds) : IQuery<IReadOnlyDictionary<Guid, int>>;

public sealed class GetActiveSubscriberCountsHandler(ITiersDbContext db) : IQueryHandler<GetActiveSubscriberCountsQuery, IReadOnlyDictionary<Guid, int>>
{
    public async ValueTask<IReadOnlyDictionary<Guid, int>> Handle(GetActiveSubscriberCountsQuery query, CancellationToken cancellationToken)
    {
        var counts = await db.Subscriptions.AsNoTracking()
            .Where(s => query.TierConfigIds.Contains(s.TierConfigId) && s.Status == Subscription.EligibleStatus)
            .GroupBy(s => s.TierConfigId)
            .Select(g => new { TierConfigId = g.Key, Count = g.Count() })
            .ToListAsync(cancellationToken);
        var result = query.TierConfigIds.Distinct().ToDictionary(id => id, _ => 0);
        foreach (var count in counts)
        {
            result[count.TierConfigId] = count.Count;
        }

        return result;
    }
}

/// <summary>Rollouts of the given tiers that are not finished (pending or running), oldest first (batched).</summary>
public sealed record GetPendingRolloutsQuery(IReadOnlyCollection<Guid> TierConfigIds) : IQuery<ILookup<Guid, TierRolloutDto>>;

public sealed class GetPendingRolloutsHandler(ITiersDbContext db) : IQueryHandler<GetPendingRolloutsQuery, ILookup<Guid, TierRolloutDto>>
{
    public async ValueTask<ILookup<Guid, TierRolloutDto>> Handle(GetPendingRolloutsQuery query, CancellationToken cancellationToken)
    {
        var rollouts = await db.TierRollouts.AsNoTracking()
            .Where(r => query.TierConfigIds.Contains(r.TierConfigId) && (r.Status == RolloutStatus.Pending || r.Status == RolloutStatus.Running))
            .OrderBy(r => r.CreatedAt).ThenBy(r => r.Id)
            .Select(TierRolloutDto.Projection)
            .ToListAsync(cancellationToken);
        return rollouts.ToLookup(r => r.TierConfigId);
    }
}
