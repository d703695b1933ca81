using System.Text.RegularExpressions;
using Facet.Core.Enrichment.Internal;

namespace Facet.Core.Tests.Enrichment;

public sealed class RegexLiteralsTests
{
    public static TheoryData<string, string[]> Cases => new()
    {
        { @"(GeoEvent Server) (\d+)(?:\.(\d+)(?:\.(\d+)|)|)", ["GeoEvent Server"] },
        // "3.1" has two requirements ("3" and "1"): one choice of each branch's is a requirement, so both are.
        { @"Win(?:dows)? ?(95|98|3.1|NT|ME|2000|XP|Vista|7|CE)", ["Win", "2000|3|7|95|98|CE|ME|NT|Vista|XP", "1|2000|7|95|98|CE|ME|NT|Vista|XP"] },
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
        // Case-pair classes are their letter up to case (uap-core's generic crawler rule); a one-char class is its char.
        { @"^.{0,9}(?:[Ss][Pp][Ii][Dd][Ee][Rr]|[Ss]crape|[Cc][Rr][Aa][Ww][Ll])x", ["crawl|scrape|spider (any case)", "x"] },
        { @"a[b]c[Dd]", ["abc", "abcd (any case)"] },
        { @"[Ss]+py", ["py", "s (any case)"] },
        { @"[Sx]py|[sS]", ["py|s (any case)"] },
        // Each choice of one requirement per branch is one; a choice implied by another is dropped ("AdsBot|Bot|bot.html"
        // implies "Bot|bot.html|iPhone", and "Android|iPhone" implies "AdsBot|Android|iPhone").
        { @"^(?:(?:iPhone|Android).{0,9}(?:Bot|bot\.html)|AdsBot.{0,9}iPhone)", ["Android|iPhone", "AdsBot|Bot|bot.html"] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Required_finds_the_literals_every_match_contains(string pattern, string[] expected)
    {
        // Each requirement rendered as its alternatives, sorted and joined by '|'.
        var found = RegexLiterals.Required(pattern, max: 5)
            .Select(r => string.Join('|', r.Alternatives.Order(StringComparer.Ordinal)) + (r.Folded ? " (any case)" : ""));
        Assert.Equal(expected.Order(StringComparer.Ordinal), found.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Uap_cores_generic_crawler_rule_needs_spider_scrape_or_crawl_in_any_case()
    {
        // regexes.yaml's user_agent_parsers entry that ran on ~80 % of uncached UAs and cost ~33 µs of each parse of the
        // generated data's 12,404 distinct UAs before case-pair classes counted (issue 22, BENCHMARKS.md).
        const string pattern = @"^.{0,200}?((?:[A-z0-9]{1,50}|[A-z\-]{1,50} ?|)(?: the |)(?:[Ss][Pp][Ii][Dd][Ee][Rr]|[Ss]crape|[Cc][Rr][Aa][Ww][Ll])[A-z0-9]{0,50})(?:(?:[ /]| v)(\d+)(?:\.(\d+)|)(?:\.(\d+)|)|)";
        var requirement = Assert.Single(RegexLiterals.Required(pattern));
        Assert.True(requirement.Folded);
        Assert.Equal(["crawl", "scrape", "spider"], requirement.Alternatives.Order(StringComparer.Ordinal));
        Assert.Matches(pattern, "Mozilla/5.0 (compatible; SuperSPIDER/2.1)");
        Assert.Matches(pattern, "Scraper 1.0");
        Assert.DoesNotMatch(pattern, "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36");
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
            [@"^.{0,9}(?:[Ss][Pp][Ii][Dd][Ee][Rr]|[Ss]crape|[Cc][Rr][Aa][Ww][Ll])x"] = "MySpIdErx",
            [@"a[b]c[Dd]"] = "abcD",
            [@"[Ss]+py"] = "sSpy",
            [@"[Sx]py|[sS]"] = "S",
            [@"^(?:(?:iPhone|Android).{0,9}(?:Bot|bot\.html)|AdsBot.{0,9}iPhone)"] = "iPhone 1 bot.html",
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
        foreach (var requirement in RegexLiterals.Required(pattern, max: 5))
        {
            var comparison = requirement.Folded ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
            Assert.Contains(requirement.Alternatives, a => match.Value.Contains(a, comparison));
        }
    }
}
