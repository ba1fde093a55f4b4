using GraphQL;
using GraphQL.Types;
using Rephlo.Tiers.Api.GraphQL.Common;
using Rephlo.Tiers.Api.GraphQL.Scalars;
using Rephlo.Tiers.Application.Credits;

namespace Rephlo.Tiers.Api.GraphQL.Credits;

/// <summary>A user's credits and ledger on <c>Query</c>.</summary>
public static class CreditQueries
{
    public static void AddCreditQueries(this ObjectGraphType query) =>
        query.Field<UserCreditsType>("userCredits")
            .AuthorizeWithRoles(ResolverExtensions.AdminRole)
            .Argument<NonNullGraphType<UuidScalar>>("userId")
            .ResolveAsync(async c => await c.SendQueryAsync(new GetUserCreditsQuery(c.GetArgument<Guid>("userId"))));
}
