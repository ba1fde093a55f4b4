using GraphQL;
using GraphQL.Types;
using Rephlo.Tiers.Api.GraphQL.Common;
using Rephlo.Tiers.Application.TierConfigs;

namespace Rephlo.Tiers.Api.GraphQL.TierConfigs;

/// <summary>The audited changes of a tier on <c>Mutation</c>: each takes a typed input and answers a payload with typed errors.</summary>
public static class TierConfigMutations
{
    public static void AddTierConfigMutations(this ObjectGraphType mutation)
    {
        mutation.TierChange<UpdateTierCreditsPayloadType, UpdateTierCreditsInputType, UpdateTierCreditsInput>("updateTierCredits");
        mutation.TierChange<UpdateTierPricesPayloadType, UpdateTierPricesInputType, UpdateTierPricesInput>("updateTierPrices");
        mutation.TierChange<UpdateTierFeaturesPayloadType, UpdateTierFeaturesInputType, UpdateTierFeaturesInput>("updateTierFeatures");
        mutation.TierChange<UpdateTierRolloverPayloadType, UpdateTierRolloverInputType, UpdateTierRolloverInput>("updateTierRollover");
        mutation.TierChange<SetTierActivePayloadType, SetTierActiveInputType, SetTierActiveInput>("setTierActive");
        mutation.TierChange<RollbackTierConfigPayloadType, RollbackTierConfigInputType, RollbackTierConfigInput>("rollbackTierConfig");
    }

    /// <summary>An admin-only field whose <c>input</c> becomes the change's command, made by the caller.</summary>
    private static void TierChange<TPayloadType, TInputType, TInput>(this ObjectGraphType mutation, string name)
        where TPayloadType : IGraphType
        where TInputType : IInputObjectGraphType
        where TInput : ITierChangeInput =>
        mutation.Field<NonNullGraphType<TPayloadType>>(name)
            .AuthorizeWithRoles(ResolverExtensions.AdminRole)
            .Argument<NonNullGraphType<TInputType>>("input")
            .ResolveAsync(async c => Payload<TierChangeResult>.From(
                await c.Mediator().Send(c.GetArgument<TInput>("input").ToCommand(c.UserId(), c.UserName()), c.CancellationToken)));
}
