using System.Reflection;
using NetArchTest.Rules;

namespace Rephlo.Tiers.Architecture.Tests;

/// <summary>
/// The dependency rule: Domain depends on nothing of ours (and only Mediator.Abstractions outside
/// the BCL); Application on Domain; Infrastructure on Application; only Api knows GraphQL.
/// </summary>
public sealed class DependencyRuleTests
{
    private static readonly Assembly Domain = typeof(Domain.TierConfigs.TierConfig).Assembly;
    private static readonly Assembly Application = typeof(Application.DependencyInjection).Assembly;
    private static readonly Assembly Infrastructure = typeof(Infrastructure.DependencyInjection).Assembly;

    [Fact]
    public void Domain_depends_on_no_other_layer_nor_framework()
    {
        AssertNoDependency(Domain, "Rephlo.Tiers.Application", "Rephlo.Tiers.Infrastructure", "Rephlo.Tiers.Api",
            "Microsoft.EntityFrameworkCore", "Microsoft.AspNetCore", "GraphQL", "FluentValidation");
        var references = Domain.GetReferencedAssemblies().Select(a => a.Name!).Where(n => !IsBcl(n)).ToList();
        Assert.All(references, name => Assert.Equal("Mediator.Abstractions", name));
    }

    [Fact]
    public void Application_depends_only_on_domain()
    {
        AssertNoDependency(Application, "Rephlo.Tiers.Infrastructure", "Rephlo.Tiers.Api", "GraphQL", "Microsoft.AspNetCore", "Npgsql", "Microsoft.EntityFrameworkCore.Sqlite");
    }

    [Fact]
    public void Infrastructure_does_not_know_the_api_or_graphql()
    {
        AssertNoDependency(Infrastructure, "Rephlo.Tiers.Api", "GraphQL");
    }

    [Fact]
    public void Use_cases_keep_their_suffixes()
    {
        var handlers = Types.InAssembly(Application).That().ImplementInterface(typeof(Mediator.ICommandHandler<,>))
            .Or().ImplementInterface(typeof(Mediator.IQueryHandler<,>)).GetTypes().ToList();
        Assert.NotEmpty(handlers);
        Assert.All(handlers, t => Assert.EndsWith("Handler", t.Name));

        var validators = Types.InAssembly(Application).That().Inherit(typeof(FluentValidation.AbstractValidator<>)).GetTypes().ToList();
        Assert.NotEmpty(validators);
        Assert.All(validators, t => Assert.EndsWith("Validator", t.Name));
    }

    [Fact]
    public void Domain_entities_have_no_public_setters()
    {
        var entities = Types.InAssembly(Domain).That().AreClasses().And().AreNotAbstract().GetTypes()
            .Where(t => !t.Name.EndsWith("Error", StringComparison.Ordinal) && !IsRecord(t));
        var publicSetters = entities.SelectMany(t => t.GetProperties().Where(p => p.SetMethod?.IsPublic == true).Select(p => $"{t.Name}.{p.Name}")).ToList();
        Assert.Empty(publicSetters);
    }

    private static bool IsRecord(Type type) => type.GetMethod("<Clone>$") is not null;

    private static bool IsBcl(string name) => name is "System.Runtime" or "netstandard" or "mscorlib" || name.StartsWith("System.", StringComparison.Ordinal);

    private static void AssertNoDependency(Assembly assembly, params string[] forbidden)
    {
        var result = Types.InAssembly(assembly).ShouldNot().HaveDependencyOnAny(forbidden).GetResult();
        Assert.True(result.IsSuccessful, $"{assembly.GetName().Name} depends on {string.Join(", ", forbidden)}: {string.Join(", ", result.FailingTypeNames ?? [])}");
    }
}
