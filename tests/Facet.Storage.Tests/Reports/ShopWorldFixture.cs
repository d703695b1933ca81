using Facet.Core.Commerce;
using Facet.Storage.Reports;
using Facet.Storage.Streams;

namespace Facet.Storage.Tests.Reports;

/// <summary>
/// A warehouse loaded once per test class with <see cref="ShopWorld"/>'s messages through the seven commerce stream
/// writers (batches of 2,000 messages, duplicates included, logged to pipeline_batches), and a read-only <see cref="ReportService"/>.
/// </summary>
public abstract class ShopWorldFixture : IAsyncLifetime
{
    private static readonly Lazy<ShopWorld> SharedWorld = new(ShopWorld.Generate);

    private IWarehouse _writer = null!;

    public ShopWorld World => SharedWorld.Value;

    public ReportService Reports { get; private set; } = null!;

    protected abstract Task<WarehouseLocation> CreateLocationAsync();

    protected virtual Task CleanupAsync() => Task.CompletedTask;

    public async Task InitializeAsync()
    {
        var location = await CreateLocationAsync();
        _writer = await WarehouseFactory.OpenAsync(location, new WarehouseOptions(), null, CancellationToken.None);
        await _writer.MigrateAsync(CancellationToken.None);
        foreach (var chunk in World.Messages.Chunk(2000))
        {
            var streams = new List<StreamRows>
            {
                Rows<Customer>(chunk, CommerceTopics.Customers),
                Rows<Product>(chunk, CommerceTopics.Products),
                Rows<Order>(chunk, CommerceTopics.Transactions),
                Rows<ProductView>(chunk, CommerceTopics.ProductViews),
                Rows<UserInteraction>(chunk, CommerceTopics.UserInteractions),
                Rows<ClickEvent>(chunk, CommerceTopics.ClickStream),
                Rows<SystemLogEntry>(chunk, CommerceTopics.SystemLogs),
            };
            await _writer.WriteBatchAsync(new WarehouseBatch(streams, [], []), CancellationToken.None);
        }

        Reports = ReportService.Open(location, readOnly: true);
    }

    private StreamRows Rows<T>((string Topic, object Record)[] chunk, string topic)
        where T : class => _writer.Writer<T>(topic).Prepare(chunk.Where(m => m.Topic == topic).Select(m => (T)m.Record).ToList());

    public async Task DisposeAsync()
    {
        await Reports.DisposeAsync();
        await _writer.DisposeAsync();
        await CleanupAsync();
    }
}
