using Facet.Storage.Reports;
using Facet.Storage.Reports.Commerce;

namespace Facet.Cli.Commands;

/// <summary>The revenue, conversion and funnel flags of <c>facet report</c>: --by, --fx, --funnels, the funnel name, --mode, --window.</summary>
internal static class CommerceCliOptions
{
    /// <summary>Adds the flags to <paramref name="options"/>; throws <see cref="ReportOptionsException"/> naming a bad one.</summary>
    public static ReportOptions Apply(ReportOptions options, ReportKind kind, string? by, string? fx, string? funnels, string? funnelName, string? mode, string? window)
    {
        var commerce = ReportCatalog.IsClickstreamCommerce(kind);
        if (!commerce)
        {
            return fx is null && funnels is null && mode is null && window is null
                ? options
                : throw new ReportOptionsException($"--fx, --funnels, --mode and --window apply to revenue, top-products-by-revenue, conversion and funnel (not {ReportCatalog.NameOf(kind)})");
        }

        if (kind == ReportKind.TopProductsByRevenue && by is not null)
        {
            throw new ReportOptionsException("top-products-by-revenue has no --by: it ranks products within each currency");
        }

        if (kind != ReportKind.Funnel && (funnels is not null || mode is not null || window is not null))
        {
            throw new ReportOptionsException($"--funnels, --mode and --window apply to the funnel report (not {ReportCatalog.NameOf(kind)})");
        }

        if (fx is not null && kind is not (ReportKind.Revenue or ReportKind.TopProductsByRevenue))
        {
            throw new ReportOptionsException($"--fx applies to revenue and top-products-by-revenue (not {ReportCatalog.NameOf(kind)})");
        }

        options = options with
        {
            Breakdown = kind == ReportKind.TopProductsByRevenue ? null : CommerceBreakdowns.Parse(kind, by),
            Fx = fx is null ? null : FxRates.Load(fx),
        };
        if (kind != ReportKind.Funnel)
        {
            return options;
        }

        var funnel = (funnels is null ? FunnelCatalog.Default : FunnelCatalog.Load(funnels)).Find(funnelName);
        if (mode is not null)
        {
            funnel = funnel with
            {
                Mode = mode.Trim().ToLowerInvariant() switch
                {
                    "strict" => FunnelMode.Strict,
                    "any" or "any-order" => FunnelMode.AnyOrder,
                    _ => throw new ReportOptionsException($"--mode must be strict or any (got '{mode}')"),
                },
            };
        }

        if (window is not null)
        {
            funnel = funnel with { Window = FunnelCatalog.ParseWindow("--window", funnel.Name, window) };
        }

        funnel.Validate();
        return options with { Funnel = funnel };
    }
}
