namespace Rephlo.Tiers.Infrastructure.Events;

/// <summary>Redis for events across instances (section <c>Redis</c>); events stay in the process when not set.</summary>
public sealed class RedisOptions
{
    public const string Section = "Redis";

    /// <summary>StackExchange.Redis configuration, e.g. <c>127.0.0.1:6379</c>.</summary>
    public string? Configuration { get; set; }

    public bool IsEnabled => !string.IsNullOrWhiteSpace(Configuration);

    public bool IsValid()
    {
        if (!IsEnabled)
        {
            return true;
        }

        try
        {
            _ = StackExchange.Redis.ConfigurationOptions.Parse(Configuration!);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
