using Microsoft.Extensions.Logging;

namespace Facet.SchemaRegistry;

internal static partial class Log
{
    [LoggerMessage(EventId = 1700, Level = LogLevel.Information, Message = "Registered schema id {Id} as version {Version} of subject {Subject}")]
    public static partial void Registered(ILogger logger, int id, int version, string subject);

    [LoggerMessage(EventId = 1701, Level = LogLevel.Warning, Message = "Refused a schema for subject {Subject} ({Level}): {Problems}")]
    public static partial void Refused(ILogger logger, string subject, string level, string problems);

    [LoggerMessage(EventId = 1702, Level = LogLevel.Error, Message = "The registry's warehouse failed on {Method} {Path}")]
    public static partial void StoreFailed(ILogger logger, Exception exception, string method, string path);
}
