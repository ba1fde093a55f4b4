using System.Text.Json;
using GraphQL;
using GraphQL.Types;
using Rephlo.Tiers.Api.GraphQL.Common;
using Rephlo.Tiers.Api.GraphQL.Scalars;
using Rephlo.Tiers.Api.GraphQL.Subscribers;
using Rephlo.Tiers.Api.GraphQL.TierConfigs;
using Rephlo.Tiers.Application.Common.Abstractions;
using Rephlo.Tiers.Application.Credits;
using Rephlo.Tiers.Application.Rollouts;
using Rephlo.Tiers.Application.Subscriptions;
using Rephlo.Tiers.Application.TierConfigs;
using Rephlo.Tiers.Domain.Subscriptions;

namespace Rephlo.Tiers.Api.GraphQL;

public sealed class QueryType : ObjectGraphType
{
    public QueryType()
    {
        Name = "Query";

        Field<NonNullGraphType<ListGraphType<NonNullGraphType<TierConfigType>>>>("tierConfigs")
            .Description("All tiers, active and inactive; sorted by rank unless ordered otherwise.")
            .Argument<TierConfigFilterInputType>("where")
            .Argument<ListGraphType<NonNullGraphType<TierConfigSortInputType>>>("order")
            .ResolveAsync(async c => await c.SendQueryAsync(new GetTierConfigsQuery(
                WhereOrder.ToFilter(c.GetArgument<object?>("where")), WhereOrder.ToOrder(c.GetArgument<object?>("order")))));

        Field<TierConfigType>("tierConfig")
            .Argument<NonNullGraphType<StringGraphType>>("tierName")
            .ResolveAsync(async c => await c.SendQueryAsync(new GetTierConfigQuery(c.GetArgument<string>("tierName"))));

        Field<NonNullGraphType<TierConfigHistoryConnectionType>>("tierHistory")
            .Description("Every accepted change of every tier; newest first unless ordered otherwise.")
            .AuthorizeWithRoles(ResolverExtensions.AdminRole)
            .Arguments(PagingArguments.Both())
            .Argument<TierConfigHistoryFilterInputType>("where")
            .Argument<ListGraphType<NonNullGraphType<TierConfigHistorySortInputType>>>("order")
            .ResolveAsync(async c => await c.SendQueryAsync(new GetTierHistoryQuery(
                WhereOrder.ToFilter(c.GetArgument<object?>("where")), WhereOrder.ToOrder(c.GetArgument<object?>("order")), c.ToPageRequest())));

        Field<NonNullGraphType<TierChangePreviewPayloadType>>("tierChangePreview")
            .Description("Dry run of a credit change; writes nothing.")
            .AuthorizeWithRoles(ResolverExtensions.AdminRole)
            .Argument<NonNullGraphType<PreviewTierCreditChangeInputType>>("input")
            .ResolveAsync(async c =>
            {
                var input = new Input(c);
                return Payload<TierChangePreviewDto>.From(await c.SendQueryAsync(new PreviewTierCreditChangeQuery(
                    input.Get<string>("tierName"), input.Get<int>("newCredits"), input.Get<bool>("applyToExistingUsers"))));
            });

        Field<NonNullGraphType<TierRolloutConnectionType>>("tierRollouts")
            .AuthorizeWithRoles(ResolverExtensions.AdminRole)
            .Arguments(PagingArguments.Forward())
            .Argument<TierRolloutFilterInputType>("where")
            .Argument<ListGraphType<NonNullGraphType<TierRolloutSortInputType>>>("order")
            .ResolveAsync(async c => await c.SendQueryAsync(new GetTierRolloutsQuery(
                WhereOrder.ToFilter(c.GetArgument<object?>("where")), WhereOrder.ToOrder(c.GetArgument<object?>("order")), c.ToPageRequest())));

        Field<TierRolloutType>("tierRollout")
            .AuthorizeWithRoles(ResolverExtensions.AdminRole)
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .ResolveAsync(async c => Guid.TryParse(c.GetArgument<string>("id"), out var id)
                ? await c.SendQueryAsync(new GetTierRolloutQuery(id))
                : null);

        Field<NonNullGraphType<SubscriberConnectionType>>("subscribers")
            .AuthorizeWithRoles(ResolverExtensions.AdminRole)
            .Arguments(PagingArguments.Forward())
            .Argument<SubscriberFilterInputType>("where")
            .Argument<ListGraphType<NonNullGraphType<SubscriberSortInputType>>>("order")
            .ResolveAsync(async c => await c.SendQueryAsync(new GetSubscribersQuery(
                WhereOrder.ToFilter(c.GetArgument<object?>("where")), WhereOrder.ToOrder(c.GetArgument<object?>("order")), c.ToPageRequest())));

        Field<UserCreditsType>("userCredits")
            .AuthorizeWithRoles(ResolverExtensions.AdminRole)
            .Argument<NonNullGraphType<UuidScalar>>("userId")
            .ResolveAsync(async c => await c.SendQueryAsync(new GetUserCreditsQuery(c.GetArgument<Guid>("userId"))));
    }
}

public sealed class MutationType : ObjectGraphType
{
    public MutationType()
    {
        Name = "Mutation";

        TierChange<UpdateTierCreditsPayloadType, UpdateTierCreditsInputType>("updateTierCredits", (c, input) => new UpdateTierCreditsCommand(
            input.Get<string>("tierName"), input.Get<int>("newCredits"), input.Get<string>("reason"), input.Get<bool>("applyToExistingUsers"),
            input.Get<DateTimeOffset?>("scheduledRolloutAt"), input.Get<int?>("expectedVersion"), c.UserId(), c.UserName()));

        TierChange<UpdateTierPricesPayloadType, UpdateTierPricesInputType>("updateTierPrices", (c, input) => new UpdateTierPricesCommand(
            input.Get<string>("tierName"), input.Get<decimal?>("newMonthlyPriceUsd"), input.Get<decimal?>("newAnnualPriceUsd"),
            input.Get<string>("reason"), input.Get<int?>("expectedVersion"), c.UserId(), c.UserName()));

        TierChange<UpdateTierFeaturesPayloadType, UpdateTierFeaturesInputType>("updateTierFeatures", (c, input) => new UpdateTierFeaturesCommand(
            input.Get<string>("tierName"), input.Get<JsonElement>("features"), input.Get<string>("reason"), input.Get<int?>("expectedVersion"), c.UserId(), c.UserName()));

        TierChange<UpdateTierRolloverPayloadType, UpdateTierRolloverInputType>("updateTierRollover", (c, input) => new UpdateTierRolloverCommand(
            input.Get<string>("tierName"), input.Get<int>("maxCreditRollover"), input.Get<string>("reason"), input.Get<int?>("expectedVersion"), c.UserId(), c.UserName()));

        TierChange<SetTierActivePayloadType, SetTierActiveInputType>("setTierActive", (c, input) => new SetTierActiveCommand(
            input.Get<string>("tierName"), input.Get<bool>("isActive"), input.Get<string>("reason"), input.Get<int?>("expectedVersion"), c.UserId(), c.UserName()));

        TierChange<RollbackTierConfigPayloadType, RollbackTierConfigInputType>("rollbackTierConfig", (c, input) => new RollbackTierConfigCommand(
            input.Get<string>("tierName"), input.Get<int>("toVersion"), input.Get<string>("reason"), input.Get<int?>("expectedVersion"), c.UserId(), c.UserName()));

        Field<NonNullGraphType<CancelTierRolloutPayloadType>>("cancelTierRollout")
            .AuthorizeWithRoles(ResolverExtensions.AdminRole)
            .Argument<NonNullGraphType<CancelTierRolloutInputType>>("input")
            .ResolveAsync(async c =>
            {
                var input = new Input(c);
                var result = await c.Mediator().Send(new CancelTierRolloutCommand(input.Get<string>("rolloutId"), input.Get<string>("reason"), c.UserId(), c.UserName()), c.CancellationToken);
                return Payload<TierRolloutDto>.From(result);
            });

        Field<NonNullGraphType<ApplyTierCreditChangePayloadType>>("applyTierCreditChange")
            .Description("Applies a credit change (again) to existing subscribers: a change made without applyToExistingUsers, or whose rollout was cancelled or failed.")
            .AuthorizeWithRoles(ResolverExtensions.AdminRole)
            .Argument<NonNullGraphType<ApplyTierCreditChangeInputType>>("input")
            .ResolveAsync(async c =>
            {
                var input = new Input(c);
                var result = await c.Mediator().Send(
                    new ApplyTierCreditChangeCommand(input.Get<string>("historyEntryId"), input.Get<string>("reason"), input.Get<DateTimeOffset?>("scheduledRolloutAt"), c.UserId(), c.UserName()),
                    c.CancellationToken);
                return Payload<ApplyTierCreditChangeResult>.From(result);
            });

        Field<NonNullGraphType<CreateSubscriptionPayloadType>>("createSubscription")
            .AuthorizeWithRoles(ResolverExtensions.AdminRole)
            .Argument<NonNullGraphType<CreateSubscriptionInputType>>("input")
            .ResolveAsync(async c =>
            {
                var input = new Input(c);
                var result = await c.Mediator().Send(
                    new CreateSubscriptionCommand(input.Get<Guid>("userId"), input.Get<string?>("email"), input.Get<string>("tierName"), input.Get<BillingCycle>("billingCycle")),
                    c.CancellationToken);
                return Payload<SubscriberDto>.From(result);
            });
    }

    private void TierChange<TPayload, TInput>(string name, Func<IResolveFieldContext, Input, Mediator.ICommand<Domain.Common.Result<TierChangeResult>>> command)
        where TPayload : IGraphType
        where TInput : IInputObjectGraphType
    {
        Field<NonNullGraphType<TPayload>>(name)
            .AuthorizeWithRoles(ResolverExtensions.AdminRole)
            .Argument<NonNullGraphType<TInput>>("input")
            .ResolveAsync(async c => Payload<TierChangeResult>.From(await c.Mediator().Send(command(c, new Input(c)), c.CancellationToken)));
    }
}

public sealed class SubscriptionType : ObjectGraphType
{
    public SubscriptionType()
    {
        Name = "Subscription";

        Field<NonNullGraphType<TierConfigChangedEventType>>("tierConfigChanged")
            .Description("Committed changes of tiers (all tiers when tierName is null).")
            .AuthorizeWithRoles(ResolverExtensions.AdminRole)
            .Argument<StringGraphType>("tierName")
            .ResolveStream(c =>
            {
                var tierName = c.GetArgument<string?>("tierName");
                return c.RequestServices!.GetRequiredService<ITierEventBus>().TierConfigChanges
                    .Where(e => tierName is null || e.TierConfig.TierName == tierName);
            });

        Field<NonNullGraphType<TierRolloutType>>("tierRolloutProgress")
            .Description("Status and counts of rollouts (optionally one rollout, or one tier's).")
            .AuthorizeWithRoles(ResolverExtensions.AdminRole)
            .Argument<IdGraphType>("rolloutId")
            .Argument<StringGraphType>("tierName")
            .ResolveStream(c =>
            {
                var rolloutId = c.GetArgument<string?>("rolloutId");
                var tierName = c.GetArgument<string?>("tierName");
                return c.RequestServices!.GetRequiredService<ITierEventBus>().RolloutProgress
                    .Where(r => (rolloutId is null || string.Equals(r.Id.ToString(), rolloutId, StringComparison.OrdinalIgnoreCase))
                        && (tierName is null || r.TierName == tierName));
            });
    }
}

/// <summary>Reads fields of an <c>input</c> argument (a dictionary for untyped input objects).</summary>
public sealed class Input(IResolveFieldContext context)
{
    private readonly IDictionary<string, object?> _values = context.GetArgument<Dictionary<string, object?>>("input") ?? [];

    public T Get<T>(string name)
    {
        if (!_values.TryGetValue(name, out var value) || value is null)
        {
            return default!;
        }

        if (value is T typed)
        {
            return typed;
        }

        var target = Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T);
        return (T)(target == typeof(string) ? value.ToString()! : Convert.ChangeType(value, target, System.Globalization.CultureInfo.InvariantCulture));
    }
}

public sealed class TiersSchema : Schema
{
    public TiersSchema(IServiceProvider services)
        : base(services)
    {
        Query = services.GetRequiredService<QueryType>();
        Mutation = services.GetRequiredService<MutationType>();
        Subscription = services.GetRequiredService<SubscriptionType>();
        RegisterTypeMapping(typeof(DateTimeOffset), typeof(DateTimeScalar));
        RegisterTypeMapping(typeof(Guid), typeof(UuidScalar));
    }
}
