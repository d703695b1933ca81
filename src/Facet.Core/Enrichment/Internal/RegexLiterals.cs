using System.Text;

namespace Facet.Core.Enrichment.Internal;

/// <summary>
/// Finds literal text that every match of a regex must contain, so a cheap substring search can rule a regex out
/// before running it (issue 11: most of uap-core's ~1,200 regexes cannot match a given UA). Each requirement is a set
/// of alternatives, at least one of which every match contains (one string for a plain literal; one per branch for
/// an alternation such as uap-core's long crawler lists). Conservative by construction: anything it does not fully
/// understand (inline options, conditionals, comments, back-references) yields nothing, and optional parts or
/// branches without a literal never contribute. A requirement is only a necessary condition, never a match, so the
/// first-match order of the rules is unchanged.
/// A class of one letter in both cases (<c>[Ss]</c>) is that letter up to case, and a class of one char is that char:
/// uap-core spells case-insensitive words that way inside case-sensitive rules, and its generic crawler rule
/// (<c>[Ss][Pp][Ii][Dd][Ee][Rr]|[Ss]crape|[Cc][Rr][Aa][Ww][Ll]</c>) ran on most uncached UAs without it (issue 22).
/// </summary>
internal static class RegexLiterals
{
    // An alternation contributes every choice of one of each branch's most selective requirements (each choice is a
    // requirement: a match goes through one branch, which meets its chosen one), while there are few such choices; a
    // long alternation contributes the union of the branches' best ones.
    private const int ChoicesPerBranch = 2;
    private const int MaxCombinations = 8;

    /// <summary>Up to <paramref name="max"/> requirements, most selective first; empty when none is certain.</summary>
    public static LiteralRequirement[] Required(string pattern, int max = 4)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var parser = new Parser(pattern);
        List<LiteralRequirement> found = [];
        if (!parser.ParseAlternation(found) || parser.Position != pattern.Length)
        {
            return [];
        }

        found.Sort(static (a, b) => Compare(b, a));
        var result = new List<LiteralRequirement>(Math.Min(max, found.Count));
        foreach (var requirement in found)
        {
            if (result.Count == max)
            {
                break;
            }

            if (!result.Exists(kept => Implies(kept, requirement)))
            {
                result.Add(requirement);
            }
        }

        return [.. result];
    }

    /// <summary>
    /// Whether meeting <paramref name="kept"/> already meets <paramref name="candidate"/> (so the candidate adds
    /// nothing): each of its alternatives contains one of the candidate's.
    /// </summary>
    private static bool Implies(LiteralRequirement kept, LiteralRequirement candidate) =>
        kept.Folded == candidate.Folded
        && Array.TrueForAll(kept.Alternatives, k => Array.Exists(candidate.Alternatives, a => k.Contains(a, StringComparison.Ordinal)));

    /// <summary>Selectivity: a longer shortest alternative is rarer; with equal lengths, fewer alternatives are, then exact case.</summary>
    private static int Compare(LiteralRequirement a, LiteralRequirement b)
    {
        var c = a.MinLength.CompareTo(b.MinLength);
        c = c != 0 ? c : b.Alternatives.Length.CompareTo(a.Alternatives.Length);
        return c != 0 ? c : b.Folded.CompareTo(a.Folded);
    }

    /// <summary>One requirement met when any of <paramref name="parts"/> is: folded if any part is.</summary>
    private static LiteralRequirement? Union(IEnumerable<LiteralRequirement> parts)
    {
        var list = parts.ToList();
        var folded = list.Exists(static p => p.Folded);
        var union = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var part in list)
        {
            foreach (var alternative in part.Alternatives)
            {
                union.Add(folded ? alternative.ToLowerInvariant() : alternative);
            }
        }

        return Make([.. union], folded);
    }

    /// <summary>
    /// A requirement; null for a folded one with non-ASCII text, which the folded literal scan does not model (so
    /// lower-casing a folded one with ToLowerInvariant is ASCII folding wherever it is kept).
    /// </summary>
    private static LiteralRequirement? Make(string[] alternatives, bool folded) =>
        folded && !Array.TrueForAll(alternatives, static a => Ascii.IsValid(a)) ? null : new LiteralRequirement(alternatives, folded);

    private sealed class Parser(string pattern)
    {
        public int Position { get; private set; }

        /// <summary>
        /// Parses branches up to a ')' or the end. One branch adds its requirements; several add the requirements made
        /// of one of each branch's most selective ones, unless some branch has none. Returns false when the pattern
        /// uses a construct this parser refuses to reason about.
        /// </summary>
        public bool ParseAlternation(List<LiteralRequirement> requirements)
        {
            List<List<LiteralRequirement>> branches = [];
            while (true)
            {
                List<LiteralRequirement> branch = [];
                if (!ParseSequence(branch))
                {
                    return false;
                }

                branches.Add(branch);
                if (Position < pattern.Length && pattern[Position] == '|')
                {
                    Position++;
                    continue;
                }

                break;
            }

            if (branches.Count == 1)
            {
                requirements.AddRange(branches[0]);
                return true;
            }

            var combinations = 1L;
            foreach (var branch in branches)
            {
                if (branch.Count == 0)
                {
                    return true;
                }

                branch.Sort(static (a, b) => Compare(b, a));
                combinations *= Math.Min(ChoicesPerBranch, branch.Count);
            }

            var perBranch = combinations <= MaxCombinations ? ChoicesPerBranch : 1;
            List<List<LiteralRequirement>> choices = [[]];
            foreach (var branch in branches)
            {
                var next = new List<List<LiteralRequirement>>();
                foreach (var partial in choices)
                {
                    for (var i = 0; i < Math.Min(perBranch, branch.Count); i++)
                    {
                        next.Add([.. partial, branch[i]]);
                    }
                }

                choices = next;
            }

            foreach (var choice in choices)
            {
                if (Union(choice) is { } union)
                {
                    requirements.Add(union);
                }
            }

            return true;
        }

        private bool ParseSequence(List<LiteralRequirement> runs)
        {
            var run = new StringBuilder();
            var runFolded = false;
            while (Position < pattern.Length && pattern[Position] is not ('|' or ')'))
            {
                var c = pattern[Position];
                char? literal = null;
                var folded = false;
                List<LiteralRequirement>? groupRuns = null;
                switch (c)
                {
                    case '\\':
                        if (!Escape(out literal))
                        {
                            return false;
                        }

                        break;
                    case '[':
                        if (!OneCharClass(out literal, out folded) && !SkipClass())
                        {
                            return false;
                        }

                        break;
                    case '(':
                        groupRuns = [];
                        if (!Group(groupRuns))
                        {
                            return false;
                        }

                        break;
                    case '.' or '^' or '$':
                        Position++;
                        break;
                    case '*' or '+' or '?' or '{' when Quantifier(out _, peekOnly: true):
                        // A quantifier with nothing before it: not a pattern we understand.
                        return false;
                    default:
                        literal = c;
                        Position++;
                        break;
                }

                var min = 1;
                var quantified = Quantifier(out var quantifierMin, peekOnly: false);
                if (quantified)
                {
                    min = quantifierMin;
                }

                if (literal is { } l && min >= 1)
                {
                    if (folded && !runFolded && run.Length > 0)
                    {
                        // The run so far also holds in exact case: keep that, and go on with the run up to case.
                        runs.Add(new LiteralRequirement([run.ToString()], Folded: false));
                    }

                    run.Append(l);
                    runFolded |= folded;
                }

                if (literal is null || quantified)
                {
                    // The run is broken: by a non-literal atom, or because a repeated/optional char may not be followed directly.
                    Flush(run, ref runFolded, runs);
                }

                if (groupRuns is not null && min >= 1)
                {
                    runs.AddRange(groupRuns);
                }
            }

            Flush(run, ref runFolded, runs);
            return true;
        }

        private static void Flush(StringBuilder run, ref bool folded, List<LiteralRequirement> runs)
        {
            if (run.Length > 0 && Make([folded ? run.ToString().ToLowerInvariant() : run.ToString()], folded) is { } requirement)
            {
                runs.Add(requirement);
            }

            run.Clear();
            folded = false;
        }

        /// <summary>
        /// A class that stands for one char: <c>[x]</c> is x; <c>[Xx]</c> or <c>[xX]</c> is x up to ASCII case
        /// (<paramref name="folded"/>). Anything else is left to <see cref="SkipClass"/>.
        /// </summary>
        private bool OneCharClass(out char? literal, out bool folded)
        {
            literal = null;
            folded = false;
            var p = Position;
            if (p + 2 < pattern.Length && pattern[p + 2] == ']' && pattern[p + 1] is not ('^' or '\\' or '[' or ']'))
            {
                literal = pattern[p + 1];
                Position = p + 3;
                return true;
            }

            if (p + 3 < pattern.Length && pattern[p + 3] == ']' && char.IsAsciiLetter(pattern[p + 1])
                && pattern[p + 1] != pattern[p + 2] && (pattern[p + 1] | 0x20) == (pattern[p + 2] | 0x20))
            {
                literal = (char)(pattern[p + 1] | 0x20);
                folded = true;
                Position = p + 4;
                return true;
            }

            return false;
        }

        private bool Escape(out char? literal)
        {
            literal = null;
            if (Position + 1 >= pattern.Length)
            {
                return false;
            }

            var e = pattern[Position + 1];
            Position += 2;
            if (char.IsAsciiLetterOrDigit(e))
            {
                switch (e)
                {
                    case 'd' or 'D' or 'w' or 'W' or 's' or 'S' or 'b' or 'B' or 'A' or 'z' or 'Z' or 'G':
                        return true;
                    case 'p' or 'P':
                        var close = pattern.IndexOf('}', Position);
                        if (close < 0)
                        {
                            return false;
                        }

                        Position = close + 1;
                        return true;
                    default:
                        // \n, \t, \x41, \u0041, \1, \k<name>, \c…: possible but rare here; refuse rather than guess.
                        return false;
                }
            }

            literal = e;
            return true;
        }

        private bool SkipClass()
        {
            var i = Position + 1;
            if (i < pattern.Length && pattern[i] == '^')
            {
                i++;
            }

            if (i < pattern.Length && pattern[i] == ']')
            {
                i++;
            }

            for (; i < pattern.Length; i++)
            {
                if (pattern[i] == '\\')
                {
                    i++;
                }
                else if (pattern[i] == '[')
                {
                    // Character class subtraction or a nested class: refuse.
                    return false;
                }
                else if (pattern[i] == ']')
                {
                    Position = i + 1;
                    return true;
                }
            }

            return false;
        }

        private bool Group(List<LiteralRequirement> runs)
        {
            Position++;
            if (Position < pattern.Length && pattern[Position] == '?')
            {
                var kind = Position + 1 < pattern.Length ? pattern[Position + 1] : '\0';
                var next = Position + 2 < pattern.Length ? pattern[Position + 2] : '\0';
                if (kind is ':' or '>')
                {
                    Position += 2;
                }
                else if (kind == '<' && next is not ('=' or '!'))
                {
                    var close = pattern.IndexOf('>', Position);
                    if (close < 0)
                    {
                        return false;
                    }

                    Position = close + 1;
                }
                else if (kind is '=' or '!' || (kind == '<' && next is '=' or '!'))
                {
                    // A lookaround: zero-width, and what it asserts need not be part of the match. Parse and ignore.
                    Position += kind == '<' ? 3 : 2;
                    List<LiteralRequirement> ignored = [];
                    if (!ParseAlternation(ignored))
                    {
                        return false;
                    }

                    return Close();
                }
                else
                {
                    // Inline options (case!), conditionals, comments, balancing groups: refuse.
                    return false;
                }
            }

            return ParseAlternation(runs) && Close();
        }

        private bool Close()
        {
            if (Position < pattern.Length && pattern[Position] == ')')
            {
                Position++;
                return true;
            }

            return false;
        }

        /// <summary>Reads a quantifier (and a lazy '?') at the position; <paramref name="min"/> is its lower bound.</summary>
        private bool Quantifier(out int min, bool peekOnly)
        {
            min = 1;
            if (Position >= pattern.Length)
            {
                return false;
            }

            var start = Position;
            var c = pattern[Position];
            int end;
            if (c is '*' or '?')
            {
                min = 0;
                end = Position + 1;
            }
            else if (c == '+')
            {
                end = Position + 1;
            }
            else if (c == '{')
            {
                var close = pattern.IndexOf('}', Position);
                if (close < 0)
                {
                    return false;
                }

                var body = pattern.AsSpan(Position + 1, close - Position - 1);
                var comma = body.IndexOf(',');
                var low = comma < 0 ? body : body[..comma];
                if (low.Length == 0 || !int.TryParse(low, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out min))
                {
                    // Not a quantifier: .NET reads the brace literally.
                    min = 1;
                    return false;
                }

                if (comma >= 0 && body.Length > comma + 1 && !int.TryParse(body[(comma + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _))
                {
                    min = 1;
                    return false;
                }

                end = close + 1;
            }
            else
            {
                return false;
            }

            if (end < pattern.Length && pattern[end] == '?')
            {
                end++;
            }

            Position = peekOnly ? start : end;
            return true;
        }
    }
}
