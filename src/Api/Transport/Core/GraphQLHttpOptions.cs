namespace Rephlo.Tiers.Api.Transport.Core;

/// <summary>Limits of GraphQL requests (section <c>GraphQL</c>).</summary>
public sealed class GraphQLHttpOptions
{
    public const string Section = "GraphQL";

    /// <summary>Largest accepted POST body, in bytes.</summary>
    public int MaxRequestBytes { get; set; } = 256 * 1024;
}
