using Facet.Testing;
using Npgsql;

namespace Facet.Storage.Tests;

public sealed class PostgresRoundTripTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task Rows_written_in_a_committed_transaction_are_read_back()
    {
        await using var dataSource = database.CreateDataSource();
        await using var connection = await dataSource.OpenConnectionAsync();
        await using (var create = new NpgsqlCommand("CREATE TABLE round_trip (id int PRIMARY KEY, label text NOT NULL)", connection))
        {
            await create.ExecuteNonQueryAsync();
        }

        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await using var insert = new NpgsqlCommand("INSERT INTO round_trip (id, label) VALUES ($1, $2)", connection, transaction);
            insert.Parameters.Add(new NpgsqlParameter { Value = 1 });
            insert.Parameters.Add(new NpgsqlParameter { Value = "'); DROP TABLE round_trip; --" });
            await insert.ExecuteNonQueryAsync();
            await transaction.CommitAsync();
        }

        await using var select = new NpgsqlCommand("SELECT label FROM round_trip WHERE id = 1", connection);
        Assert.Equal("'); DROP TABLE round_trip; --", await select.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Each_test_class_gets_its_own_database()
    {
        await using var dataSource = database.CreateDataSource();
        await using var command = dataSource.CreateCommand("SELECT current_database()");
        Assert.Equal(database.DatabaseName, await command.ExecuteScalarAsync());
    }
}
