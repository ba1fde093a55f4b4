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

    /// <summary>
    /// The catalogue exactly as Plan 189 (the system this service replaces) seeds it: every key and
    /// value of <c>features</c> (numbers compare by value: <c>processingSpeed</c> 1.0 is 1; <c>maxProjects</c>
    /// -1 is unlimited). Stored canonically (keys sorted), so the text differs only in key order.
    /// </summary>
    public static readonly IReadOnlyList<TierSeed> Tiers =
    [
        new("free", "Free", 200, 0.00m, 0.00m, 0, true, """
            {"maxProjects":1,"apiAccess":false,"prioritySupport":false,"customModels":false,"rateLimit":10,
             "concurrentRequests":1,"processingSpeed":1.0,"historyRetentionDays":30,"supportSLA":"Community"}
            """),
        new("pro", "Pro", 1_500, 15.00m, 150.00m, 750, true, """
            {"maxProjects":10,"apiAccess":false,"prioritySupport":true,"customModels":false,"rateLimit":30,
             "concurrentRequests":3,"processingSpeed":1.5,"historyRetentionDays":90,"supportSLA":"24-48h"}
            """),
        new("pro_plus", "Pro+", 5_000, 45.00m, 450.00m, 2_500, true, """
            {"maxProjects":50,"apiAccess":true,"prioritySupport":true,"customModels":false,"rateLimit":60,
             "concurrentRequests":5,"processingSpeed":2.0,"historyRetentionDays":180,"supportSLA":"12-24h",
             "advancedAnalytics":true}
            """),
        new("pro_max", "Pro Max", 25_000, 199.00m, 1_990.00m, 12_500, true, """
            {"maxProjects":-1,"apiAccess":true,"prioritySupport":true,"customModels":true,"rateLimit":120,
             "concurrentRequests":10,"processingSpeed":3.0,"historyRetentionDays":365,"supportSLA":"4-8h",
             "dedicatedAccountManager":true,"advancedAnalytics":true}
            """),
        new("enterprise_pro", "Enterprise Pro", 3_500, 30.00m, 300.00m, 1_750, false, """
            {"maxProjects":-1,"apiAccess":true,"prioritySupport":true,"customModels":false,"rateLimit":60,
             "concurrentRequests":5,"processingSpeed":2.0,"historyRetentionDays":180,"supportSLA":"8h",
             "teamManagement":true,"maxTeamSize":5,"sso":true,"slaUptime":"99.5%"}
            """),
        new("enterprise_pro_plus", "Enterprise Pro+", 11_000, 90.00m, 900.00m, 5_500, false, """
            {"maxProjects":-1,"apiAccess":true,"prioritySupport":true,"customModels":true,"rateLimit":120,
             "concurrentRequests":10,"processingSpeed":3.0,"historyRetentionDays":365,"supportSLA":"4h",
             "teamManagement":true,"maxTeamSize":15,"sso":true,"slaUptime":"99.9%","advancedSecurity":true,
             "customRateLimits":true,"dedicatedInfrastructure":true}
            """),
    ];

    public static readonly IReadOnlyList<DemoAccount> DemoAccounts =
    [
        new("admin.test@rephlo.ai", "pro"),
        new("pro.user@example.com", "pro"),
        new("free.user@example.com", "free"),
    ];

    /// <summary>
    /// The user id recorded as <c>changedBy</c> on changes the service makes itself at start-up
    /// (the catalogue alignment): a fixed id no token subject or seeded account has.
    /// </summary>
    public static readonly Guid SystemUserId = new("00000000-0000-0000-0000-00000000189a");

    /// <summary>The name recorded beside <see cref="SystemUserId"/>.</summary>
    public const string SystemUserName = "Rephlo Tiers (system)";

    /// <summary>The reason of the catalogue alignment's changes.</summary>
    public const string AlignmentReason = "Catalogue aligned with Plan 189";

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
}
