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
            var batch = new List<RawMessage>(_options.MaxBatch);
            var lineBytes = new LineBuffer();
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

                    // Line bytes live in the reader's buffer until the next read: the batch keeps a copy, in chunks reused per batch.
                    batch.Add(new RawMessage(lineBytes.Append(line.Bytes.Span), SourcePosition.File(path, line.LineNumber), null, line.IsTruncated ? line.Length : -1));
                    lastLine = line.LineNumber;
                }

                if (batch.Count >= _options.MaxBatch || (!more && batch.Count > 0))
                {
                    // Decoding overlaps the previous batch's write; the advance is composed once that write committed.
                    await PrepareAsync(batch);
                    var decoded = KeepRejectedBytes(_stream.Decode(batch, _warehouse), lineBytes);
                    lineBytes.Reset();
                    await FinishAsync();
                    // A stop asked for while that write ran starts no new one: the next load resumes right after it.
                    ct.ThrowIfCancellationRequested();
                    var advances = key is null
                        ? (IReadOnlyList<CheckpointAdvance>)[]
                        : [new CheckpointAdvance(_options.CheckpointGroup, key, 0, next, lastLine + 1)];
                    var write = new WarehouseBatch([decoded.Rows], decoded.Rejections, advances)
                    {
                        Info = new BatchInfo(_options.WorkerId, batch.Count, null, DateTimeOffset.UtcNow),
                    };
                    var pending = new PendingWrite(write, batch.Count, (lastLine, decoded.Bots));
                    // Nothing decoded refers to the raw messages (rejects took copies of their bytes above), so the
                    // list is reused like the line chunks: a new one per batch was a large-object-heap array each time.
                    batch.Clear();
                    await pipeline.StartAsync(pending);
                }

                if (!more)
                {
                    break;
                }
            }

            await FinishAsync();
        }

        progress?.Report(new FileLoadProgress(path, totalBytes ?? 0, totalBytes, lines, inserted));
        return new FileLoadResult(path, lines, skipped, inserted, duplicates, rejected, bots);
    }

    // Decoders keep no reference to a message's bytes, except a rejection's raw bytes, which a decoder may hand on as
    // they came (the Avro decoders do): those are copied before the batch's line buffer is reused.
    private static DecodedStream KeepRejectedBytes(DecodedStream decoded, LineBuffer lineBytes)
    {
        if (!decoded.Rejections.Any(r => lineBytes.Holds(r.Raw)))
        {
            return decoded;
        }

        return decoded with { Rejections = [.. decoded.Rejections.Select(r => lineBytes.Holds(r.Raw) ? r with { Raw = r.Raw.ToArray() } : r)] };
    }

    private static FileStream OpenFile(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16, FileOptions.SequentialScan);
}
