namespace Facet.Cli.Scheduling;

/// <summary>
/// One task of a DAG: a Facet command (<see cref="CommandPath"/>, e.g. ["db", "migrate"]) or, for the kind
/// <c>shell</c>, a /bin/sh command line; its arguments are templates rendered per run (<see cref="TaskTemplate"/>).
/// </summary>
internal sealed record TaskDefinition(
    string Id,
    string Kind,
    IReadOnlyList<string> CommandPath,
    IReadOnlyList<string> ArgumentTemplates,
    IReadOnlyList<string> DependsOn,
    int Retries,
    TimeSpan RetryDelay,
    TimeSpan Timeout,
    string? OutputTemplate)
{
    public const string ShellKind = "shell";

    public bool IsShell => Kind == ShellKind;

    /// <summary>Tries in all: the first and the retries.</summary>
    public int MaxTries => Retries + 1;
}
