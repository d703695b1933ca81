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

    /// <summary>
    /// A web host's log (dashboard, schema registry, metrics endpoint): facet's format on stderr, warnings and up, and
    /// nothing from the host's own lifetime. The host logs a failed start or stop with its stack trace and then throws
    /// the same exception to the command, which says it in one line (a taken port names the flag to change); the
    /// stack trace told a user nothing more.
    /// </summary>
    public static void ConfigureWebHost(ILoggingBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ClearProviders();
        Configure(builder, LogLevel.Warning);
        builder.AddFilter("Microsoft.Extensions.Hosting", LogLevel.None);
    }
}
