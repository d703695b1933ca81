using Facet.Core.Commerce;
using Facet.Simulation.Commerce;
using Facet.Storage;
using Facet.Storage.Streams;

namespace Facet.Dashboard.Tests.Commerce;

/// <summary>
/// A generated commerce world (the commerce generator, duplicates and late records included) and its load into a
/// warehouse through the entity streams' writers, one transaction per batch, logged like a processor's batches. The
/// generator ships customers of one country; every customer whose id ends in 7 is moved to <see cref="OtherCountry"/>
/// (all its versions) so that the country picker has something to split.
/// </summary>
public sealed class CommerceWorld
{
    public const string OtherCountry = "Malaysia";

    private CommerceWorld(IReadOnlyList<CommerceItem> items) => Items = items;

    /// <summary>Every message the generator handed out that a decoder accepts (duplicates included, malformed ones not), in order.</summary>
    public IReadOnlyList<CommerceItem> Items { get; }

    public IEnumerable<T> Records<T>() => Items.Select(i => i.Record).OfType<T>();

    /// <summary>Sessions from <paramref name="start"/> until the generator's clock passes <paramref name="end"/>.</summary>
    public static CommerceWorld Generate(long seed, DateTimeOffset start, DateTimeOffset end, double sessionsPerHour = 40)
    {
        var generator = new CommerceGenerator(new CommerceGeneratorOptions
        {
            Seed = seed,
            Start = start,
            Customers = 300,
            Products = 60,
            SessionsPerHour = sessionsPerHour,
            Duplicates = 0.02,
            Late = 0.03,
        });
        var items = new List<CommerceItem>();
        while (generator.Clock < end)
        {
            var item = generator.Next();
            if (item.Kind == CommerceItemKind.Malformed)
            {
                continue;
            }

            items.Add(item.Record is Customer c && c.CustomerId.EndsWith('7') ? item with { Record = c with { HomeCountry = OtherCountry } } : item);
        }

        return new CommerceWorld(items);
    }

    /// <summary>Writes the items (with a warehouse whose loads are stamped by <paramref name="clock"/>) in batches of <paramref name="batchSize"/> messages, each batch logged to pipeline_batches.</summary>
    public Task LoadAsync(IWarehouse warehouse, TimeProvider clock, int batchSize = 2000) => LoadAsync(warehouse, clock, Items, batchSize);

    public static async Task LoadAsync(IWarehouse warehouse, TimeProvider clock, IReadOnlyList<CommerceItem> items, int batchSize = 2000)
    {
        ArgumentNullException.ThrowIfNull(warehouse);
        for (var i = 0; i < items.Count; i += batchSize)
        {
            var chunk = items.Skip(i).Take(batchSize).ToList();
            var streams = new List<StreamRows>();
            foreach (var topic in chunk.Select(c => c.Topic).Distinct().Order(StringComparer.Ordinal))
            {
                var records = chunk.Where(c => c.Topic == topic).Select(c => c.Record).ToList();
                streams.Add(topic switch
                {
                    CommerceTopics.Customers => warehouse.Writer<Customer>(topic).Prepare(records.Cast<Customer>().ToList()),
                    CommerceTopics.Products => warehouse.Writer<Product>(topic).Prepare(records.Cast<Product>().ToList()),
                    CommerceTopics.Transactions => warehouse.Writer<Order>(topic).Prepare(records.Cast<Order>().ToList()),
                    CommerceTopics.ProductViews => warehouse.Writer<ProductView>(topic).Prepare(records.Cast<ProductView>().ToList()),
                    CommerceTopics.UserInteractions => warehouse.Writer<UserInteraction>(topic).Prepare(records.Cast<UserInteraction>().ToList()),
                    CommerceTopics.ClickStream => warehouse.Writer<ClickEvent>(topic).Prepare(records.Cast<ClickEvent>().ToList()),
                    CommerceTopics.SystemLogs => warehouse.Writer<SystemLogEntry>(topic).Prepare(records.Cast<SystemLogEntry>().ToList()),
                    _ => throw new InvalidOperationException($"unknown commerce topic {topic}"),
                });
            }

            var info = new BatchInfo("commerce-test", chunk.Count, 0, clock.GetUtcNow());
            await warehouse.WriteBatchAsync(new WarehouseBatch(streams, [], []) { Info = info }, CancellationToken.None);
        }
    }
}
