namespace Facet.Cli.Scheduling;

/// <summary>One try of a task, its placeholders rendered: the program's arguments, where its stdout goes, its limits.</summary>
internal sealed record TaskInvocation(
    TaskDefinition Task,
    IReadOnlyList<string> Arguments,
    string? OutputPath,
    string WorkingDirectory,
    IReadOnlyDictionary<string, string> Environment,
    TimeSpan Timeout);
