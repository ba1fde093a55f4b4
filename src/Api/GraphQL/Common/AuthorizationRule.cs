using GraphQL;
using GraphQL.Validation;
using GraphQLParser.AST;

namespace Rephlo.Tiers.Api.GraphQL.Common;

/// <summary>
/// Checks, before anything executes, that the caller has the roles every selected field requires
/// (<c>AuthorizeWithRoles</c> metadata). A denied request executes nothing.
/// </summary>
public sealed class AuthorizationRule : ValidationRuleBase
{
    public const string Code = "AUTH_NOT_AUTHORIZED";

    public override ValueTask<INodeVisitor?> GetPreNodeVisitorAsync(ValidationContext context) =>
        new(new MatchingNodeVisitor<GraphQLField>((field, ctx) =>
        {
            var definition = ctx.TypeInfo.GetFieldDef();
            if (definition is null || !definition.IsAuthorizationRequired())
            {
                return;
            }

            var roles = definition.GetRoles();
            var user = ctx.User;
            var allowed = user?.Identity?.IsAuthenticated == true && (roles is null || roles.Count == 0 || roles.Any(user.IsInRole));
            if (!allowed)
            {
                ctx.ReportError(new AccessDeniedError(ctx, field, $"You are not authorized to use '{definition.Name}'{(roles is { Count: > 0 } ? $" (requires role {string.Join(" or ", roles)})" : string.Empty)}."));
            }
        }));
}

public sealed class AccessDeniedError : ValidationError
{
    public AccessDeniedError(ValidationContext context, ASTNode node, string message)
        : base(context.Document.Source, null, message, node)
    {
        Code = AuthorizationRule.Code;
    }
}
