using Facet.Storage.Internal;
using Facet.Storage.Internal.Windows;

namespace Facet.Storage.Windows;

/// <summary>
/// <c>facet windows recompute</c> (issue 20, docs/windows.md "Recomputing"): rebuilds the window rows of definitions
/// from the facts the warehouse stores, in one transaction — what a user runs after changing a definition, or after
/// loading facts with <c>--windows none</c> or a CSV import that bypassed the window step. The rows are those the
/// streaming step writes when every stored fact arrives on time in one batch; running it twice writes the same rows.
/// </summary>
public static class WindowRecompute
{
    /// <summary>
    /// Why <paramref name="definition"/>'s windows cannot be rebuilt from stored facts (its source keeps only the
    /// latest version of each record, while the streaming step counted every version), or null when they can.
    /// </summary>
    public static string? CannotRecompute(WindowDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return definition.Source switch
        {
            "customers" => $"window '{definition.Name}' cannot be recomputed: its source customers keeps only each customer's latest version (dim_commerce_customer) while its windows counted every version; rebuild it by replaying the customers topic with facet run into a new warehouse",
            "products" => $"window '{definition.Name}' cannot be recomputed: its source products keeps only each product's latest name, category and supplier (dim_commerce_product) while its windows counted every version; rebuild it by replaying the products topic with facet run into a new warehouse",
            _ => WindowFactSource.Of(definition.Source) is null
                ? $"window '{definition.Name}' cannot be recomputed: windows recompute reads stored orders, order lines and product views, not {definition.Source}; rebuild it by replaying the {definition.Source} topic with facet run into a new warehouse"
                : null,
        };
    }

    /// <summary>
    /// Recomputes, in one transaction of <paramref name="warehouse"/>, the windows starting in [<paramref name="fromUtc"/>,
    /// <paramref name="toUtc"/>) (null: unbounded) of the definitions named in <paramref name="names"/> (null: every
    /// definition configured or stored whose source keeps facts; the others are listed as skipped). A name is looked up
    /// in <paramref name="configured"/> first (a changed definition is recomputed as it is now), then among the
    /// definitions stored in the warehouse. Throws <see cref="WindowDefinitionException"/> for an unknown name or a
    /// named definition that cannot be recomputed (nothing written). The transaction is logged as a batch, so report
    /// caches keyed by the data version see the new rows.
    /// </summary>
    public static async Task<WindowRecomputeOutcome> RunAsync(IWarehouse warehouse, IReadOnlyList<WindowDefinition> configured, IReadOnlyList<string>? names, DateTime? fromUtc, DateTime? toUtc, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(warehouse);
        ArgumentNullException.ThrowIfNull(configured);
        if (fromUtc is { } f && toUtc is { } t && t <= f)
        {
            throw new WindowDefinitionException($"--to must be after --from (got {f:yyyy-MM-ddTHH:mm:ss}Z and {t:yyyy-MM-ddTHH:mm:ss}Z)");
        }

        if (warehouse is not WarehouseBase writable)
        {
            throw new ArgumentException("windows can only be recomputed in a warehouse opened with WarehouseFactory", nameof(warehouse));
        }

        var info = new BatchInfo("windows-recompute", 0, null, DateTimeOffset.UtcNow);
        return await writable.WriteInTransactionAsync(
            (transaction, now, token) => WindowRecomputeStep.RunAsync(transaction, configured, names, fromUtc, toUtc, now, token), info, StreamFamilies.Windows, ct);
    }
}
