using GraphQL.Types;
using Rephlo.Tiers.Api.GraphQL.Credits;
using Rephlo.Tiers.Api.GraphQL.Rollouts;
using Rephlo.Tiers.Api.GraphQL.Scalars;
using Rephlo.Tiers.Api.GraphQL.Subscribers;
using Rephlo.Tiers.Api.GraphQL.TierConfigs;

namespace Rephlo.Tiers.Api.GraphQL;

// The root types only compose the features: each feature's folder declares its own fields
// (XQueries, XMutations, XSubscriptions), types, inputs, payloads and errors.

public sealed class QueryType : ObjectGraphType
{
    public QueryType()
    {
        Name = "Query";
        this.AddTierConfigQueries();
        this.AddRolloutQueries();
        this.AddSubscriberQueries();
        this.AddCreditQueries();
    }
}

public sealed class MutationType : ObjectGraphType
{
    public MutationType()
    {
        Name = "Mutation";
        this.AddTierConfigMutations();
        this.AddRolloutMutations();
        this.AddSubscriberMutations();
    }
}

public sealed class SubscriptionType : ObjectGraphType
{
    public SubscriptionType()
    {
        Name = "Subscription";
        this.AddTierConfigSubscriptions();
        this.AddRolloutSubscriptions();
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
