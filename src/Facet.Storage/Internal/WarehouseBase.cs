using Facet.Core.Streams;
using Facet.Storage.Internal.Commerce;
using Facet.Storage.Internal.Windows;
using Facet.Storage.Streams;
using Microsoft.Extensions.Logging;

namespace Facet.Storage.Internal;

/// <summary>
/// What both backends share: schema version checks, one writer at a time, the stream writers, and the batch
/// transaction's fixed step order (windows → each stream's tables in stream-name order → bad events → checkpoints →
/// batch log → commit).
/// </summary>
internal abstract class WarehouseBase : IWarehouse
{
    private const int MaxAttempts = 3;

    private readonly SemaphoreSlim _gate;
    private readonly bool _ownsGate;
    private readonly Dictionary<string, StreamTableWriter> _writers = new(StringComparer.Ordinal);
    private readonly WindowStep _windows;
    private readonly WriteStepClock _clock = new(TimeProvider.System);
    private bool _schemaVerified;
    private readonly DerivedTrail _trail;

    // Set when checkpoints are read (partitions taken over): another member's pending batches may need a recovery.
    private volatile bool _takenOverRecoveryDue;

    /// <param name="writeGate">
    /// Serializes migrations and batch writes; a backend passes one gate shared by every instance on the same storage
    /// when their writes must not overlap (null: one gate per instance).
    /// </param>
    protected WarehouseBase(WarehouseLocation location, WarehouseOptions options, ILogger logger, IReadOnlyList<Migration> migrations, SemaphoreSlim? writeGate = null)
    {
        _gate = writeGate ?? new SemaphoreSlim(1, 1);
        _ownsGate = writeGate is null;
        Location = location;
        Options = options;
        Logger = logger;
        Migrations = migrations;
        Privacy = new PrivacyRules(options);
        AddWriter(new ClickstreamWriter(this));
        AddWriter(new CustomerWriter(this));
        AddWriter(new ProductWriter(this));
        AddWriter(new OrderWriter(this));
        AddWriter(new ProductViewWriter(this));
        AddWriter(new UserInteractionWriter(this));
        AddWriter(new ClickEventWriter(this));
        AddWriter(new SystemLogWriter(this));
        _windows = new WindowStep(this, options.Windows);
        _trail = new DerivedTrail(BeginAsync, options, logger);
    }

    public WarehouseLocation Location { get; }

    protected WarehouseOptions Options { get; }

    internal ILogger Logger { get; }

    protected IReadOnlyList<Migration> Migrations { get; }

    protected PrivacyRules Privacy { get; }

    protected DimensionCache Cache { get; } = new();

    /// <summary>The options stream writers shape their rows with (time zone, privacy, clock).</summary>
    internal WarehouseOptions WriteOptions => Options;

    internal PrivacyRules PrivacyRules => Privacy;

    /// <summary>The clickstream's dimension keys (committed and pending).</summary>
    internal DimensionCache Dimensions => Cache;

    /// <summary>The <c>kpi_devices_daily</c> rows this process committed (the clickstream's rollup step skips them).</summary>
    internal DeviceDayCache DeviceDays { get; } = new();

    protected int SupportedVersion => Migrations.Count;

    /// <summary>The schema version stored in the database; 0 when it has none.</summary>
    protected abstract Task<int> ReadSchemaVersionAsync(CancellationToken ct);

    /// <summary>Applies <paramref name="pending"/> migrations, each in its own transaction with its schema_version row.</summary>
    protected abstract Task MigrateCoreAsync(CancellationToken ct);

    protected abstract Task<IReadOnlyDictionary<int, long>> ReadCheckpointsCoreAsync(string consumerGroup, string topic, CancellationToken ct);

    protected abstract Task<BatchTransaction> BeginAsync(CancellationToken ct);

    /// <summary>
    /// The backend can run a batch's derived rows in a second transaction beside the next batch's
    /// (<see cref="WarehouseOptions.TrailDerivedWrites"/>), and so may hold batches left pending to recover.
    /// </summary>
    protected virtual bool CanTrailDerivedWrites => false;

    private bool TrailsDerivedWrites => Options.TrailDerivedWrites && CanTrailDerivedWrites;

    /// <summary>
    /// The number this process's pending batches carry (V024), once <see cref="ClaimDerivedOwnerAsync"/> has made it;
    /// null where derived rows never trail.
    /// </summary>
    internal virtual int? DerivedOwner => null;

    /// <summary>
    /// Under the gate, before a batch whose derived rows trail it: makes sure this process holds its owner number, so a
    /// recovery elsewhere leaves its pending batches alone while it lives (PostgreSQL: a session-level advisory lock).
    /// </summary>
    protected virtual Task ClaimDerivedOwnerAsync(CancellationToken ct) => Task.CompletedTask;

    /// <summary>Work outside the batch transaction before facts of <paramref name="days"/> are written (PostgreSQL: create missing partitions).</summary>
    internal virtual Task BeforeFactsAsync(IReadOnlyCollection<DateOnly> days, CancellationToken ct) => Task.CompletedTask;

    /// <summary>Called once the schema is known to be current (e.g. to create partitions ahead).</summary>
    protected virtual Task OnSchemaVerifiedAsync(CancellationToken ct) => Task.CompletedTask;

    /// <summary>Opening refuses a schema newer than this build; an older one is refused on first use.</summary>
    internal async Task CheckNotNewerAsync(CancellationToken ct)
    {
        var version = await ReadSchemaVersionAsync(ct);
        if (version > SupportedVersion)
        {
            throw new WarehouseSchemaException(Migration.NewerSchemaMessage(Location, version, SupportedVersion));
        }
    }

    public async Task MigrateAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            await _trail.AwaitAllAsync(CancellationToken.None);
            await MigrateCoreAsync(ct);
            _schemaVerified = false;
            await EnsureSchemaAsync(ct);
            // V014 queues the devices whose funnel progress must be computed from facts loaded before it; the rules
            // are C# (FunnelWalk), so the back-fill runs here, chunk by chunk, and resumes if it was interrupted.
            await FunnelProgressWriter.BackfillAsync(BeginAsync, ct);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Computes the funnel progress of every queued device (batches written with <see cref="FunnelProgressMode.Deferred"/>,
    /// or V014's back-fill left unfinished) and returns how many; <c>facet db maintenance</c> runs it.
    /// </summary>
    internal async Task<long> ComputeQueuedFunnelProgressAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            await EnsureSchemaAsync(ct);
            await RecoverDerivedAsync(ct);
            return await FunnelProgressWriter.BackfillAsync(BeginAsync, ct);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<IReadOnlyDictionary<int, long>> ReadCheckpointsAsync(string consumerGroup, string topic, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(consumerGroup);
        ArgumentNullException.ThrowIfNull(topic);
        await _gate.WaitAsync(ct);
        try
        {
            await EnsureSchemaAsync(ct);
            var checkpoints = await ReadCheckpointsCoreAsync(consumerGroup, topic, ct);

            // A pipeline reads its checkpoints when it is given partitions: the member that had them may have died
            // between a batch's two commits, leaving its derived rows and rollups pending, which only a recovery
            // writes — the next write's or flush's (their owner's lock is free by then: a dead process's session ends
            // with its connection). Without this, a survivor that had already recovered at its first write left them
            // pending until a restart. Not the trail's own flag, which would leave this process's batches to that
            // recovery too.
            _takenOverRecoveryDue = true;
            return checkpoints;
        }
        finally
        {
            _gate.Release();
        }
    }

    public IStreamWriter<TRecord> Writer<TRecord>(string stream)
        where TRecord : class =>
        WriterOf(stream) as IStreamWriter<TRecord>
        ?? throw new ArgumentException($"stream '{stream}' does not take records of type {typeof(TRecord).Name}", nameof(stream));

    /// <summary>Registers the writer of one more stream's tables (at construction).</summary>
    private protected void AddWriter(StreamTableWriter writer) => _writers.Add(writer.Stream, writer);

    private StreamTableWriter WriterOf(string stream) =>
        _writers.TryGetValue(stream, out var writer)
            ? writer
            : throw new ArgumentException($"the warehouse has no stream '{stream}'; it has: {string.Join(", ", _writers.Keys.Order(StringComparer.Ordinal))}", nameof(stream));

    public async Task<BatchWriteResult> WriteBatchAsync(WarehouseBatch batch, CancellationToken ct)
    {
        var prepared = PreparedBatch.Create(batch, WriterOf);
        await _gate.WaitAsync(ct);
        try
        {
            _clock.Start();
            await _trail.WaitForRoomAsync();
            await EnsureSchemaAsync(ct);
            if (TrailsDerivedWrites)
            {
                await ClaimDerivedOwnerAsync(ct);
            }

            if (_trail.RecoveryDue || _takenOverRecoveryDue)
            {
                await RecoverDerivedAsync(ct);
            }

            foreach (var (writer, rows) in prepared.Streams)
            {
                await writer.BeforeTransactionAsync(rows, ct);
            }

            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    return await WriteOnceAsync(prepared, batch.Info, ct);
                }
                catch (Exception ex) when (attempt < MaxAttempts && WarehouseErrors.IsConcurrencyConflict(ex))
                {
                    Log.Retrying(Logger, ex.Message, attempt + 1);
                }
            }
        }
        finally
        {
            _clock.Stop();
            _gate.Release();
        }
    }

    private async Task<BatchWriteResult> WriteOnceAsync(PreparedBatch prepared, BatchInfo? info, CancellationToken ct)
    {
        var now = Options.TimeProvider.GetUtcNow().UtcDateTime;
        BatchWriteResult result;
        List<DerivedWrite>? derived = null;
        try
        {
            await using var transaction = await BeginAsync(ct);
            transaction.TrailsDerivedWrites = TrailsDerivedWrites;
            var streams = new StreamWriteResult[prepared.Streams.Count];
            int inserted = 0, duplicates = 0;
            DateTime? maxEventTs = null;
            // Windows first: they ask each writer which of its records are new, which the writes would then hide.
            await _windows.WriteAsync(transaction, prepared, now, ct);
            for (var i = 0; i < prepared.Streams.Count; i++)
            {
                var (writer, rows) = prepared.Streams[i];
                var outcome = await writer.WriteAsync(transaction, rows, now, ct);
                streams[i] = outcome.Result;
                if (outcome.Derived is { } trailing)
                {
                    (derived ??= []).Add(trailing);
                }

                inserted += outcome.Result.Inserted;
                duplicates += outcome.Result.Duplicates;
                if (outcome.MaxEventTimeUtc is { } ts && (maxEventTs is null || ts > maxEventTs))
                {
                    maxEventTs = ts;
                }
            }

            Step(WriteStep.BadEvents, ct);
            var rejected = await transaction.WriteBadEventsAsync(prepared.Rejections, now, ct);

            Step(WriteStep.Checkpoints, ct);
            if (await transaction.AdvanceCheckpointsAsync(prepared.Checkpoints, now, ct) is { } conflict)
            {
                throw new CheckpointConflictException(conflict);
            }

            result = new BatchWriteResult(inserted, duplicates, rejected) { Streams = streams };
            Step(WriteStep.BatchLog, ct);
            if (info is not null)
            {
                await transaction.LogBatchAsync(info, FamiliesOf(prepared), result, maxEventTs, now, now - Options.BatchLogRetention, ct);
            }

            Step(WriteStep.Commit, ct);
            await transaction.CommitAsync(ct);
        }
        catch
        {
            foreach (var (writer, _) in prepared.Streams)
            {
                writer.RolledBack();
            }

            throw;
        }

        foreach (var (writer, rows) in prepared.Streams)
        {
            writer.Committed(rows);
        }

        if (derived is not null)
        {
            _trail.Add(derived);
        }

        Log.BatchWritten(Logger, result.Inserted, result.Duplicates, result.Rejected);
        return result;
    }

    /// <summary>
    /// Under the gate: after this process's trailing transactions, the derived rows of every batch left pending
    /// (<see cref="DerivedRecovery"/>) — at a warehouse's first write (a process before it may have stopped between
    /// a batch's two commits), after a trailing transaction failed, and after checkpoints were read (partitions taken
    /// over from another member).
    /// </summary>
    private async Task RecoverDerivedAsync(CancellationToken ct)
    {
        await _trail.AwaitAllAsync(CancellationToken.None);
        if (!CanTrailDerivedWrites)
        {
            _trail.RecoveryDue = false;
            _takenOverRecoveryDue = false;
            return;
        }

        _trail.RecoveryDue = false;
        _takenOverRecoveryDue = false;
        try
        {
            if (await DerivedRecovery.RecoverAsync(BeginAsync, Options, DerivedOwner, ct) is var recovered and > 0)
            {
                Log.DerivedRecovered(Logger, recovered);
            }
        }
        catch
        {
            _trail.RecoveryDue = true;
            throw;
        }
    }

    public async Task FlushAsync(CancellationToken ct)
    {
        await _trail.AwaitAllAsync(ct);
        if (!(_trail.RecoveryDue || _takenOverRecoveryDue) || !CanTrailDerivedWrites)
        {
            return;
        }

        await _gate.WaitAsync(ct);
        try
        {
            await EnsureSchemaAsync(ct);
            await RecoverDerivedAsync(ct);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Waits for the trailing transactions (a backend calls it before it closes what they use); a failed one stays
    /// pending for the next process's recovery.
    /// </summary>
    protected Task DrainTrailsAsync() => _trail.AwaitAllAsync(CancellationToken.None);

    /// <summary>
    /// Runs <paramref name="work"/> in one transaction that is logged as a batch (<paramref name="info"/>, nothing
    /// inserted), so caches keyed by the data version see what it wrote; one writer at a time like batches, retried on
    /// a concurrency conflict. For derived rows rebuilt from stored ones (<c>facet windows recompute</c>).
    /// </summary>
    internal async Task<T> WriteInTransactionAsync<T>(Func<BatchTransaction, DateTime, CancellationToken, Task<T>> work, BatchInfo info, StreamFamilies families, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            await EnsureSchemaAsync(ct);
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    var now = Options.TimeProvider.GetUtcNow().UtcDateTime;
                    await using var transaction = await BeginAsync(ct);
                    var result = await work(transaction, now, ct);
                    await transaction.LogBatchAsync(info, families, new BatchWriteResult(0, 0, 0), null, now, now - Options.BatchLogRetention, ct);
                    await transaction.CommitAsync(ct);
                    return result;
                }
                catch (Exception ex) when (attempt < MaxAttempts && WarehouseErrors.IsConcurrencyConflict(ex))
                {
                    Log.Retrying(Logger, ex.Message, attempt + 1);
                }
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// The families a batch wrote, logged with it for the per-family data versions: its streams' (the clickstream, or
    /// the commerce entities), and the windows whenever it carries any stream's records, since the window step may
    /// move them. A batch of rejections and checkpoints only writes no report's tables.
    /// </summary>
    private static StreamFamilies FamiliesOf(PreparedBatch prepared)
    {
        var families = StreamFamilies.None;
        foreach (var (writer, _) in prepared.Streams)
        {
            families |= StreamFamilies.Windows
                | (writer.Stream == StreamNames.Clickstream ? StreamFamilies.Clickstream : StreamFamilies.Commerce);
        }

        return families;
    }

    /// <summary>
    /// Enters a named step of the batch transaction. A cancelled write stops here, between statements: PostgreSQL's
    /// driver also cancels a running statement, but DuckDB's calls are synchronous, so this is where a DuckDB write
    /// honours a stop deadline (the transaction then rolls back).
    /// </summary>
    internal void Step(WriteStep step, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        _clock.Enter(step);
        Options.BeforeStep?.Invoke(step);
    }

    private async Task EnsureSchemaAsync(CancellationToken ct)
    {
        if (_schemaVerified)
        {
            return;
        }

        var version = await ReadSchemaVersionAsync(ct);
        if (version > SupportedVersion)
        {
            throw new WarehouseSchemaException(Migration.NewerSchemaMessage(Location, version, SupportedVersion));
        }

        if (version < SupportedVersion)
        {
            throw new WarehouseSchemaException(Migration.OlderSchemaMessage(Location, version, SupportedVersion));
        }

        await OnSchemaVerifiedAsync(ct);
        _schemaVerified = true;
    }

    public virtual ValueTask DisposeAsync()
    {
        if (_clock.Batches > 0)
        {
            Log.WriteSteps(Logger, _clock.Batches, _clock.Total.TotalSeconds, _clock.Describe());
        }

        _trail.LogSummary();

        if (_ownsGate)
        {
            _gate.Dispose();
        }

        return ValueTask.CompletedTask;
    }
}
