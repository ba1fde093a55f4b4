using System.Security.Claims;
using GraphQL;
using Mediator;
using Rephlo.Tiers.Application.Common.Querying;

namespace Rephlo.Tiers.Api.GraphQL.Common;

public static class ResolverExtensions
{
    public const string AdminRole = Auth.Roles.Admin;

    public static IMediator Mediator(this IResolveFieldContext context) =>
        context.RequestServices!.GetRequiredService<IMediator>();

    public static RequestDataLoaders Loaders(this IResolveFieldContext context) =>
        context.RequestServices!.GetRequiredService<RequestDataLoaders>();

    /// <summary>Sends a query; a client mistake in it (bad filter, cursor, page size) becomes a coded GraphQL error.</summary>
    public static async Task<T> SendQueryAsync<T>(this IResolveFieldContext context, IQuery<T> query)
    {
        try
        {
            return await context.Mediator().Send(query, context.CancellationToken);
        }
        catch (InvalidQueryException ex)
        {
            throw new ExecutionError(ex.Message) { Code = ex.Code };
        }
    }

    /// <summary>
    /// The caller's name as recorded beside their id: the token's <c>name</c> claim, else its
    /// <c>email</c>, else null (trimmed and capped by the domain).
    /// </summary>
    public static string? UserName(this IResolveFieldContext context)
    {
        var name = context.User?.FindFirstValue("name");
        return string.IsNullOrWhiteSpace(name) ? NullIfBlank(context.User?.FindFirstValue("email")) : name;
    }

    /// <summary>The caller's user id: the token's <c>sub</c>, which must be a UUID.</summary>
    public static Guid UserId(this IResolveFieldContext context)
    {
        var subject = context.User?.FindFirstValue("sub");
        return Guid.TryParse(subject, out var id)
            ? id
            : throw new ExecutionError("The token's subject (sub) must be a UUID to record who made a change.") { Code = "AUTH_INVALID_SUBJECT" };
    }

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
