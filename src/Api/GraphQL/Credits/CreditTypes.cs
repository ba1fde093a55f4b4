using GraphQL;
using GraphQL.Types;
using Rephlo.Tiers.Api.GraphQL.Common;
using Rephlo.Tiers.Api.GraphQL.Scalars;
using Rephlo.Tiers.Application.Credits;
using Rephlo.Tiers.Domain.Credits;

namespace Rephlo.Tiers.Api.GraphQL.Credits;

public sealed class CreditGrantSourceType : EnumerationGraphType<CreditGrantSource>
{
    public CreditGrantSourceType() => Name = "CreditGrantSource";
}

public sealed class UserCreditsType : ObjectGraphType<UserCreditsDto>
{
    public UserCreditsType()
    {
        Name = "UserCredits";
        Field<NonNullGraphType<UuidScalar>>("userId").Resolve(c => c.Source.UserId);
        Field<NonNullGraphType<LongGraphType>>("balance").Resolve(c => c.Source.Balance);
        Field<NonNullGraphType<CreditGrantConnectionType>>("grants")
            .Description("The credit ledger, newest first.")
            .Arguments(PagingArguments.Forward())
            .ResolveAsync(async c => await c.SendQueryAsync(new GetCreditGrantsQuery(c.Source.UserId, c.ToPageRequest())));
    }
}

public sealed class CreditGrantType : ObjectGraphType<CreditGrantDto>
{
    public CreditGrantType()
    {
        Name = "CreditGrant";
        Field<NonNullGraphType<IdGraphType>>("id").Resolve(c => c.Source.Id);
        Field<NonNullGraphType<IdGraphType>>("subscriptionId").Resolve(c => c.Source.SubscriptionId);
        Field(g => g.Amount);
        Field<NonNullGraphType<CreditGrantSourceType>>("source").Resolve(c => c.Source.Source);
        Field<IdGraphType>("rolloutId").Resolve(c => c.Source.RolloutId);
        Field(g => g.Reason, nullable: true);
        Field<NonNullGraphType<DateTimeScalar>>("periodStart").Resolve(c => c.Source.PeriodStart);
        Field<NonNullGraphType<DateTimeScalar>>("periodEnd").Resolve(c => c.Source.PeriodEnd);
        Field<NonNullGraphType<DateTimeScalar>>("createdAt").Resolve(c => c.Source.CreatedAt);
    }
}

public sealed class CreditGrantConnectionType() : ConnectionType<CreditGrantDto, CreditGrantType>("CreditGrantConnection");
