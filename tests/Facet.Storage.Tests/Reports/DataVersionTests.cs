using Facet.Storage.Reports;
using Facet.Testing;
using Npgsql;

namespace Facet.Storage.Tests.Reports;

/// <summary>The data version the report cache is keyed by (issue 20), on PostgreSQL where two writers race.</summary>
public sealed class DataVersionTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>, IAsyncLifetime
{
    private const string LogBatch =
        "INSERT INTO pipeline_batches (worker_id, started_at, committed_at, consumed, inserted, duplicates, rejected) VALUES ($1, now(), now(), 1, 1, 0, 0)";

    private const string LogFamilies =
        "INSERT INTO pipeline_batches (worker_id, started_at, committed_at, consumed, inserted, duplicates, rejected, families) VALUES ($1, now(), now(), 1, 1, 0, 0, $2)";

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

    [Fact]
    public async Task A_batch_moves_only_the_versions_of_the_families_it_wrote_even_when_committed_out_of_order()
    {
        await using var reports = ReportService.ForPostgres(database.ConnectionString);
        await using var slow = new NpgsqlConnection(database.ConnectionString);
        await using var fast = new NpgsqlConnection(database.ConnectionString);
        await slow.OpenAsync();
        await fast.OpenAsync();

        // A commerce batch draws the lower id first; a clickstream batch draws a higher one and commits first.
        await using var slowTransaction = await slow.BeginTransactionAsync();
        await Execute(slow, LogFamilies, "commerce", slowTransaction, (short)StreamFamilies.Commerce);
        var start = await reports.GetDataVersionAsync();
        await Execute(fast, LogFamilies, "clickstream", null, (short)StreamFamilies.Clickstream);
        var afterClickstream = await reports.GetDataVersionAsync();
        await slowTransaction.CommitAsync();
        var afterCommerce = await reports.GetDataVersionAsync();
        await Execute(fast, LogFamilies, "recompute", null, (short)StreamFamilies.Windows);
        var afterWindows = await reports.GetDataVersionAsync();

        Assert.NotEqual(start.Clickstream, afterClickstream.Clickstream);
        Assert.Equal(start.Commerce, afterClickstream.Commerce);
        Assert.Equal(start.KeyFor(StreamFamilies.Commerce), afterClickstream.KeyFor(StreamFamilies.Commerce));

        // The commerce batch committed behind a newer id: its family's version still moves, the clickstream's does not.
        Assert.Equal(afterClickstream.LastBatchId, afterCommerce.LastBatchId);
        Assert.NotEqual(afterClickstream.Commerce, afterCommerce.Commerce);
        Assert.NotEqual(afterClickstream.KeyFor(StreamFamilies.Commerce), afterCommerce.KeyFor(StreamFamilies.Commerce));
        Assert.Equal(afterClickstream.KeyFor(StreamFamilies.Clickstream), afterCommerce.KeyFor(StreamFamilies.Clickstream));

        Assert.Equal(afterCommerce.KeyFor(StreamFamilies.Clickstream | StreamFamilies.Commerce), afterWindows.KeyFor(StreamFamilies.Clickstream | StreamFamilies.Commerce));
        Assert.NotEqual(afterCommerce.Windows, afterWindows.Windows);
        Assert.NotEqual(afterCommerce.ToString(), afterWindows.ToString());
    }

    private static async Task Execute(NpgsqlConnection connection, string sql, string worker, NpgsqlTransaction? transaction = null, short? families = null)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        command.Parameters.AddWithValue(worker);
        if (families is { } bits)
        {
            command.Parameters.AddWithValue(bits);
        }

        await command.ExecuteNonQueryAsync();
    }
}
