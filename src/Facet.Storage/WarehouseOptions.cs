using Facet.Storage.DuckDb;
using Facet.Storage.Internal;

namespace Facet.Storage;

/// <summary>How the warehouse stores what it is given.</summary>
public sealed class WarehouseOptions
{
    /// <summary>The time zone of <c>fact_events.date_key</c> and <c>hour</c> (rollups are keyed by UTC hour). Default UTC.</summary>
    public TimeZoneInfo ReportingTimeZone { get; init; } = TimeZoneInfo.Utc;

    /// <summary>How much of the shopper IP to keep. Default: none.</summary>
    public IpStorage IpStorage { get; init; } = IpStorage.None;

    /// <summary>Salt prepended to the lowercased email address before SHA-256 (dim_customer.email_hash).</summary>
    public string EmailHashSalt { get; init; } = "";

    /// <summary>Also store the email address in clear text (dim_customer.email). Off by default.</summary>
    public bool StoreClearTextEmail { get; init; }

    /// <summary>PostgreSQL: daily fact partitions created ahead of today (others are created on demand).</summary>
    public int PartitionsAheadDays { get; init; } = 7;

    /// <summary>How long pipeline_batches keeps a batch row.</summary>
    public TimeSpan BatchLogRetention { get; init; } = TimeSpan.FromHours(1);

    /// <summary>
    /// DuckDB: the most memory its buffer pool may hold (DuckDB's own default is 80 % of the machine's RAM, which
    /// made <c>facet run</c> grow past 2 GiB; issue 11). A DuckDB size such as <c>512MB</c> or <c>2GB</c>. Default 512MB.
    /// </summary>
    public string DuckDbMemoryLimit { get; init; } = DefaultDuckDbMemoryLimit;

    /// <summary>
    /// DuckDB: its worker threads; 0 = DuckDB's default (one per core). Default 1: a batch's statements are small, and
    /// on a 2-core machine extra DuckDB threads only compete with parsing and enrichment (issue 11).
    /// </summary>
    public int DuckDbThreads { get; init; } = 1;

    /// <summary>
    /// DuckDB: whether closing the file writes its log (up to the 256 MB checkpoint threshold) into the tables. True
    /// (DuckDB's default) leaves a file that opens fast. False makes the close quick and leaves the log for the next
    /// open to replay (nothing is lost: the log is durable); <c>facet demo</c> uses it so that Ctrl-C exits in seconds
    /// on a busy machine (issue 23: the close took 2.5–4.9 s of a 10 s stop at load 10–30).
    /// </summary>
    public bool DuckDbCheckpointOnClose { get; init; } = true;

    /// <summary>
    /// Inactivity after which a device's next event starts a new session (fact_sessions, docs/reports.md "Sessions").
    /// Zero turns sessions off (the table is then not kept). Default 30 minutes, the analytics tools' convention.
    /// Changing it changes the sessions rebuilt from then on, not the stored ones.
    /// </summary>
    public TimeSpan SessionTimeout { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// How far behind its device's last session end an event may arrive and still be sessionized; beyond it the event
    /// is stored as a fact and counted in session_late_events, but never changes a session. Default 24 hours.
    /// </summary>
    public TimeSpan SessionLateBound { get; init; } = TimeSpan.FromHours(24);

    /// <summary>
    /// Whether each batch rebuilds the funnel progress of the devices it touched (<see cref="FunnelProgressMode.Live"/>,
    /// the default) or only queues them for <c>facet db maintenance</c> (<see cref="FunnelProgressMode.Deferred"/>: a
    /// cheaper load, and funnel reports from the facts until the queue is computed).
    /// </summary>
    public FunnelProgressMode FunnelProgress { get; init; } = FunnelProgressMode.Live;

    /// <summary>
    /// PostgreSQL: each clickstream batch's sessions and funnel progress are written by a second transaction on
    /// another connection after the batch commits, while the next batch loads (V023, docs/schema.md "Trailing derived
    /// rows"); reports see them one transaction later than the facts. Exactly once either way. The pipelines
    /// (<c>facet load</c>, <c>facet run</c>) turn it on and wait for the last one before they finish
    /// (<see cref="IWarehouse.FlushAsync"/>); off, they are written in the batch transaction. DuckDB always writes them
    /// in the batch transaction.
    /// </summary>
    public bool TrailDerivedWrites { get; init; }

    /// <summary>
    /// The default <see cref="TrailGatherTime"/>: derived rows follow their facts by about three seconds. Issue 22,
    /// `facet run` into PostgreSQL: 2 s against 1 s, saturated (batches of ~25,000), 10 trails for 41 batches instead
    /// of 17–20 and PostgreSQL 15 % less CPU per event, +8 % msg/s; at a steady 20,000/s 29 trails instead of 49 for
    /// ~143 batches, PostgreSQL 14 % less CPU, the facts' freshness the same. 3 s with a queue of 150,000 events
    /// (<see cref="DefaultTrailQueuedEvents"/>) against 2 s and 100,000: saturated 7 trails instead of 10, PostgreSQL
    /// −7 %, +7 % msg/s; at 20,000/s 20 trails instead of 30, PostgreSQL −8 to −22 %, freshness the same
    /// (BENCHMARKS.md).
    /// </summary>
    public static readonly TimeSpan DefaultTrailGatherTime = TimeSpan.FromSeconds(3);

    /// <summary>
    /// How long a trailing transaction (<see cref="TrailDerivedWrites"/>) waits for more committed batches before it
    /// writes the ones queued, unless they already hold as many events as may be queued (docs/schema.md, "Trailing
    /// derived rows"). Every batch a trail takes more saves the reads and rewrites of the devices it shares with the
    /// others. <c>facet load</c> does not wait: one of its batches is a trail's worth.
    /// </summary>
    public TimeSpan TrailGatherTime { get; init; } = DefaultTrailGatherTime;

    /// <summary>
    /// The default <see cref="TrailQueuedEvents"/>: six of a saturated <c>facet run</c>'s batches (~25,000 events)
    /// instead of four; with the 3 s gather time (<see cref="DefaultTrailGatherTime"/> has the measurements).
    /// </summary>
    public const long DefaultTrailQueuedEvents = 150_000;

    /// <summary>
    /// How many events of committed batches may wait for a trailing transaction (<see cref="TrailDerivedWrites"/>): a
    /// trail begins once they are queued, whatever its gather time, and the next batch waits for room. Each queued
    /// event is small (its device, time and funnel fields), but the batches a trail has not taken are also batches
    /// whose derived rows are not written yet. <c>facet load</c> keeps 100,000, for its memory
    /// (FileLoadOptions.TrailQueuedEvents).
    /// </summary>
    public long TrailQueuedEvents { get; init; } = DefaultTrailQueuedEvents;

    /// <summary>The default <see cref="DuckDbMemoryLimit"/>.</summary>
    public const string DefaultDuckDbMemoryLimit = "512MB";

    /// <summary>
    /// Event-time window definitions computed in every batch transaction (issue 19, docs/windows.md). Default none;
    /// the CLI passes <see cref="Windows.WindowDefinitions.BuiltIn"/> unless told otherwise.
    /// </summary>
    public IReadOnlyList<Windows.WindowDefinition> Windows { get; init; } = [];

    /// <summary>Clock for ingested_at, pipeline_batches and partitions ahead.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Test hook: called before each step of a batch write, inside its transaction; throwing aborts the batch.</summary>
    internal Action<WriteStep>? BeforeStep { get; set; }

    /// <summary>Test hook: called before a trailing transaction (<see cref="TrailDerivedWrites"/>) begins; throwing fails it.</summary>
    internal Action? BeforeTrailBegin { get; set; }

    /// <summary>Test hook: called in a trailing transaction before it commits; throwing rolls it back.</summary>
    internal Action? BeforeTrailCommit { get; set; }

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(ReportingTimeZone);
        ArgumentNullException.ThrowIfNull(EmailHashSalt);
        ArgumentNullException.ThrowIfNull(TimeProvider);
        ArgumentNullException.ThrowIfNull(Windows);
        ArgumentOutOfRangeException.ThrowIfLessThan(TrailGatherTime, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(TrailQueuedEvents, 1);
        var duplicate = Windows.GroupBy(static w => w.Name, StringComparer.Ordinal).FirstOrDefault(static g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"window '{duplicate.Key}' is defined twice; give each definition its own name", nameof(Windows));
        }
        if (PartitionsAheadDays is < 0 or > 366)
        {
            throw new ArgumentOutOfRangeException(nameof(PartitionsAheadDays), PartitionsAheadDays, "PartitionsAheadDays must be between 0 and 366.");
        }

        if (!DuckDbSize.IsValid(DuckDbMemoryLimit))
        {
            throw new ArgumentException($"DuckDbMemoryLimit must be a size such as 512MB or 2GB (got '{DuckDbMemoryLimit}')", nameof(DuckDbMemoryLimit));
        }

        if (DuckDbThreads is < 0 or > 1024)
        {
            throw new ArgumentOutOfRangeException(nameof(DuckDbThreads), DuckDbThreads, "DuckDbThreads must be between 0 (DuckDB's default) and 1024.");
        }

        if (SessionTimeout < TimeSpan.Zero || SessionTimeout > TimeSpan.FromDays(1))
        {
            throw new ArgumentOutOfRangeException(nameof(SessionTimeout), SessionTimeout, "SessionTimeout must be between 0 (off) and 1 day.");
        }

        if (SessionLateBound < TimeSpan.Zero || SessionLateBound > TimeSpan.FromDays(365))
        {
            throw new ArgumentOutOfRangeException(nameof(SessionLateBound), SessionLateBound, "SessionLateBound must be between 0 and 365 days.");
        }

        if (!Enum.IsDefined(FunnelProgress))
        {
            throw new ArgumentOutOfRangeException(nameof(FunnelProgress), FunnelProgress, "FunnelProgress must be Live or Deferred.");
        }

        if (BatchLogRetention <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(BatchLogRetention), BatchLogRetention, "BatchLogRetention must be positive.");
        }
    }
}
