using Facet.Testing;
using Npgsql;

namespace Facet.Storage.Tests.Commerce;

/// <summary>The commerce writers on PostgreSQL: each test gets its own database on the ./test.sh cluster.</summary>
public sealed class PostgresCommerceWarehouseTests : CommerceWarehouseTests
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
}
