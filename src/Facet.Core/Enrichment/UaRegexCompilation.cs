namespace Facet.Core.Enrichment;

/// <summary>
/// How the ~1,200 uap-core regexes are built. Measured here (BENCHMARKS.md): interpreted starts in ~0.1 s but an
/// uncached parse costs ~2.5 ms; compiled parses in ~0.6 ms but takes ~3 s of JIT before the first answer.
/// </summary>
public enum UaRegexCompilation
{
    /// <summary>Interpreted only: for one-off commands (facet inspect).</summary>
    Interpreted = 0,

    /// <summary>Start interpreted, compile on a background thread and switch each regex when ready: for long runs.</summary>
    Background,

    /// <summary>Compile before the first parse.</summary>
    Eager,
}
