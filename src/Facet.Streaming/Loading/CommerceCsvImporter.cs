using System.Globalization;
using System.IO.Hashing;
using System.Text;
using Facet.Core.Commerce;
using Facet.Core.Commerce.Csv;
using Facet.Core.Events;
using Facet.Core.Streams;
using Facet.Storage;
using Facet.Streaming.Processing;
using Microsoft.Extensions.Logging;

namespace Facet.Streaming.Loading;

/// <summary>
/// <c>facet import csv</c>: Shape B's CSV files (customers, products, transactions, click_stream; the kind told by the
/// header) into the commerce star schema through the same decoders and writers as the entity streams, so a row gets
/// the same record or the same reject reason as the stream message it mirrors.
/// <para>
/// Two threads: this one reads, splits and decodes rows and prepares each batch for its writer; the write pipeline
/// writes the previous batch (PostgreSQL: binary COPY; DuckDB: its appender) on a pool thread, one in flight. Each
/// batch's transaction also moves the file's checkpoint (group <see cref="CsvImportOptions.CheckpointGroup"/>, topic =
/// <see cref="CheckpointKey"/>, offset = the next line), so a crash resumes at the last committed row, and the last
/// batch sets it to <see cref="Complete"/>: importing the file again reads nothing.
/// </para>
/// <para>
/// DuckDB's own <c>read_csv</c> is not used for the import: the rows still have to go through the decoders (Python-literal
/// metadata, lenient enums and times, every reject reason and its line), which SQL would have to copy rule by rule and
/// could not keep identical; and with 2 cores the appender pipeline already turns the decoding, not the engine, into the
/// limit. BENCHMARKS.md ("Issue 18: CSV import") shows the raw read_csv beside it.
/// </para>
/// </summary>
public sealed class CommerceCsvImporter
{
    /// <summary>The checkpoint of a file imported to its end.</summary>
    public const long Complete = long.MaxValue;

    private readonly IWarehouse _warehouse;
    private readonly CsvImportOptions _options;
    private readonly ILogger _logger;

    public CommerceCsvImporter(IWarehouse warehouse, CsvImportOptions options, ILogger<CommerceCsvImporter> logger)
    {
        ArgumentNullException.ThrowIfNull(warehouse);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxBatch, 1);
        _warehouse = warehouse;
        _options = options;
        _logger = logger;
    }

    /// <summary>The stream (and tables) a kind of file loads into.</summary>
    public static string StreamOf(CommerceCsvKind kind) => kind switch
    {
        CommerceCsvKind.Customers => CommerceTopics.Customers,
        CommerceCsvKind.Products => CommerceTopics.Products,
        CommerceCsvKind.Transactions => CommerceTopics.Transactions,
        _ => CommerceTopics.ClickStream,
    };

    /// <summary>
    /// A file's identity for its checkpoint: full path, size and a 64-bit XXH3 of its content. A file rewritten in place
    /// is a new file (imported again; rows already stored are still skipped by their entity key).
    /// </summary>
    public static async Task<string> CheckpointKey(string path, CancellationToken ct)
    {
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan | FileOptions.Asynchronous);
        var hash = new XxHash3();
        var buffer = new byte[1 << 20];
        int read;
        while ((read = await file.ReadAsync(buffer, ct)) > 0)
        {
            hash.Append(buffer.AsSpan(0, read));
        }

        return string.Create(CultureInfo.InvariantCulture, $"csv:{Path.GetFullPath(path)}#{file.Length}#{hash.GetCurrentHashAsUInt64():x16}");
    }

    /// <summary>Tells a file's kind from its header; throws <see cref="CommerceCsvException"/> when it fits none.</summary>
    public static CommerceCsvKind KindOf(string path, CsvImportOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        using var reader = CommerceCsvReader.Open(path, options.Decoder);
        return reader.Kind;
    }

    public async Task<CsvImportResult> ImportAsync(string path, IProgress<FileLoadProgress>? progress, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var key = await CheckpointKey(path, ct);
        var stored = await _warehouse.ReadCheckpointsAsync(_options.CheckpointGroup, key, ct);
        var next = stored.TryGetValue(0, out var value) ? value : CheckpointAdvance.None;
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16, FileOptions.SequentialScan);
        using var reader = CommerceCsvReader.Create(new StreamReader(file, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16), path, _options.Decoder);
        var stream = StreamOf(reader.Kind);
        if (next == Complete)
        {
            progress?.Report(new FileLoadProgress(path, file.Length, file.Length, 0, 0));
            return new CsvImportResult(path, stream, AlreadyImported: true, 0, 0, 0, 0, 0);
        }

        if (next > 0)
        {
            reader.SkipRowsBefore(next);
        }

        var import = new FileImport(this, path, key, stream, reader, file, next, progress);
        return reader.Kind switch
        {
            CommerceCsvKind.Customers => await import.RunAsync(reader.ReadCustomers(), ct),
            CommerceCsvKind.Products => await import.RunAsync(reader.ReadProducts(), ct),
            CommerceCsvKind.Transactions => await import.RunAsync(reader.ReadOrders(), ct),
            _ => await import.RunAsync(reader.ReadClickEvents(), ct),
        };
    }

    /// <summary>One file's import: its counters and the checkpoint it last committed.</summary>
    private sealed class FileImport(CommerceCsvImporter owner, string path, string key, string stream, CommerceCsvReader reader, FileStream file, long next, IProgress<FileLoadProgress>? progress)
    {
        private readonly WritePipeline _pipeline = new(owner._warehouse, new WarehouseRetry(owner._options.MaxRetryBackoff, owner._logger));
        private readonly long _resumedAt = Math.Max(0, next);
        private long _next = next;
        private long _rows;
        private long _inserted;
        private long _duplicates;
        private long _rejected;

        public async Task<CsvImportResult> RunAsync<TRecord>(IEnumerable<Decoded<TRecord>> rows, CancellationToken ct)
            where TRecord : class
        {
            var writer = owner._warehouse.Writer<TRecord>(stream);
            var max = owner._options.MaxBatch;
            var records = new List<TRecord>(max);
            var rejections = new List<Rejection>();

            // Prepares the batch here (overlapping the write in flight), then hands it to the pipeline once that write committed.
            async Task StartAsync(bool last)
            {
                var prepared = writer.Prepare(records);
                await FinishAsync(ct);
                ct.ThrowIfCancellationRequested();
                var target = last ? Complete : reader.NextLine;
                var batch = new WarehouseBatch([prepared], rejections, [new CheckpointAdvance(owner._options.CheckpointGroup, key, 0, _next, target)])
                {
                    Info = new BatchInfo(owner._options.WorkerId, records.Count + rejections.Count, null, DateTimeOffset.UtcNow),
                };
                var pending = new PendingWrite(batch, records.Count + rejections.Count, (target, reader.NextLine));
                records = new List<TRecord>(max);
                rejections = [];
                await _pipeline.StartAsync(pending);
            }

            foreach (var row in rows)
            {
                if (ct.IsCancellationRequested)
                {
                    // A stop finishes the write in flight (never cut midway); the next import resumes right after it.
                    await FinishAsync(ct);
                    ct.ThrowIfCancellationRequested();
                }

                _rows++;
                if (row.IsAccepted)
                {
                    records.Add(row.Record);
                }
                else
                {
                    rejections.Add(row.Rejection);
                }

                if (records.Count + rejections.Count >= max)
                {
                    await StartAsync(last: false);
                }
            }

            // The last batch (possibly empty) marks the file complete in the same transaction as its rows.
            await StartAsync(last: true);
            await FinishAsync(ct);
            return new CsvImportResult(path, stream, AlreadyImported: false, _resumedAt, _rows, _inserted, _duplicates, _rejected);
        }

        private async Task FinishAsync(CancellationToken ct)
        {
            var outcome = await _pipeline.FinishAsync(delay => Task.Delay(delay, ct), static write => write, giveUpAfter: owner._options.RetryTimeout);
            if (outcome is null)
            {
                return;
            }

            if (outcome.Kind != WriteOutcomeKind.Committed)
            {
                throw outcome.Error!;
            }

            var (target, line) = ((long, long))outcome.Write.Tag!;
            _next = target;
            _inserted += outcome.Result!.Inserted;
            _duplicates += outcome.Result.Duplicates;
            _rejected += outcome.Result.Rejected;
            LoadingLog.BatchLoaded(owner._logger, path, line - 1, outcome.Result.Inserted, outcome.Duration.TotalMilliseconds);
            progress?.Report(new FileLoadProgress(path, file.Position, file.Length, _rows, _inserted));
        }
    }
}
