using GraphQL.Types;

namespace Rephlo.Tiers.Api.AdminApp;

/// <summary>
/// <c>dotnet src/Api/bin/…/Rephlo.Tiers.Api.dll print-schema [file]</c>: writes the printed schema
/// (SDL) to the file, or to stdout. The admin app's committed <c>schema.graphql</c> comes from it.
/// </summary>
public static class PrintSchemaCommand
{
    public const string Name = "print-schema";

    public static string Print(IServiceProvider services) =>
        global::GraphQL.SchemaExtensions.Print(services.GetRequiredService<ISchema>(), new global::GraphQL.Utilities.PrintOptions { IncludeDescriptions = true, StringComparison = StringComparison.Ordinal });

    public static int Run(IServiceProvider services, string[] args)
    {
        var sdl = Print(services).ReplaceLineEndings("\n").TrimEnd() + "\n";
        if (args.Length > 1)
        {
            File.WriteAllText(args[1], sdl);
        }
        else
        {
            Console.Out.Write(sdl);
        }

        return 0;
    }
}
