using System.Text.Json;
using Facet.Core.Commerce;
using Facet.Core.Streams;
using FsCheck.Xunit;
using static Facet.Core.Tests.Commerce.ShapeASamples;

namespace Facet.Core.Tests.Commerce;

/// <summary>Any record Facet writes in its JSON form decodes back equal.</summary>
public sealed class CommerceRoundTripPropertyTests
{
    [Property(MaxTest = 300)]
    public void A_customer_round_trips(int seed) => RoundTrip(new RandomRecords(seed).Customer(), CommerceJsonWriter.Write, new CustomerDecoder(Options));

    [Property(MaxTest = 300)]
    public void A_product_round_trips(int seed) => RoundTrip(new RandomRecords(seed).Product(), CommerceJsonWriter.Write, new ProductDecoder(Options));

    [Property(MaxTest = 300)]
    public void An_order_round_trips(int seed) => RoundTrip(new RandomRecords(seed).Order(), CommerceJsonWriter.Write, new OrderDecoder(Options));

    [Property(MaxTest = 300)]
    public void A_product_view_round_trips(int seed) => RoundTrip(new RandomRecords(seed).ProductView(), CommerceJsonWriter.Write, new ProductViewDecoder(Options));

    [Property(MaxTest = 300)]
    public void A_user_interaction_round_trips(int seed) => RoundTrip(new RandomRecords(seed).UserInteraction(), CommerceJsonWriter.Write, new UserInteractionDecoder(Options));

    [Property(MaxTest = 300)]
    public void A_click_event_round_trips(int seed) => RoundTrip(new RandomRecords(seed).ClickEvent(), CommerceJsonWriter.Write, new ClickEventDecoder(Options));

    [Property(MaxTest = 300)]
    public void A_system_log_entry_round_trips(int seed) => RoundTrip(new RandomRecords(seed).SystemLogEntry(), CommerceJsonWriter.Write, new SystemLogDecoder(Options));

    private static void RoundTrip<T>(T record, Action<Utf8JsonWriter, T> write, IRecordDecoder<T> decoder)
        where T : class
    {
        var json = CommerceJsonWriter.ToUtf8(record, write);
        var decoded = decoder.Decode(json, Position);
        Assert.True(decoded.IsAccepted, decoded + " for " + System.Text.Encoding.UTF8.GetString(json));
        Assert.Equal(record, decoded.Record);
    }
}
