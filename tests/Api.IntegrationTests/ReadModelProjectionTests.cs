using Mapster;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rephlo.Tiers.Api.IntegrationTests.Infrastructure;
using Rephlo.Tiers.Application.Common.Mapping;
using Rephlo.Tiers.Application.Common.Querying;
using Rephlo.Tiers.Application.Subscriptions;
using Rephlo.Tiers.Application.TierConfigs;
using Rephlo.Tiers.Domain.Subscriptions;
using Rephlo.Tiers.Domain.TierConfigs;

namespace Rephlo.Tiers.Api.IntegrationTests;

/// <summary>
/// Mapster projections stay in SQL: the statement selects the read model's columns only (an entity
/// materialised for client-side mapping would select every column, e.g. <c>updated_at</c>), and
/// returns what a hand-written mapping of the loaded entities gives.
/// </summary>
public abstract class ReadModelProjectionTests(TestDatabase database) : ApiTestBase(database)
{
    private TypeAdapterConfig Mapping => Factory.Services.GetRequiredService<TypeAdapterConfig>();

    [Fact]
    public void The_host_uses_the_one_compiled_configuration() =>
        Assert.Same(ReadModelMapping.Config, Mapping);

    [Fact]
    public async Task Tier_configs_are_projected_in_sql()
    {
        var (sql, rows, expected) = await Factory.WithDbAsync(async db =>
        {
            var query = db.TierConfigs.AsNoTracking().OrderBy(t => t.Rank).ThenBy(t => t.Id).ProjectToType<TierConfigDto>(Mapping);
            var entities = await db.TierConfigs.AsNoTracking().OrderBy(t => t.Rank).ThenBy(t => t.Id).ToListAsync();
            return (query.ToQueryString(), await query.ToListAsync(), entities.Select(t => new TierConfigDto(
                t.Id, t.TierName, t.DisplayName, t.Rank, t.MonthlyPriceUsd, t.AnnualPriceUsd, t.MonthlyCreditAllocation,
                t.MaxCreditRollover, t.FeaturesJson, t.IsActive, t.ConfigVersion, t.LastModifiedBy, t.LastModifiedAt,
                t.ApplyToExistingUsers, t.RolloutStartDate)).ToList());
        });

        Assert.Contains("features_json", sql);
        Assert.Contains("rollout_start_date", sql);
        Assert.DoesNotContain("updated_at", sql);
        Assert.Equal(6, rows.Count);
        Assert.Equal(expected, rows);

        var handled = await SendAsync(new GetTierConfigsQuery(null, null));
        Assert.Equal(expected, handled);
    }

    [Fact]
    public async Task A_keyset_page_of_history_is_projected_in_sql()
    {
        foreach (var (credits, i) in new[] { 1600, 1700, 1800 }.Select((c, i) => (c, i)))
        {
            Factory.Clock.Advance(TimeSpan.FromMinutes(5));
            var response = await Admin.PostGraphQLAsync(
                $$"""mutation { updateTierCredits(input: {tierName: "pro", newCredits: {{credits}}, reason: "Step {{i}} for the projection test"}) { errors { __typename } } }""");
            Assert.Null(response.Data["updateTierCredits"]!["errors"]);
        }

        var query = new GetTierHistoryQuery(null, null, new PageRequest(First: 2) { IncludeTotalCount = false });
        var (sql, expected) = await Factory.WithDbAsync(async db =>
        {
            var page = GetTierHistoryHandler.Keyset(db, query).PageQuery(query.Paging, Mapping.ProjectionOf<TierConfigHistory, TierConfigHistoryDto>());
            var entities = await db.TierConfigHistory.AsNoTracking().OrderByDescending(h => h.ChangedAt).ThenByDescending(h => h.ConfigVersion).Take(2).ToListAsync();
            return (page.ToQueryString(), entities.Select(h => new TierConfigHistoryDto(
                h.Id, h.TierConfigId, h.TierName, h.ConfigVersion, h.ChangeType, h.PreviousCredits, h.NewCredits,
                h.PreviousMonthlyPriceUsd, h.NewMonthlyPriceUsd, h.PreviousAnnualPriceUsd, h.NewAnnualPriceUsd,
                h.ChangeReason, h.AffectedUsersCount, h.ChangedBy, h.ChangedByName, h.ChangedAt, h.AppliedAt)).ToList());
        });

        Assert.Contains("change_reason", sql);
        Assert.Contains("applied_at", sql);
        Assert.DoesNotContain("tier_rollouts", sql); // no navigation is loaded for the mapping

        var handled = await SendAsync(query);
        Assert.Equal(expected, handled.Nodes);
        Assert.Equal([1800, 1700], handled.Nodes.Select(h => h.NewCredits));
        Assert.Null(handled.TotalCount);
    }

    [Fact]
    public async Task A_keyset_page_of_subscribers_is_projected_in_sql()
    {
        var query = new GetSubscribersQuery(null, null, new PageRequest(First: 10));
        var (sql, expected) = await Factory.WithDbAsync(async db =>
        {
            var page = db.Subscriptions.AsNoTracking().KeysetBy(null, GetSubscribersHandler.Fields, [], s => s.Id)
                .PageQuery(query.Paging, Mapping.ProjectionOf<Subscription, SubscriberDto>());
            var entities = await db.Subscriptions.AsNoTracking().OrderBy(s => s.Id).ToListAsync();
            return (page.ToQueryString(), entities.Select(s => new SubscriberDto(
                s.Id, s.UserId, s.Email, s.TierName, s.Status, s.BillingCycle, s.BasePriceUsd, s.MonthlyCreditAllocation,
                s.CurrentPeriodStart, s.CurrentPeriodEnd)).ToList());
        });

        Assert.Contains("current_period_end", sql);
        Assert.DoesNotContain("tier_config_id", sql);
        Assert.DoesNotContain("updated_at", sql);

        var handled = await SendAsync(query);
        Assert.Equal(3, handled.Nodes.Count());
        Assert.Equal(expected, handled.Nodes);
        Assert.Equal(3, handled.TotalCount);
    }

    private async Task<T> SendAsync<T>(Mediator.IQuery<T> query)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<Mediator.IMediator>().Send(query);
    }
}

public sealed class SqliteReadModelProjectionTests() : ReadModelProjectionTests(TestDatabase.Sqlite);

public sealed class PostgresReadModelProjectionTests() : ReadModelProjectionTests(TestDatabase.Postgres);
