using GraphQL.Types;
using Rephlo.Tiers.Api.GraphQL.Common;
using Rephlo.Tiers.Api.GraphQL.Scalars;
using Rephlo.Tiers.Application.Rollouts;
using Rephlo.Tiers.Application.TierConfigs;
using Rephlo.Tiers.Domain.Rollouts;

namespace Rephlo.Tiers.Api.GraphQL.Rollouts;

public sealed class RolloutStatusType : EnumerationGraphType<RolloutStatus>
{
    public RolloutStatusType() => Name = "RolloutStatus";
}

public sealed class TierRolloutType : ObjectGraphType<TierRolloutDto>
{
    public TierRolloutType()
    {
        Name = "TierRollout";
        Field<NonNullGraphType<IdGraphType>>("id").Resolve(c => c.Source.Id);
        Field(r => r.TierName);
        Field<NonNullGraphType<IdGraphType>>("historyEntryId").Resolve(c => c.Source.HistoryEntryId);
        Field(r => r.FromCredits);
        Field(r => r.ToCredits);
        Field<DateTimeScalar>("scheduledFor").Resolve(c => c.Source.ScheduledFor);
        Field<NonNullGraphType<RolloutStatusType>>("status").Resolve(c => c.Source.Status);
        Field(r => r.EligibleCount);
        Field(r => r.UpgradedCount);
        Field(r => r.SkippedCount);
        Field<NonNullGraphType<DateTimeScalar>>("createdAt").Resolve(c => c.Source.CreatedAt);
        Field<DateTimeScalar>("startedAt").Resolve(c => c.Source.StartedAt);
        Field<DateTimeScalar>("completedAt").Resolve(c => c.Source.CompletedAt);
        Field(r => r.FailureReason, nullable: true);
        Field<UuidScalar>("requestedBy").Description("The admin who asked for the rollout (the change's author, or who applied it later).").Resolve(c => c.Source.RequestedBy);
        Field<StringGraphType>("requestedByName").Resolve(c => c.Source.RequestedByName);
        Field<UuidScalar>("cancelledBy").Resolve(c => c.Source.CancelledBy);
        Field<StringGraphType>("cancelledByName").Resolve(c => c.Source.CancelledByName);
        Field<DateTimeScalar>("cancelledAt").Resolve(c => c.Source.CancelledAt);
        Field<StringGraphType>("cancelReason").Resolve(c => c.Source.CancelReason);
        Field<IdGraphType>("supersededByHistoryEntryId")
            .Description("The change (history entry) that cancelled this rollout by leaving the tier's credits below its target.")
            .Resolve(c => c.Source.SupersededByHistoryEntryId);
    }
}

public sealed class TierRolloutFilterInputType() : FilterInputType<TierRollout>("TierRolloutFilterInput", GetTierRolloutsHandler.Fields);

public sealed class TierRolloutSortInputType() : SortInputType<TierRollout>("TierRolloutSortInput", GetTierRolloutsHandler.Fields);

public sealed class TierRolloutConnectionType() : ConnectionType<TierRolloutDto, TierRolloutType>("TierRolloutConnection");
