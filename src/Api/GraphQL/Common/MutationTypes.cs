using GraphQL.Types;
using Rephlo.Tiers.Api.GraphQL.Scalars;
using Rephlo.Tiers.Api.GraphQL.Subscribers;
using Rephlo.Tiers.Api.GraphQL.TierConfigs;
using Rephlo.Tiers.Application.Rollouts;
using Rephlo.Tiers.Application.Subscriptions;
using Rephlo.Tiers.Application.TierConfigs;
using Rephlo.Tiers.Domain.Common;

namespace Rephlo.Tiers.Api.GraphQL.Common;

/// <summary>What a mutation resolver returns: the result, or the errors that prevented it.</summary>
public sealed record Payload<T>(T? Result, IReadOnlyList<Error>? Errors)
    where T : class
{
    public static Payload<T> From(Result<T> result) =>
        result.IsSuccess ? new Payload<T>(result.Value, null) : new Payload<T>(null, result.Errors);
}

/// <summary>The payload of a tier change: <c>tierConfig historyEntry warnings errors</c> (and <c>rollout</c> for credits).</summary>
public abstract class TierChangePayloadType<TErrorUnion> : ObjectGraphType<Payload<TierChangeResult>>
    where TErrorUnion : ErrorUnionType
{
    protected TierChangePayloadType(string name, bool withRollout = false)
    {
        Name = name;
        Field<TierConfigType>("tierConfig").Resolve(c => c.Source.Result?.TierConfig);
        Field<TierConfigHistoryType>("historyEntry").Resolve(c => c.Source.Result?.HistoryEntry);
        if (withRollout)
        {
            Field<TierRolloutType>("rollout").Resolve(c => c.Source.Result?.Rollout);
        }

        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("warnings").Resolve(c => c.Source.Result?.Warnings);
        Field<ListGraphType<NonNullGraphType<TErrorUnion>>>("errors").Resolve(c => c.Source.Errors);
    }
}

public sealed class UpdateTierCreditsPayloadType() : TierChangePayloadType<UpdateTierCreditsErrorUnion>("UpdateTierCreditsPayload", withRollout: true);

public sealed class UpdateTierPricesPayloadType() : TierChangePayloadType<UpdateTierPricesErrorUnion>("UpdateTierPricesPayload");

public sealed class UpdateTierFeaturesPayloadType() : TierChangePayloadType<UpdateTierFeaturesErrorUnion>("UpdateTierFeaturesPayload");

public sealed class UpdateTierRolloverPayloadType() : TierChangePayloadType<UpdateTierRolloverErrorUnion>("UpdateTierRolloverPayload");

public sealed class SetTierActivePayloadType() : TierChangePayloadType<SetTierActiveErrorUnion>("SetTierActivePayload");

public sealed class RollbackTierConfigPayloadType() : TierChangePayloadType<RollbackTierConfigErrorUnion>("RollbackTierConfigPayload");

public sealed class CancelTierRolloutPayloadType : ObjectGraphType<Payload<TierRolloutDto>>
{
    public CancelTierRolloutPayloadType()
    {
        Name = "CancelTierRolloutPayload";
        Field<TierRolloutType>("rollout").Resolve(c => c.Source.Result);
        Field<ListGraphType<NonNullGraphType<CancelTierRolloutErrorUnion>>>("errors").Resolve(c => c.Source.Errors);
    }
}

public sealed class ApplyTierCreditChangePayloadType : ObjectGraphType<Payload<ApplyTierCreditChangeResult>>
{
    public ApplyTierCreditChangePayloadType()
    {
        Name = "ApplyTierCreditChangePayload";
        Field<TierRolloutType>("rollout").Resolve(c => c.Source.Result?.Rollout);
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("warnings").Resolve(c => c.Source.Result?.Warnings);
        Field<ListGraphType<NonNullGraphType<ApplyTierCreditChangeErrorUnion>>>("errors").Resolve(c => c.Source.Errors);
    }
}

public sealed class CreateSubscriptionPayloadType : ObjectGraphType<Payload<SubscriberDto>>
{
    public CreateSubscriptionPayloadType()
    {
        Name = "CreateSubscriptionPayload";
        Field<SubscriberType>("subscriber").Resolve(c => c.Source.Result);
        Field<ListGraphType<NonNullGraphType<CreateSubscriptionErrorUnion>>>("errors").Resolve(c => c.Source.Errors);
    }
}

public sealed class TierChangePreviewPayloadType : ObjectGraphType<Payload<TierChangePreviewDto>>
{
    public TierChangePreviewPayloadType()
    {
        Name = "TierChangePreviewPayload";
        Field<TierChangePreviewType>("preview").Resolve(c => c.Source.Result);
        Field<ListGraphType<NonNullGraphType<PreviewTierCreditChangeErrorUnion>>>("errors").Resolve(c => c.Source.Errors);
    }
}

// ---- inputs ------------------------------------------------------------------------------

public sealed class PreviewTierCreditChangeInputType : InputObjectGraphType
{
    public PreviewTierCreditChangeInputType()
    {
        Name = "PreviewTierCreditChangeInput";
        Field<NonNullGraphType<StringGraphType>>("tierName");
        Field<NonNullGraphType<IntGraphType>>("newCredits");
        Field<NonNullGraphType<BooleanGraphType>>("applyToExistingUsers").DefaultValue(false);
    }
}

public sealed class UpdateTierCreditsInputType : InputObjectGraphType
{
    public UpdateTierCreditsInputType()
    {
        Name = "UpdateTierCreditsInput";
        Field<NonNullGraphType<StringGraphType>>("tierName");
        Field<NonNullGraphType<IntGraphType>>("newCredits").Description("Multiple of 100, from 100 to 1,000,000.");
        Field<NonNullGraphType<StringGraphType>>("reason").Description("10 to 500 characters.");
        Field<NonNullGraphType<BooleanGraphType>>("applyToExistingUsers").DefaultValue(false);
        Field<DateTimeScalar>("scheduledRolloutAt").Description("When the rollout to existing subscribers starts (future, at most 365 days ahead).");
        Field<IntGraphType>("expectedVersion").Description("Refuse the change unless the tier is at this version.");
    }
}

public sealed class UpdateTierPricesInputType : InputObjectGraphType
{
    public UpdateTierPricesInputType()
    {
        Name = "UpdateTierPricesInput";
        Field<NonNullGraphType<StringGraphType>>("tierName");
        Field<DecimalGraphType>("newMonthlyPriceUsd");
        Field<DecimalGraphType>("newAnnualPriceUsd");
        Field<NonNullGraphType<StringGraphType>>("reason");
        Field<IntGraphType>("expectedVersion");
    }
}

public sealed class UpdateTierFeaturesInputType : InputObjectGraphType
{
    public UpdateTierFeaturesInputType()
    {
        Name = "UpdateTierFeaturesInput";
        Field<NonNullGraphType<StringGraphType>>("tierName");
        Field<NonNullGraphType<JsonScalar>>("features");
        Field<NonNullGraphType<StringGraphType>>("reason");
        Field<IntGraphType>("expectedVersion");
    }
}

public sealed class UpdateTierRolloverInputType : InputObjectGraphType
{
    public UpdateTierRolloverInputType()
    {
        Name = "UpdateTierRolloverInput";
        Field<NonNullGraphType<StringGraphType>>("tierName");
        Field<NonNullGraphType<IntGraphType>>("maxCreditRollover");
        Field<NonNullGraphType<StringGraphType>>("reason");
        Field<IntGraphType>("expectedVersion");
    }
}

public sealed class SetTierActiveInputType : InputObjectGraphType
{
    public SetTierActiveInputType()
    {
        Name = "SetTierActiveInput";
        Field<NonNullGraphType<StringGraphType>>("tierName");
        Field<NonNullGraphType<BooleanGraphType>>("isActive");
        Field<NonNullGraphType<StringGraphType>>("reason");
        Field<IntGraphType>("expectedVersion");
    }
}

public sealed class CancelTierRolloutInputType : InputObjectGraphType
{
    public CancelTierRolloutInputType()
    {
        Name = "CancelTierRolloutInput";
        Field<NonNullGraphType<IdGraphType>>("rolloutId");
        Field<NonNullGraphType<StringGraphType>>("reason");
    }
}

public sealed class ApplyTierCreditChangeInputType : InputObjectGraphType
{
    public ApplyTierCreditChangeInputType()
    {
        Name = "ApplyTierCreditChangeInput";
        Field<NonNullGraphType<IdGraphType>>("historyEntryId").Description("A CREDIT_INCREASE (or a ROLLBACK that raised credits) to the tier's current credits.");
        Field<NonNullGraphType<StringGraphType>>("reason").Description("10 to 500 characters.");
        Field<DateTimeScalar>("scheduledRolloutAt").Description("When the rollout starts (future, at most 365 days ahead); null = now.");
    }
}

public sealed class RollbackTierConfigInputType : InputObjectGraphType
{
    public RollbackTierConfigInputType()
    {
        Name = "RollbackTierConfigInput";
        Field<NonNullGraphType<StringGraphType>>("tierName");
        Field<NonNullGraphType<IntGraphType>>("toVersion");
        Field<NonNullGraphType<StringGraphType>>("reason");
        Field<IntGraphType>("expectedVersion");
    }
}

public sealed class CreateSubscriptionInputType : InputObjectGraphType
{
    public CreateSubscriptionInputType()
    {
        Name = "CreateSubscriptionInput";
        Field<NonNullGraphType<UuidScalar>>("userId");
        Field<StringGraphType>("email");
        Field<NonNullGraphType<StringGraphType>>("tierName");
        Field<NonNullGraphType<BillingCycleType>>("billingCycle").DefaultValue(Domain.Subscriptions.BillingCycle.Monthly);
    }
}
