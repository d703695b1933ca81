using System.Text.RegularExpressions;
using Facet.Core.Enrichment.Internal;

namespace Facet.Core.Tests.Enrichment;

public sealed class RegexLiteralsTests
{
    public static TheoryData<string, string[]> Cases => new()
    {
        { @"(GeoEvent Server) (\d+)(?:\.(\d+)(?:\.(\d+)|)|)", ["GeoEvent Server"] },
        { @"Win(?:dows)? ?(95|98|3.1|NT|ME|2000|XP|Vista|7|CE)", ["Win", "2000|3|7|95|98|CE|ME|NT|Vista|XP"] },
        { @"; {0,2}(S7|M860) Build", [" Build", ";", "M860|S7"] },
        { @"Mac OS X\s.{1,50}\s(\d+).(\d+).(\d+)", ["Mac OS X"] },
        { @"ab+c", ["ab", "c"] },
        { @"ab?c", ["a", "c"] },
        { @"ab*c{2}d", ["a", "c", "d"] },
        { @"(?:foo)?bar", ["bar"] },
        { @"(foo)*x", ["x"] },
        { @"x[abc\]]y", ["x", "y"] },
        { @"com\.esri\.(earth)\.phone/(\d+)", ["com.esri.", ".phone/", "earth"] },
        { @"a{,3}", ["a{,3}"] },
        { @"^Box.{0,200}Windows/([\d.]+);", ["Windows/", "Box", ";"] },
        { @"(?<name>Named)-(?=Look)ahead", ["Named", "-", "ahead"] },
        { @"a|b", ["a|b"] },
        { @"(foo|bar)baz", ["baz", "bar|foo"] },
        { @"(?:\.(\d+)|)x", ["x"] },
        { @"(foo|\d+)x", ["x"] },
        { @"(?i)foo", [] },
        { @"(?(x)y|z)", [] },
        { @"\x41BC", [] },
        { @"\bFoo\p{L}Bar", ["Foo", "Bar"] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Required_finds_the_literals_every_match_contains(string pattern, string[] expected)
    {
        // Each requirement rendered as its alternatives, sorted and joined by '|'.
        var found = RegexLiterals.Required(pattern, max: 5).Select(r => string.Join('|', r.Order(StringComparer.Ordinal)));
        Assert.Equal(expected.Order(StringComparer.Ordinal), found.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Every_literal_found_is_in_a_sample_match(string pattern, string[] expected)
    {
        // Cross-check against .NET itself on a string built to match: each literal must be inside the match.
        var samples = new Dictionary<string, string>
        {
            [@"(GeoEvent Server) (\d+)(?:\.(\d+)(?:\.(\d+)|)|)"] = "GeoEvent Server 10.8",
            [@"Win(?:dows)? ?(95|98|3.1|NT|ME|2000|XP|Vista|7|CE)"] = "Win95",
            [@"; {0,2}(S7|M860) Build"] = ";M860 Build",
            [@"Mac OS X\s.{1,50}\s(\d+).(\d+).(\d+)"] = "Mac OS X x 10.15.7",
            [@"ab+c"] = "abbbc",
            [@"ab?c"] = "ac",
            [@"ab*c{2}d"] = "accd",
            [@"(?:foo)?bar"] = "bar",
            [@"(foo)*x"] = "x",
            [@"x[abc\]]y"] = "x]y",
            [@"com\.esri\.(earth)\.phone/(\d+)"] = "com.esri.earth.phone/1",
            [@"a{,3}"] = "a{,3}",
            [@"^Box.{0,200}Windows/([\d.]+);"] = "BoxWindows/1.0;",
            [@"(?<name>Named)-(?=Look)ahead"] = "Named-ahead",
            [@"\bFoo\p{L}Bar"] = "FooxBar",
            [@"a|b"] = "b",
            [@"(foo|bar)baz"] = "barbaz",
            [@"(?:\.(\d+)|)x"] = "x",
            [@"(foo|\d+)x"] = "12x",
        };
        if (!samples.TryGetValue(pattern, out var sample))
        {
            Assert.Empty(expected);
            return;
        }

        var match = Regex.Match(sample, pattern);
        if (pattern.Contains("(?=Look)", StringComparison.Ordinal))
        {
            // The lookahead needs "Look" after "-", which the sample lacks on purpose: no match, nothing to check.
            Assert.False(match.Success);
            return;
        }

        Assert.True(match.Success, $"{pattern} should match {sample}");
        foreach (var alternatives in RegexLiterals.Required(pattern, max: 5))
        {
            Assert.Contains(alternatives, a => match.Value.Contains(a, StringComparison.Ordinal));
        }
    }
}
