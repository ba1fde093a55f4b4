using Rephlo.Tiers.Domain.TierConfigs;

namespace Rephlo.Tiers.Domain.UnitTests;

/// <summary>A feature is on only when its value is JSON true; equivalence is by value, not by spelling.</summary>
public sealed class TierFeaturesTests
{
    private const string Features = """
        {"sso":true,"apiAccess":false,"maxProjects":-1,"concurrentRequests":1,"supportSLA":"4h","beta":null,"legacy":"true"}
        """;

    [Theory]
    [InlineData("sso", true)]
    [InlineData("apiAccess", false)]
    [InlineData("maxProjects", false)]
    [InlineData("concurrentRequests", false)]
    [InlineData("supportSLA", false)]
    [InlineData("beta", false)]
    [InlineData("legacy", false)]
    [InlineData("missing", false)]
    public void A_feature_is_on_only_when_its_value_is_true(string key, bool on) =>
        Assert.Equal(on, TierFeatures.HasFeature(Features, key));

    [Theory]
    [InlineData("""{"processingSpeed":1.0,"rateLimit":10}""", """{"rateLimit":10,"processingSpeed":1}""", true)]
    [InlineData("""{"processingSpeed":1.5}""", """{"processingSpeed":1.50}""", true)]
    [InlineData("""{"processingSpeed":1.5}""", """{"processingSpeed":2}""", false)]
    [InlineData("""{"maxProjects":1}""", """{"maxProjects":"1"}""", false)]
    [InlineData("""{"sso":true}""", """{"sso":1}""", false)]
    [InlineData("""{"sso":true}""", """{"sso":true,"extra":false}""", false)]
    public void Equivalence_ignores_key_order_and_number_spelling_only(string left, string right, bool equivalent) =>
        Assert.Equal(equivalent, TierFeatures.AreEquivalent(left, right));
}
