using Facet.Core.Commerce;
using Facet.Testing;

namespace Facet.Storage.Tests.Warehouse;

/// <summary>The batch log the report cache's data version is read from (issue 20), pruned as batches commit.</summary>
public abstract partial class WarehouseContractTests
{
    [Fact]
    public async Task Pruning_the_batch_log_keeps_each_familys_newest_batch_so_its_data_version_never_falls_back()
    {
        var clock = new ManualClock(new DateTimeOffset(2024, 6, 15, 10, 0, 0, TimeSpan.Zero));
        var w = await OpenAsync(new WarehouseOptions { TimeProvider = clock, BatchLogRetention = TimeSpan.FromMinutes(30) });
        BatchInfo Info() => new("w1", 1, null, clock.GetUtcNow());

        // A commerce batch, then only clickstream batches for hours: the commerce row is older than the retention,
        // but it is the newest of its family, so it stays (else the family's version would fall back to 0 and a cache
        // entry keyed by that old version could be served again).
        var customers = w.Writer<Customer>(CommerceTopics.Customers).Prepare([CommerceTestRecords.Customer("c1")]);
        await w.WriteBatchAsync(new WarehouseBatch([customers], [], []) with { Info = Info() }, CancellationToken.None);
        clock.Now = clock.Now.AddHours(2);
        await w.WriteBatchAsync(TestEvents.Batch(TestEvents.Event("a")) with { Info = Info() }, CancellationToken.None);
        clock.Now = clock.Now.AddHours(2);
        await w.WriteBatchAsync(TestEvents.Batch(TestEvents.Event("b")) with { Info = Info() }, CancellationToken.None);

        // Families: 1 clickstream, 2 commerce, 4 windows (every stream batch also writes windows).
        var rows = await QueryAsync(w, "SELECT families, committed_at FROM pipeline_batches ORDER BY batch_id");
        Assert.Equal([["6", "2024-06-15 10:00:00"], ["5", "2024-06-15 14:00:00"]], rows);
    }
}
