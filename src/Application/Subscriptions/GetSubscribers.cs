using Mapster;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Rephlo.Tiers.Application.Common.Abstractions;
using Rephlo.Tiers.Application.Common.Querying;
using Rephlo.Tiers.Domain.Subscriptions;

namespace Rephlo.Tiers.Application.Subscriptions;

public sealed record GetSubscribersQuery(Filter? Where, IReadOnlyList<SortField>? Order, PageRequest Paging) : IQuery<Page<SubscriberDto>>, IFilteredQuery;

public sealed class GetSubscribersHandler(ITiersDbContext db, TypeAdapterConfig mapping) : IQueryHandler<GetSubscribersQuery, Page<SubscriberDto>>
{
    public static readonly QueryFields<Subscription> Fields = new QueryFields<Subscription>()
        .Add("userId", s => s.UserId, FieldUse.Filter)
        .Add("tierName", s => s.TierName, FieldUse.Filter)
        .Add("status", s => s.Status, FieldUse.Filter)
        .Add("email", s => s.Email)
        .Add("monthlyCreditAllocation", s => s.MonthlyCreditAllocation)
        .Add("currentPeriodEnd", s => s.CurrentPeriodEnd, FieldUse.Sort);

    private static readonly SortField[] DefaultOrder = [];

    public async ValueTask<Page<SubscriberDto>> Handle(GetSubscribersQuery query, CancellationToken cancellationToken) =>
        await db.Subscriptions.AsNoTracking()
            .Where(query.Where, Fields)
            .KeysetBy(query.Order, Fields, DefaultOrder, s => s.Id)
            .ToPageAsync<SubscriberDto>(query.Paging, mapping, cancellationToken);
}
