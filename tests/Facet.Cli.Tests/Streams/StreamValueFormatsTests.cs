using Facet.Cli.Streams;
using Facet.Core.Commerce;
using Facet.Core.Streams;

namespace Facet.Cli.Tests.Streams;

public sealed class StreamValueFormatsTests
{
    private static readonly IReadOnlyList<string> Selected = [StreamNames.Clickstream, .. CommerceTopics.All];

    [Fact]
    public void Nothing_given_is_json_everywhere()
    {
        Assert.All(StreamValueFormats.Parse(null, Selected).Values, f => Assert.Equal(ValueFormat.Json, f));
    }

    [Fact]
    public void A_bare_format_sets_every_stream_with_an_avro_schema_and_leaves_the_clickstream_json()
    {
        var formats = StreamValueFormats.Parse("avro", Selected);

        Assert.Equal(ValueFormat.Json, formats[StreamNames.Clickstream]);
        Assert.All(CommerceTopics.All, t => Assert.Equal(ValueFormat.Avro, formats[t]));
    }

    [Fact]
    public void Per_stream_entries_override_what_came_before_them()
    {
        var formats = StreamValueFormats.Parse("avro, system_logs=json,customers=JSON", Selected);

        Assert.Equal(
            CommerceTopics.All.Where(t => t is not (CommerceTopics.SystemLogs or CommerceTopics.Customers)).Order(),
            formats.Where(f => f.Value == ValueFormat.Avro).Select(f => f.Key).Order());
    }

    [Fact]
    public void The_commerce_alias_sets_the_selected_commerce_streams_only()
    {
        var formats = StreamValueFormats.Parse("commerce=avro", [StreamNames.Clickstream, CommerceTopics.Transactions]);

        Assert.Equal(2, formats.Count);
        Assert.Equal(ValueFormat.Avro, formats[CommerceTopics.Transactions]);
        Assert.Equal(ValueFormat.Json, formats[StreamNames.Clickstream]);
    }

    [Fact]
    public void Avro_on_a_selection_without_a_registry_is_a_usage_error_naming_the_flag()
    {
        var catalog = new StreamCatalog(() => throw new InvalidOperationException("no enricher for commerce streams"));

        var error = Assert.Throws<UsageException>(() => catalog.Select("transactions", null, "avro", registry: null));

        Assert.Contains("--schema-registry URL", error.Message, StringComparison.Ordinal);
    }
}
