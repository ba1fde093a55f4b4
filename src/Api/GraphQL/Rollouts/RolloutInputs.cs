using GraphQL.Types;
using Rephlo.Tiers.Api.GraphQL.Scalars;
using Rephlo.Tiers.Application.Rollouts;

namespace Rephlo.Tiers.Api.GraphQL.Rollouts;

// Bound as typed records (see TierConfigInputs.cs); the command adds who asks, from the token.

public sealed record CancelTierRolloutInput(string RolloutId, string Reason)
{
    public CancelTierRolloutCommand ToCommand(Guid cancelledBy, string? cancelledByName) => new(
        RolloutId: RolloutId,
        Reason: Reason,
        CancelledBy: cancelledBy,
        CancelledByName: cancelledByName);
}

public sealed record ApplyTierCreditChangeInput(string HistoryEntryId, string Reason, DateTimeOffset? ScheduledRolloutAt)
{
    public ApplyTierCreditChangeCommand ToCommand(Guid requestedBy, string? requestedByName) => new(
        HistoryEntryId: HistoryEntryId,
        Reason: Reason,
        ScheduledRolloutAt: ScheduledRolloutAt,
        RequestedBy: requestedBy,
        RequestedByName: requestedByName);
}

public sealed class CancelTierRolloutInputType : InputObjectGraphType<CancelTierRolloutInput>
{
    public CancelTierRolloutInputType()
    {
        Name = "CancelTierRolloutInput";
        Field(i => i.RolloutId, typeof(NonNullGraphType<IdGraphType>));
        Field(i => i.Reason);
    }
}

public sealed class ApplyTierCreditChangeInputType : InputObjectGraphType<ApplyTierCreditChangeInput>
{
    public ApplyTierCreditChangeInputType()
    {
        Name = "ApplyTierCreditChangeInput";
        Field(i => i.HistoryEntryId, typeof(NonNullGraphType<IdGraphType>)).Description("A CREDIT_INCREASE (or a ROLLBACK that raised credits) to the tier's current credits.");
        Field(i => i.Reason).Description("10 to 500 characters.");
        Field(i => i.ScheduledRolloutAt, typeof(DateTimeScalar)).Description("When the rollout starts (future, at most 365 days ahead); null = now.");
    }
}
