namespace Facet.Core.Enrichment;

/// <summary>
/// How the ~1,200 uap-core regexes are built. Measured here (BENCHMARKS.md, issue 22): a compiled regex parses faster
/// but costs milliseconds of IL generation and JIT before its first match, and with the literal prefilter most rules
/// run rarely, so compiling them all never paid back, not even over the 12,404 distinct user agents of 1M events;
/// since the prefilter rules out uap-core's generic crawler rule, compiling even the hot ones does not either.
/// </summary>
public enum UaRegexCompilation
{
    /// <summary>Interpreted only: the default for loads and runs.</summary>
    Interpreted = 0,

    /// <summary>Interpreted; a rule's regex is compiled once it has run often (the few rules most parses reach).</summary>
    Adaptive,

    /// <summary>Compile before the first parse.</summary>
    Eager,
}
