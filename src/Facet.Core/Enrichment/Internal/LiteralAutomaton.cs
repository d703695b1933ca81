namespace Facet.Core.Enrichment.Internal;

/// <summary>
/// An Aho–Corasick automaton over a set of literals: one pass over a text marks every literal that occurs in it
/// (ordinal, or ASCII case-insensitive when built and scanned with <c>foldAsciiCase</c>). The user-agent prefilter
/// (issue 22) used to scan the UA once per rule, up to ~1,200 scans per uncached parse; this is one scan for all.
/// The failure links are compiled into a full transition table over the literals' alphabet (every other char is one
/// class that leads back to the root), so a scan is one table read per char: walking the failure chain through a
/// dictionary per char cost 12–26 µs of each uncached UA parse (issue 22). uap-core's literals make 8,018 + 3,495
/// states over 80 + 49 char classes: ~2.6 MB of table. Immutable after construction, so thread-safe.
/// </summary>
internal sealed class LiteralAutomaton
{
    private const int Root = 0;

    // The char class of each ASCII char (0: in no literal); non-ASCII chars of the literals have theirs in _wideClasses.
    private readonly byte[] _asciiClasses = new byte[128];
    private readonly Dictionary<char, int> _wideClasses = [];
    private readonly int _classCount;

    // _delta[state * _classCount + class]: the state after reading a char of that class.
    private readonly int[] _delta;

    // The literal ids recognised on reaching a state (its own and those of its failure chain); null when none.
    private readonly int[]?[] _output;

    /// <param name="literals">The literals; a literal's id is its index. Empty literals are never reported (they occur everywhere: callers treat them as met).</param>
    /// <param name="foldAsciiCase">Match ASCII letters case-insensitively (the literals must then be ASCII: non-ASCII case folding is not modelled).</param>
    public LiteralAutomaton(IReadOnlyList<string> literals, bool foldAsciiCase)
    {
        // ASCII chars take the first classes (in char order), so they always fit the byte table.
        var alphabet = new SortedSet<char>();
        foreach (var literal in literals)
        {
            foreach (var raw in literal)
            {
                alphabet.Add(Fold(raw, foldAsciiCase));
            }
        }

        var classCount = 1;
        foreach (var c in alphabet)
        {
            if (c < 128)
            {
                _asciiClasses[c] = (byte)classCount;
            }
            else
            {
                _wideClasses.Add(c, classCount);
            }

            classCount++;
        }

        if (foldAsciiCase)
        {
            for (var c = 'A'; c <= 'Z'; c++)
            {
                _asciiClasses[c] = _asciiClasses[c | 0x20];
            }
        }

        _classCount = classCount;

        // The trie (goto function), by class.
        var next = new Dictionary<(int State, int Class), int>();
        var ownOutputs = new List<List<int>?> { null };
        for (var id = 0; id < literals.Count; id++)
        {
            var state = Root;
            foreach (var c in literals[id])
            {
                var key = (state, ClassOf(c));
                if (!next.TryGetValue(key, out var child))
                {
                    child = ownOutputs.Count;
                    ownOutputs.Add(null);
                    next.Add(key, child);
                }

                state = child;
            }

            if (state != Root)
            {
                (ownOutputs[state] ??= []).Add(id);
            }
        }

        // Breadth first, so a state's failure target (a shorter suffix) and its row are complete before the state's
        // own: a missing edge of a state goes where its failure target's does, the root's to the root.
        var states = ownOutputs.Count;
        _delta = new int[states * classCount];
        _output = new int[]?[states];
        var fail = new int[states];
        var queue = new Queue<int>();
        queue.Enqueue(Root);
        while (queue.Count > 0)
        {
            var state = queue.Dequeue();
            for (var k = 0; k < classCount; k++)
            {
                if (k > 0 && next.TryGetValue((state, k), out var child))
                {
                    _delta[(state * classCount) + k] = child;
                    var target = state == Root ? Root : _delta[(fail[state] * classCount) + k];
                    fail[child] = target;
                    var own = ownOutputs[child];
                    var inherited = _output[target];
                    _output[child] = own is null ? inherited : inherited is null ? [.. own] : [.. own, .. inherited];
                    queue.Enqueue(child);
                }
                else
                {
                    _delta[(state * classCount) + k] = state == Root ? Root : _delta[(fail[state] * classCount) + k];
                }
            }
        }
    }

    /// <summary>Sets <c>found[id]</c> for every literal that occurs in <paramref name="text"/> (other entries are left as they are).</summary>
    public void MarkFound(ReadOnlySpan<char> text, bool[] found)
    {
        var state = Root;
        var delta = _delta;
        foreach (var c in text)
        {
            state = delta[(state * _classCount) + ClassOf(c)];
            if (_output[state] is { } ids)
            {
                foreach (var id in ids)
                {
                    found[id] = true;
                }
            }
        }
    }

    private int ClassOf(char c) => c < 128 ? _asciiClasses[c] : _wideClasses.GetValueOrDefault(c);

    private static char Fold(char c, bool foldAsciiCase) => foldAsciiCase && c is >= 'A' and <= 'Z' ? (char)(c | 0x20) : c;
}
