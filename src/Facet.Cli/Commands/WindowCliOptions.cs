using System.CommandLine;
using Facet.Storage.Windows;

namespace Facet.Cli.Commands;

/// <summary>
/// <c>--windows</c>: which event-time window definitions a command computes or reads (issue 19, docs/windows.md):
/// <c>builtin</c> (the default), <c>none</c>, a definitions file, or a comma-separated mix such as <c>builtin,my.json</c>.
/// </summary>
internal static class WindowCliOptions
{
    public const string BuiltIn = "builtin";
    public const string None = "none";

    public static Option<string> Create() => new("--windows")
    {
        Description = "Event-time windows (docs/windows.md): builtin (default: customer_analysis, product_analysis, sales_analysis, product_views_analysis, revenue_5m, sessions_hourly, ordering_sessions_hourly, conversion_hourly), none, a JSON definitions file, or builtin,FILE.",
        DefaultValueFactory = _ => BuiltIn,
    };

    public static IReadOnlyList<WindowDefinition> Resolve(string? spec)
    {
        var parts = (spec ?? BuiltIn).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length == 0)
        {
            throw new UsageException("--windows needs a value: builtin, none, a definitions file, or builtin,FILE");
        }

        if (parts.Contains(None))
        {
            return parts.Length == 1 ? [] : throw new UsageException($"--windows none cannot be combined with other values (got '{spec}')");
        }

        IReadOnlyList<WindowDefinition> all = [];
        try
        {
            foreach (var part in parts)
            {
                all = WindowDefinitions.Combine(all, part == BuiltIn ? WindowDefinitions.BuiltIn : WindowDefinitions.ReadFile(part));
            }

            all = WindowDefinitions.ResolveJoins(all, "--windows");
        }
        catch (WindowDefinitionException ex)
        {
            throw new UsageException(ex.Message);
        }

        return all;
    }
}
