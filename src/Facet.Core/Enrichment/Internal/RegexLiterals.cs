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
/// </summary>
internal static class RegexLiterals
{
    /// <summary>Up to <paramref name="max"/> requirements, most selective first; empty when none is certain.</summary>
    public static string[][] Required(string pattern, int max = 3)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var parser = new Parser(pattern);
        List<string[]> found = [];
        if (!parser.ParseAlternation(found) || parser.Position != pattern.Length)
        {
            return [];
        }

        found.Sort(static (a, b) => Compare(b, a));
        var result = new List<string[]>(Math.Min(max, found.Count));
        foreach (var requirement in found)
        {
            if (result.Count == max)
            {
                break;
            }

            // A single literal inside a longer kept one adds nothing.
            var redundant = false;
            foreach (var kept in result)
            {
                redundant |= requirement.Length == 1 && kept.Length == 1 && kept[0].Contains(requirement[0], StringComparison.Ordinal);
            }

            if (!redundant)
            {
                result.Add(requirement);
            }
        }

        return [.. result];
    }

    /// <summary>Selectivity: a longer shortest alternative is rarer; with equal lengths, fewer alternatives are.</summary>
    private static int Compare(string[] a, string[] b)
    {
        var c = MinLength(a).CompareTo(MinLength(b));
        return c != 0 ? c : b.Length.CompareTo(a.Length);
    }

    private static int MinLength(string[] alternatives)
    {
        var min = int.MaxValue;
        foreach (var s in alternatives)
        {
            min = Math.Min(min, s.Length);
        }

        return min;
    }

    private static string[]? Best(List<string[]> requirements)
    {
        string[]? best = null;
        foreach (var r in requirements)
        {
            if (best is null || Compare(r, best) > 0)
            {
                best = r;
            }
        }

        return best;
    }

    private sealed class Parser(string pattern)
    {
        public int Position { get; private set; }

        /// <summary>
        /// Parses branches up to a ')' or the end. One branch adds its requirements; several add one requirement made
        /// of each branch's most selective one, unless some branch has none. Returns false when the pattern uses a
        /// construct this parser refuses to reason about.
        /// </summary>
        public bool ParseAlternation(List<string[]> requirements)
        {
            List<List<string[]>> branches = [];
            while (true)
            {
                List<string[]> branch = [];
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

            var union = new HashSet<string>(StringComparer.Ordinal);
            foreach (var branch in branches)
            {
                if (Best(branch) is not { } best)
                {
                    return true;
                }

                union.UnionWith(best);
            }

            requirements.Add([.. union]);
            return true;
        }

        private bool ParseSequence(List<string[]> runs)
        {
            var run = new StringBuilder();
            while (Position < pattern.Length && pattern[Position] is not ('|' or ')'))
            {
                var c = pattern[Position];
                char? literal = null;
                List<string[]>? groupRuns = null;
                switch (c)
                {
                    case '\\':
                        if (!Escape(out literal))
                        {
                            return false;
                        }

                        break;
                    case '[':
                        if (!SkipClass())
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
                    run.Append(l);
                }

                if (literal is null || quantified)
                {
                    // The run is broken: by a non-literal atom, or because a repeated/optional char may not be followed directly.
                    Flush(run, runs);
                }

                if (groupRuns is not null && min >= 1)
                {
                    runs.AddRange(groupRuns);
                }
            }

            Flush(run, runs);
            return true;
        }

        private static void Flush(StringBuilder run, List<string[]> runs)
        {
            if (run.Length > 0)
            {
                runs.Add([run.ToString()]);
                run.Clear();
            }
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

        private bool Group(List<string[]> runs)
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
                    List<string[]> ignored = [];
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
