using Facet.Core.Enrichment;
using Facet.Core.Events;
using Facet.Core.Parsing;
using Facet.Core.Streams;
using Facet.Storage.Streams;
using Facet.Storage;
using Facet.Streaming.Loading;
using Facet.Streaming.Streams;
using Facet.Streaming.Tests.Processing;
using Facet.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Facet.Streaming.Tests.Loading;

/// <summary><see cref="FileLoader"/> against a real DuckDB warehouse: each batch's checkpoint commits with its rows.</summary>
public sealed class FileLoaderTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task A_load_stopped_during_a_write_finishes_that_write_and_the_next_load_resumes_after_it()
    {
        var (path, script, database) = await ScriptAsync(3_000, "resume");
        long secondInserted, secondRejected, thirdInserted;
        FileLoadResult second;
        await using (var warehouse = await OpenAsync(database))
        {
            // Stop requested as the third batch's write starts: that write is never cancelled midway, then the loop stops.
            using var stop = new CancellationTokenSource();
            var stopping = new StopOnWrite(warehouse, writes: 3, stop);
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Loader(stopping).LoadAsync(path, null, stop.Token));

            second = await Loader(warehouse).LoadAsync(path, null, CancellationToken.None);
            (secondInserted, secondRejected) = (second.Inserted, second.Rejected);
            thirdInserted = (await Loader(warehouse).LoadAsync(path, null, CancellationToken.None)).Inserted;
        }

        // The third batch committed with its checkpoint: the next load starts after its last line.
        Assert.Equal(1_500, second.SkippedLines);
        Assert.Equal(script.Lines.Count, second.Lines);
        Assert.Equal(0, thirdInserted);
        var probe = WarehouseProbe.DuckDb(database);
        Assert.Equal(script.DistinctValidIds, await probe.ScalarAsync("SELECT count(*) FROM fact_events"));
        Assert.Equal(script.Malformed, await probe.ScalarAsync("SELECT count(*) FROM bad_events"));
        Assert.True(secondInserted < script.DistinctValidIds);
        Assert.True(secondRejected < script.Malformed);
    }

    [Fact]
    public async Task A_load_whose_trailing_writes_meet_the_warehouse_down_still_returns_its_committed_result()
    {
        var (path, script, database) = await ScriptAsync(1_200, "flushdown");
        FileLoadResult result;
        await using (var warehouse = await OpenAsync(database))
        {
            var failing = new FlushFailingWarehouse(warehouse);
            result = await Loader(failing).LoadAsync(path, null, CancellationToken.None);
            Assert.Equal(1, failing.Flushes);
        }

        // The facts and checkpoints committed batch by batch; only the derived rows' flush failed (a warning).
        Assert.Equal(script.DistinctValidIds, result.Inserted);
        Assert.Equal(script.DistinctValidIds, await WarehouseProbe.DuckDb(database).FactsAsync());
    }

    // Issue 22: the loader reuses its line buffer batch after batch; a decoder may hand a rejection's raw bytes on
    // uncopied (the Avro decoders do), so each must still hold its own line after later batches overwrote the buffer.
    /// <summary>
    /// The line chunks are reused for each part a batch is decoded in: by later batches (one part per batch), and within
    /// a batch (40-line parts of 150-line batches). A rejection that kept the message's own memory would read later lines.
    /// </summary>
    [Theory]
    [InlineData(8_192)]
    [InlineData(40)]
    public async Task Rejected_lines_keep_their_own_bytes_when_the_line_buffer_is_reused_by_later_parts(int decodePartLines)
    {
        var (path, script, database) = await ScriptAsync(2_000, "reuse");
        FileLoadResult result;
        await using (var warehouse = await OpenAsync(database))
        {
            var clickstream = new ClickstreamDecoder(new EventParser(new ParserOptions()), StreamProcessorHarness.SharedEnricher.Value);
            var stream = new StreamDefinition<EnrichedEvent>(StreamNames.Clickstream, ["file"], new UncopiedRejections(clickstream));
            var loader = new FileLoader(warehouse, stream, new FileLoadOptions { MaxBatch = 150, DecodePartLines = decodePartLines }, ParserOptions.DefaultMaxMessageBytes, NullLogger<FileLoader>.Instance);
            result = await loader.LoadAsync(path, null, CancellationToken.None);
        }

        var probe = WarehouseProbe.DuckDb(database);
        var rows = await probe.QueryAsync("SELECT source_offset, hex(raw) FROM bad_events ORDER BY source_offset");
        Assert.Equal(script.Malformed, rows.Count);
        Assert.Equal(script.Malformed, result.Rejected);
        foreach (var row in rows)
        {
            var line = Convert.ToInt32(row[0], System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(Convert.ToHexString(script.Lines[line - 1]), (string)row[1]!);
        }

        Assert.Equal(script.DistinctValidIds, await probe.FactsAsync());
    }

    /// <summary>The clickstream's decoder, except that a rejection's raw bytes are the message's own memory, not a copy.</summary>
    private sealed class UncopiedRejections(ClickstreamDecoder inner) : IRecordDecoder<EnrichedEvent>
    {
        public Decoded<EnrichedEvent> Decode(ReadOnlyMemory<byte> value, SourcePosition position)
        {
            var decoded = inner.Decode(value, position);
            return decoded.IsAccepted ? decoded : Decoded<EnrichedEvent>.Rejected(decoded.Rejection with { Raw = value });
        }
    }

    /// <summary>A script of <paramref name="count"/> generated lines written to a file, and where its DuckDB warehouse goes.</summary>
    private async Task<(string Path, EventScript Script, string Database)> ScriptAsync(int count, string seed)
    {
        var path = _directory.File("events.ndjson");
        var script = TestEvents.Script(count, seed);
        await script.WriteNdjsonAsync(path);
        return (path, script, _directory.File("warehouse.duckdb"));
    }

    private static async Task<IWarehouse> OpenAsync(string path)
    {
        var warehouse = await WarehouseFactory.OpenAsync(WarehouseLocation.Parse("duckdb:" + path), new WarehouseOptions(), NullLoggerFactory.Instance, CancellationToken.None);
        await warehouse.MigrateAsync(CancellationToken.None);
        return warehouse;
    }

    private static FileLoader Loader(IWarehouse warehouse) =>
        new(warehouse, StreamProcessorHarness.CreateClickstream().Streams[0], new FileLoadOptions { MaxBatch = 500 }, ParserOptions.DefaultMaxMessageBytes, NullLogger<FileLoader>.Instance);

    /// <summary>A real warehouse that requests a stop when the loader starts its Nth write.</summary>
    private sealed class StopOnWrite(IWarehouse inner, int writes, CancellationTokenSource stop) : WrappedWarehouse(inner)
    {
        private int _writes;

        public override Task<BatchWriteResult> WriteBatchAsync(WarehouseBatch batch, CancellationToken ct)
        {
            if (++_writes == writes)
            {
                stop.Cancel();
            }

            return Inner.WriteBatchAsync(batch, ct);
        }

        // The test disposes the real warehouse itself.
        public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
