using Facet.Core.Enrichment.Internal;

namespace Facet.Core.Tests.Enrichment;

public sealed class LiteralAutomatonTests
{
    [Fact]
    public void One_pass_marks_exactly_the_literals_a_substring_search_finds()
    {
        // Overlapping literals, literals that are suffixes and prefixes of others, repeated letters: the failure links'
        // hard cases. The oracle is string.Contains per literal.
        string[] literals = ["he", "she", "his", "hers", "a", "aa", "aaa", "abab", "bab", "Mozilla/", "zilla", "Build/", "uild", "é", "Gerät", "ä"];
        var random = new Random(22);
        // Chars in no literal too (ü, 字, "-"): they lead back to the root from any state.
        const string alphabet = "aAbBhHeEsSrRiI/Mozil uéäGtü字-";
        for (var round = 0; round < 2_000; round++)
        {
            var text = new string(Enumerable.Range(0, random.Next(0, 40)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());
            if (round % 7 == 0)
            {
                text += literals[random.Next(literals.Length)];
            }

            foreach (var fold in new[] { false, true })
            {
                var automaton = new LiteralAutomaton(literals, fold);
                var found = new bool[literals.Length];
                automaton.MarkFound(text, found);
                for (var id = 0; id < literals.Length; id++)
                {
                    // Folding is of ASCII letters only (the prefilter folds only ASCII UAs and literals).
                    var expected = fold
                        ? FoldAscii(text).Contains(FoldAscii(literals[id]), StringComparison.Ordinal)
                        : text.Contains(literals[id], StringComparison.Ordinal);
                    Assert.True(expected == found[id], $"'{literals[id]}' in '{text}' (fold {fold}): expected {expected}");
                }
            }
        }
    }

    private static string FoldAscii(string s) => string.Concat(s.Select(static c => c is >= 'A' and <= 'Z' ? (char)(c | 0x20) : c));

    [Fact]
    public void Empty_literals_and_an_empty_text_mark_nothing()
    {
        var automaton = new LiteralAutomaton(["", "x"], foldAsciiCase: false);
        var found = new bool[2];
        automaton.MarkFound("", found);
        automaton.MarkFound("abc", found);
        Assert.Equal([false, false], found);
        automaton.MarkFound("axb", found);
        Assert.Equal([false, true], found);
    }
}
