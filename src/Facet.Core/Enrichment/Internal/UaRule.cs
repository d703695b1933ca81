using System.Text;
using System.Text.RegularExpressions;

namespace Facet.Core.Enrichment.Internal;

/// <summary>
/// One uap-core parser entry: its regex (built on first use, so start-up does not pay for ~1,200 regexes) and its
/// replacements. Replacements substitute $1…$9 with the groups of the match (a group that did not take part gives "").
/// </summary>
internal sealed class UaRule
{
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(250);

    private readonly string _pattern;
    private readonly RegexOptions _options;
    private Regex? _regex;

    public UaRule(string pattern, bool ignoreCase, bool compiled, string?[] replacements)
    {
        _pattern = pattern;
        _options = RegexOptions.CultureInvariant | (ignoreCase ? RegexOptions.IgnoreCase : 0);
        Replacements = replacements;
        if (compiled)
        {
            Compile();
        }
    }

    /// <summary>Replaces the regex with a compiled one (matching is identical; only speed changes).</summary>
    public void Compile() => Volatile.Write(ref _regex, new Regex(_pattern, _options | RegexOptions.Compiled, MatchTimeout));

    public string Pattern => _pattern;

    /// <summary>Replacement strings by slot (e.g. family, v1, v2, v3); null where the group is used as is.</summary>
    public string?[] Replacements { get; }

    public Regex Regex => _regex ?? Interlocked.CompareExchange(ref _regex, new Regex(_pattern, _options, MatchTimeout), null) ?? _regex;

    /// <summary>Matches, treating a timeout (pathological input) as no match.</summary>
    public Match? TryMatch(string input)
    {
        try
        {
            var match = Regex.Match(input);
            return match.Success ? match : null;
        }
        catch (RegexMatchTimeoutException)
        {
            return null;
        }
    }

    /// <summary>The value of slot <paramref name="slot"/>: the replacement with $N substituted, else group slot+1 (when <paramref name="groupFallback"/>).</summary>
    public string? Value(Match match, int slot, int fallbackGroup)
    {
        var replacement = Replacements[slot];
        string? value;
        if (replacement is null)
        {
            value = fallbackGroup > 0 && fallbackGroup < match.Groups.Count && match.Groups[fallbackGroup].Success
                ? match.Groups[fallbackGroup].Value
                : null;
        }
        else
        {
            value = Substitute(replacement, match);
        }

        if (value is null)
        {
            return null;
        }

        value = value.Trim();
        return value.Length == 0 ? null : value;
    }

    private static string Substitute(string replacement, Match match)
    {
        var dollar = replacement.IndexOf('$');
        if (dollar < 0)
        {
            return replacement;
        }

        var builder = new StringBuilder(replacement.Length + 16);
        for (var i = 0; i < replacement.Length; i++)
        {
            var c = replacement[i];
            if (c == '$' && i + 1 < replacement.Length && replacement[i + 1] is >= '1' and <= '9')
            {
                var group = replacement[i + 1] - '0';
                if (group < match.Groups.Count && match.Groups[group].Success)
                {
                    builder.Append(match.Groups[group].ValueSpan);
                }

                i++;
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}
