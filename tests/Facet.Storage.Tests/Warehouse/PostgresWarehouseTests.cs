using Facet.Testing;
using Npgsql;

namespace Facet.Storage.Tests.Warehouse;

/// <summary>The warehouse contract on PostgreSQL: each test gets its own database on the ./test.sh cluster.</summary>
public sealed class PostgresWarehouseTests : WarehouseContractTests
{
    private readonly PostgresDatabase _database = new();
    private NpgsqlDataSource? _query;

    protected override WarehouseLocation Location => WarehouseLocation.Parse(_database.ConnectionString);

    public override async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        _query = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(_database.ConnectionString) { Timezone = "UTC" }.ConnectionString);
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_query is not null)
        {
            await _query.DisposeAsync();
        }

        await _database.DisposeAsync();
    }

    protected override async Task<List<string[]>> QueryAsync(IWarehouse warehouse, string sql)
    {
        await using var command = _query!.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string[]>();
        while (await reader.ReadAsync())
        {
            var row = new string[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = Text(reader.IsDBNull(i) ? null : reader.GetValue(i));
            }

            rows.Add(row);
        }

        return rows;
    }

    protected override async Task ExecuteAsync(IWarehouse warehouse, string sql)
    {
        await using var command = _query!.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task MigrateAsync_creates_daily_partitions_ahead_and_WriteBatchAsync_creates_them_on_demand()
    {
        var w = await OpenAsync(new WarehouseOptions { PartitionsAheadDays = 3 });
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        await w.WriteBatchAsync(TestEvents.Batch(TestEvents.Event("old", new DateTimeOffset(2001, 2, 3, 4, 5, 6, TimeSpan.Zero))), CancellationToken.None);

        var partitions = (await QueryAsync(w, "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'fact_events'::regclass ORDER BY 1"))
            .Select(r => r[0]).ToList();
        Assert.Contains("fact_events_p20010203", partitions);
        for (var i = 0; i <= 3; i++)
        {
            Assert.Contains($"fact_events_p{today.AddDays(i):yyyyMMdd}", partitions);
        }

        Assert.Equal("fact_events_p20010203", (await QueryAsync(w, "SELECT tableoid::regclass::text FROM fact_events"))[0][0]);
    }

    [Fact]
    public async Task Two_warehouses_writing_the_same_events_concurrently_store_each_once()
    {
        var a = await OpenAsync();
        var b = await OpenAsync(migrate: false);
        var events = Enumerable.Range(0, 400).Select(i => TestEvents.Event("c" + i, TestEvents.Noon.AddMinutes(i), productId: (i % 13).ToString(System.Globalization.CultureInfo.InvariantCulture))).ToArray();
        var reversed = events.Reverse().ToArray();

        var results = await Task.WhenAll(
            a.WriteBatchAsync(new WarehouseBatch(events, [], []), CancellationToken.None),
            b.WriteBatchAsync(new WarehouseBatch(reversed, [], []), CancellationToken.None));

        Assert.Equal(400, results.Sum(r => r.Inserted));
        Assert.Equal(400, results.Sum(r => r.Duplicates));
        Assert.Equal("400", (await QueryAsync(a, "SELECT count(*) FROM fact_events"))[0][0]);
        await AssertRollupsEqualRecountAsync(a);
    }
}
