namespace Facet.Core.Commerce;

/// <summary>A system log line's severity (named so it never clashes with Microsoft.Extensions.Logging.LogLevel).</summary>
public enum SystemLogLevel
{
    Debug = 1,
    Info = 2,
    Warning = 3,
    Error = 4,
    Critical = 5,
}
