namespace Facet.Core.Enrichment.Internal;

/// <summary>
/// An Aho–Corasick automaton over a set of literals: one pass over a text marks every literal that occurs in it
/// (ordinal, or ASCII case-insensitive when built and scanned with <c>foldAsciiCase</c>). The user-agent prefilter
/// (issue 22) used to scan the UA once per rule, up to ~1,200 scans per uncached parse; this is one scan for all.
/// Immutable after construction, so thread-safe.
/// </summary>
internal sealed class LiteralAutomaton
{
    private const int Root = 0;

    // Goto function: (state << 16 | char) → state. Missing entries fall back along the failure links.
    private readonly Dictionary<long, int> _next;
    private readonly int[] _fail;

    // The literal ids recognised on reaching a state (its own and those of its failure chain); null when none.
    private readonly int[]?[] _output;
    private readonly bool _foldAsciiCase;

    /// <param name="literals">The literals; a literal's id is its index. Empty literals are never reported (they occur everywhere: callers treat them as met).</param>
    /// <param name="foldAsciiCase">Match ASCII letters case-insensitively (the literals must then be ASCII: non-ASCII case folding is not modelled).</param>
    public LiteralAutomaton(IReadOnlyList<string> literals, bool foldAsciiCase)
    {
        _foldAsciiCase = foldAsciiCase;
        _next = [];
        var ownOutputs = new List<List<int>?> { null };
        for (var id = 0; id < literals.Count; id++)
        {
            var state = Root;
            foreach (var c in literals[id])
            {
                var key = Key(state, Fold(c));
                if (!_next.TryGetValue(key, out var child))
                {
                    child = ownOutputs.Count;
                    ownOutputs.Add(null);
                    _next.Add(key, child);
                }

                state = child;
            }

            if (state != Root)
            {
                (ownOutputs[state] ??= []).Add(id);
            }
        }

        var states = ownOutputs.Count;
        var children = new List<(char C, int Child)>[states];
        foreach (var (key, child) in _next)
        {
            (children[(int)(key >> 16)] ??= []).Add(((char)(key & 0xFFFF), child));
        }

        // Breadth first, so a state's failure target (a shorter suffix) is complete before the state itself.
        _fail = new int[states];
        _output = new int[]?[states];
        var queue = new Queue<int>();
        queue.Enqueue(Root);
        while (queue.Count > 0)
        {
            var state = queue.Dequeue();
            if (children[state] is not { } edges)
            {
                continue;
            }

            foreach (var (c, child) in edges)
            {
                // The longest proper suffix of child's string that is a prefix of a literal. Step only follows failure
                // links of shallower states, which the breadth-first order has already set.
                var fail = state == Root ? Root : Step(_fail[state], c);
                _fail[child] = fail;
                var own = ownOutputs[child];
                var inherited = _output[fail];
                _output[child] = own is null ? inherited : inherited is null ? [.. own] : [.. own, .. inherited];
                queue.Enqueue(child);
            }
        }
    }

    /// <summary>Sets <c>found[id]</c> for every literal that occurs in <paramref name="text"/> (other entries are left as they are).</summary>
    public void MarkFound(ReadOnlySpan<char> text, bool[] found)
    {
        var state = Root;
        foreach (var raw in text)
        {
            state = Step(state, _foldAsciiCase ? Fold(raw) : raw);
            if (_output[state] is { } ids)
            {
                foreach (var id in ids)
                {
                    found[id] = true;
                }
            }
        }
    }

    /// <summary>The state after reading <paramref name="c"/> in <paramref name="state"/>: its goto edge, else the failure chain's first, else the root.</summary>
    private int Step(int state, char c)
    {
        while (true)
        {
            if (_next.TryGetValue(Key(state, c), out var target))
            {
                return target;
            }

            if (state == Root)
            {
                return Root;
            }

            state = _fail[state];
        }
    }

    private char Fold(char c) => _foldAsciiCase && c is >= 'A' and <= 'Z' ? (char)(c | 0x20) : c;

    private static long Key(int state, char c) => ((long)state << 16) | c;
}
