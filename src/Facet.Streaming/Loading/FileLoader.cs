using Facet.Core.Events;
using Facet.Core.Input;
using Facet.Storage;
using Facet.Streaming.Avro.Commerce;
using Facet.Streaming.Processing;
using Facet.Streaming.Streams;
using Microsoft.Extensions.Logging;

namespace Facet.Streaming.Loading;

/// <summary>
/// <c>facet load</c>: backfills NDJSON files (.gz allowed) of one stream through the same decode → write pipeline as
/// <c>facet run</c>, one write in flight while the next batch is read and decoded. Each file's position (next line) is
/// checkpointed in the same transaction as its rows, keyed by the file's full path, so loading the same file again
/// loads nothing twice and an interrupted load resumes. Standard input ("-") has no stable identity: it is loaded
/// without a checkpoint (records are still deduplicated by their writer).
/// </summary>
public sealed class FileLoader
{
    private readonly IWarehouse _warehouse;
    private readonly StreamDefinition _stream;
    private readonly FileLoadOptions _options;
    private readonly int _maxLineBytes;
    private readonly ILogger _logger;

    public FileLoader(IWarehouse warehouse, StreamDefinition stream, FileLoadOptions options, int maxLineBytes, ILogger<FileLoader> logger)
    {
        ArgumentNullException.ThrowIfNull(warehouse);
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxBatch, 1);
        _warehouse = warehouse;
        _stream = stream;
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
        if (_options.AvroContainerTopic is { } topic)
        {
            // Avro object container files are read as the NDJSON their records' JSON forms make (one record per line).
            Stream container = key is null ? Console.OpenStandardInput() : file = OpenFile(path);
            totalBytes = file?.Length;
            reader = NdjsonFileReader.FromStream(new AvroContainerNdjsonStream(container, topic), path, _maxLineBytes);
        }
        else if (key is null)
        {
            reader = NdjsonFileReader.Open(path, _maxLineBytes);
        }
        else
        {
            file = OpenFile(path);
            totalBytes = file.Length;
            reader = NdjsonFileReader.FromStream(file, path, _maxLineBytes, gzipHint: path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase));
        }

        var pipeline = new WritePipeline(_warehouse, new WarehouseRetry(_options.MaxRetryBackoff, _logger));
        var registryRetry = new WarehouseRetry(_options.MaxRetryBackoff, _logger, WarehouseRetry.Subject.SchemaRegistry);
        long lines = 0, skipped = 0, inserted = 0, duplicates = 0, rejected = 0, bots = 0;

        // The decoder's asynchronous step (Avro writer schemas from the registry), retried while the registry is down like
        // a warehouse outage: the batch waits, nothing is rejected for it; after RetryTimeout the load stops (exit 1)
        // and the next one resumes from the file's checkpoint.
        async Task PrepareAsync(List<RawMessage> messages)
        {
            while (true)
            {
                try
                {
                    await _stream.PrepareAsync(messages, ct);
                    registryRetry.Succeeded();
                    return;
                }
                catch (Exception ex) when (registryRetry.ShouldRetry(ex, messages.Count, _options.RetryTimeout, out var delay))
                {
                    await Task.Delay(delay, ct);
                }
            }
        }

        // Applies the in-flight write's outcome: the checkpoint and counters move only once it committed.
        async Task FinishAsync()
        {
            var outcome = await pipeline.FinishAsync(delay => Task.Delay(delay, ct), static write => write, giveUpAfter: _options.RetryTimeout);
            if (outcome is null)
            {
                return;
            }

            if (outcome.Kind != WriteOutcomeKind.Committed)
            {
                throw outcome.Error!;
            }

            var (lastLine, decodedBots) = ((long, int))outcome.Write.Tag!;
            if (key is not null)
            {
                next = lastLine + 1;
            }

            inserted += outcome.Result!.Inserted;
            duplicates += outcome.Result.Duplicates;
            rejected += outcome.Result.Rejected;
            bots += decodedBots;
            LoadingLog.BatchLoaded(_logger, path, lastLine, outcome.Result.Inserted, outcome.Duration.TotalMilliseconds);
            progress?.Report(new FileLoadProgress(path, file?.Position ?? 0, totalBytes, lines, inserted));
        }

        using (reader)
        await using (file)
        {
            // A batch is decoded a part at a time (BatchDecoding): its lines are copied into chunks reused per part, so
            // only one part's lines are held, not the whole batch's (issue 22: ~33 MB at 40,000 lines).
            var part = new List<RawMessage>(Math.Min(_options.DecodePartLines, _options.MaxBatch));
            var lineBytes = new LineBuffer();
            BatchDecoding? decoding = null;
            long lastLine = 0;
            while (true)
            {
                if (ct.IsCancellationRequested)
                {
                    // A stop finishes the write in flight (it is never cut midway); the next load resumes after it.
                    await FinishAsync();
                    ct.ThrowIfCancellationRequested();
                }

                var more = reader.TryReadLine(out var line);
                if (more)
                {
                    lines++;
                    if (line.LineNumber < next)
                    {
                        skipped++;
                        continue;
                    }

                    // Line bytes live in the reader's buffer until the next read: the part keeps a copy.
                    part.Add(new RawMessage(lineBytes.Append(line.Bytes.Span), SourcePosition.File(path, line.LineNumber), null, line.IsTruncated ? line.Length : -1));
                    lastLine = line.LineNumber;
                }

                decoding ??= part.Count > 0 ? _stream.StartDecoding(_options.MaxBatch) : null;
                if (decoding is null)
                {
                    if (!more)
                    {
                        break;
                    }

                    continue;
                }

                var batchFull = decoding.Count + part.Count >= _options.MaxBatch;
                if (part.Count > 0 && (part.Count >= _options.DecodePartLines || batchFull || !more))
                {
                    // Decoding overlaps the previous batch's write. Nothing decoded refers to the part's bytes (a
                    // rejection's are copied), so the chunks and the list are reused for the next part.
                    await PrepareAsync(part);
                    decoding.Add(part);
                    lineBytes.Reset();
                    part.Clear();
                }

                if (batchFull || !more)
                {
                    var decoded = decoding.Finish(_warehouse);
                    var count = decoding.Count;
                    decoding = null;
                    // The advance is composed once the previous write committed.
                    await FinishAsync();
                    // A stop asked for while that write ran starts no new one: the next load resumes right after it.
                    ct.ThrowIfCancellationRequested();
                    var advances = key is null
                        ? (IReadOnlyList<CheckpointAdvance>)[]
                        : [new CheckpointAdvance(_options.CheckpointGroup, key, 0, next, lastLine + 1)];
                    var write = new WarehouseBatch([decoded.Rows], decoded.Rejections, advances)
                    {
                        Info = new BatchInfo(_options.WorkerId, count, null, DateTimeOffset.UtcNow),
                    };
                    await pipeline.StartAsync(new PendingWrite(write, count, (lastLine, decoded.Bots)));
                }

                if (!more)
                {
                    break;
                }
            }

            await FinishAsync();
        }

        // The last batches' sessions and funnel progress, when they trail the batches (WarehouseOptions.TrailDerivedWrites).
        // The file's facts are committed: a warehouse gone down now leaves those derived rows pending, as a crash would.
        try
        {
            await _warehouse.FlushAsync(ct);
        }
        catch (Exception ex) when (WarehouseErrors.IsTransient(ex))
        {
            LoadingLog.DerivedRowsLeftPending(_logger, WarehouseRetry.OneLine(ex));
        }
        progress?.Report(new FileLoadProgress(path, totalBytes ?? 0, totalBytes, lines, inserted));
        return new FileLoadResult(path, lines, skipped, inserted, duplicates, rejected, bots);
    }

    private static FileStream OpenFile(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16, FileOptions.SequentialScan);
}
