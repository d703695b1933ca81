using System.Diagnostics;
using Facet.Core.Events;
using Facet.Core.Input;
using Facet.Storage;
using Facet.Streaming.Processing;
using Microsoft.Extensions.Logging;

namespace Facet.Streaming.Loading;

/// <summary>
/// <c>facet load</c>: backfills NDJSON files (.gz allowed) through the same parse → dedupe → enrich → load pipeline as
/// <c>facet run</c>. Each file's position (next line) is checkpointed in the same transaction as its rows, keyed by
/// the file's full path, so loading the same file again loads nothing twice and an interrupted load resumes.
/// Standard input ("-") has no stable identity: it is loaded without a checkpoint (facts are still deduplicated).
/// </summary>
public sealed class FileLoader
{
    private readonly IWarehouse _warehouse;
    private readonly EventBatchProcessor _processor;
    private readonly FileLoadOptions _options;
    private readonly int _maxLineBytes;
    private readonly ILogger _logger;

    public FileLoader(IWarehouse warehouse, EventBatchProcessor processor, FileLoadOptions options, int maxLineBytes, ILogger<FileLoader> logger)
    {
        ArgumentNullException.ThrowIfNull(warehouse);
        ArgumentNullException.ThrowIfNull(processor);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxBatch, 1);
        _warehouse = warehouse;
        _processor = processor;
        _options = options;
        _maxLineBytes = maxLineBytes;
        _logger = logger;
    }

    /// <summary>The checkpoint topic of a file: its full path (standard input has none).</summary>
    public static string? CheckpointKey(string path) =>
        path == NdjsonFileReader.StandardInputPath ? null : "file:" + Path.GetFullPath(path);

    public async Task<FileLoadResult> LoadAsync(string path, IProgress<FileLoadProgress>? progress, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var key = CheckpointKey(path);
        long next = CheckpointAdvance.None;
        if (key is not null)
        {
            var stored = await _warehouse.ReadCheckpointsAsync(_options.CheckpointGroup, key, ct);
            next = stored.TryGetValue(0, out var value) ? value : CheckpointAdvance.None;
        }

        FileStream? file = null;
        NdjsonFileReader reader;
        long? totalBytes = null;
        if (key is null)
        {
            reader = NdjsonFileReader.Open(path, _maxLineBytes);
        }
        else
        {
            file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16, FileOptions.SequentialScan);
            totalBytes = file.Length;
            reader = NdjsonFileReader.FromStream(file, path, _maxLineBytes, gzipHint: path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase));
        }

        long lines = 0, skipped = 0, inserted = 0, duplicates = 0, rejected = 0, bots = 0;
        using (reader)
        await using (file)
        {
            var batch = new List<RawMessage>(_options.MaxBatch);
            long lastLine = 0;
            while (true)
            {
                ct.ThrowIfCancellationRequested();
                var more = reader.TryReadLine(out var line);
                if (more)
                {
                    lines++;
                    if (line.LineNumber < next)
                    {
                        skipped++;
                        continue;
                    }

                    // Line bytes live in the reader's buffer until the next read: the batch keeps a copy.
                    batch.Add(new RawMessage(line.Bytes.ToArray(), SourcePosition.File(path, line.LineNumber), null, line.IsTruncated ? line.Length : -1));
                    lastLine = line.LineNumber;
                }

                if (batch.Count >= _options.MaxBatch || (!more && batch.Count > 0))
                {
                    var started = Stopwatch.GetTimestamp();
                    var processed = _processor.Process(batch);
                    var advances = key is null
                        ? (IReadOnlyList<CheckpointAdvance>)[]
                        : [new CheckpointAdvance(_options.CheckpointGroup, key, 0, next, lastLine + 1)];
                    var write = new WarehouseBatch(processed.Events, processed.Rejections, advances)
                    {
                        Info = new BatchInfo(_options.WorkerId, batch.Count, null, DateTimeOffset.UtcNow),
                    };
                    var result = await WriteWithRetryAsync(write, ct);
                    if (key is not null)
                    {
                        next = lastLine + 1;
                    }

                    inserted += result.Inserted;
                    duplicates += result.Duplicates + processed.DuplicatesInBatch;
                    rejected += result.Rejected;
                    bots += processed.Bots;
                    batch.Clear();
                    LoadingLog.BatchLoaded(_logger, path, lastLine, result.Inserted, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    progress?.Report(new FileLoadProgress(path, file?.Position ?? 0, totalBytes, lines, inserted));
                }

                if (!more)
                {
                    break;
                }
            }
        }

        progress?.Report(new FileLoadProgress(path, totalBytes ?? 0, totalBytes, lines, inserted));
        return new FileLoadResult(path, lines, skipped, inserted, duplicates, rejected, bots);
    }

    private async Task<BatchWriteResult> WriteWithRetryAsync(WarehouseBatch batch, CancellationToken ct)
    {
        var backoff = new CappedBackoff(_options.MaxRetryBackoff);
        var since = Stopwatch.GetTimestamp();
        var failing = false;
        while (true)
        {
            try
            {
                var result = await _warehouse.WriteBatchAsync(batch, CancellationToken.None);
                if (failing)
                {
                    LoadingLog.WarehouseRecovered(_logger, Stopwatch.GetElapsedTime(since).TotalSeconds);
                }

                return result;
            }
            catch (Exception ex) when (WarehouseErrors.IsTransient(ex) && Stopwatch.GetElapsedTime(since) < _options.RetryTimeout)
            {
                if (!failing)
                {
                    failing = true;
                    LoadingLog.WarehouseUnavailable(_logger, ex.Message.ReplaceLineEndings(" "));
                }

                await Task.Delay(backoff.Next(), ct);
            }
        }
    }
}
