using Facet.Core.Enrichment;
using Microsoft.Extensions.Logging;

namespace Facet.Storage.Internal;

/// <summary>
/// What both backends share: schema version checks, one writer at a time, and the batch transaction's fixed step
/// order (dimensions → facts → rollups → bad events → checkpoints → batch log → commit).
/// </summary>
internal abstract class WarehouseBase : IWarehouse
{
    private const int MaxAttempts = 3;
    private readonly SemaphoreSlim _gate;
    private readonly bool _ownsGate;
    private bool _schemaVerified;

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
    }

    public WarehouseLocation Location { get; }

    protected WarehouseOptions Options { get; }

    protected ILogger Logger { get; }

    protected IReadOnlyList<Migration> Migrations { get; }

    protected PrivacyRules Privacy { get; }

    protected DimensionCache Cache { get; } = new();

    protected int SupportedVersion => Migrations.Count;

    /// <summary>The schema version stored in the database; 0 when it has none.</summary>
    protected abstract Task<int> ReadSchemaVersionAsync(CancellationToken ct);

    /// <summary>Applies <paramref name="pending"/> migrations, each in its own transaction with its schema_version row.</summary>
    protected abstract Task MigrateCoreAsync(CancellationToken ct);

    protected abstract Task<IReadOnlyDictionary<int, long>> ReadCheckpointsCoreAsync(string consumerGroup, string topic, CancellationToken ct);

    protected abstract Task<BatchTransaction> BeginAsync(CancellationToken ct);

    /// <summary>Work outside the batch transaction before it starts (PostgreSQL: create missing partitions).</summary>
    protected virtual Task BeforeBatchAsync(PreparedBatch batch, CancellationToken ct) => Task.CompletedTask;

    /// <summary>Called once the schema is known to be current (e.g. to create partitions ahead).</summary>
    protected virtual Task OnSchemaVerifiedAsync(CancellationToken ct) => Task.CompletedTask;

    protected virtual bool IsTransient(Exception exception) => false;

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
            await MigrateCoreAsync(ct);
            _schemaVerified = false;
            await EnsureSchemaAsync(ct);
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
            return await ReadCheckpointsCoreAsync(consumerGroup, topic, ct);
        }
        finally
        {
            _gate.Release();
        }
    }

    public PreparedEvents PrepareEvents(IReadOnlyList<EnrichedEvent> events) => PreparedBatch.PrepareEvents(this, events, Options, Privacy);

    public async Task<BatchWriteResult> WriteBatchAsync(WarehouseBatch batch, CancellationToken ct)
    {
        var prepared = PreparedBatch.Create(batch, this, Options, Privacy);
        await _gate.WaitAsync(ct);
        try
        {
            await EnsureSchemaAsync(ct);
            await BeforeBatchAsync(prepared, ct);
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    return await WriteOnceAsync(prepared, batch.Info, ct);
                }
                catch (Exception ex) when (attempt < MaxAttempts && IsTransient(ex))
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

    private async Task<BatchWriteResult> WriteOnceAsync(PreparedBatch prepared, BatchInfo? info, CancellationToken ct)
    {
        var now = Options.TimeProvider.GetUtcNow().UtcDateTime;
        BatchWriteResult result;
        try
        {
            await using var transaction = await BeginAsync(ct);
            Step(WriteStep.Dimensions);
            await transaction.ResolveDimensionsAsync(prepared.FindMisses(Cache), Cache, Privacy, ct);
            prepared.AssignKeys(Cache);

            Step(WriteStep.Facts);
            var inserted = await transaction.InsertFactsAsync(prepared.Events, now, ct);

            Step(WriteStep.Rollups);
            await transaction.AddRollupsAsync(Rollups.From(inserted, Options.ReportingTimeZone.Id), ct);

            Step(WriteStep.BadEvents);
            var rejected = await transaction.WriteBadEventsAsync(prepared.Rejections, now, ct);

            Step(WriteStep.Checkpoints);
            if (await transaction.AdvanceCheckpointsAsync(prepared.Checkpoints, now, ct) is { } conflict)
            {
                throw new CheckpointConflictException(conflict);
            }

            result = new BatchWriteResult(inserted.Count, prepared.InBatchDuplicates + prepared.Events.Count - inserted.Count, rejected);
            Step(WriteStep.BatchLog);
            if (info is not null)
            {
                DateTime? maxEventTs = null;
                foreach (var e in inserted)
                {
                    if (maxEventTs is null || e.EventTsUtc > maxEventTs)
                    {
                        maxEventTs = e.EventTsUtc;
                    }
                }

                await transaction.LogBatchAsync(info, result, maxEventTs, now, now - Options.BatchLogRetention, ct);
            }

            Step(WriteStep.Commit);
            await transaction.CommitAsync(ct);
        }
        catch
        {
            Cache.Rollback();
            throw;
        }

        Cache.Commit();
        Log.BatchWritten(Logger, result.Inserted, result.Duplicates, result.Rejected);
        return result;
    }

    private void Step(WriteStep step) => Options.BeforeStep?.Invoke(step);

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
        if (_ownsGate)
        {
            _gate.Dispose();
        }

        return ValueTask.CompletedTask;
    }
}
