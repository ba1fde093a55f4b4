using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Rephlo.Tiers.Api.IntegrationTests.Infrastructure;
using Rephlo.Tiers.Domain.Credits;
using Rephlo.Tiers.Domain.Rollouts;
using Rephlo.Tiers.Infrastructure.Rollouts;

namespace Rephlo.Tiers.Api.IntegrationTests;

/// <summary>
/// Crash and resume, racing runners, bounded retries — with the background runner switched off so
/// the test drives runners itself. 40 subscribers in batches of 3.
/// </summary>
public abstract class RolloutRecoveryTests(TestDatabase database) : ApiTestBase(database)
{
    private const int Subscribers = 40;

    protected override ApiFactory CreateFactory(TestDatabase db) => new ManualRunnerFactory(db);


    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        for (var i = 1; i <= Subscribers; i++)
        {
            var response = await Admin.PostGraphQLAsync($$"""mutation { createSubscription(input: {userId: "5b8f3c1e-4444-4a2b-9c3d-{{i:D12}}", tierName: "pro_plus"}) { errors { __typename } } }""");
            Assert.Null(response.Data["createSubscription"]!["errors"]);
        }
    }

    [Fact]
    public async Task A_runner_that_dies_mid_rollout_is_resumed_by_another_and_the_result_is_exact()
    {
        var rolloutId = await StartRolloutAsync();
        var first = NewRunner("first");
        await using (var scope = Factory.Services.CreateAsyncScope())
        {
            var processor = scope.ServiceProvider.GetRequiredService<RolloutProcessor>();
            Assert.True(await processor.TryClaimAsync(rolloutId, first.InstanceId, CancellationToken.None));
        }

        for (var batch = 0; batch < 4; batch++)
        {
            await using var scope = Factory.Services.CreateAsyncScope();
            Assert.True(await scope.ServiceProvider.GetRequiredService<RolloutProcessor>().ProcessNextBatchAsync(rolloutId, first.InstanceId, CancellationToken.None));
        }

        // The first runner "dies" here: no release, its lease still holds.
        var midway = await RolloutAsync(rolloutId);
        Assert.Equal((RolloutStatus.Running, 12, 12), (midway.Status, midway.EligibleCount, midway.UpgradedCount));
        var second = NewRunner("second");
        Assert.Equal(0, await second.RunDueAsync(CancellationToken.None));

        Factory.Clock.Advance(TimeSpan.FromMinutes(3));
        Assert.Equal(1, await second.RunDueAsync(CancellationToken.None));

        var done = await RolloutAsync(rolloutId);
        Assert.Equal((RolloutStatus.Completed, Subscribers, Subscribers, 0, 2), (done.Status, done.EligibleCount, done.UpgradedCount, done.SkippedCount, done.Attempts));
        await AssertExactlyOnceAsync(rolloutId);
    }

    [Fact]
    public async Task Shutdown_gives_the_rollout_back_and_the_next_start_finishes_it()
    {
        var rolloutId = await StartRolloutAsync();
        var runner = NewRunner("stopping");
        using var stop = new CancellationTokenSource();
        var progressed = 0;
        var bus = Factory.Services.GetRequiredService<Rephlo.Tiers.Application.Common.Abstractions.ITierEventBus>();
        using var subscription = bus.RolloutProgress.Subscribe(new Observer(r =>
        {
            if (r.Id == rolloutId && r.UpgradedCount >= 9 && Interlocked.Increment(ref progressed) == 1)
            {
                stop.Cancel();
            }
        }));

        await runner.RunDueAsync(stop.Token);

        var stopped = await RolloutAsync(rolloutId);
        Assert.Equal(RolloutStatus.Running, stopped.Status);
        Assert.InRange(stopped.UpgradedCount, 9, Subscribers - 1);
        Assert.Null(stopped.LeaseOwner);

        Assert.Equal(1, await NewRunner("restarted").RunDueAsync(CancellationToken.None));
        Assert.Equal(RolloutStatus.Completed, (await RolloutAsync(rolloutId)).Status);
        await AssertExactlyOnceAsync(rolloutId);
    }

    [Fact]
    public async Task Two_runners_racing_one_rollout_credit_every_subscriber_exactly_once()
    {
        var rolloutId = await StartRolloutAsync();
        var runners = Enumerable.Range(0, 4).Select(i => NewRunner($"racer-{i}")).ToList();

        var handled = await Task.WhenAll(runners.Select(r => Task.Run(() => r.RunDueAsync(CancellationToken.None))));

        Assert.Equal(1, handled.Sum());
        Assert.Equal(RolloutStatus.Completed, (await RolloutAsync(rolloutId)).Status);
        await AssertExactlyOnceAsync(rolloutId);
    }

    [Fact]
    public async Task The_database_refuses_a_second_grant_of_one_rollout_to_one_subscription()
    {
        var rolloutId = await StartRolloutAsync();
        await NewRunner("only").RunDueAsync(CancellationToken.None);
        var grant = await Factory.WithDbAsync(db => db.CreditGrants.AsNoTracking().FirstAsync(g => g.RolloutId == rolloutId));

        var error = await Record.ExceptionAsync(() => Factory.WithDbAsync(db =>
        {
            var sqlite = Factory.Database == TestDatabase.Sqlite;
            object Key(Guid id) => sqlite ? id.ToString().ToUpperInvariant() : id;
            return db.Database.ExecuteSqlRawAsync(
                "INSERT INTO credit_grants (id, user_id, subscription_id, amount, source, rollout_id, reason, period_start, period_end, created_at) SELECT {0}, user_id, subscription_id, amount, source, rollout_id, reason, period_start, period_end, created_at FROM credit_grants WHERE id = {1}",
                Key(Guid.NewGuid()), Key(grant.Id));
        }));

        Assert.NotNull(error);
        Assert.Matches("(?i)unique|duplicate", error.InnerException?.Message ?? error.Message);
    }

    [Fact]
    public async Task A_rollout_that_keeps_failing_is_marked_failed_with_its_reason_never_applied()
    {
        var rolloutId = await StartRolloutAsync();

        // Every attempt's first batch fails inside its transaction (after its writes): it rolls back.
        ((ManualRunnerFactory)Factory).FailBatches = true;
        var runner = NewRunner("unlucky");
        for (var attempt = 0; attempt < 3; attempt++)
        {
            await runner.RunDueAsync(CancellationToken.None);
            Factory.Clock.Advance(TimeSpan.FromMinutes(5));
        }

        var failed = await RolloutAsync(rolloutId);
        Assert.Equal((RolloutStatus.Failed, 3), (failed.Status, failed.Attempts));
        Assert.Contains("batch refused by the test", failed.FailureReason);
        Assert.Null((await Factory.WithDbAsync(db => db.TierConfigHistory.AsNoTracking().SingleAsync(h => h.Id == failed.HistoryEntryId))).AppliedAt);
        Assert.Equal(0, await Factory.WithDbAsync(db => db.CreditGrants.CountAsync(g => g.RolloutId == rolloutId)));
        Assert.Equal(0, failed.UpgradedCount);
    }

    [Fact]
    public async Task A_subscriber_without_a_balance_row_gets_one_and_the_rollout_completes()
    {
        var rolloutId = await StartRolloutAsync();
        var userId = Guid.Parse("5b8f3c1e-4444-4a2b-9c3d-000000000002");
        await Factory.WithDbAsync(db => db.CreditBalances.Where(b => b.UserId == userId).ExecuteDeleteAsync());

        Assert.Equal(1, await NewRunner("lucky").RunDueAsync(CancellationToken.None));

        var done = await RolloutAsync(rolloutId);
        Assert.Equal((RolloutStatus.Completed, Subscribers, Subscribers), (done.Status, done.EligibleCount, done.UpgradedCount));
        Assert.Equal(1000L, await Factory.WithDbAsync(db => db.CreditBalances.Where(b => b.UserId == userId).Select(b => b.Balance).SingleAsync()));
        Assert.Equal(Subscribers, await Factory.WithDbAsync(db => db.CreditGrants.CountAsync(g => g.RolloutId == rolloutId)));
    }

    private async Task<Guid> StartRolloutAsync()
    {
        var response = await Admin.PostGraphQLAsync("""mutation { updateTierCredits(input: {tierName: "pro_plus", newCredits: 6000, reason: "Upgrade every Pro+ subscriber", applyToExistingUsers: true}) { rollout { id status } errors { __typename } } }""");
        Assert.Equal("PENDING", response.Data["updateTierCredits"]!["rollout"]!["status"]!.GetValue<string>());
        return Guid.Parse(response.Data["updateTierCredits"]!["rollout"]!["id"]!.GetValue<string>());
    }

    private RolloutRunner NewRunner(string name) => new(
        Factory.Services.GetRequiredService<IServiceScopeFactory>(),
        Factory.Services.GetRequiredService<RolloutSignal>(),
        Factory.Clock,
        Options.Create(new RolloutOptions { InstanceId = name }),
        Factory.Services.GetRequiredService<ILogger<RolloutRunner>>());

    private Task<TierRollout> RolloutAsync(Guid id) => Factory.WithDbAsync(db => db.TierRollouts.AsNoTracking().SingleAsync(r => r.Id == id));

    private async Task AssertExactlyOnceAsync(Guid rolloutId)
    {
        var grants = await Factory.WithDbAsync(db => db.CreditGrants.AsNoTracking().Where(g => g.RolloutId == rolloutId).ToListAsync());
        Assert.Equal(Subscribers, grants.Count);
        Assert.Equal(Subscribers, grants.Select(g => g.SubscriptionId).Distinct().Count());
        Assert.All(grants, g => Assert.Equal((1000, CreditGrantSource.TierUpgrade), (g.Amount, g.Source)));
        var subscribers = await Factory.WithDbAsync(db => db.Subscriptions.Where(s => s.TierName == "pro_plus")
            .Join(db.CreditBalances, s => s.UserId, b => b.UserId, (s, b) => new { s.MonthlyCreditAllocation, b.Balance }).ToListAsync());
        Assert.Equal(Subscribers, subscribers.Count);
        Assert.All(subscribers, s => Assert.Equal((6000, 6000L), (s.MonthlyCreditAllocation, s.Balance)));
    }

    private sealed class Observer(Action<Rephlo.Tiers.Application.TierConfigs.TierRolloutDto> next) : IObserver<Rephlo.Tiers.Application.TierConfigs.TierRolloutDto>
    {
        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }

        public void OnNext(Rephlo.Tiers.Application.TierConfigs.TierRolloutDto value) => next(value);
    }

    private sealed class ManualRunnerFactory(TestDatabase db) : ApiFactory(db), IRolloutBatchHook
    {
        public bool FailBatches { get; set; }

        public Task OnBatchAsync(RolloutBatchContext context, CancellationToken cancellationToken) =>
            FailBatches && context.Stage == RolloutBatchStage.BeforeCommit
                ? throw new InvalidOperationException("batch refused by the test")
                : Task.CompletedTask;

        protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services => services.AddSingleton<IRolloutBatchHook>(this));
        }

        protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
        {
            ["Rollouts:Enabled"] = "false",
            ["Rollouts:MaxAttempts"] = "3",
            ["Rollouts:RetryDelay"] = "00:00:10",
        };
    }
}

public sealed class SqliteRolloutRecoveryTests() : RolloutRecoveryTests(TestDatabase.Sqlite);

public sealed class PostgresRolloutRecoveryTests() : RolloutRecoveryTests(TestDatabase.Postgres);
