namespace Facet.Cli.Scheduling;

/// <summary>A pipeline file that cannot be run; the message is one line naming the DAG or task and the fix.</summary>
internal sealed class PipelineFileException(string message) : Exception(message);
