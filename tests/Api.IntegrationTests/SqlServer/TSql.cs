using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace Rephlo.Tiers.Api.IntegrationTests.SqlServer;

/// <summary>T-SQL as SQL Server 2022 parses it (ScriptDom's TSql160Parser; the context's compatibility level is 160).</summary>
public static class TSql
{
    public static IList<ParseError> Errors(string sql)
    {
        var parser = new TSql160Parser(initialQuotedIdentifiers: true);
        using var reader = new StringReader(sql);
        parser.Parse(reader, out var errors);
        return errors;
    }

    /// <summary>The parsed script; fails the test with every error (line, column, message) if there is one.</summary>
    public static TSqlFragment Parse(string sql, string what)
    {
        var parser = new TSql160Parser(initialQuotedIdentifiers: true);
        using var reader = new StringReader(sql);
        var fragment = parser.Parse(reader, out var errors);
        Assert.True(errors.Count == 0, $"{what}: {errors.Count} T-SQL parse error(s):{Environment.NewLine}" +
            string.Join(Environment.NewLine, errors.Select(e => $"  line {e.Line}, column {e.Column}: {e.Message}")));
        return fragment;
    }

    /// <summary>Every node of the parse tree of a type (to check a statement's shape, not only that it parses).</summary>
    public static List<T> All<T>(TSqlFragment fragment)
        where T : TSqlFragment
    {
        var collector = new Collector();
        fragment.Accept(collector);
        return collector.Nodes.OfType<T>().ToList();
    }

    private sealed class Collector : TSqlFragmentVisitor
    {
        public List<TSqlFragment> Nodes { get; } = [];

        public override void Visit(TSqlFragment node) => Nodes.Add(node);
    }
}
