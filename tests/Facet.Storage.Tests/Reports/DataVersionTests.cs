using Facet.Storage.Reports;
using Facet.Testing;
using Npgsql;

namespace Facet.Storage.Tests.Reports;

/// <summary>The data version the report cache is keyed by (issue 20), on PostgreSQL where two writers race.</summary>
public sealed class DataVersionTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>, IAsyncLifetime
{
    private const string LogBatch =
        "INSERT INTO pipeline_batches (worker_id, started_at, committed_at, consumed, inserted, duplicates, rejected) VALUES ($1, now(), now(), 1, 1, 0, 0)";

    public async Task InitializeAsync()
    {
        await using var warehouse = await WarehouseFactory.OpenAsync(WarehouseLocation.Parse(database.ConnectionString), new WarehouseOptions(), null, CancellationToken.None);
        await warehouse.MigrateAsync(CancellationToken.None);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_batch_committed_after_a_newer_one_still_changes_the_version()
    {
        await using var reports = ReportService.ForPostgres(database.ConnectionString);
        await using var slow = new NpgsqlConnection(database.ConnectionString);
        await using var fast = new NpgsqlConnection(database.ConnectionString);
        await slow.OpenAsync();
        await fast.OpenAsync();

        // The slow writer draws the lower batch id first but commits last.
        await using var slowTransaction = await slow.BeginTransactionAsync();
        await Execute(slow, LogBatch, "slow", slowTransaction);
        await Execute(fast, LogBatch, "fast");
        var beforeSlowCommit = await reports.GetDataVersionAsync();
        await slowTransaction.CommitAsync();
        var afterSlowCommit = await reports.GetDataVersionAsync();

        Assert.Equal(beforeSlowCommit.LastBatchId, afterSlowCommit.LastBatchId);
        Assert.NotEqual(beforeSlowCommit, afterSlowCommit);
        Assert.NotEqual(beforeSlowCommit.ToString(), afterSlowCommit.ToString());
    }

    [Fact]
    public async Task The_version_stays_put_without_a_commit_and_moves_with_each_one()
    {
        await using var reports = ReportService.ForPostgres(database.ConnectionString);
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        var first = await reports.GetDataVersionAsync();
        Assert.Equal(first, await reports.GetDataVersionAsync());
        await Execute(connection, LogBatch, "w");
        var second = await reports.GetDataVersionAsync();
        Assert.NotEqual(first, second);
        Assert.True(second.LastBatchId > first.LastBatchId);
    }

    private static async Task Execute(NpgsqlConnection connection, string sql, string worker, NpgsqlTransaction? transaction = null)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        command.Parameters.AddWithValue(worker);
        await command.ExecuteNonQueryAsync();
    }
}
