namespace Facet.Core.Enrichment.Internal;

/// <summary>
/// The literal prefilter of all uap-core rules at once (issue 22): every rule's required literals get an id, and one
/// pass of an Aho–Corasick automaton over a UA tells which occur, so a rule is ruled out by looking its ids up instead
/// of searching the UA for its literals (which cost up to ~1,200 scans per uncached parse). Case-sensitive literals
/// are matched ordinally on the UA; those of case-insensitive rules and case-pair classes (ASCII only, see
/// <see cref="UaRule"/> and <see cref="RegexLiterals"/>) on the ASCII-folded UA, and only for ASCII UAs. Thread-safe.
/// </summary>
internal sealed class UaLiteralIndex
{
    private readonly LiteralAutomaton _ordinal;
    private readonly LiteralAutomaton _folded;
    private readonly int _ordinalCount;
    private readonly int _foldedCount;

    /// <summary>Numbers the literals of <paramref name="rules"/> and gives each rule its requirement ids.</summary>
    public UaLiteralIndex(IEnumerable<UaRule> rules)
    {
        var ordinalIds = new Dictionary<string, int>(StringComparer.Ordinal);
        var foldedIds = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var rule in rules)
        {
            var ordinal = new List<int[]>();
            var folded = new List<int[]>();
            foreach (var requirement in rule.Literals)
            {
                // An empty alternative occurs in every UA: the requirement rules nothing out.
                if (Array.Exists(requirement.Alternatives, static a => a.Length == 0))
                {
                    continue;
                }

                var upToCase = rule.IgnoreCase || requirement.Folded;
                var ids = upToCase ? foldedIds : ordinalIds;
                (upToCase ? folded : ordinal).Add(Array.ConvertAll(requirement.Alternatives, a =>
                {
                    var key = upToCase ? a.ToLowerInvariant() : a;
                    if (!ids.TryGetValue(key, out var id))
                    {
                        id = ids.Count;
                        ids.Add(key, id);
                    }

                    return id;
                }));
            }

            rule.RequirementIds = ([.. ordinal], [.. folded]);
        }

        _ordinalCount = ordinalIds.Count;
        _foldedCount = foldedIds.Count;
        _ordinal = new LiteralAutomaton(Ordered(ordinalIds), foldAsciiCase: false);
        _folded = new LiteralAutomaton(Ordered(foldedIds), foldAsciiCase: true);
    }

    /// <summary>Which literals occur in <paramref name="userAgent"/>; the folded set only for an ASCII UA (null otherwise).</summary>
    public Found Scan(string userAgent, bool asciiInput) =>
        Mark(userAgent, new bool[_ordinalCount], asciiInput ? new bool[_foldedCount] : null);

    // Per thread, the arrays ScanReusing hands out (the UA parse that uses them runs to its end on the scanning thread).
    [ThreadStatic]
    private static bool[]? t_ordinal;

    [ThreadStatic]
    private static bool[]? t_folded;

    /// <summary>
    /// <see cref="Scan"/> into arrays of the calling thread, valid until its next call: an uncached UA parse made two
    /// arrays of one flag per literal (2 % of `facet load`'s allocated bytes, issue 22). The flags only let a rule be
    /// skipped (<see cref="UaRule.CannotMatch"/>); the rule's regex decides the match.
    /// </summary>
    public Found ScanReusing(string userAgent, bool asciiInput) =>
        Mark(userAgent, Cleared(ref t_ordinal, _ordinalCount), asciiInput ? Cleared(ref t_folded, _foldedCount) : null);

    private Found Mark(string userAgent, bool[] ordinal, bool[]? folded)
    {
        _ordinal.MarkFound(userAgent, ordinal);
        if (folded is not null)
        {
            _folded.MarkFound(userAgent, folded);
        }

        return new Found(ordinal, folded);
    }

    private static bool[] Cleared(ref bool[]? kept, int length)
    {
        if (kept is null || kept.Length != length)
        {
            return kept = new bool[length];
        }

        Array.Clear(kept);
        return kept;
    }

    private static string[] Ordered(Dictionary<string, int> ids)
    {
        var literals = new string[ids.Count];
        foreach (var (literal, id) in ids)
        {
            literals[id] = literal;
        }

        return literals;
    }

    /// <summary>The literals found in one UA, by id: case-sensitive ones, and case-insensitive ones (null when the UA is not ASCII).</summary>
    internal readonly record struct Found(bool[] Ordinal, bool[]? Folded);
}
