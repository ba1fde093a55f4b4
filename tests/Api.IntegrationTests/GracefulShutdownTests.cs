using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rephlo.Tiers.Api.IntegrationTests.Infrastructure;
using Rephlo.Tiers.Domain.Rollouts;
using Rephlo.Tiers.Infrastructure.Rollouts;

namespace Rephlo.Tiers.Api.IntegrationTests;

/// <summary>
/// Two instances on one PostgreSQL database. The one running a rollout is stopped (as SIGTERM does)
/// in the middle of a batch: that batch commits, the lease is released, and the other instance
/// finishes the rollout within one poll interval; the ledger is exact (checked in SQL).
/// </summary>
public sealed class GracefulShutdownTests : IAsyncLifetime
{
    private const int Subscribers = 30;
    private readonly string _database = "rephlo_shutdown_" + Guid.NewGuid().ToString("N")[..10];
    private GatedFactory _a = null!;
    private ApiFactory _b = null!;

    public async Task InitializeAsync()
    {
        _a = new GatedFactory(_database);
        _ = _a.Server;
        _b = new ApiFactory(TestDatabase.Postgres, _database);
        _ = _b.Server;
        var admin = _a.CreateAdminClient();
        for (var i = 1; i <= Subscribers; i++)
        {
            var response = await admin.PostGraphQLAsync($$"""mutation { createSubscription(input: {userId: "3a4b5c6d-6666-4a2b-9c3d-{{i:D12}}", tierName: "pro_plus"}) { errors { __typename } } }""");
            Assert.Null(response.Data["createSubscription"]!["errors"]);
        }
    }

    public async Task DisposeAsync()
    {
        _a.Gate.TrySetResult();
        await _b.DisposeAsync();
        await _a.DisposeAsync();
    }

    [Fact]
    public async Task Stopping_the_instance_mid_batch_commits_that_batch_and_the_other_instance_finishes_exactly()
    {
        var response = await _a.CreateAdminClient().PostGraphQLAsync("""mutation { updateTierCredits(input: {tierName: "pro_plus", newCredits: 6000, reason: "Rolled out across a shutdown", applyToExistingUsers: true}) { rollout { id } } }""");
        var rolloutId = Guid.Parse(response.Data["updateTierCredits"]!["rollout"]!["id"]!.GetValue<string>());

        // A's third batch has written and waits before its commit; now A is told to stop.
        await _a.ThirdBatchWritten.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var stopping = _a.Host.StopAsync();
        await Task.Delay(300);
        _a.Gate.SetResult();
        await stopping.WaitAsync(TimeSpan.FromSeconds(30));

        var handedOver = await _b.WithDbAsync(db => db.TierRollouts.AsNoTracking().SingleAsync(r => r.Id == rolloutId));
        Assert.Equal((RolloutStatus.Running, 9, null, null), (handedOver.Status, handedOver.UpgradedCount, handedOver.LeaseOwner, handedOver.LeaseExpiresAt));

        // B polls once (its poll interval passes on its clock) and finishes the rollout.
        _b.Clock.Advance(TimeSpan.FromSeconds(30));
        var deadline = DateTime.UtcNow.AddSeconds(30);
        RolloutStatus status;
        while ((status = await _b.WithDbAsync(db => db.TierRollouts.Where(r => r.Id == rolloutId).Select(r => r.Status).SingleAsync())) != RolloutStatus.Completed)
        {
            Assert.True(DateTime.UtcNow < deadline, $"Rollout still {status}");
            await Task.Delay(100);
        }

        var ledger = await _b.WithDbAsync(db => db.Database.SqlQueryRaw<Ledger>(
            """
            SELECT
              (SELECT COUNT(*) FROM credit_grants WHERE rollout_id = {0})::int AS "Grants",
              (SELECT COUNT(DISTINCT subscription_id) FROM credit_grants WHERE rollout_id = {0})::int AS "Subscriptions",
              (SELECT COALESCE(SUM(amount), 0) FROM credit_grants WHERE rollout_id = {0})::bigint AS "Granted",
              (SELECT COUNT(*) FROM subscriptions s JOIN credit_balances b ON b.user_id = s.user_id
                 WHERE s.tier_name = 'pro_plus' AND s.monthly_credit_allocation = 6000 AND b.balance = 6000)::int AS "Exact",
              (SELECT upgraded_count FROM tier_rollouts WHERE id = {0}) AS "Upgraded"
            """, rolloutId).SingleAsync());
        Assert.Equal(new Ledger(Subscribers, Subscribers, Subscribers * 1000L, Subscribers, Subscribers), ledger);
    }

    public sealed record Ledger(int Grants, int Subscriptions, long Granted, int Exact, int Upgraded);

    /// <summary>Instance A: its third batch of this rollout signals and then waits for the gate before committing, ignoring cancellation.</summary>
    private sealed class GatedFactory(string database) : ApiFactory(TestDatabase.Postgres, database), IRolloutBatchHook
    {
        private int _batches;

        public TaskCompletionSource ThirdBatchWritten { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Gate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task OnBatchAsync(RolloutBatchContext context, CancellationToken cancellationToken)
        {
            if (context.Stage == RolloutBatchStage.BeforeCommit && Interlocked.Increment(ref _batches) == 3)
            {
                ThirdBatchWritten.SetResult();
                await Gate.Task;
            }
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services => services.AddSingleton<IRolloutBatchHook>(this));
        }
    }
}
