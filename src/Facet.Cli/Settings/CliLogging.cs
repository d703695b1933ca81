using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Facet.Cli.Settings;

/// <summary>Logs go to stderr, one line each with a UTC timestamp; stdout is kept for results.</summary>
internal static class CliLogging
{
    public static ILoggerFactory Create(LogLevel minimum) => LoggerFactory.Create(builder => Configure(builder, minimum));

    /// <summary>The same format and filters on another builder (a web host's), so its lines look like facet's.</summary>
    public static void Configure(ILoggingBuilder builder, LogLevel minimum)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.SetMinimumLevel(minimum);
        builder.AddFilter("Microsoft", LogLevel.Warning);
        builder.AddFilter("Npgsql", LogLevel.Warning);
        builder.AddSimpleConsole(options =>
        {
            options.SingleLine = true;
            options.UseUtcTimestamp = true;
            options.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
            options.ColorBehavior = LoggerColorBehavior.Disabled;
        });
        builder.Services.Configure<ConsoleLoggerOptions>(options => options.LogToStandardErrorThreshold = LogLevel.Trace);
    }
}
