using System.Linq.Expressions;
using Mapster;
using Rephlo.Tiers.Application.Credits;
using Rephlo.Tiers.Application.Subscriptions;
using Rephlo.Tiers.Application.TierConfigs;
using Rephlo.Tiers.Domain.Credits;
using Rephlo.Tiers.Domain.Rollouts;
using Rephlo.Tiers.Domain.Subscriptions;
using Rephlo.Tiers.Domain.TierConfigs;

namespace Rephlo.Tiers.Application.Common.Mapping;

/// <summary>
/// The one mapping mechanism between entities and the read models the GraphQL types expose
/// (ADR 0010): a single Mapster <see cref="TypeAdapterConfig"/>, built and compiled once at
/// start-up. EF queries use <c>ProjectToType&lt;TDto&gt;(config)</c> (or, for keyset pages, the
/// same cached projection expression), so the mapping is translated into the SQL select list;
/// freshly written entities are mapped in memory with the compiled map functions.
/// </summary>
public static class ReadModelMapping
{
    /// <summary>The process's configuration, built and compiled on first use (<c>AddApplication</c> at start-up).</summary>
    public static TypeAdapterConfig Config { get; } = Create();

    /// <summary>
    /// Every entity → read model pair. Explicit mapping is required (an unregistered pair fails
    /// instead of being mapped by convention), and every read model member must have a source,
    /// so a renamed or added member fails <see cref="TypeAdapterConfig.Compile(bool)"/> at start-up.
    /// </summary>
    public static TypeAdapterConfig Create()
    {
        var config = NewConfig();

        // The read models are positional records: Mapster calls their constructor, matching
        // parameters to source members by name.
        config.NewConfig<TierConfig, TierConfigDto>().MapToConstructor(true);
        config.NewConfig<TierConfigHistory, TierConfigHistoryDto>().MapToConstructor(true);
        config.NewConfig<TierConfigVersion, TierConfigVersionDto>().MapToConstructor(true);
        config.NewConfig<TierRollout, TierRolloutDto>().MapToConstructor(true);
        config.NewConfig<Subscription, SubscriberDto>().MapToConstructor(true)
            .Map(d => d.SubscriptionId, s => s.Id);
        config.NewConfig<CreditGrant, CreditGrantDto>().MapToConstructor(true);
        config.NewConfig<CreditBalance, UserCreditsDto>().MapToConstructor(true);

        config.Compile();
        config.CompileProjection();
        return config;
    }

    /// <summary>An empty configuration with this project's rules (explicit pairs, every member sourced).</summary>
    public static TypeAdapterConfig NewConfig() => new()
    {
        RequireExplicitMapping = true,
        RequireDestinationMemberSource = true,
    };

    /// <summary>
    /// The projection expression <c>ProjectToType</c> uses for this pair (Mapster's cached one),
    /// for compositions that need the lambda itself — the keyset page adds the sort keys beside it.
    /// Cached per pair after the first call, so no expression is built per request.
    /// </summary>
    public static Expression<Func<TSource, TDestination>> ProjectionOf<TSource, TDestination>(this TypeAdapterConfig config)
    {
        var cached = ProjectionCache<TSource, TDestination>.Entry;
        if (cached is not null && ReferenceEquals(cached.Config, config))
        {
            return cached.Projection;
        }

        var call = (MethodCallExpression)Enumerable.Empty<TSource>().AsQueryable().ProjectToType<TDestination>(config).Expression;
        var projection = (Expression<Func<TSource, TDestination>>)new ProjectionSimplifier().Visit(((UnaryExpression)call.Arguments[1]).Operand);
        ProjectionCache<TSource, TDestination>.Entry = new(config, projection);
        return projection;
    }

    /// <summary>
    /// <c>source.Select(…)</c> with the pair's Mapster projection (<see cref="ProjectionOf{TSource, TDestination}"/>):
    /// what <c>ProjectToType</c> does, without rebuilding and re-simplifying the projection per query.
    /// </summary>
    public static IQueryable<TDestination> ProjectToReadModel<TSource, TDestination>(this IQueryable<TSource> source, TypeAdapterConfig config) =>
        source.Select(config.ProjectionOf<TSource, TDestination>());

    /// <summary>
    /// Rewrites, once per pair, shapes of Mapster's projection that cost on every query: a nullable
    /// member copied as <c>s != null &amp;&amp; s.M != null ? (T?)s.M : null</c> (SQL <c>CASE WHEN m IS
    /// NOT NULL THEN m END</c>) becomes <c>s.M</c> (the projected row itself is never null); a
    /// <c>default(T)</c> becomes the constant (EF Core would otherwise compile and evaluate it on
    /// every execution before its query cache lookup).
    /// </summary>
    private sealed class ProjectionSimplifier : ExpressionVisitor
    {
        protected override Expression VisitDefault(DefaultExpression node) =>
            node.Type == typeof(void) ? node : Expression.Constant(node.Type.IsValueType ? Activator.CreateInstance(node.Type) : null, node.Type);

        /// <summary><c>s != null &amp;&amp; x</c> → <c>x</c>: the projected row is never null.</summary>
        protected override Expression VisitBinary(BinaryExpression node)
        {
            if (node.NodeType == ExpressionType.AndAlso
                && node.Left is BinaryExpression { NodeType: ExpressionType.NotEqual } check
                && Unconvert(check.Left) is ParameterExpression
                && IsNull(check.Right))
            {
                return Visit(node.Right);
            }

            return base.VisitBinary(node);
        }

        protected override Expression VisitConditional(ConditionalExpression node)
        {
            if (node.Test is BinaryExpression { NodeType: ExpressionType.NotEqual } rowCheck && Unconvert(rowCheck.Left) is ParameterExpression && IsNull(rowCheck.Right))
            {
                var ifTrue = Visit(node.IfTrue); // s != null ? x : default → x (the projected row is never null)
                return ifTrue.Type == node.Type ? ifTrue : Expression.Convert(ifTrue, node.Type);
            }

            var visited = (ConditionalExpression)base.VisitConditional(node);

            // m != null ? m : null, or m == null ? null : m (either side maybe converted, or m.Value).
            if (visited.Test is BinaryExpression { NodeType: ExpressionType.NotEqual or ExpressionType.Equal } test
                && (IsNull(test.Right) ? test.Left : IsNull(test.Left) ? test.Right : null) is { } operand
                && Unwrap(operand) is MemberExpression tested)
            {
                var (value, otherwise) = test.NodeType == ExpressionType.NotEqual ? (visited.IfTrue, visited.IfFalse) : (visited.IfFalse, visited.IfTrue);
                if (IsNull(otherwise) && tested.ToString() == Unwrap(value).ToString())
                {
                    // The tested member itself (nullable), typed as the conditional was.
                    return tested.Type == visited.Type ? tested : Expression.Convert(tested, visited.Type);
                }
            }

            return visited;
        }

        private static bool IsNull(Expression expression) => Unconvert(expression) is ConstantExpression { Value: null };

        private static Expression Unconvert(Expression expression)
        {
            while (expression is UnaryExpression { NodeType: ExpressionType.Convert or ExpressionType.ConvertChecked } convert)
            {
                expression = convert.Operand;
            }

            return expression;
        }

        /// <summary>Without conversions and without <c>.Value</c> of a <see cref="Nullable{T}"/>: <c>(Guid?)m.Value</c> → <c>m</c>.</summary>
        private static Expression Unwrap(Expression expression)
        {
            while (true)
            {
                expression = Unconvert(expression);
                if (expression is MemberExpression { Member.Name: "Value", Expression: { } inner } && Nullable.GetUnderlyingType(inner.Type) is not null)
                {
                    expression = inner;
                    continue;
                }

                return expression;
            }
        }
    }

    private static class ProjectionCache<TSource, TDestination>
    {
        public static CachedProjection<TSource, TDestination>? Entry;
    }

    private sealed record CachedProjection<TSource, TDestination>(TypeAdapterConfig Config, Expression<Func<TSource, TDestination>> Projection);
}
