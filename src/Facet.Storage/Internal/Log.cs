using Microsoft.Extensions.Logging;

namespace Facet.Storage.Internal;

internal static partial class Log
{
    // Each migration before and after it runs, at Information when it upgrades a schema that holds data (V022 rebuilds
    // a DuckDB fact table, ~7 s per million facts: `facet db migrate` sat silent for a minute on a large warehouse), at
    // Debug when it builds an empty one, which SchemaCreated says in one line instead of two per version.
    [LoggerMessage(EventId = 608, Message = "Warehouse {Location}: applying migration {Version} ({Description})")]
    public static partial void MigrationApplying(ILogger logger, LogLevel level, WarehouseLocation location, int version, string description);

    [LoggerMessage(EventId = 600, Message = "Warehouse {Location}: applied migration {Version} ({Description}) in {Seconds:F1} s")]
    public static partial void MigrationApplied(ILogger logger, LogLevel level, WarehouseLocation location, int version, string description, double seconds);

    [LoggerMessage(EventId = 609, Level = LogLevel.Information, Message = "Warehouse {Location}: created the schema at version {Version} in {Seconds:F1} s")]
    public static partial void SchemaCreated(ILogger logger, WarehouseLocation location, int version, double seconds);

    [LoggerMessage(EventId = 610, Level = LogLevel.Debug, Message = "A batch dropped {Events} events as duplicates of an earlier batch that did not commit; prepared again, the fact insert decides")]
    public static partial void EarlierBatchNotCommitted(ILogger logger, int events);

    [LoggerMessage(EventId = 601, Level = LogLevel.Information, Message = "Warehouse {Location}: schema is up to date (version {Version})")]
    public static partial void SchemaUpToDate(ILogger logger, WarehouseLocation location, int version);

    [LoggerMessage(EventId = 602, Level = LogLevel.Debug, Message = "Created fact partition {Partition}")]
    public static partial void PartitionCreated(ILogger logger, string partition);

    [LoggerMessage(EventId = 603, Level = LogLevel.Information, Message = "A batch met events already in the warehouse; the next {Batches} batches probe for stored events before copying")]
    public static partial void DuplicateFallback(ILogger logger, int batches);

    [LoggerMessage(EventId = 604, Level = LogLevel.Warning, Message = "Batch transaction hit {Error}; retrying (attempt {Attempt})")]
    public static partial void Retrying(ILogger logger, string error, int attempt);

    [LoggerMessage(EventId = 605, Level = LogLevel.Debug, Message = "Batch written: {Inserted} inserted, {Duplicates} duplicates, {Rejected} rejected")]
    public static partial void BatchWritten(ILogger logger, int inserted, int duplicates, int rejected);

    [LoggerMessage(EventId = 606, Level = LogLevel.Debug, Message = "DuckDB statement: {Seconds:F2} s in {Calls} calls: {Statement}")]
    public static partial void DuckDbStatementTime(ILogger logger, double seconds, int calls, string statement);

    [LoggerMessage(EventId = 611, Level = LogLevel.Warning, Message = "A trailing transaction (the sessions and funnel progress of a committed batch) failed; the batch stays pending and is recovered before the next write")]
    public static partial void TrailFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 612, Level = LogLevel.Information, Message = "Recovered the sessions and funnel progress of batches left pending: {Batches}")]
    public static partial void DerivedRecovered(ILogger logger, int batches);

    [LoggerMessage(EventId = 613, Level = LogLevel.Debug, Message = "Trailing transactions: {Trails} for {Batches} batches in {Seconds:F2} s of wall time (beside the batch writes)")]
    public static partial void TrailSteps(ILogger logger, int trails, int batches, double seconds);

    [LoggerMessage(EventId = 614, Level = LogLevel.Debug, Message = "Pending derived batches of this process carry owner {Owner} (derived_pending.owner; its advisory lock 7123004, {Owner} is held by backend {Pid})")]
    public static partial void DerivedOwnerTaken(ILogger logger, int owner, int pid);

    [LoggerMessage(EventId = 607, Level = LogLevel.Debug, Message = "Batch writes: {Batches} in {Seconds:F2} s of wall time, by step: {Steps}")]
    public static partial void WriteSteps(ILogger logger, int batches, double seconds, string steps);
}
