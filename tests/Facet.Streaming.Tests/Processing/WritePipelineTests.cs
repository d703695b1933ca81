using Facet.Storage;
using Facet.Storage.Streams;
using Facet.Streaming.Processing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Facet.Streaming.Tests.Processing;

public sealed class WritePipelineTests
{
    /// <summary>
    /// A loader awaits the finished write, starts the next and goes on reading and decoding. Without a synchronization
    /// context (as in <c>facet load</c> and <c>facet run</c>) it resumes inside the call that completed the write, whose
    /// frames still hold the committed batch; <see cref="WritePipeline.StartAsync"/> must hand it a fresh stack, so that
    /// call returns before the loader does anything else. Here the loader waits for that call to return: nested inside
    /// it, the wait can only time out.
    /// </summary>
    [Fact]
    public async Task After_starting_the_next_write_the_caller_no_longer_runs_inside_the_finished_writes_completion()
    {
        // The loader resumes inside the completing call only if the write was waiting on the completion when it came (a
        // race with the pool thread that starts the write): tried, each time giving that thread longer, until it did, so
        // the check below is the nested case.
        for (var attempt = 1; attempt <= 20; attempt++)
        {
            var settle = TimeSpan.FromMilliseconds(20 * attempt);
            var (resumedInsideCompletion, completionReturnedFirst) = await Task.Run(() => RunOnceAsync(settle));
            if (resumedInsideCompletion)
            {
                Assert.True(completionReturnedFirst, "the loader went on inside the write's completion (it keeps the committed batch alive)");
                return;
            }
        }

        Assert.Fail("the finished write never resumed its caller inside the completing call");
    }

    // Without a synchronization context (Task.Run), as in `facet load` and `facet run`: xunit's would post every continuation.
    private static async Task<(bool ResumedInsideCompletion, bool CompletionReturnedFirst)> RunOnceAsync(TimeSpan settle)
    {
        var warehouse = new CompletedByTestWarehouse();
        var pipeline = new WritePipeline(warehouse, new WarehouseRetry(TimeSpan.FromSeconds(1), NullLogger.Instance));
        pipeline.Start(Write());
        using var completionReturned = new ManualResetEventSlim();
        var completer = Environment.CurrentManagedThreadId;
        var resumedInside = false;

        async Task<bool> LoaderAsync()
        {
            var outcome = await pipeline.FinishAsync(_ => Task.CompletedTask, static write => write);
            resumedInside = Environment.CurrentManagedThreadId == completer && !completionReturned.IsSet;
            Assert.Equal(WriteOutcomeKind.Committed, outcome!.Kind);
            await pipeline.StartAsync(Write());
            return !resumedInside || completionReturned.Wait(TimeSpan.FromSeconds(10));
        }

        // Returns at the loader's first pending await (the write is not complete): its continuation is registered.
        var loader = LoaderAsync();
        Assert.True(warehouse.Started.Wait(TimeSpan.FromSeconds(30)));
        Thread.Sleep(settle); // the pool thread goes on to wait for the write's task
        warehouse.CompleteFirstWrite();
        completionReturned.Set();
        var returnedFirst = await loader;
        return (resumedInside, returnedFirst);
    }

    private static PendingWrite Write() => new(new WarehouseBatch([], [], []), 1);

    /// <summary>The first write completes when the test says so, on the test's thread; later ones at once.</summary>
    private sealed class CompletedByTestWarehouse : IWarehouse
    {
        // Continuations run inline on completion, as an async write's do when its last statement returns.
        private readonly TaskCompletionSource<BatchWriteResult> _first = new();
        private int _writes;

        public ManualResetEventSlim Started { get; } = new();

        public WarehouseLocation Location => throw new NotSupportedException();

        public void CompleteFirstWrite() => _first.SetResult(new BatchWriteResult(1, 0, 0));

        public Task<BatchWriteResult> WriteBatchAsync(WarehouseBatch batch, CancellationToken ct)
        {
            if (Interlocked.Increment(ref _writes) != 1)
            {
                return Task.FromResult(new BatchWriteResult(1, 0, 0));
            }

            Started.Set();
            return _first.Task;
        }

        public Task FlushAsync(CancellationToken ct) => Task.CompletedTask;

        public Task MigrateAsync(CancellationToken ct) => throw new NotSupportedException();

        public IStreamWriter<TRecord> Writer<TRecord>(string stream)
            where TRecord : class => throw new NotSupportedException();

        public Task<IReadOnlyDictionary<int, long>> ReadCheckpointsAsync(string consumerGroup, string topic, CancellationToken ct) =>
            throw new NotSupportedException();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
