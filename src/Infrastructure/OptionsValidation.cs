using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Rephlo.Tiers.Infrastructure;

/// <summary>Start-up validation of an options class that can list its own problems, one clear line each.</summary>
public static class OptionsValidation
{
    /// <summary>Validates the options with <paramref name="problems"/> when the host starts.</summary>
    public static OptionsBuilder<T> ValidateProblemsOnStart<T>(this OptionsBuilder<T> builder, Func<T, IEnumerable<string>> problems)
        where T : class
    {
        builder.Services.AddSingleton<IValidateOptions<T>>(new ProblemsValidator<T>(builder.Name, problems));
        return builder.ValidateOnStart();
    }

    private sealed class ProblemsValidator<T>(string? optionsName, Func<T, IEnumerable<string>> problems) : IValidateOptions<T>
        where T : class
    {
        public ValidateOptionsResult Validate(string? name, T options)
        {
            if (optionsName is not null && name != optionsName)
            {
                return ValidateOptionsResult.Skip;
            }

            var found = problems(options).ToList();
            return found.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(found);
        }
    }
}
