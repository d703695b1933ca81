using System.Globalization;
using System.Text;
using Facet.Storage.Internal;

namespace Facet.Storage.Postgres;

/// <summary>Every PostgreSQL statement the warehouse runs outside the migration scripts.</summary>
internal static class PostgresSql
{
    public const string CreateSchemaVersion =
        "CREATE TABLE IF NOT EXISTS schema_version (version integer PRIMARY KEY, description text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())";

    public const string HasSchemaVersion = "SELECT to_regclass('schema_version') IS NOT NULL";

    /// <summary>Serialises migrations and partition creation across processes.</summary>
    public const string MigrationLock = "SELECT pg_advisory_xact_lock(7123001)";

    public const string PartitionLock = "SELECT pg_advisory_xact_lock(7123002)";

    /// <summary>
    /// A writing process's owner number for its pending derived batches (V024), held by a session of its own for as long
    /// as the warehouse is open: Sql/Derived/Postgres/claim_derived_pending.sql tries the same lock to tell a live owner
    /// from one that is gone. True when the number was free.
    /// </summary>
    public const string TryDerivedOwnerLock = "SELECT pg_try_advisory_lock(7123004, $1)";

    public const string DerivedOwnerUnlock = "SELECT pg_advisory_unlock(7123004, $1)";

    public const string Ping = "SELECT 1";

    public const string InsertSchemaVersion = "INSERT INTO schema_version (version, description) VALUES ($1, $2)";

    public const string MaxSchemaVersion = "SELECT coalesce(max(version), 0) FROM schema_version";

    public const string ListPartitions =
        "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'fact_events'::regclass";

    public const string ReadCheckpoints =
        "SELECT partition, next_offset FROM stream_checkpoints WHERE consumer_group = $1 AND topic = $2";

    public const string InsertCheckpoint =
        "INSERT INTO stream_checkpoints (consumer_group, topic, partition, next_offset, updated_at) VALUES ($1, $2, $3, $4, $5) " +
        "ON CONFLICT (consumer_group, topic, partition) DO NOTHING";

    public const string UpdateCheckpoint =
        "UPDATE stream_checkpoints SET next_offset = $4, updated_at = $5 WHERE consumer_group = $1 AND topic = $2 AND partition = $3 AND next_offset = $6";

    public const string InsertBadEvents =
        "INSERT INTO bad_events (source, source_partition, source_offset, received_at, reason_code, message, field, raw) " +
        "SELECT * FROM unnest($1::text[], $2::integer[], $3::bigint[], $4::timestamptz[], $5::text[], $6::text[], $7::text[], $8::bytea[]) " +
        "ON CONFLICT (source, source_partition, source_offset) DO NOTHING";

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

    public const string CreateFactStage =
        "CREATE TEMP TABLE IF NOT EXISTS facet_stage_facts (LIKE fact_events) ON COMMIT DELETE ROWS";

    public static readonly string CopyFacts = $"COPY fact_events ({string.Join(", ", FactRow.Columns)}) FROM STDIN (FORMAT BINARY)";

    public static readonly string CopyFactStage = $"COPY facet_stage_facts ({string.Join(", ", FactRow.Columns)}) FROM STDIN (FORMAT BINARY)";

    /// <summary>The stored keys among $2 on day $1 (a constant day: the planner prunes to one partition).</summary>
    public const string SelectStoredFactKeys =
        "SELECT event_key, event_date FROM fact_events WHERE event_date = $1 AND event_key = ANY($2)";

    public static readonly string InsertFactsIfAbsent =
        $"INSERT INTO fact_events ({string.Join(", ", FactRow.Columns)}) SELECT {string.Join(", ", FactRow.Columns)} FROM facet_stage_facts " +
        "ORDER BY event_key, event_date ON CONFLICT (event_key, event_date) DO NOTHING RETURNING event_key, event_date";

    /// <summary>COPY into a writer's staging table or one it appends to; the name is a constant of the writer, never input.</summary>
    public static string CopyInto(string table) => $"COPY {table} FROM STDIN (FORMAT BINARY)";

    public static string PartitionName(DateOnly day) => "fact_events_p" + day.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    /// <summary>
    /// Partition DDL; the name and bounds come from a date, never from input text. Invariant culture: under a
    /// culture with another calendar (th-TH counts Buddhist years) the bounds would name a different day.
    /// </summary>
    public static string CreatePartition(DateOnly day) => string.Create(
        CultureInfo.InvariantCulture,
        $"CREATE TABLE IF NOT EXISTS {PartitionName(day)} PARTITION OF fact_events FOR VALUES FROM ('{day:yyyy-MM-dd}') TO ('{day.AddDays(1):yyyy-MM-dd}')");

    /// <summary>Inserts the unseen members (ordered by natural key: one lock order for concurrent writers).</summary>
    public static string InsertDimension(Dimension d)
    {
        var columns = new StringBuilder("natural_key");
        var arrays = new StringBuilder("$1::text[]");
        for (var i = 0; i < d.Columns.Length; i++)
        {
            columns.Append(", ").Append(d.Columns[i].Name);
            arrays.Append(", $").Append(i + 2).Append("::").Append(TypeName(d.Columns[i].Type)).Append("[]");
        }

        return $"INSERT INTO {d.Table} ({columns}) SELECT * FROM unnest({arrays}) AS m ORDER BY 1 ON CONFLICT (natural_key) DO NOTHING " +
               $"RETURNING natural_key, {d.KeyColumn}";
    }

    public static string SelectDimensionKeys(Dimension d) => $"SELECT natural_key, {d.KeyColumn} FROM {d.Table} WHERE natural_key = ANY($1)";

    /// <summary>Adds a batch's increments: hourly tables take (hours[], …), daily tables (zone, date keys[], …).</summary>
    public static string UpsertRollup(RollupTable t)
    {
        var keys = string.Join(", ", t.KeyColumns);
        var arrays = new StringBuilder(t.Daily ? "$2::integer[], $3::text[], $4::boolean[]" : "$1::timestamptz[], $2::text[], $3::boolean[]");
        var n = t.Daily ? 5 : 4;
        foreach (var _ in t.IntColumns)
        {
            arrays.Append(", $").Append(n++).Append("::integer[]");
        }

        foreach (var _ in t.TextColumns)
        {
            arrays.Append(", $").Append(n++).Append("::text[]");
        }

        arrays.Append(", $").Append(n).Append("::bigint[]");
        var select = t.Daily ? $"SELECT $1::text, * FROM unnest({arrays})" : $"SELECT * FROM unnest({arrays})";
        return $"INSERT INTO {t.Name} AS r ({keys}, events) {select} " +
               $"ON CONFLICT ({keys}) DO UPDATE SET events = r.events + EXCLUDED.events";
    }

    /// <summary>
    /// Records each (zone day, bot flag, device id) once, keeping the earliest event time; rows arrive sorted (one lock
    /// order for concurrent writers). Facts mostly arrive in time order, so the update's condition is rarely true.
    /// </summary>
    public const string UpsertDeviceDays =
        "INSERT INTO kpi_devices_daily AS d (zone, date_key, is_bot, device_id, first_ts) " +
        "SELECT $1::text, * FROM unnest($2::integer[], $3::boolean[], $4::text[], $5::timestamptz[]) " +
        "ON CONFLICT (zone, date_key, is_bot, device_id) DO UPDATE SET first_ts = EXCLUDED.first_ts WHERE EXCLUDED.first_ts < d.first_ts";

    private static string TypeName(DimensionType type) => type switch
    {
        DimensionType.Boolean => "boolean",
        DimensionType.Timestamp => "timestamptz",
        _ => "text",
    };
}
