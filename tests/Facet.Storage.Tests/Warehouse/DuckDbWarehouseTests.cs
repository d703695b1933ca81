using Facet.Storage.DuckDb;
using Facet.Testing;

namespace Facet.Storage.Tests.Warehouse;

/// <summary>The warehouse contract on DuckDB: each test gets its own file in a temp folder.</summary>
public sealed class DuckDbWarehouseTests : WarehouseContractTests
{
    private readonly TempDirectory _directory = new();

    protected override WarehouseLocation Location => WarehouseLocation.Parse("duckdb:" + _directory.File("warehouse.duckdb"));

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _directory.Dispose();
    }

    protected override Task<List<string[]>> QueryAsync(IWarehouse warehouse, string sql)
    {
        using var command = ((DuckDbWarehouse)warehouse).Connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<string[]>();
        while (reader.Read())
        {
            var row = new string[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = Text(reader.IsDBNull(i) ? null : reader.GetValue(i));
            }

            rows.Add(row);
        }

        return Task.FromResult(rows);
    }

    protected override Task ExecuteAsync(IWarehouse warehouse, string sql)
    {
        ((DuckDbWarehouse)warehouse).Execute(sql);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Data_written_and_committed_survives_reopening_the_file()
    {
        var w = await OpenAsync();
        await w.WriteBatchAsync(new WarehouseBatch([TestEvents.Event("a")], [], [new("g", "t", 0, -1, 1)]), CancellationToken.None);
        await w.DisposeAsync();

        await using var reopened = await WarehouseFactory.OpenAsync(Location, new WarehouseOptions(), null, CancellationToken.None);
        Assert.Equal(1, (await reopened.ReadCheckpointsAsync("g", "t", CancellationToken.None))[0]);
        Assert.Equal(new BatchWriteResult(0, 1, 0), await reopened.WriteBatchAsync(TestEvents.Batch(TestEvents.Event("a")), CancellationToken.None));
    }
}
