using System.Linq.Expressions;
using Mapster;
using Rephlo.Tiers.Application.Common.Mapping;
using Rephlo.Tiers.Application.Subscriptions;
using Rephlo.Tiers.Application.TierConfigs;
using Rephlo.Tiers.Domain.Subscriptions;
using Rephlo.Tiers.Domain.TierConfigs;

namespace Rephlo.Tiers.Application.UnitTests;

/// <summary>The one Mapster configuration: it compiles, maps every member, and refuses what it cannot source.</summary>
public sealed class ReadModelMappingTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_configuration_compiles_every_pair_for_mapping_and_projection()
    {
        // Create compiles (map functions and projections) and throws on any mapping error.
        var config = ReadModelMapping.Create();

        Assert.Equal(7, config.RuleMap.Count);
        foreach (var pair in config.RuleMap.Keys)
        {
            var projection = config.CreateMapExpression(pair, MapType.Projection);
            Assert.Equal(pair.Destination, projection.ReturnType);

            // A constructor call over member reads (Mapster adds null checks EF Core folds into the
            // column or a CASE): no method call or delegate EF Core would have to run on the client.
            Assert.IsType<NewExpression>(projection.Body is MemberInitExpression init ? init.NewExpression : projection.Body);
            var calls = new CallFinder();
            calls.Visit(projection.Body);
            Assert.Empty(calls.Found);
        }
    }

    [Fact]
    public void Freshly_written_entities_map_in_memory_member_for_member()
    {
        var config = ReadModelMapping.Config;
        var (tier, _) = TierConfig.Create(Guid.NewGuid(), "pro", "Pro", 1, 15m, 150m, 1500, 750, """{"rateLimit":30,"apiAccess":true}""", true, Now, Guid.NewGuid());

        var dto = tier.Adapt<TierConfig, TierConfigDto>(config);

        Assert.Equal(
            new TierConfigDto(tier.Id, "pro", "Pro", 1, 15m, 150m, 1500, 750, """{"apiAccess":true,"rateLimit":30}""", true, 1, null, Now, false, null),
            dto);

        var user = Guid.NewGuid();
        var subscription = Subscription.Start(Guid.NewGuid(), Guid.NewGuid(), user, "ada@example.com", tier, BillingCycle.Monthly, Now).Value.Subscription;
        var subscriber = subscription.Adapt<Subscription, SubscriberDto>(config);
        Assert.Equal(subscription.Id, subscriber.SubscriptionId);
        Assert.Equal((user, "ada@example.com", "pro", 1500, 15m), (subscriber.UserId, subscriber.Email, subscriber.TierName, subscriber.MonthlyCreditAllocation, subscriber.BasePriceUsd));
    }

    [Fact]
    public void The_projection_used_in_queries_reads_the_columns_with_no_null_checks_left()
    {
        // Mapster guards each member with `s != null && s.M != null ? (T?)s.M : null`; simplified once,
        // the projection is the plain constructor over member reads (plain columns in SQL, a small tree
        // for EF Core to hash on every execution).
        AssertPlain(ReadModelMapping.Config.ProjectionOf<TierConfig, TierConfigDto>());
        AssertPlain(ReadModelMapping.Config.ProjectionOf<TierConfigHistory, TierConfigHistoryDto>());
        AssertPlain(ReadModelMapping.Config.ProjectionOf<TierConfigVersion, TierConfigVersionDto>());
        AssertPlain(ReadModelMapping.Config.ProjectionOf<Subscription, SubscriberDto>());
        AssertPlain(ReadModelMapping.Config.ProjectionOf<Rephlo.Tiers.Domain.Rollouts.TierRollout, TierRolloutDto>());

        static void AssertPlain(LambdaExpression projection)
        {
            var init = projection.Body as MemberInitExpression;
            var constructed = init?.NewExpression ?? Assert.IsType<NewExpression>(projection.Body);
            var values = constructed.Arguments.Concat(init?.Bindings.Select(b => Assert.IsType<MemberAssignment>(b).Expression) ?? []).ToList();
            Assert.NotEmpty(values);
            Assert.All(values, value =>
            {
                var member = Assert.IsAssignableFrom<MemberExpression>(value is UnaryExpression { NodeType: ExpressionType.Convert } convert ? convert.Operand : value);
                Assert.Same(projection.Parameters[0], member.Expression);
            });
        }
    }

    [Fact]
    public void The_projection_for_keyset_pages_is_the_cached_one()
    {
        var first = ReadModelMapping.Config.ProjectionOf<TierConfig, TierConfigDto>();
        Assert.Same(first, ReadModelMapping.Config.ProjectionOf<TierConfig, TierConfigDto>());
    }

    [Fact]
    public void A_read_model_member_without_a_source_fails_compilation()
    {
        var config = ReadModelMapping.NewConfig();
        config.NewConfig<TierConfig, TierSummary>().MapToConstructor(true);

        Assert.ThrowsAny<Exception>(() => config.Compile());
    }

    [Fact]
    public void An_unregistered_pair_is_refused_rather_than_mapped_by_convention()
    {
        var (tier, _) = TierConfig.Create(Guid.NewGuid(), "pro", "Pro", 1, 15m, 150m, 1500, 750, "{}", true, Now, Guid.NewGuid());

        Assert.ThrowsAny<Exception>(() => tier.Adapt<TierConfig, TierConfigVersionDto>(ReadModelMapping.Config));
    }

    private sealed record TierSummary(Guid Id, string TierName, int Popularity);

    private sealed class CallFinder : ExpressionVisitor
    {
        public List<Expression> Found { get; } = [];

        protected override Expression VisitMethodCall(MethodCallExpression node)
        {
            Found.Add(node);
            return base.VisitMethodCall(node);
        }

        protected override Expression VisitInvocation(InvocationExpression node)
        {
            Found.Add(node);
            return base.VisitInvocation(node);
        }
    }
}
