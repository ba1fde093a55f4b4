using Mediator;
using Microsoft.EntityFrameworkCore;
using Rephlo.Tiers.Application.Common.Abstractions;
using Rephlo.Tiers.Domain.Subscriptions;
using Rephlo.Tiers.Domain.TierConfigs;

namespace Rephlo.Tiers.Application.TierConfigs;

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
