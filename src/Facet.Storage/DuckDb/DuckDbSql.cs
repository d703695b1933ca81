using System.Text;
using Facet.Storage.Internal;

namespace Facet.Storage.DuckDb;

/// <summary>
/// Every DuckDB statement the warehouse runs outside the migration scripts. Inserts into tables with two unique
/// constraints always name the conflict target or anti-join (an unnamed ON CONFLICT is pathologically slow there).
/// </summary>
internal static class DuckDbSql
{
    public const string Setup = "SET TimeZone = 'UTC'";

    /// <summary>
    /// DuckDB checkpoints automatically once the WAL passes 16 MB — every one or two 10k-event batches — and each
    /// checkpoint rewrites the growing fact table's index, so commits slowed with the table's size (issue 11: commit
    /// was 11.3 s of 21 s for 200k events; 2.2 s with 256 MB). The cost: up to 256 MB of WAL to replay after a crash
    /// (a clean close checkpoints).
    /// </summary>
    public const string CheckpointThreshold = "SET checkpoint_threshold = '256MB'";

    /// <summary>
    /// DuckDB allocates through its bundled jemalloc, which keeps what a statement freed until a task's peak passes
    /// 128 MB or its decay runs: in a load that memory stayed resident on top of the buffer pool, 230–400 MiB of the
    /// peak of a 2M-event <c>facet load</c>. Flushed after any task that peaked above 8 MB, and purged by jemalloc's
    /// background thread instead of the writing thread (issue 22, BENCHMARKS.md: peak RSS 1,362–1,529 → 1,134–1,149
    /// MiB, wall and CPU within the noise). Settings of the database, like the memory limit.
    /// </summary>
    public const string AllocatorFlushThreshold = "SET allocator_flush_threshold = '8MB'";

    /// <inheritdoc cref="AllocatorFlushThreshold"/>
    public const string AllocatorBackgroundThreads = "SET allocator_background_threads = true";

    public const string Checkpoint = "CHECKPOINT";

    /// <summary>A setting of the database (every connection to the file in this process): see <see cref="WarehouseOptions.DuckDbCheckpointOnClose"/>.</summary>
    public const string NoCheckpointOnClose = "PRAGMA disable_checkpoint_on_shutdown";

    /// <summary>SET takes no parameters: <paramref name="size"/> is checked by <see cref="DuckDbSize.IsValid"/> first.</summary>
    public static string MemoryLimit(string size) =>
        DuckDbSize.IsValid(size) ? $"SET memory_limit = '{size.Trim()}'" : throw new ArgumentException($"not a DuckDB size: '{size}'", nameof(size));

    public static string Threads(int threads) => $"SET threads = {threads}";

    public const string CreateSchemaVersion =
        "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, description VARCHAR NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())";

    public const string HasSchemaVersion =
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_version' AND table_schema = 'main' AND table_catalog = current_database()";

    public const string MaxSchemaVersion = "SELECT coalesce(max(version), 0) FROM schema_version";

    /// <summary>Tables and views in the file itself (temporary ones live in the catalog 'temp').</summary>
    public const string CountTables = "SELECT count(*) FROM information_schema.tables WHERE table_catalog = current_database()";

    public const string InsertSchemaVersion = "INSERT INTO schema_version (version, description) VALUES ($1, $2)";

    public const string ReadCheckpoints = "SELECT partition, next_offset FROM stream_checkpoints WHERE consumer_group = $1 AND topic = $2";

    public const string InsertCheckpoint =
        "INSERT INTO stream_checkpoints (consumer_group, topic, partition, next_offset, updated_at) VALUES ($1, $2, $3, $4, $5) " +
        "ON CONFLICT (consumer_group, topic, partition) DO NOTHING";

    public const string UpdateCheckpoint =
        "UPDATE stream_checkpoints SET next_offset = $4, updated_at = $5 WHERE consumer_group = $1 AND topic = $2 AND partition = $3 AND next_offset = $6";

    // The staging tables below are temp tables of the writing connection, dropped and created again per use
    // (DuckDbBatchTransaction.Restage), never emptied by DELETE.

    public const string KeyStage = "facet_stage_keys";

    public const string CreateKeyStage = $"CREATE TEMP TABLE {KeyStage} (event_key UUID, event_date DATE)";

    public const string ExistingKeys =
        $"SELECT s.event_key, s.event_date FROM {KeyStage} s JOIN fact_events f ON f.event_key = s.event_key AND f.event_date = s.event_date";

    public const string BadStage = "facet_stage_bad";

    public const string CreateBadStage =
        $"CREATE TEMP TABLE {BadStage} (source VARCHAR, source_partition INTEGER, source_offset BIGINT, received_at TIMESTAMPTZ, " +
        "reason_code VARCHAR, message VARCHAR, field VARCHAR, raw BLOB)";

    public const string InsertBadEvents =
        "INSERT INTO bad_events (source, source_partition, source_offset, received_at, reason_code, message, field, raw) " +
        $"SELECT s.* FROM {BadStage} s WHERE NOT EXISTS (SELECT 1 FROM bad_events b " +
        "WHERE b.source = s.source AND b.source_partition = s.source_partition AND b.source_offset = s.source_offset)";

    public const string InsertBatchLog =
        "INSERT INTO pipeline_batches (worker_id, started_at, committed_at, consumed, inserted, duplicates, rejected, consumer_lag, max_event_ts, families) " +
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";

    /// <summary>
    /// Deletes batches older than the retention but keeps the newest batch of each stream family (1 clickstream,
    /// 2 commerce, 4 windows): the report cache's per-family data version is that batch's id, and it must never fall
    /// back to 0 while another family keeps writing.
    /// </summary>
    public const string PruneBatchLog =
        "DELETE FROM pipeline_batches WHERE committed_at < $1 AND batch_id NOT IN (" +
        "SELECT coalesce(max(batch_id), 0) FROM pipeline_batches WHERE families & 1 <> 0 UNION ALL " +
        "SELECT coalesce(max(batch_id), 0) FROM pipeline_batches WHERE families & 2 <> 0 UNION ALL " +
        "SELECT coalesce(max(batch_id), 0) FROM pipeline_batches WHERE families & 4 <> 0)";

    /// <summary>Drops a staging table of the session (a temp table), so the memory of its rows goes with it.</summary>
    public static string DropTemp(string table) => $"DROP TABLE IF EXISTS temp.main.{table}";

    public static string DimensionStage(Dimension d) => "facet_stage_" + d.Table;

    public static string CreateDimensionStage(Dimension d)
    {
        var columns = new StringBuilder("natural_key VARCHAR");
        foreach (var c in d.Columns)
        {
            columns.Append(", ").Append(c.Name).Append(' ').Append(TypeName(c.Type));
        }

        return $"CREATE TEMP TABLE {DimensionStage(d)} ({columns})";
    }

    public static string InsertDimension(Dimension d)
    {
        var columns = "natural_key, " + string.Join(", ", d.Columns.Select(c => c.Name));
        return $"INSERT INTO {d.Table} ({columns}) SELECT {columns} FROM {DimensionStage(d)} s " +
               $"WHERE NOT EXISTS (SELECT 1 FROM {d.Table} t WHERE t.natural_key = s.natural_key) ORDER BY s.natural_key";
    }

    public static string SelectDimensionKeys(Dimension d) =>
        $"SELECT t.natural_key, t.{d.KeyColumn} FROM {d.Table} t JOIN {DimensionStage(d)} s ON t.natural_key = s.natural_key";

    /// <summary>The one staging table of every rollup's increments: <c>t</c> = index in <see cref="RollupTable.All"/>.</summary>
    public const string RollupStage = "facet_stage_rollups";

    public const string CreateRollupStage =
        $"CREATE TEMP TABLE {RollupStage} (t INTEGER, hour_utc TIMESTAMPTZ, zone VARCHAR, date_key INTEGER, collection VARCHAR, " +
        "is_bot BOOLEAN, k1 INTEGER, s1 VARCHAR, s2 VARCHAR, events BIGINT)";

    /// <summary>Adds table <paramref name="t"/>'s staged increments (index <paramref name="index"/> in the stage).</summary>
    public static string UpsertRollup(RollupTable t, int index)
    {
        var keys = string.Join(", ", t.KeyColumns);
        var select = new StringBuilder(t.Daily ? "zone, date_key" : "hour_utc").Append(", collection, is_bot");
        for (var i = 0; i < t.IntColumns.Length; i++)
        {
            select.Append(", k").Append(i + 1);
        }

        for (var i = 0; i < t.TextColumns.Length; i++)
        {
            select.Append(", s").Append(i + 1);
        }

        return $"INSERT INTO {t.Name} ({keys}, events) SELECT {select}, events FROM {RollupStage} WHERE t = {index} " +
               $"ON CONFLICT ({keys}) DO UPDATE SET events = events + EXCLUDED.events";
    }

    public const string DeviceStage = "facet_stage_kpi_devices_daily";

    public const string CreateDeviceStage =
        $"CREATE TEMP TABLE {DeviceStage} (zone VARCHAR, date_key INTEGER, is_bot BOOLEAN, device_id VARCHAR, first_ts TIMESTAMPTZ)";

    /// <summary>Records each (zone day, bot flag, device id) once with its earliest event time (the conflict target is named).</summary>
    public const string UpsertDeviceDays =
        $"INSERT INTO kpi_devices_daily (zone, date_key, is_bot, device_id, first_ts) SELECT zone, date_key, is_bot, device_id, first_ts FROM {DeviceStage} " +
        "ON CONFLICT (zone, date_key, is_bot, device_id) DO UPDATE SET first_ts = EXCLUDED.first_ts WHERE EXCLUDED.first_ts < kpi_devices_daily.first_ts";

    private static string TypeName(DimensionType type) => type switch
    {
        DimensionType.Boolean => "BOOLEAN",
        DimensionType.Timestamp => "TIMESTAMPTZ",
        _ => "VARCHAR",
    };
}
