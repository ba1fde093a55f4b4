using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Rephlo.Tiers.Api.IntegrationTests.Infrastructure;
using Rephlo.Tiers.Application.Common.Abstractions;
using Rephlo.Tiers.Application.TierConfigs;
using Rephlo.Tiers.Domain.Rollouts;
using Rephlo.Tiers.Domain.Subscriptions;
using Rephlo.Tiers.Infrastructure.Persistence;
using Rephlo.Tiers.Infrastructure.Rollouts;

namespace Rephlo.Tiers.Api.IntegrationTests;

/// <summary>
/// The rollout engine under forced interleavings (a test hook inside every batch transaction):
/// two rollouts of one tier on two runners never over-grant; counts agree with the preview;
/// a cancelled running rollout stops at the next batch boundary; a scheduled rollout starts on
/// time while another tier's rollout is busy. The background runner is off: the tests drive runners.
/// </summary>
public abstract class RolloutInterleavingTests(TestDatabase database) : ApiTestBase(database)
{
    private int _users;

    private HookedFactory Hooked => (HookedFactory)Factory;

    protected override ApiFactory CreateFactory(TestDatabase db) => new HookedFactory(db);

    [Fact]
    public async Task Two_rollouts_of_one_tier_due_at_once_on_two_runners_grant_exactly_the_difference_in_every_interleaving()
    {
        await SubscribeAsync("pro", 22);                     // with the two demo accounts: 24 subscribers
        Factory.Services.GetRequiredService<IOptions<RolloutOptions>>().Value.BatchSize = 1000;  // one batch holds the whole tier
        var credits = 1500;
        for (var repetition = 0; repetition < 20; repetition++)
        {
            var start = await AllocationsAsync("pro");
            var first = await RaiseAsync("pro", credits + 500);
            var second = await RaiseAsync("pro", credits + 1000);
            credits += 1000;

            if (repetition % 2 == 0)
            {
                // Forced overlap: both batches inside their transactions at once (a barrier), the
                // first claimed rollout's lease lapsed so the second could be claimed; either order.
                var (a, b) = repetition % 4 == 0 ? (first, second) : (second, first);
                await ForcedOverlapAsync(a, b);
            }
            else
            {
                // Two runners racing for both rollouts: one runs, the other is queued behind it.
                Hooked.Hook.OnBatch = Barrier(TimeSpan.FromMilliseconds(100));
                var runners = new[] { NewRunner($"runner-a-{repetition}"), NewRunner($"runner-b-{repetition}") };
                var claimed = await Task.WhenAll(runners.Select(r => Task.Run(() => r.RunDueAsync(CancellationToken.None))));
                Assert.Equal(2, claimed.Sum());
            }

            Hooked.Hook.OnBatch = null;
            Assert.Equal(RolloutStatus.Completed, (await RolloutAsync(first)).Status);
            Assert.Equal(RolloutStatus.Completed, (await RolloutAsync(second)).Status);
            await AssertLedgerAsync(start, credits, first, second);
        }
    }

    [Fact]
    public async Task Eligible_upgraded_and_skipped_counts_equal_the_preview_with_inactive_subscribers_and_a_missing_balance()
    {
        // pro_plus has no seeded (non time-ordered) subscription keys: every key here is ordered by creation.
        await ChangeCreditsAsync("pro_plus", 7000);
        var high = await SubscribeAsync("pro_plus", 2);       // 2 at 7,000 (one stays active: remains the same)
        await ChangeCreditsAsync("pro_plus", 5000);
        var low = await SubscribeAsync("pro_plus", 7);        // 7 at 5,000 (four stay active: upgraded)
        await SetStatusAsync(low[0], SubscriptionStatus.Trial);
        await SetStatusAsync(low[1], SubscriptionStatus.PastDue);
        await SetStatusAsync(low[2], SubscriptionStatus.Cancelled);
        await SetStatusAsync(high[0], SubscriptionStatus.PastDue);
        var withoutBalance = low[3];
        await Factory.WithDbAsync(db => db.CreditBalances.Where(b => b.UserId == withoutBalance).ExecuteDeleteAsync());

        var preview = (await Admin.PostGraphQLAsync(
            "{ tierChangePreview(input: {tierName: \"pro_plus\", newCredits: 6000, applyToExistingUsers: true}) { preview { activeSubscribers willUpgrade willRemainSame creditsAdded } } }"))
            .Data["tierChangePreview"]!["preview"]!;
        Assert.Equal((5, 4, 1), (preview["activeSubscribers"]!.GetValue<int>(), preview["willUpgrade"]!.GetValue<int>(), preview["willRemainSame"]!.GetValue<int>()));

        var rolloutId = await RaiseAsync("pro_plus", 6000);
        Assert.True(await WithProcessorAsync(p => p.TryClaimAsync(rolloutId, "counter", CancellationToken.None)));

        // Signed up after the rollout started: at the tier's new credits, outside the frozen set.
        var late = await SubscribeAsync("pro_plus", 1);
        await DriveAsync(rolloutId, "counter");

        var done = await RolloutAsync(rolloutId);
        Assert.Equal(RolloutStatus.Completed, done.Status);
        Assert.Equal(
            (preview["activeSubscribers"]!.GetValue<int>(), preview["willUpgrade"]!.GetValue<int>(), preview["willRemainSame"]!.GetValue<int>()),
            (done.EligibleCount, done.UpgradedCount, done.SkippedCount));
        Assert.Equal(done.EligibleCount - done.UpgradedCount, done.SkippedCount);
        Assert.Equal(preview["creditsAdded"]!.GetValue<long>(), await Factory.WithDbAsync(db => db.CreditGrants.Where(g => g.RolloutId == rolloutId).SumAsync(g => (long)g.Amount)));

        // The subscriber without a balance row got one holding exactly the grant.
        Assert.Equal(1000L, await Factory.WithDbAsync(db => db.CreditBalances.Where(b => b.UserId == withoutBalance).Select(b => b.Balance).SingleAsync()));
        Assert.Equal(6000, await AllocationOfAsync(late[0]));
        Assert.Equal(5000, await AllocationOfAsync(low[0]));
        Assert.Equal(5000, await AllocationOfAsync(low[1]));
        Assert.Equal(7000, await AllocationOfAsync(high[1]));
    }

    [Fact]
    public async Task A_running_rollout_cancelled_stops_at_the_next_batch_with_an_event_no_lease_and_the_change_unapplied()
    {
        await SubscribeAsync("pro", 10);                       // 12 subscribers, batches of 3
        var rolloutId = await RaiseAsync("pro", 2000);
        var events = new ConcurrentQueue<TierRolloutDto>();
        using var subscription = Factory.Services.GetRequiredService<ITierEventBus>().RolloutProgress.Subscribe(new Observer(events.Enqueue));
        Assert.True(await WithProcessorAsync(p => p.TryClaimAsync(rolloutId, "worker", CancellationToken.None)));
        Assert.True(await WithProcessorAsync(p => p.ProcessNextBatchAsync(rolloutId, "worker", CancellationToken.None)));
        Assert.True(await WithProcessorAsync(p => p.ProcessNextBatchAsync(rolloutId, "worker", CancellationToken.None)));

        var cancel = await Admin.PostGraphQLAsync($$"""mutation { cancelTierRollout(input: {rolloutId: "{{rolloutId}}", reason: "Stop it half way for the test"}) { rollout { status } errors { __typename } } }""");
        Assert.Equal("CANCELLED", cancel.Data["cancelTierRollout"]!["rollout"]!["status"]!.GetValue<string>());
        events.Clear();

        Assert.False(await WithProcessorAsync(p => p.ProcessNextBatchAsync(rolloutId, "worker", CancellationToken.None)));

        var stopped = await RolloutAsync(rolloutId);
        Assert.Equal((RolloutStatus.Cancelled, 6, 6, 0), (stopped.Status, stopped.EligibleCount, stopped.UpgradedCount, stopped.SkippedCount));
        Assert.Equal(((string?)null, (DateTimeOffset?)null), (stopped.LeaseOwner, stopped.LeaseExpiresAt));
        Assert.Contains(events, e => e.Id == rolloutId && e.Status == RolloutStatus.Cancelled && e.UpgradedCount == 6);
        Assert.Equal(6, await Factory.WithDbAsync(db => db.CreditGrants.CountAsync(g => g.RolloutId == rolloutId)));

        // The change stays unapplied, also after the runner's clean-up pass.
        await NewRunner("cleaner").RunDueAsync(CancellationToken.None);
        Assert.Null((await Factory.WithDbAsync(db => db.TierConfigHistory.AsNoTracking().SingleAsync(h => h.Id == stopped.HistoryEntryId))).AppliedAt);
        Assert.Equal(6, await Factory.WithDbAsync(db => db.CreditGrants.CountAsync(g => g.RolloutId == rolloutId)));
    }

    [Fact]
    public async Task A_scheduled_rollout_starts_on_time_while_a_long_rollout_of_another_tier_runs()
    {
        await SubscribeAsync("pro", 25);                       // 27 subscribers: 9 batches of 3
        await SubscribeAsync("pro_plus", 2);
        var busy = await RaiseAsync("pro", 2000);
        var scheduledFor = TestClock.Start.AddSeconds(20);
        var onTime = await RaiseAsync("pro_plus", 6000, scheduledFor);

        // Every batch of the busy rollout "takes" 10 s of the fake clock: it runs for 90 s in all.
        Hooked.Hook.OnBatch = (context, _) =>
        {
            if (context.RolloutId == busy && context.Stage == RolloutBatchStage.BeforeLock)
            {
                Factory.Clock.Advance(TimeSpan.FromSeconds(10));
            }

            return Task.CompletedTask;
        };
        var latest = new ConcurrentDictionary<Guid, TierRolloutDto>();
        RolloutStatus? busyWhenOtherStarted = null;
        using var subscription = Factory.Services.GetRequiredService<ITierEventBus>().RolloutProgress.Subscribe(new Observer(e =>
        {
            if (e.Id == onTime && e.Status == RolloutStatus.Running && busyWhenOtherStarted is null)
            {
                busyWhenOtherStarted = latest.TryGetValue(busy, out var b) ? b.Status : null;
            }

            latest[e.Id] = e;
        }));

        Assert.Equal(2, await NewRunner("single").RunDueAsync(CancellationToken.None));

        var started = await RolloutAsync(onTime);
        var other = await RolloutAsync(busy);
        Assert.Equal((RolloutStatus.Completed, RolloutStatus.Completed), (started.Status, other.Status));
        Assert.Equal(RolloutStatus.Running, busyWhenOtherStarted);
        Assert.InRange(started.StartedAt!.Value - scheduledFor, TimeSpan.Zero, TimeSpan.FromMinutes(1));
        Assert.True(other.CompletedAt > started.StartedAt, $"busy completed {other.CompletedAt}, scheduled one started {started.StartedAt}");
    }

    private async Task ForcedOverlapAsync(Guid a, Guid b)
    {
        // SQLite lets one writer in at a time (BEGIN IMMEDIATE): the barrier then times out and proves nothing
        // can interleave; PostgreSQL lets both in, and the per-tier lock must serialise them.
        Hooked.Hook.OnBatch = Barrier(Factory.Database == TestDatabase.Sqlite ? TimeSpan.FromMilliseconds(150) : TimeSpan.FromSeconds(10));
        Assert.True(await WithProcessorAsync(p => p.TryClaimAsync(a, "runner-a", CancellationToken.None)));
        Assert.False(await WithProcessorAsync(p => p.TryClaimAsync(b, "runner-b", CancellationToken.None)));  // queued behind a
        Factory.Clock.Advance(TimeSpan.FromMinutes(3));                                                       // a's lease lapses; runner-a works on
        Assert.True(await WithProcessorAsync(p => p.TryClaimAsync(b, "runner-b", CancellationToken.None)));
        await Task.WhenAll(Task.Run(() => DriveAsync(a, "runner-a")), Task.Run(() => DriveAsync(b, "runner-b")));
    }

    /// <summary>Each rollout's first batch waits (inside its transaction, before the tier lock) until the other's arrives, or the timeout.</summary>
    private static Func<RolloutBatchContext, CancellationToken, Task> Barrier(TimeSpan timeout)
    {
        var arrived = new ConcurrentDictionary<Guid, bool>();
        var both = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return async (context, cancellationToken) =>
        {
            if (context.Stage != RolloutBatchStage.BeforeLock || !arrived.TryAdd(context.RolloutId, true))
            {
                return;
            }

            if (arrived.Count >= 2)
            {
                both.TrySetResult();
            }

            await Task.WhenAny(both.Task, Task.Delay(timeout, cancellationToken));
        };
    }

    private async Task DriveAsync(Guid rolloutId, string owner)
    {
        while (await WithProcessorAsync(p => p.ProcessNextBatchAsync(rolloutId, owner, CancellationToken.None)))
        {
        }
    }

    /// <summary>The ledger in SQL: per subscription the two rollouts granted exactly final − start, nobody is above the target, balances equal the ledger.</summary>
    private async Task AssertLedgerAsync(Dictionary<Guid, int> start, int target, Guid first, Guid second)
    {
        var rows = await Factory.WithDbAsync(async db =>
        {
            var sql = db.Database.IsSqlite() ? new SqliteRolloutSqlDialect((SqliteTiersDbContext)db) as IRolloutSqlDialect : new PostgresRolloutSqlDialect((PostgresTiersDbContext)db);
            return await db.Database.SqlQueryRaw<LedgerRow>(
                """
                SELECT s.id AS "SubscriptionId", s.monthly_credit_allocation AS "Allocation",
                       COALESCE((SELECT SUM(g.amount) FROM credit_grants g WHERE g.subscription_id = s.id AND g.rollout_id IN ({0}, {1})), 0) AS "Granted",
                       COALESCE((SELECT b.balance FROM credit_balances b WHERE b.user_id = s.user_id), -1) AS "Balance",
                       COALESCE((SELECT SUM(g.amount) FROM credit_grants g WHERE g.user_id = s.user_id), 0) AS "Ledger"
                FROM subscriptions s
                WHERE s.tier_name = 'pro'
                """,
                sql.Key(first), sql.Key(second)).ToListAsync();
        });
        Assert.Equal(start.Count, rows.Count);
        Assert.All(rows, r =>
        {
            Assert.Equal(target - start[r.SubscriptionId], r.Granted);
            Assert.Equal(target, r.Allocation);
            Assert.Equal(r.Ledger, r.Balance);
        });
    }

    private Task<Dictionary<Guid, int>> AllocationsAsync(string tier) =>
        Factory.WithDbAsync(db => db.Subscriptions.Where(s => s.TierName == tier).ToDictionaryAsync(s => s.Id, s => s.MonthlyCreditAllocation));

    private Task<int> AllocationOfAsync(Guid userId) =>
        Factory.WithDbAsync(db => db.Subscriptions.Where(s => s.UserId == userId).Select(s => s.MonthlyCreditAllocation).SingleAsync());

    private Task SetStatusAsync(Guid userId, SubscriptionStatus status) =>
        Factory.WithDbAsync(db => db.Subscriptions.Where(s => s.UserId == userId).ExecuteUpdateAsync(set => set.SetProperty(s => s.Status, status)));

    private async Task<T> WithProcessorAsync<T>(Func<RolloutProcessor, Task<T>> work)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<RolloutProcessor>());
    }

    private Task<TierRollout> RolloutAsync(Guid id) => Factory.WithDbAsync(db => db.TierRollouts.AsNoTracking().SingleAsync(r => r.Id == id));

    private RolloutRunner NewRunner(string name) => new(
        Factory.Services.GetRequiredService<IServiceScopeFactory>(),
        Factory.Services.GetRequiredService<RolloutSignal>(),
        Factory.Clock,
        Options.Create(new RolloutOptions { InstanceId = name }),
        Factory.Services.GetRequiredService<ILogger<RolloutRunner>>());

    private async Task<List<Guid>> SubscribeAsync(string tier, int count)
    {
        var created = new List<Guid>();
        for (var i = 0; i < count; i++)
        {
            var userId = Guid.Parse($"5b8f3c1e-7777-4a2b-9c3d-{++_users:D12}");
            var response = await Admin.PostGraphQLAsync($$"""mutation { createSubscription(input: {userId: "{{userId}}", tierName: "{{tier}}"}) { errors { __typename } } }""");
            Assert.Null(response.Data["createSubscription"]!["errors"]);
            created.Add(userId);
        }

        return created;
    }

    private async Task<Guid> RaiseAsync(string tier, int credits, DateTimeOffset? at = null)
    {
        var payload = await ChangeCreditsAsync(tier, credits, apply: true, at);
        return Guid.Parse(payload["rollout"]!["id"]!.GetValue<string>());
    }

    private async Task<JsonNode> ChangeCreditsAsync(string tier, int credits, bool apply = false, DateTimeOffset? at = null)
    {
        var schedule = at is null ? string.Empty : $", scheduledRolloutAt: \"{at:yyyy-MM-ddTHH:mm:ssZ}\"";
        var response = await Admin.PostGraphQLAsync(
            $$"""mutation { updateTierCredits(input: {tierName: "{{tier}}", newCredits: {{credits}}, reason: "Credits to {{credits}} for the test", applyToExistingUsers: {{(apply ? "true" : "false")}}{{schedule}}}) { rollout { id status } errors { __typename ... on Error { message } } } }""");
        var payload = response.Data["updateTierCredits"]!;
        Assert.True(payload["errors"] is null, response.Raw);
        return payload;
    }

    private sealed class LedgerRow
    {
        public Guid SubscriptionId { get; set; }

        public int Allocation { get; set; }

        public long Granted { get; set; }

        public long Balance { get; set; }

        public long Ledger { get; set; }
    }

    private sealed class Observer(Action<TierRolloutDto> next) : IObserver<TierRolloutDto>
    {
        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }

        public void OnNext(TierRolloutDto value) => next(value);
    }

    /// <summary>A batch hook whose behaviour each test sets.</summary>
    public sealed class TestHook : IRolloutBatchHook
    {
        public Func<RolloutBatchContext, CancellationToken, Task>? OnBatch { get; set; }

        public Task OnBatchAsync(RolloutBatchContext context, CancellationToken cancellationToken) =>
            OnBatch?.Invoke(context, cancellationToken) ?? Task.CompletedTask;
    }

    private sealed class HookedFactory(TestDatabase db) : ApiFactory(db)
    {
        public TestHook Hook { get; } = new();

        protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
        {
            ["Rollouts:Enabled"] = "false",
        };

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services => services.AddSingleton<IRolloutBatchHook>(Hook));
        }
    }
}

public sealed class SqliteRolloutInterleavingTests() : RolloutInterleavingTests(TestDatabase.Sqlite);

public sealed class PostgresRolloutInterleavingTests() : RolloutInterleavingTests(TestDatabase.Postgres);
