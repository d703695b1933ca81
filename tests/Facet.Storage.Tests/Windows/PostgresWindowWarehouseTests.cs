using System.Globalization;
using Facet.Storage.Reports;
using Facet.Testing;

namespace Facet.Storage.Tests.Windows;

/// <summary>Event-time windows on PostgreSQL: each test gets its own database on the ./test.sh cluster.</summary>
public sealed class PostgresWindowWarehouseTests : WindowWarehouseTests
{
    private readonly PostgresDatabase _database = new();

    protected override WarehouseLocation Location => WarehouseLocation.Parse(_database.ConnectionString);

    protected override ReportService OpenReports() => ReportService.ForPostgres(_database.ConnectionString);

    protected override async Task<Dictionary<string, (long Folded, long Members, long AggregateRows)>> MemberStorageAsync()
    {
        var rows = await WarehouseProbe.Postgres(_database.ConnectionString).QueryAsync(
            "SELECT d.name, (SELECT count(*) FROM window_aggregate a WHERE a.definition = d.name AND a.members_folded IS NOT NULL) + " +
            "(SELECT count(*) FROM window_state s, unnest(s.members_folded) AS f (n) WHERE s.definition = d.name AND f.n IS NOT NULL), " +
            "(SELECT count(*) FROM window_member m WHERE m.definition = d.name), " +
            "(SELECT count(*) FROM window_aggregate a WHERE a.definition = d.name) FROM window_definition d");
        return rows.ToDictionary(static r => (string)r[0]!, static r => (Convert.ToInt64(r[1], CultureInfo.InvariantCulture),
            Convert.ToInt64(r[2], CultureInfo.InvariantCulture), Convert.ToInt64(r[3], CultureInfo.InvariantCulture)));
    }

    public override Task InitializeAsync() => _database.InitializeAsync();

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await _database.DisposeAsync();
    }
}
