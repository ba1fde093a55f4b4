namespace Rephlo.Tiers.Api.Transport.Core;

/// <summary>Limits of GraphQL requests (section <c>GraphQL</c>), checked at start-up.</summary>
public sealed class GraphQLHttpOptions
{
    public const string Section = "GraphQL";

    /// <summary>Largest accepted POST body, in bytes.</summary>
    public int MaxRequestBytes { get; set; } = 256 * 1024;

    /// <summary>Deepest accepted selection (introspection included).</summary>
    public int MaxDepth { get; set; } = 15;

    /// <summary>Highest accepted complexity (introspection does not count).</summary>
    public int MaxComplexity { get; set; } = 5_000;

    public IEnumerable<string> Problems()
    {
        if (MaxRequestBytes is < 1_024 or > 16 * 1024 * 1024)
        {
            yield return "GraphQL:MaxRequestBytes must be between 1024 and 16777216.";
        }

        if (MaxDepth is < 2 or > 100)
        {
            yield return "GraphQL:MaxDepth must be between 2 and 100.";
        }

        if (MaxComplexity is < 10 or > 1_000_000)
        {
            yield return "GraphQL:MaxComplexity must be between 10 and 1000000.";
        }
    }
}
