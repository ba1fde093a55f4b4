using System.Security.Cryptography;
using System.Text;

namespace Rephlo.Tiers.Infrastructure.Persistence.Seeding;

/// <summary>The catalogue (the single source of truth for the seeded tiers) and the demo accounts.</summary>
public static class SeedCatalogue
{
    public sealed record TierSeed(
        string TierName,
        string DisplayName,
        int MonthlyCredits,
        decimal MonthlyPriceUsd,
        decimal AnnualPriceUsd,
        int MaxRollover,
        bool IsActive,
        string FeaturesJson);

    public sealed record DemoAccount(string Email, string TierName);

    public static readonly IReadOnlyList<TierSeed> Tiers =
    [
        new("free", "Free", 200, 0.00m, 0.00m, 0, true, Features(apiAccess: false, prioritySupport: false, rateLimit: 10)),
        new("pro", "Pro", 1_500, 15.00m, 150.00m, 750, true, Features(apiAccess: true, prioritySupport: false, rateLimit: 30)),
        new("pro_plus", "Pro+", 5_000, 45.00m, 450.00m, 2_500, true, Features(apiAccess: true, prioritySupport: true, rateLimit: 60)),
        new("pro_max", "Pro Max", 25_000, 199.00m, 1_990.00m, 12_500, true, Features(apiAccess: true, prioritySupport: true, rateLimit: 120)),
        new("enterprise_pro", "Enterprise Pro", 3_500, 30.00m, 300.00m, 1_750, false, Features(apiAccess: true, prioritySupport: true, rateLimit: 60)),
        new("enterprise_pro_plus", "Enterprise Pro+", 11_000, 90.00m, 900.00m, 5_500, false, Features(apiAccess: true, prioritySupport: true, rateLimit: 120)),
    ];

    public static readonly IReadOnlyList<DemoAccount> DemoAccounts =
    [
        new("admin.test@rephlo.ai", "pro"),
        new("pro.user@example.com", "pro"),
        new("free.user@example.com", "free"),
    ];

    /// <summary>The demo administrator's user id (the default subject of development tokens).</summary>
    public static Guid AdminUserId => UserIdFor(DemoAccounts[0].Email);

    public static Guid TierIdFor(string tierName) => DeterministicGuid("tier:" + tierName);

    public static Guid UserIdFor(string email) => DeterministicGuid("user:" + email.ToLowerInvariant());

    public static string SyntheticEmail(int index) => $"synthetic-{index:D7}@example.com";

    /// <summary>A stable name-based id, so seeded rows have the same ids on every database.</summary>
    public static Guid DeterministicGuid(string name)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes("rephlo-tiers/" + name));
        var bytes = hash.AsSpan(0, 16).ToArray();
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x50); // version 5 style
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 4122 variant
        return new Guid(bytes);
    }

    private static string Features(bool apiAccess, bool prioritySupport, int rateLimit) =>
        $$"""{"apiAccess":{{(apiAccess ? "true" : "false")}},"prioritySupport":{{(prioritySupport ? "true" : "false")}},"rateLimit":{{rateLimit}}}""";
}
