namespace Facet.Cli;

/// <summary>A mistake in flags, configuration or named input. Its message is one line that names the fix; exit code 2.</summary>
internal sealed class UsageException(string message) : Exception(message);
