using System.Text;
using System.Text.RegularExpressions;

namespace Facet.Core.Enrichment.Internal;

/// <summary>
/// One uap-core parser entry: its regex (built on first use, so start-up does not pay for ~1,200 regexes) and its
/// replacements. Replacements substitute $1…$9 with the groups of the match (a group that did not take part gives "").
/// The regex is interpreted until it has run <c>compileAfter</c> times, then compiled (issue 22): compiling and
/// JIT-compiling a regex costs milliseconds, which only the few rules that run on most uncached parses earn back.
/// </summary>
internal sealed class UaRule
{
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(250);

    private readonly string _pattern;
    private readonly RegexOptions _options;
    private readonly LiteralRequirement[] _literals;
    private readonly bool _ignoreCase;
    private readonly int _compileAfter;
    private int _runs;
    private Regex? _regex;
    private Regex? _linear;
    private bool _linearBuilt;

    /// <param name="compileAfter">Matches run interpreted before the regex is compiled: 0 compiles at once, <see cref="int.MaxValue"/> never.</param>
    public UaRule(string pattern, bool ignoreCase, int compileAfter, string?[] replacements)
    {
        _pattern = pattern;
        _options = RegexOptions.CultureInvariant | (ignoreCase ? RegexOptions.IgnoreCase : 0);
        _ignoreCase = ignoreCase;
        _literals = RegexLiterals.Required(pattern);
        if (ignoreCase && Array.Exists(_literals, static r => Array.Exists(r.Alternatives, static l => !Ascii.IsValid(l))))
        {
            // Case-insensitive non-ASCII letters have equivalences beyond OrdinalIgnoreCase: no prefilter.
            _literals = [];
        }

        Replacements = replacements;
        _compileAfter = compileAfter;
        if (compileAfter == 0)
        {
            Compile();
        }
    }

    /// <summary>Replaces the regex with a compiled one (matching is identical; only speed changes).</summary>
    public void Compile() => Volatile.Write(ref _regex, new Regex(_pattern, _options | RegexOptions.Compiled, MatchTimeout));

    public string Pattern => _pattern;

    /// <summary>Whether the regex in use is the compiled one.</summary>
    public bool IsCompiled => Volatile.Read(ref _regex) is { } regex && (regex.Options & RegexOptions.Compiled) != 0;

    /// <summary>Replacement strings by slot (e.g. family, v1, v2, v3); null where the group is used as is.</summary>
    public string?[] Replacements { get; }

    public Regex Regex => _regex ?? Interlocked.CompareExchange(ref _regex, new Regex(_pattern, _options, MatchTimeout), null) ?? _regex;

    /// <summary>Requirements every match meets (each: one of its strings occurs; see <see cref="RegexLiterals"/>).</summary>
    public IReadOnlyList<LiteralRequirement> Literals => _literals;

    /// <summary>Whether the regex has <c>regex_flag: 'i'</c>.</summary>
    public bool IgnoreCase => _ignoreCase;

    /// <summary>
    /// The <see cref="Literals"/> as ids of a <see cref="UaLiteralIndex"/>: those matched on the UA as it is, and those
    /// matched up to ASCII case (all of a rule with <c>regex_flag: 'i'</c>). Set by the index; empty until then:
    /// nothing is ruled out.
    /// </summary>
    public (int[][] Ordinal, int[][] Folded) RequirementIds { get; set; } = ([], []);

    /// <summary>
    /// True when the UA lacks a literal every match must contain, so the regex need not run (<paramref name="found"/>:
    /// the literals of the UA, from <see cref="UaLiteralIndex.Scan"/>). Requirements up to case are only checked on
    /// ASCII input, where ASCII case folding and the regex's invariant case folding agree (non-ASCII input may hold
    /// e.g. the Kelvin sign, which a case-insensitive regex matches as 'k').
    /// </summary>
    public bool CannotMatch(UaLiteralIndex.Found found) =>
        Unmet(RequirementIds.Ordinal, found.Ordinal) || (found.Folded is { } folded && Unmet(RequirementIds.Folded, folded));

    private static bool Unmet(int[][] requirements, bool[] present)
    {
        foreach (var alternatives in requirements)
        {
            var any = false;
            foreach (var id in alternatives)
            {
                if (present[id])
                {
                    any = true;
                    break;
                }
            }

            if (!any)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Matches. The backtracking engines need a timeout against pathological input, but a wall-clock timeout also
    /// fires when a loaded machine deschedules an ordinary match, which would make the result depend on the machine's
    /// load (and a replay enrich differently). So a timed-out match is retried once, then re-run on the linear-time
    /// engine, which needs no timeout and finds the same match; only a pattern that engine cannot run (backreferences or lookarounds, none of
    /// which uap-core uses) still counts a timeout as no match.
    /// </summary>
    public Match? TryMatch(string input)
    {
        if (_compileAfter is > 0 and < int.MaxValue && Volatile.Read(ref _runs) < _compileAfter && Interlocked.Increment(ref _runs) == _compileAfter)
        {
            // Exactly one thread sees the count reach the threshold; the others go on with the interpreted regex.
            // The count stops at the threshold, so a compiled (or never-compiled) rule's matches share no counter.
            Compile();
        }

        try
        {
            var match = Regex.Match(input);
            return match.Success ? match : null;
        }
        catch (RegexMatchTimeoutException)
        {
            // Once more on the same engine first: an ordinary match that a loaded machine descheduled past the timeout
            // finishes in microseconds when re-run, while building the linear engine of a large uap-core alternation
            // cost 3–6 % of a loaded `facet load`'s CPU (issue 22). Pathological input times out again (once more
            // the timeout per UA and rule, and the UA's result is cached) and goes on to the linear engine.
            try
            {
                var match = Regex.Match(input);
                return match.Success ? match : null;
            }
            catch (RegexMatchTimeoutException)
            {
                return LinearRegex is { } linear && linear.Match(input) is { Success: true } match ? match : null;
            }
        }
    }

    /// <summary>The pattern on the NonBacktracking engine (built on the first timeout); null when the pattern needs backtracking.</summary>
    internal Regex? LinearRegex
    {
        get
        {
            if (Volatile.Read(ref _linearBuilt))
            {
                return _linear;
            }

            try
            {
                _linear = new Regex(_pattern, _options | RegexOptions.NonBacktracking);
            }
            catch (NotSupportedException)
            {
                _linear = null;
            }

            Volatile.Write(ref _linearBuilt, true);
            return _linear;
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
