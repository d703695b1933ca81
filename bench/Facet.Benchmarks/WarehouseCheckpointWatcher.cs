using Npgsql;

namespace Facet.Benchmarks;

/// <summary>
/// Polls a consumer group's checkpoints in the PostgreSQL warehouse (<c>stream_checkpoints</c>) every 10 ms, for
/// <c>e2e-produce --warehouse-postgres</c>. A checkpoint is written in the same transaction as its rows, so a message is
/// in the reports from the first snapshot whose next offset passed it: this is the freshness a dashboard user sees.
/// </summary>
/// <remarks>
/// Why besides the Kafka group's committed offsets: <c>facet run</c> stores each offset after its warehouse commit and
/// librdkafka commits stored offsets on its auto-commit interval (<c>--trigger</c> clamped to 50–1000 ms), so the
/// group's offsets add up to one interval to every message's freshness. Connect as a role of its own: bench/e2e.sh
/// sums the CPU of the backends of user postgres as the warehouse's.
/// </remarks>
internal sealed class WarehouseCheckpointWatcher(string connectionString, string topic, string group, int partitions)
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(10);

    /// <summary>The time (Unix ms) and each partition's next offset, whenever their sum changed.</summary>
    public List<(long UnixMs, long[] Offsets)> Snapshots { get; } = [];

    public ManualResetEventSlim Ready { get; } = new();

    /// <summary>Polls until <paramref name="stop"/>, then once more, so a commit seen by the Kafka watcher is seen here too.</summary>
    public void Run(CancellationToken stop)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var read = new NpgsqlCommand("SELECT partition, next_offset FROM stream_checkpoints WHERE consumer_group = $1 AND topic = $2", connection);
        read.Parameters.Add(new NpgsqlParameter<string> { TypedValue = group });
        read.Parameters.Add(new NpgsqlParameter<string> { TypedValue = topic });
        read.Prepare();
        var previous = -1L;
        var last = false;
        while (!last)
        {
            last = stop.IsCancellationRequested;
            var offsets = new long[partitions];
            var total = 0L;
            using (var reader = read.ExecuteReader())
            {
                while (reader.Read())
                {
                    var partition = reader.GetInt32(0);
                    if (partition < partitions)
                    {
                        offsets[partition] = reader.GetInt64(1);
                        total += offsets[partition];
                    }
                }
            }

            var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            Ready.Set();
            if (total != previous)
            {
                Snapshots.Add((now, offsets));
                previous = total;
            }

            if (!last)
            {
                stop.WaitHandle.WaitOne(Poll);
            }
        }
    }
}
