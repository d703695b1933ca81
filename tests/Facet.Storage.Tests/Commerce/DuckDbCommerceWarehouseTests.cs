using Facet.Storage.DuckDb;
using Facet.Testing;

namespace Facet.Storage.Tests.Commerce;

/// <summary>The commerce writers on DuckDB: each test gets its own file in a temp folder.</summary>
public sealed class DuckDbCommerceWarehouseTests : CommerceWarehouseTests
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
}
