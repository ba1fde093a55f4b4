using GraphQL;
using GraphQL.DataLoader;
using GraphQL.Types;
using Rephlo.Tiers.Api.GraphQL.Common;
using Rephlo.Tiers.Api.GraphQL.Rollouts;
using Rephlo.Tiers.Api.GraphQL.Scalars;
using Rephlo.Tiers.Application.Rollouts;
using Rephlo.Tiers.Application.TierConfigs;
using Rephlo.Tiers.Domain.Rollouts;
using Rephlo.Tiers.Domain.TierConfigs;

namespace Rephlo.Tiers.Api.GraphQL.TierConfigs;

public sealed class TierChangeTypeType : EnumerationGraphType<TierChangeType>
{
    public TierChangeTypeType() => Name = "TierChangeType";
}

public sealed class ChangeDirectionType : EnumerationGraphType<ChangeDirection>
{
    public ChangeDirectionType() => Name = "ChangeDirection";
}

public sealed class TierConfigType : ObjectGraphType<TierConfigDto>
{
    public TierConfigType()
    {
        Name = "TierConfig";
        Field<NonNullGraphType<IdGraphType>>("id").Resolve(c => c.Source.Id);
        Field(t => t.TierName);
        Field(t => t.DisplayName);
        Field(t => t.Rank).Description("Catalogue order, 0 first.");
        Field<NonNullGraphType<DecimalGraphType>>("monthlyPriceUsd").Resolve(c => c.Source.MonthlyPriceUsd);
        Field<NonNullGraphType<DecimalGraphType>>("annualPriceUsd").Resolve(c => c.Source.AnnualPriceUsd);
        Field(t => t.MonthlyCreditAllocation);
        Field(t => t.MaxCreditRollover);
        Field<NonNullGraphType<JsonScalar>>("features").Resolve(c => c.Source.FeaturesJson);
        Field(t => t.IsActive);
        Field(t => t.ConfigVersion);
        Field<UuidScalar>("lastModifiedBy").Resolve(c => c.Source.LastModifiedBy);
        Field<NonNullGraphType<DateTimeScalar>>("lastModifiedAt").Resolve(c => c.Source.LastModifiedAt);
        Field(t => t.ApplyToExistingUsers);
        Field<DateTimeScalar>("rolloutStartDate").Resolve(c => c.Source.RolloutStartDate);

        Field<NonNullGraphType<IntGraphType>>("activeSubscriberCount")
            .AuthorizeWithRoles(ResolverExtensions.AdminRole)
            .Resolve(c => c.Loaders().Get<Guid, int>(
                    "activeSubscriberCount",
                    async (ids, ct) => await c.Mediator().Send(new GetActiveSubscriberCountsQuery(ids), ct),
                    missing: 0)
                .Load(c.Source.Id));

        Field<NonNullGraphType<ListGraphType<NonNullGraphType<TierConfigVersionType>>>>("versions")
            .Description("Every version of the tier, oldest first.")
            .AuthorizeWithRoles(ResolverExtensions.AdminRole)
            .Resolve(c => c.Loaders().Get<Guid, IEnumerable<TierConfigVersionDto>>(
                    "versions",
                    async (ids, ct) => ToDictionary(await c.Mediator().Send(new GetTierVersionsQuery(ids), ct)),
                    missing: [])
                .Load(c.Source.Id));

        Field<NonNullGraphType<ListGraphType<NonNullGraphType<TierRolloutType>>>>("pendingRollouts")
            .Description("Rollouts of this tier that are pending or running, oldest first.")
            .AuthorizeWithRoles(ResolverExtensions.AdminRole)
            .Resolve(c => c.Loaders().Get<Guid, IEnumerable<TierRolloutDto>>(
                    "pendingRollouts",
                    async (ids, ct) => ToDictionary(await c.Mediator().Send(new GetPendingRolloutsQuery(ids), ct)),
                    missing: [])
                .Load(c.Source.Id));
    }

    private static IReadOnlyDictionary<Guid, IEnumerable<T>> ToDictionary<T>(ILookup<Guid, T> lookup) =>
        lookup.ToDictionary(g => g.Key, g => (IEnumerable<T>)[.. g]);
}

public sealed class TierConfigVersionType : ObjectGraphType<TierConfigVersionDto>
{
    public TierConfigVersionType()
    {
        Name = "TierConfigVersion";
        Field(v => v.ConfigVersion);
        Field<NonNullGraphType<DecimalGraphType>>("monthlyPriceUsd").Resolve(c => c.Source.MonthlyPriceUsd);
        Field<NonNullGraphType<DecimalGraphType>>("annualPriceUsd").Resolve(c => c.Source.AnnualPriceUsd);
        Field(v => v.MonthlyCreditAllocation);
        Field(v => v.MaxCreditRollover);
        Field<NonNullGraphType<JsonScalar>>("features").Resolve(c => c.Source.FeaturesJson);
        Field(v => v.IsActive);
        Field<NonNullGraphType<DateTimeScalar>>("createdAt").Resolve(c => c.Source.CreatedAt);
        Field<UuidScalar>("createdBy").Resolve(c => c.Source.CreatedBy);
        Field<StringGraphType>("createdByName").Description("The admin's name (or email) from the token; null for seeded versions.").Resolve(c => c.Source.CreatedByName);
    }
}

public sealed class TierConfigHistoryType : ObjectGraphType<TierConfigHistoryDto>
{
    public TierConfigHistoryType()
    {
        Name = "TierConfigHistory";
        Field<NonNullGraphType<IdGraphType>>("id").Resolve(c => c.Source.Id);
        Field<NonNullGraphType<IdGraphType>>("tierConfigId").Resolve(c => c.Source.TierConfigId);
        Field(h => h.TierName);
        Field(h => h.ConfigVersion);
        Field<NonNullGraphType<TierChangeTypeType>>("changeType").Resolve(c => c.Source.ChangeType);
        Field(h => h.PreviousCredits);
        Field(h => h.NewCredits);
        Field<NonNullGraphType<DecimalGraphType>>("previousMonthlyPriceUsd").Resolve(c => c.Source.PreviousMonthlyPriceUsd);
        Field<NonNullGraphType<DecimalGraphType>>("newMonthlyPriceUsd").Resolve(c => c.Source.NewMonthlyPriceUsd);
        Field<NonNullGraphType<DecimalGraphType>>("previousAnnualPriceUsd").Resolve(c => c.Source.PreviousAnnualPriceUsd);
        Field<NonNullGraphType<DecimalGraphType>>("newAnnualPriceUsd").Resolve(c => c.Source.NewAnnualPriceUsd);
        Field(h => h.ChangeReason);
        Field(h => h.AffectedUsersCount);
        Field<NonNullGraphType<UuidScalar>>("changedBy").Resolve(c => c.Source.ChangedBy);
        Field<StringGraphType>("changedByName").Description("The admin's name (or email) from the token, recorded at write time.").Resolve(c => c.Source.ChangedByName);
        Field<NonNullGraphType<DateTimeScalar>>("changedAt").Resolve(c => c.Source.ChangedAt);
        Field<DateTimeScalar>("appliedAt")
            .Description("When the change reached existing subscribers (at once when it needed no rollout); null while not (yet) applied — pending, cancelled or failed.")
            .Resolve(c => c.Source.AppliedAt);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<TierRolloutType>>>>("rollouts")
            .Description("Every rollout of this entry, oldest first (a cancelled or failed one, then the ones applying it again).")
            .Resolve(c => Rollouts(c).Then(list => (IEnumerable<TierRolloutDto>)list));
        Field<TierRolloutType>("rollout")
            .Description("The latest rollout of this entry.")
            .Resolve(c => Rollouts(c).Then(list => list.Count > 0 ? list[^1] : null));
        Field<RolloutStatusType>("rolloutStatus")
            .Description("Status of the latest rollout; null when the change needed none. Pending = PENDING or RUNNING.")
            .Resolve(c => Rollouts(c).Then(list => list.Count > 0 ? (RolloutStatus?)list[^1].Status : null));
    }

    /// <summary>The entry's rollouts, oldest first: one batched query for all entries of the response.</summary>
    private static IDataLoaderResult<IReadOnlyList<TierRolloutDto>> Rollouts(IResolveFieldContext<TierConfigHistoryDto> c) =>
        c.Loaders().Get<Guid, IReadOnlyList<TierRolloutDto>>(
                "rolloutsByHistory",
                async (ids, ct) => (await c.Mediator().Send(new GetRolloutsByHistoryQuery(ids), ct)).ToDictionary(g => g.Key, g => (IReadOnlyList<TierRolloutDto>)[.. g]),
                missing: [])
            .Load(c.Source.Id);
}

public sealed class TierConfigChangedEventType : ObjectGraphType<TierConfigChangedEvent>
{
    public TierConfigChangedEventType()
    {
        Name = "TierConfigChangedEvent";
        Field<NonNullGraphType<TierConfigType>>("tierConfig").Resolve(c => c.Source.TierConfig);
        Field<NonNullGraphType<TierConfigHistoryType>>("historyEntry").Resolve(c => c.Source.HistoryEntry);
    }
}

public sealed class TierChangePreviewType : ObjectGraphType<TierChangePreviewDto>
{
    public TierChangePreviewType()
    {
        Name = "TierChangePreview";
        Field(p => p.TierName);
        Field(p => p.CurrentCredits);
        Field(p => p.NewCredits);
        Field<NonNullGraphType<ChangeDirectionType>>("direction").Resolve(c => c.Source.Direction);
        Field(p => p.ActiveSubscribers);
        Field(p => p.WillUpgrade);
        Field(p => p.WillRemainSame);
        Field<NonNullGraphType<LongGraphType>>("creditsAdded").Resolve(c => c.Source.CreditsAdded);
        Field<NonNullGraphType<DecimalGraphType>>("estimatedCostUsd").Resolve(c => c.Source.EstimatedCostUsd);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("warnings").Resolve(c => c.Source.Warnings);
    }
}

public sealed class TierConfigFilterInputType() : FilterInputType<TierConfig>("TierConfigFilterInput", GetTierConfigsHandler.Fields);

public sealed class TierConfigSortInputType() : SortInputType<TierConfig>("TierConfigSortInput", GetTierConfigsHandler.Fields);

public sealed class TierConfigHistoryFilterInputType() : FilterInputType<TierConfigHistory>("TierConfigHistoryFilterInput", GetTierHistoryHandler.Fields);

public sealed class TierConfigHistorySortInputType() : SortInputType<TierConfigHistory>("TierConfigHistorySortInput", GetTierHistoryHandler.Fields);

public sealed class TierConfigHistoryConnectionType() : ConnectionType<TierConfigHistoryDto, TierConfigHistoryType>("TierConfigHistoryConnection");
