using GraphQL.Types;
using GraphQLParser;
using GraphQLParser.AST;
using Microsoft.Extensions.DependencyInjection;
using Rephlo.Tiers.Api.IntegrationTests.Infrastructure;
using Snapshooter.Xunit;

namespace Rephlo.Tiers.Api.IntegrationTests;

/// <summary>
/// The printed schema is snapshotted (a change is a reviewed diff) and must contain every type,
/// field, argument, enum value, union member and interface of the shared contract
/// (Contract/schema-contract.graphql is a copy of ../shared/schema-contract.graphql).
/// </summary>
public sealed class SchemaTests() : ApiTestBase(TestDatabase.Sqlite)
{
    [Fact]
    public void Printed_schema_matches_its_snapshot()
    {
        Snapshot.Match(PrintSchema());
    }

    [Fact]
    public void Printed_schema_contains_the_whole_contract()
    {
        var contract = Definitions(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Contract", "schema-contract.graphql")));
        var printed = Definitions(PrintSchema());
        var missing = new List<string>();

        foreach (var (name, expected) in contract)
        {
            if (!printed.TryGetValue(name, out var actual))
            {
                missing.Add($"type {name}");
                continue;
            }

            if (expected.GetType() != actual.GetType())
            {
                missing.Add($"{name} is a {actual.Kind}, the contract says {expected.Kind}");
                continue;
            }

            switch (expected)
            {
                case GraphQLObjectTypeDefinition o:
                    var ao = (GraphQLObjectTypeDefinition)actual;
                    CompareFields(name, o.Fields, ao.Fields, missing);
                    foreach (var i in o.Interfaces?.Items ?? [])
                    {
                        if (ao.Interfaces?.Items.Any(x => x.Name.Value == i.Name.Value) != true)
                        {
                            missing.Add($"{name} implements {i.Name.Value}");
                        }
                    }

                    break;
                case GraphQLInterfaceTypeDefinition i:
                    CompareFields(name, i.Fields, ((GraphQLInterfaceTypeDefinition)actual).Fields, missing);
                    break;
                case GraphQLInputObjectTypeDefinition inp:
                    var actualInputs = ((GraphQLInputObjectTypeDefinition)actual).Fields?.Items.ToDictionary(f => (string)f.Name.Value, f => Print(f.Type)) ?? [];
                    foreach (var f in inp.Fields?.Items ?? [])
                    {
                        if (!actualInputs.TryGetValue((string)f.Name.Value, out var type))
                        {
                            missing.Add($"{name}.{f.Name.Value}");
                        }
                        else if (type != Print(f.Type))
                        {
                            missing.Add($"{name}.{f.Name.Value}: {type}, the contract says {Print(f.Type)}");
                        }
                    }

                    break;
                case GraphQLEnumTypeDefinition e:
                    var values = ((GraphQLEnumTypeDefinition)actual).Values?.Items.Select(v => (string)v.Name.Value).ToHashSet() ?? [];
                    missing.AddRange((e.Values?.Items ?? []).Where(v => !values.Contains((string)v.Name.Value)).Select(v => $"{name}.{v.Name.Value}"));
                    break;
                case GraphQLUnionTypeDefinition u:
                    var members = ((GraphQLUnionTypeDefinition)actual).Types?.Items.Select(t => (string)t.Name.Value).ToHashSet() ?? [];
                    missing.AddRange((u.Types?.Items ?? []).Where(t => !members.Contains((string)t.Name.Value)).Select(t => $"{name} member {t.Name.Value}"));
                    break;
            }
        }

        Assert.True(missing.Count == 0, "Missing from the printed schema:\n" + string.Join("\n", missing));
    }

    private string PrintSchema()
    {
        var schema = Factory.Services.GetRequiredService<ISchema>();
        return global::GraphQL.SchemaExtensions.Print(schema, new global::GraphQL.Utilities.PrintOptions { IncludeDescriptions = true, StringComparison = StringComparison.Ordinal });
    }

    private static void CompareFields(string typeName, GraphQLFieldsDefinition? expected, GraphQLFieldsDefinition? actual, List<string> missing)
    {
        var actualFields = actual?.Items.ToDictionary(f => (string)f.Name.Value) ?? [];
        foreach (var field in expected?.Items ?? [])
        {
            if (!actualFields.TryGetValue((string)field.Name.Value, out var found))
            {
                missing.Add($"{typeName}.{field.Name.Value}");
                continue;
            }

            if (Print(found.Type) != Print(field.Type))
            {
                missing.Add($"{typeName}.{field.Name.Value}: {Print(found.Type)}, the contract says {Print(field.Type)}");
            }

            var arguments = found.Arguments?.Items.ToDictionary(a => (string)a.Name.Value, a => Print(a.Type)) ?? [];
            foreach (var argument in field.Arguments?.Items ?? [])
            {
                if (!arguments.TryGetValue((string)argument.Name.Value, out var type))
                {
                    missing.Add($"{typeName}.{field.Name.Value}({argument.Name.Value})");
                }
                else if (type != Print(argument.Type))
                {
                    missing.Add($"{typeName}.{field.Name.Value}({argument.Name.Value}): {type}, the contract says {Print(argument.Type)}");
                }
            }
        }
    }

    private static Dictionary<string, GraphQLTypeDefinition> Definitions(string sdl) =>
        Parser.Parse(sdl).Definitions.OfType<GraphQLTypeDefinition>().ToDictionary(d => (string)d.Name.Value);

    private static string Print(GraphQLType type) => type switch
    {
        GraphQLNonNullType n => Print(n.Type) + "!",
        GraphQLListType l => "[" + Print(l.Type) + "]",
        GraphQLNamedType named => (string)named.Name.Value,
        _ => type.Kind.ToString(),
    };
}
