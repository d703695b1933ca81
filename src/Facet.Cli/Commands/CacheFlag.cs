using System.CommandLine;
using Facet.Dashboard.Caching;

namespace Facet.Cli.Commands;

/// <summary><c>--cache redis://HOST:PORT</c> on <c>facet dashboard</c> and <c>facet demo</c>: the report cache's shared level (docs/cache.md).</summary>
internal static class CacheFlag
{
    public static Option<string?> Create()
    {
        var option = new Option<string?>("--cache")
        {
            Description = "Share the report cache through Redis (redis://HOST:PORT): dashboards on one Redis compute each answer once. Default: in this process only; off: no cache (every request reads the warehouse).",
        };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { } value && !CacheAddress.IsOff(value))
            {
                try
                {
                    CacheAddress.Parse(value);
                }
                catch (ArgumentException ex)
                {
                    result.AddError(ex.Message.Split(" (Parameter", 2)[0]);
                }
            }
        });
        return option;
    }
}
