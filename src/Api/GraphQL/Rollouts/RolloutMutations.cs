using GraphQL;
using GraphQL.Types;
using Rephlo.Tiers.Api.GraphQL.Common;
using Rephlo.Tiers.Application.Rollouts;
using Rephlo.Tiers.Application.TierConfigs;

namespace Rephlo.Tiers.Api.GraphQL.Rollouts;

/// <summary>Cancelling a rollout and applying a credit change (again) on <c>Mutation</c>.</summary>
public static class RolloutMutations
{
    public static void AddRolloutMutations(this ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<CancelTierRolloutPayloadType>>("cancelTierRollout")
            .AuthorizeWithRoles(ResolverExtensions.AdminRole)
            .Argument<NonNullGraphType<CancelTierRolloutInputType>>("input")
            .ResolveAsync(async c => Payload<TierRolloutDto>.From(await c.Mediator().Send(
                c.GetArgument<CancelTierRolloutInput>("input").ToCommand(c.UserId(), c.UserName()), c.CancellationToken)));

        mutation.Field<NonNullGraphType<ApplyTierCreditChangePayloadType>>("applyTierCreditChange")
            .Description("Applies a credit change (again) to existing subscribers: a change made without applyToExistingUsers, or whose rollout was cancelled or failed.")
            .AuthorizeWithRoles(ResolverExtensions.AdminRole)
            .Argument<NonNullGraphType<ApplyTierCreditChangeInputType>>("input")
            .ResolveAsync(async c => Payload<ApplyTierCreditChangeResult>.From(await c.Mediator().Send(
                c.GetArgument<ApplyTierCreditChangeInput>("input").ToCommand(c.UserId(), c.UserName()), c.CancellationToken)));
    }
}
