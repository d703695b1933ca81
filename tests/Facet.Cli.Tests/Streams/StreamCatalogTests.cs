using Facet.Cli.Streams;
using Facet.Core.Commerce;

namespace Facet.Cli.Tests.Streams;

public sealed class StreamCatalogTests
{
    // Commerce streams never build the enricher (it loads the enrichment data): a call would fail the test.
    private static readonly StreamCatalog Catalog = new(() => throw new InvalidOperationException("the enricher was built for a commerce stream"));

    [Fact]
    public void The_commerce_alias_selects_the_seven_entity_streams_each_on_its_own_topic()
    {
        var set = Catalog.Select("commerce");

        Assert.Equal(CommerceTopics.All, set.Streams.Select(s => s.Name));
        Assert.All(set.Streams, s => Assert.Equal([s.Name], s.Topics));
    }

    [Fact]
    public void A_stream_named_twice_directly_and_through_the_alias_is_selected_once()
    {
        var set = Catalog.Select("transactions,commerce,customers");

        Assert.Equal([CommerceTopics.Transactions, .. CommerceTopics.All.Where(t => t != CommerceTopics.Transactions)], set.Streams.Select(s => s.Name));
    }

    [Fact]
    public void An_unknown_stream_is_a_usage_error_that_lists_every_known_stream_and_the_alias()
    {
        var error = Assert.Throws<UsageException>(() => Catalog.Select("customers,orders"));

        Assert.Contains("unknown stream 'orders'", error.Message, StringComparison.Ordinal);
        foreach (var name in StreamCatalog.Names)
        {
            Assert.Contains(name, error.Message, StringComparison.Ordinal);
        }

        Assert.Contains("commerce", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_takes_exactly_one_stream_so_the_alias_is_refused_there()
    {
        Assert.Equal(CommerceTopics.SystemLogs, Catalog.One("system_logs").Name);
        Assert.Throws<UsageException>(() => Catalog.One("commerce"));
    }
}
