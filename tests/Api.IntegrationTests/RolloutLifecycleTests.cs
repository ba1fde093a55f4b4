using System.Security.Claims;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Rephlo.Tiers.Api.Auth;
using Rephlo.Tiers.Api.IntegrationTests.Infrastructure;
using Rephlo.Tiers.Domain.Credits;
using Rephlo.Tiers.Domain.Rollouts;
using Rephlo.Tiers.Infrastructure.Persistence.Seeding;
using Rephlo.Tiers.Infrastructure.Rollouts;

namespace Rephlo.Tiers.Api.IntegrationTests;

/// <summary>
/// The rollout lifecycle through GraphQL: superseded rollouts, apply later / again, audited
/// cancellation, the latest rollout's status as a filter, the rollover limit on decreases and the
/// names of administrators. The background runner is off: tests run due rollouts (or single
/// batches) themselves. Batches of 3; pro starts with the two demo subscribers at 1,500.
/// </summary>
public abstract class RolloutLifecycleTests(TestDatabase database) : ApiTestBase(database)
{
    private const string RolloutFields =
        "id status fromCredits toCredits historyEntryId eligibleCount upgradedCount skippedCount requestedBy requestedByName cancelledBy cancelledByName cancelledAt cancelReason supersededByHistoryEntryId";

    private const string Errors = "errors { __typename ... on Error { code message } ... on ValidationError { field } }";

    private const string ApplyErrors = "errors { __typename ... on Error { code message } ... on ValidationError { field } ... on RolloutAlreadyPendingError { rolloutId } ... on HistoryEntryNotFoundError { historyEntryId } }";

    private const string CancelErrors = "errors { __typename ... on Error { code message } ... on RolloutNotCancellableError { status } }";

    private int _users;

    protected override ApiFactory CreateFactory(TestDatabase db) => new NoRunnerApiFactory(db);

    // ---- superseded rollouts ------------------------------------------------------------------

    [Fact]
    public async Task A_rollback_below_a_pending_rollout_cancels_it_in_the_same_transaction_and_says_so()
    {
        await SubscribeAsync("pro", 2);
        var change = await ChangeCreditsAsync("pro", 2000, apply: true, at: TestClock.Start.AddHours(1));
        var rolloutId = change["rollout"]!["id"]!.GetValue<string>();
        Factory.Clock.Advance(TimeSpan.FromMinutes(5));

        var rollback = await Admin.PostGraphQLAsync(
            $$"""mutation { rollbackTierConfig(input: {tierName: "pro", toVersion: 1, reason: "Back to the launch values"}) { historyEntry { id } warnings {{Errors}} } }""");

        var payload = rollback.Data["rollbackTierConfig"]!;
        Assert.Null(payload["errors"]);
        var rollbackEntry = payload["historyEntry"]!["id"]!.GetValue<string>();
        var warning = Assert.Single(Strings(payload["warnings"]), w => w.Contains(rolloutId));
        Assert.Contains("2000", warning);

        var rollout = await RolloutAsync(rolloutId);
        Assert.Equal("CANCELLED", rollout["status"]!.GetValue<string>());
        Assert.Equal(rollbackEntry, rollout["supersededByHistoryEntryId"]!.GetValue<string>());
        Assert.Equal((ApiFactory.AdminId.ToString(), ApiFactory.AdminName), (rollout["cancelledBy"]!.GetValue<string>(), rollout["cancelledByName"]!.GetValue<string>()));
        Assert.Equal("2026-12-01T09:05:00Z", rollout["cancelledAt"]!.GetValue<string>());
        Assert.Contains("Superseded by the rollback to 1500", rollout["cancelReason"]!.GetValue<string>());
        Assert.Empty(await PendingRolloutsAsync("pro"));

        // Its time comes and goes: nobody is raised above the tier.
        Factory.Clock.Advance(TimeSpan.FromHours(2));
        await RunDueAsync();
        Assert.Equal(0, await Factory.WithDbAsync(db => db.CreditGrants.CountAsync(g => g.Source == CreditGrantSource.TierUpgrade)));
        Assert.All(await AllocationsAsync("pro"), a => Assert.Equal(1500, a));
        var entry = await HistoryEntryAsync(change["historyEntry"]!["id"]!.GetValue<string>());
        Assert.Equal(("CANCELLED", null), (entry["rolloutStatus"]!.GetValue<string>(), entry["appliedAt"]?.GetValue<string>()));
    }

    [Fact]
    public async Task A_decrease_cancels_pending_and_running_rollouts_above_it_and_the_running_one_stops_at_its_next_batch()
    {
        await SubscribeAsync("pro", 6);                                          // 8 at 1,500
        var running = Guid.Parse((await ChangeCreditsAsync("pro", 2000, apply: true))["rollout"]!["id"]!.GetValue<string>());
        var pending = (await ChangeCreditsAsync("pro", 2500, apply: true, at: TestClock.Start.AddDays(1)))["rollout"]!["id"]!.GetValue<string>();
        const string Owner = "lifecycle-test-runner";
        await using (var scope = Factory.Services.CreateAsyncScope())
        {
            var processor = scope.ServiceProvider.GetRequiredService<RolloutProcessor>();
            Assert.True(await processor.TryClaimAsync(running, Owner, CancellationToken.None));
            Assert.True(await processor.ProcessNextBatchAsync(running, Owner, CancellationToken.None));   // 3 raised
        }

        var decrease = await ChangeCreditsAsync("pro", 1800);

        var warnings = Strings(decrease["warnings"]);
        Assert.Contains(warnings, w => w.Contains(running.ToString()) && w.Contains("2000") && w.Contains("running"));
        Assert.Contains(warnings, w => w.Contains(pending) && w.Contains("2500") && w.Contains("pending"));
        var decreaseEntry = decrease["historyEntry"]!["id"]!.GetValue<string>();
        foreach (var id in new[] { running.ToString(), pending })
        {
            var rollout = await RolloutAsync(id);
            Assert.Equal(("CANCELLED", decreaseEntry), (rollout["status"]!.GetValue<string>(), rollout["supersededByHistoryEntryId"]!.GetValue<string>()));
        }

        // The runner still holds the cancelled rollout: it stops at the batch boundary and releases it.
        var held = await Factory.WithDbAsync(db => db.TierRollouts.AsNoTracking().SingleAsync(r => r.Id == running));
        Assert.Equal(Owner, held.LeaseOwner);
        await using (var scope = Factory.Services.CreateAsyncScope())
        {
            Assert.False(await scope.ServiceProvider.GetRequiredService<RolloutProcessor>().ProcessNextBatchAsync(running, Owner, CancellationToken.None));
        }

        var stopped = await Factory.WithDbAsync(db => db.TierRollouts.AsNoTracking().SingleAsync(r => r.Id == running));
        Assert.Equal((RolloutStatus.Cancelled, 3, (string?)null), (stopped.Status, stopped.UpgradedCount, stopped.LeaseOwner));
        Assert.Equal(3, await Factory.WithDbAsync(db => db.CreditGrants.CountAsync(g => g.RolloutId == running)));
        Assert.Equal(3, (await AllocationsAsync("pro")).Count(a => a == 2000));
        await AssertLedgerMatchesBalancesAsync();
    }

    [Fact]
    public async Task An_increase_leaves_an_earlier_pending_rollout_alone_and_a_decrease_only_cancels_targets_above_it()
    {
        var first = (await ChangeCreditsAsync("pro", 2000, apply: true, at: TestClock.Start.AddHours(1)))["rollout"]!["id"]!.GetValue<string>();

        var increase = await ChangeCreditsAsync("pro", 3000);
        var decrease = await ChangeCreditsAsync("pro", 2200);

        Assert.DoesNotContain(Strings(increase["warnings"]), w => w.Contains(first));
        Assert.DoesNotContain(Strings(decrease["warnings"]), w => w.Contains(first));
        Assert.Equal([first], (await PendingRolloutsAsync("pro")).Select(r => r["id"]!.GetValue<string>()));
        Assert.Null((await RolloutAsync(first))["supersededByHistoryEntryId"]);
    }

    // ---- apply later / again ----------------------------------------------------------------

    [Fact]
    public async Task A_change_made_without_applyToExistingUsers_is_applied_later_and_again_with_zero_upgraded()
    {
        await SubscribeAsync("pro", 2);                                          // 4 at 1,500
        var change = await ChangeCreditsAsync("pro", 2000);
        var entryId = change["historyEntry"]!["id"]!.GetValue<string>();
        var before = await Factory.WithDbAsync(db => db.TierConfigHistory.AsNoTracking().SingleAsync(h => h.Id == Guid.Parse(entryId)));
        Assert.Null((await HistoryEntryAsync(entryId))["rolloutStatus"]);

        var applied = await ApplyAsync(entryId, "Give existing Pro users the new credits", token: ApiFactory.CreateToken(name: "Grace Hopper"));

        Assert.Null(applied["errors"]);
        var rollout = applied["rollout"]!;
        Assert.Equal(("PENDING", 1500, 2000, entryId), (rollout["status"]!.GetValue<string>(), rollout["fromCredits"]!.GetValue<int>(), rollout["toCredits"]!.GetValue<int>(), rollout["historyEntryId"]!.GetValue<string>()));
        Assert.Equal((ApiFactory.AdminId.ToString(), "Grace Hopper"), (rollout["requestedBy"]!.GetValue<string>(), rollout["requestedByName"]!.GetValue<string>()));
        Assert.Contains(Strings(applied["warnings"]), w => w.Contains("already applied"));

        await RunDueAsync();
        var done = await RolloutAsync(rollout["id"]!.GetValue<string>());
        Assert.Equal(("COMPLETED", 4, 4, 0), (done["status"]!.GetValue<string>(), done["eligibleCount"]!.GetValue<int>(), done["upgradedCount"]!.GetValue<int>(), done["skippedCount"]!.GetValue<int>()));
        Assert.All(await AllocationsAsync("pro"), a => Assert.Equal(2000, a));

        // Again: everyone is at the target already.
        var again = await ApplyAsync(entryId, "Make sure every Pro user has 2000");
        Assert.Null(again["errors"]);
        await RunDueAsync();
        var rerun = await RolloutAsync(again["rollout"]!["id"]!.GetValue<string>());
        Assert.Equal(("COMPLETED", 4, 0, 4), (rerun["status"]!.GetValue<string>(), rerun["eligibleCount"]!.GetValue<int>(), rerun["upgradedCount"]!.GetValue<int>(), rerun["skippedCount"]!.GetValue<int>()));
        Assert.Equal(4, await Factory.WithDbAsync(db => db.CreditGrants.CountAsync(g => g.Source == CreditGrantSource.TierUpgrade)));
        await AssertLedgerMatchesBalancesAsync();

        // The applied entry was never touched; its rollouts carry their own figures.
        var after = await Factory.WithDbAsync(db => db.TierConfigHistory.AsNoTracking().SingleAsync(h => h.Id == Guid.Parse(entryId)));
        Assert.Equal((before.AppliedAt, before.AffectedUsersCount), (after.AppliedAt, after.AffectedUsersCount));
        var entry = await HistoryEntryAsync(entryId);
        Assert.Equal("COMPLETED", entry["rolloutStatus"]!.GetValue<string>());
        Assert.Equal([rollout["id"]!.GetValue<string>(), again["rollout"]!["id"]!.GetValue<string>()], entry["rollouts"]!.AsArray().Select(r => r!["id"]!.GetValue<string>()));
        Assert.Equal(again["rollout"]!["id"]!.GetValue<string>(), entry["rollout"]!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_cancelled_rollout_is_audited_leaves_the_entry_unapplied_and_can_be_applied_again()
    {
        await SubscribeAsync("pro", 2);                                          // 4 at 1,500
        var change = await ChangeCreditsAsync("pro", 2000, apply: true, at: TestClock.Start.AddHours(1));
        var entryId = change["historyEntry"]!["id"]!.GetValue<string>();
        var first = change["rollout"]!["id"]!.GetValue<string>();
        Factory.Clock.Advance(TimeSpan.FromMinutes(10));

        var cancel = await Admin.PostGraphQLAsync(
            $$"""mutation { cancelTierRollout(input: {rolloutId: "{{first}}", reason: "  Waiting for the budget approval "}) { rollout { {{RolloutFields}} } {{CancelErrors}} } }""");

        var cancelled = cancel.Data["cancelTierRollout"]!["rollout"]!;
        Assert.Equal("CANCELLED", cancelled["status"]!.GetValue<string>());
        Assert.Equal((ApiFactory.AdminId.ToString(), ApiFactory.AdminName), (cancelled["cancelledBy"]!.GetValue<string>(), cancelled["cancelledByName"]!.GetValue<string>()));
        Assert.Equal(("2026-12-01T09:10:00Z", "Waiting for the budget approval"), (cancelled["cancelledAt"]!.GetValue<string>(), cancelled["cancelReason"]!.GetValue<string>()));
        Assert.Null(cancelled["supersededByHistoryEntryId"]);
        var entry = await HistoryEntryAsync(entryId);
        Assert.Equal(("CANCELLED", null), (entry["rolloutStatus"]!.GetValue<string>(), entry["appliedAt"]?.GetValue<string>()));

        var applied = await ApplyAsync(entryId, "Budget approved, apply it now");
        Assert.Null(applied["errors"]);
        Factory.Clock.Advance(TimeSpan.FromMinutes(1));
        await RunDueAsync();

        var done = await RolloutAsync(applied["rollout"]!["id"]!.GetValue<string>());
        Assert.Equal(("COMPLETED", 4), (done["status"]!.GetValue<string>(), done["upgradedCount"]!.GetValue<int>()));
        entry = await HistoryEntryAsync(entryId);
        Assert.Equal(("COMPLETED", "2026-12-01T09:11:00Z", 4), (entry["rolloutStatus"]!.GetValue<string>(), entry["appliedAt"]?.GetValue<string>(), entry["affectedUsersCount"]!.GetValue<int>()));
        Assert.Equal(["CANCELLED", "COMPLETED"], entry["rollouts"]!.AsArray().Select(r => r!["status"]!.GetValue<string>()));
        Assert.Equal(0, await Factory.WithDbAsync(db => db.CreditGrants.CountAsync(g => g.RolloutId == Guid.Parse(first))));
    }

    [Fact]
    public async Task A_failed_rollout_can_be_applied_again()
    {
        await SubscribeAsync("pro", 1);
        var change = await ChangeCreditsAsync("pro", 2000, apply: true, at: TestClock.Start.AddHours(1));
        var failed = Guid.Parse(change["rollout"]!["id"]!.GetValue<string>());
        await Factory.WithDbAsync(db => db.TierRollouts.Where(r => r.Id == failed).ExecuteUpdateAsync(set => set
            .SetProperty(r => r.Status, RolloutStatus.Failed).SetProperty(r => r.FailureReason, "Simulated: the database was away")));

        var applied = await ApplyAsync(change["historyEntry"]!["id"]!.GetValue<string>(), "Retry after the outage");
        Assert.Null(applied["errors"]);
        await RunDueAsync();

        var done = await RolloutAsync(applied["rollout"]!["id"]!.GetValue<string>());
        Assert.Equal(("COMPLETED", 3), (done["status"]!.GetValue<string>(), done["upgradedCount"]!.GetValue<int>()));
        Assert.All(await AllocationsAsync("pro"), a => Assert.Equal(2000, a));
    }

    [Fact]
    public async Task Apply_refusals_are_typed_and_write_nothing()
    {
        var pendingChange = await ChangeCreditsAsync("pro", 2000, apply: true, at: TestClock.Start.AddHours(1));
        var pendingEntry = pendingChange["historyEntry"]!["id"]!.GetValue<string>();
        var decrease = (await ChangeCreditsAsync("pro_plus", 4000))["historyEntry"]!["id"]!.GetValue<string>();
        var superseded = (await ChangeCreditsAsync("pro_max", 30000))["historyEntry"]!["id"]!.GetValue<string>();
        await ChangeCreditsAsync("pro_max", 31000);
        var price = await Admin.PostGraphQLAsync($$"""mutation { updateTierPrices(input: {tierName: "free", newMonthlyPriceUsd: 1, reason: "A price for the free tier"}) { historyEntry { id } {{Errors}} } }""");
        var priceEntry = price.Data["updateTierPrices"]!["historyEntry"]!["id"]!.GetValue<string>();
        var state = await StateAsync();

        var alreadyPending = Single(await ApplyAsync(pendingEntry, "Apply the same increase twice"));
        var unknown = Single(await ApplyAsync("00000000-0000-0000-0000-00000000ffff", "Apply an entry that never existed"));
        var malformed = Single(await ApplyAsync("not-an-id", "Apply an entry with a bad id"));
        var notCurrent = Single(await ApplyAsync(superseded, "Apply a value the tier no longer has"));
        var notRaise = Single(await ApplyAsync(decrease, "Apply a decrease to everyone"));
        var notCredits = Single(await ApplyAsync(priceEntry, "Apply a price change to everyone"));
        var invalid = (await ApplyAsync(pendingEntry, "short", at: TestClock.Start.AddHours(-1)))["errors"]!.AsArray();

        Assert.Equal(("RolloutAlreadyPendingError", pendingChange["rollout"]!["id"]!.GetValue<string>()), (alreadyPending["__typename"]!.GetValue<string>(), alreadyPending["rolloutId"]!.GetValue<string>()));
        Assert.Equal(("HistoryEntryNotFoundError", "00000000-0000-0000-0000-00000000ffff"), (unknown["__typename"]!.GetValue<string>(), unknown["historyEntryId"]!.GetValue<string>()));
        Assert.Equal("HistoryEntryNotFoundError", malformed["__typename"]!.GetValue<string>());
        Assert.All(new[] { notCurrent, notRaise, notCredits }, e => Assert.Equal("UpgradePolicyViolationError", e["__typename"]!.GetValue<string>()));
        Assert.Contains("31000", notCurrent["message"]!.GetValue<string>());
        Assert.Equal(["reason", "scheduledRolloutAt"], invalid.Select(e => e!["field"]!.GetValue<string>()).Order());
        Assert.Equal(state, await StateAsync());
    }

    // ---- cancellation racing a claim --------------------------------------------------------

    [Fact]
    public async Task A_cancel_racing_a_claim_either_cancels_or_reports_the_real_status()
    {
        await SubscribeAsync("pro", 4);
        for (var round = 1; round <= 5; round++)
        {
            var rolloutId = (await ChangeCreditsAsync("pro", 1500 + (round * 100), apply: true))["rollout"]!["id"]!.GetValue<string>();

            var run = Task.Run(RunDueAsync);
            var cancel = Task.Run(() => Admin.PostGraphQLAsync(
                $$"""mutation { cancelTierRollout(input: {rolloutId: "{{rolloutId}}", reason: "Racing the runner, round {{round}}"}) { rollout { status } {{CancelErrors}} } }"""));
            await Task.WhenAll(run, cancel);
            await RunDueAsync();   // a runner that saw the cancellation late finishes it now

            var response = await cancel;
            Assert.Null(response.Errors);
            var stored = await Factory.WithDbAsync(db => db.TierRollouts.AsNoTracking().SingleAsync(r => r.Id == Guid.Parse(rolloutId)));
            var payload = response.Data["cancelTierRollout"]!;
            if (payload["errors"] is JsonArray errors)
            {
                Assert.Equal(("RolloutNotCancellableError", "COMPLETED"), (errors[0]!["__typename"]!.GetValue<string>(), errors[0]!["status"]!.GetValue<string>()));
                Assert.Equal(RolloutStatus.Completed, stored.Status);
            }
            else
            {
                Assert.Equal("CANCELLED", payload["rollout"]!["status"]!.GetValue<string>());
                Assert.Equal((RolloutStatus.Cancelled, (string?)null), (stored.Status, stored.LeaseOwner));
            }

            Assert.Equal(stored.UpgradedCount, await Factory.WithDbAsync(db => db.CreditGrants.CountAsync(g => g.RolloutId == stored.Id)));
        }

        await AssertLedgerMatchesBalancesAsync();
    }

    // ---- the latest rollout's status as a filter, names ---------------------------------------

    [Fact]
    public async Task History_filters_on_the_latest_rollouts_status_and_on_the_admins_name()
    {
        // pro: cancelled, then applied again (latest PENDING); pro_plus: applied later and completed;
        // enterprise_pro_plus: cancelled only; free: a price change (no rollout).
        var pro = await ChangeCreditsAsync("pro", 2000, apply: true, at: TestClock.Start.AddHours(1));
        await CancelAsync(pro["rollout"]!["id"]!.GetValue<string>());
        Assert.Null((await ApplyAsync(pro["historyEntry"]!["id"]!.GetValue<string>(), "Apply it in two hours", at: TestClock.Start.AddHours(2)))["errors"]);
        var proPlus = await ChangeCreditsAsync("pro_plus", 6000);
        Assert.Null((await ApplyAsync(proPlus["historyEntry"]!["id"]!.GetValue<string>(), "Apply it to everyone now"))["errors"]);
        await RunDueAsync();
        var enterprise = await ChangeCreditsAsync("enterprise_pro_plus", 12000, apply: true, at: TestClock.Start.AddHours(3));
        await CancelAsync(enterprise["rollout"]!["id"]!.GetValue<string>());
        var bob = Factory.CreateClient(BobToken());
        var price = await bob.PostGraphQLAsync("""mutation { updateTierPrices(input: {tierName: "free", newMonthlyPriceUsd: 1, reason: "Bob prices the free tier"}) { historyEntry { id changedByName } errors { __typename } } }""");
        Assert.Equal("bob@rephlo.ai", price.Data["updateTierPrices"]!["historyEntry"]!["changedByName"]!.GetValue<string>());

        Assert.Equal(["pro"], await TiersWhereAsync("{rolloutStatus: {in: [PENDING, RUNNING]}}"));
        Assert.Equal(["pro_plus"], await TiersWhereAsync("{rolloutStatus: {eq: COMPLETED}}"));
        Assert.Equal(["enterprise_pro_plus"], await TiersWhereAsync("{rolloutStatus: {eq: CANCELLED}}"));
        Assert.Equal(["free"], await TiersWhereAsync("{rolloutStatus: {eq: null}}"));
        Assert.Equal(["enterprise_pro_plus", "pro", "pro_plus"], await TiersWhereAsync("{rolloutStatus: {neq: null}}"));
        Assert.Equal(["free"], await TiersWhereAsync("{changedByName: {eq: \"bob@rephlo.ai\"}}"));
        Assert.Equal(["enterprise_pro_plus", "pro", "pro_plus"], await TiersWhereAsync("{changedByName: {startsWith: \"Ada\"}}"));

        var versions = await Admin.PostGraphQLAsync("""{ tierConfig(tierName: "free") { versions { configVersion createdBy createdByName } } }""");
        Assert.Equal([null, "bob@rephlo.ai"], versions.Data["tierConfig"]!["versions"]!.AsArray().Select(v => v!["createdByName"]?.GetValue<string>()));
    }

    [Fact]
    public async Task Subscribers_can_be_looked_up_by_user_id()
    {
        var users = await SubscribeAsync("pro", 2);

        var response = await Admin.PostGraphQLAsync($$$"""{ subscribers(where: {userId: {eq: "{{{users[1]}}}"}}) { nodes { userId tierName } } }""");

        Assert.Equal([users[1].ToString()], response.Data["subscribers"]!["nodes"]!.AsArray().Select(n => n!["userId"]!.GetValue<string>()));
    }

    // ---- rollover limit ---------------------------------------------------------------------

    [Fact]
    public async Task A_decrease_that_would_leave_the_rollover_above_twelve_months_is_refused_and_previewed_as_such()
    {
        var rollover = await Admin.PostGraphQLAsync("""mutation { updateTierRollover(input: {tierName: "pro", maxCreditRollover: 18000, reason: "A year of rollover for Pro"}) { errors { __typename } } }""");
        Assert.Null(rollover.Data["updateTierRollover"]!["errors"]);
        var state = await StateAsync();

        var refused = await Admin.PostGraphQLAsync($$"""mutation { updateTierCredits(input: {tierName: "pro", newCredits: 1400, reason: "Fewer credits for Pro"}) { tierConfig { configVersion } {{Errors}} } }""");
        var preview = await Admin.PostGraphQLAsync($$"""{ tierChangePreview(input: {tierName: "pro", newCredits: 1400}) { preview { willUpgrade } {{Errors}} } }""");

        var error = Single(refused.Data["updateTierCredits"]!);
        Assert.Equal(("ValidationError", "newCredits"), (error["__typename"]!.GetValue<string>(), error["field"]!.GetValue<string>()));
        Assert.Contains("rollover limit", error["message"]!.GetValue<string>());
        Assert.Null(refused.Data["updateTierCredits"]!["tierConfig"]);
        Assert.Equal(state, await StateAsync());
        var previewError = Single(preview.Data["tierChangePreview"]!);
        Assert.Equal(("ValidationError", "newCredits"), (previewError["__typename"]!.GetValue<string>(), previewError["field"]!.GetValue<string>()));
        Assert.Null(preview.Data["tierChangePreview"]!["preview"]);

        var fits = await ChangeCreditsAsync("pro", 1500 + 100);
        Assert.Null(fits["errors"]);
    }

    // ---- helpers ----------------------------------------------------------------------------

    private static string BobToken()
    {
        // A token without a name claim: the email is recorded instead.
        var options = new AuthOptions { Issuer = ApiFactory.Issuer, Audience = ApiFactory.Audience, SigningKey = ApiFactory.SigningKey };
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = options.Issuer,
            Audience = options.Audience,
            Subject = new ClaimsIdentity([new Claim("sub", "bbbbbbbb-0000-4000-8000-000000000002"), new Claim("email", "bob@rephlo.ai"), new Claim("role", Roles.Admin)]),
            Expires = DateTime.UtcNow.AddHours(1),
            SigningCredentials = new SigningCredentials(options.GetSigningKey(), SecurityAlgorithms.HmacSha256),
        };
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }

    private Task RunDueAsync() => Factory.Services.GetRequiredService<RolloutRunner>().RunDueAsync(CancellationToken.None);

    private static IEnumerable<string> Strings(JsonNode? list) => list?.AsArray().Select(w => w!.GetValue<string>()) ?? [];

    private static JsonNode Single(JsonNode payload) => Assert.Single(payload["errors"]!.AsArray())!;

    private async Task<List<Guid>> SubscribeAsync(string tier, int count)
    {
        var created = new List<Guid>();
        for (var i = 0; i < count; i++)
        {
            var userId = Guid.Parse($"5b8f3c1e-5555-4a2b-9c3d-{++_users:D12}");
            var response = await Admin.PostGraphQLAsync($$"""mutation { createSubscription(input: {userId: "{{userId}}", tierName: "{{tier}}"}) { errors { __typename } } }""");
            Assert.Null(response.Data["createSubscription"]!["errors"]);
            created.Add(userId);
        }

        return created;
    }

    private async Task<JsonNode> ChangeCreditsAsync(string tier, int credits, bool apply = false, DateTimeOffset? at = null)
    {
        var schedule = at is null ? string.Empty : $", scheduledRolloutAt: \"{at:yyyy-MM-ddTHH:mm:ssZ}\"";
        var response = await Admin.PostGraphQLAsync(
            $$"""mutation { updateTierCredits(input: {tierName: "{{tier}}", newCredits: {{credits}}, reason: "Credits to {{credits}} for the test", applyToExistingUsers: {{(apply ? "true" : "false")}}{{schedule}}}) { historyEntry { id } rollout { id status } warnings {{Errors}} } }""");
        var payload = response.Data["updateTierCredits"]!;
        Assert.True(payload["errors"] is null, response.Raw);
        return payload;
    }

    private async Task<JsonNode> ApplyAsync(string historyEntryId, string reason, DateTimeOffset? at = null, string? token = null)
    {
        var client = token is null ? Admin : Factory.CreateClient(token);
        var schedule = at is null ? string.Empty : $", scheduledRolloutAt: \"{at:yyyy-MM-ddTHH:mm:ssZ}\"";
        var response = await client.PostGraphQLAsync(
            $$"""mutation { applyTierCreditChange(input: {historyEntryId: "{{historyEntryId}}", reason: "{{reason}}"{{schedule}}}) { rollout { {{RolloutFields}} } warnings {{ApplyErrors}} } }""");
        Assert.True(response.Errors is null, response.Raw);
        return response.Data["applyTierCreditChange"]!;
    }

    private async Task CancelAsync(string rolloutId)
    {
        var response = await Admin.PostGraphQLAsync($$"""mutation { cancelTierRollout(input: {rolloutId: "{{rolloutId}}", reason: "Not now, maybe later"}) { {{CancelErrors}} } }""");
        Assert.Null(response.Data["cancelTierRollout"]!["errors"]);
    }

    private async Task<JsonNode> RolloutAsync(string id) =>
        (await Admin.PostGraphQLAsync($$"""{ tierRollout(id: "{{id}}") { {{RolloutFields}} } }""")).Data["tierRollout"]!;

    private async Task<List<JsonNode>> PendingRolloutsAsync(string tier) =>
        [.. (await Admin.PostGraphQLAsync($$"""{ tierConfig(tierName: "{{tier}}") { pendingRollouts { id status } } }""")).Data["tierConfig"]!["pendingRollouts"]!.AsArray().Select(r => r!)];

    private async Task<JsonNode> HistoryEntryAsync(string id)
    {
        var response = await Admin.PostGraphQLAsync(
            $$"""{ tierHistory(first: 100) { nodes { id appliedAt affectedUsersCount rolloutStatus rollout { id status } rollouts { id status } } } }""");
        return response.Data["tierHistory"]!["nodes"]!.AsArray().Single(n => n!["id"]!.GetValue<string>() == id)!;
    }

    private async Task<List<string>> TiersWhereAsync(string where)
    {
        var response = await Admin.PostGraphQLAsync($$"""{ tierHistory(first: 100, where: {{where}}) { nodes { tierName } } }""");
        Assert.True(response.Errors is null, response.Raw);
        return [.. response.Data["tierHistory"]!["nodes"]!.AsArray().Select(n => n!["tierName"]!.GetValue<string>()).Distinct().Order(StringComparer.Ordinal)];
    }

    private Task<List<int>> AllocationsAsync(string tier) =>
        Factory.WithDbAsync(db => db.Subscriptions.Where(s => s.TierName == tier).Select(s => s.MonthlyCreditAllocation).ToListAsync());

    /// <summary>Everything a refused operation must leave as it was.</summary>
    private Task<(int Tiers, int History, int Versions, int Rollouts, string Statuses)> StateAsync() =>
        Factory.WithDbAsync(async db => (
            await db.TierConfigs.SumAsync(t => t.ConfigVersion),
            await db.TierConfigHistory.CountAsync(),
            await db.TierConfigVersions.CountAsync(),
            await db.TierRollouts.CountAsync(),
            string.Join(",", (await db.TierRollouts.OrderBy(r => r.CreatedAt).ThenBy(r => r.Id).Select(r => r.Status).ToListAsync()).Select(s => s.ToString()))));

    private async Task AssertLedgerMatchesBalancesAsync()
    {
        var ledger = await Factory.WithDbAsync(db => db.CreditGrants.GroupBy(g => g.UserId).Select(g => new { g.Key, Sum = g.Sum(x => (long)x.Amount) }).ToDictionaryAsync(x => x.Key, x => x.Sum));
        var balances = await Factory.WithDbAsync(db => db.CreditBalances.ToDictionaryAsync(b => b.UserId, b => b.Balance));
        Assert.Equal(ledger.OrderBy(x => x.Key), balances.OrderBy(x => x.Key));
    }
}

public sealed class SqliteRolloutLifecycleTests() : RolloutLifecycleTests(TestDatabase.Sqlite);

public sealed class PostgresRolloutLifecycleTests() : RolloutLifecycleTests(TestDatabase.Postgres);

/// <summary><c>dev-token --name</c>: the name claim the API records (default: the demo admin's email).</summary>
public sealed class DevTokenNameTests
{
    [Theory]
    [InlineData(new[] { "--name", "Grace Hopper" }, "Grace Hopper")]
    [InlineData(new string[0], null)]
    public void Dev_tokens_carry_a_name(string[] args, string? expected)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        Assert.Equal(0, DevTokenCommand.Run(args, output, error));

        var token = new JsonWebTokenHandler().ReadJsonWebToken(output.ToString().Trim());
        Assert.Equal(expected ?? SeedCatalogue.DemoAccounts[0].Email, token.GetClaim("name").Value);
    }
}
