using System.Globalization;
using Facet.Storage.Reports;
using Facet.Testing;

namespace Facet.Storage.Tests.Windows;

/// <summary>Event-time windows on DuckDB: each test gets its own file.</summary>
public sealed class DuckDbWindowWarehouseTests : WindowWarehouseTests
{
    private readonly TempDirectory _directory = new();

    protected override WarehouseLocation Location => WarehouseLocation.Parse("duckdb:" + _directory.File("warehouse.duckdb"));

    // The test's warehouse still has the file open: read through a writable connection of the same process.
    protected override ReportService OpenReports() => ReportService.ForDuckDb(_directory.File("warehouse.duckdb"), readOnly: false);

    protected override async Task<Dictionary<string, (long Folded, long Members, long AggregateRows)>> MemberStorageAsync()
    {
        var rows = await WarehouseProbe.DuckDb(_directory.File("warehouse.duckdb")).QueryAsync(
            "SELECT d.name, (SELECT count(*) FROM window_aggregate a WHERE a.definition = d.name AND a.members_folded IS NOT NULL) + " +
            "(SELECT count(*) FROM (SELECT unnest(s.members_folded) AS n FROM window_state s WHERE s.definition = d.name) f WHERE f.n IS NOT NULL), " +
            "(SELECT count(*) FROM window_member m WHERE m.definition = d.name), " +
            "(SELECT count(*) FROM window_aggregate a WHERE a.definition = d.name) FROM window_definition d");
        return rows.ToDictionary(static r => (string)r[0]!, static r => (Convert.ToInt64(r[1], CultureInfo.InvariantCulture),
            Convert.ToInt64(r[2], CultureInfo.InvariantCulture), Convert.ToInt64(r[3], CultureInfo.InvariantCulture)));
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _directory.Dispose();
    }
}
