using Facet.Core.Enrichment;
using Facet.Storage.Internal;

namespace Facet.Storage.Tests.Warehouse;

/// <summary>
/// A batch's rollup rows are counted while it is prepared, in the order its events were decoded, not in the key order
/// the facts are written in (issue 22: a quarter of the count's cost): the rows, their lock order and the device-days
/// must be the same as counted in any other order, split hours of half-hour zones included.
/// </summary>
public sealed class RollupCountTests
{
    public static TheoryData<int, string> Batches => new()
    {
        { 1, "UTC" },
        { 2, "Asia/Kolkata" },        // +05:30: the hour around local midnight falls on two dates
        { 3, "America/New_York" },
        { 4, "Asia/Kathmandu" },      // +05:45
        { 5, "Europe/Berlin" },
    };

    [Theory]
    [MemberData(nameof(Batches))]
    public void The_tally_of_a_batch_is_the_same_in_decode_order_key_order_and_reversed(int seed, string zone)
    {
        var options = new WarehouseOptions { ReportingTimeZone = TimeZoneInfo.FindSystemTimeZoneById(zone) };
        var prepared = PreparedClickstream.Prepare(RandomBatch(seed, 3_000), options, new PrivacyRules(options));
        var decoded = prepared.RollupTally.Resolve(AsMember);

        var keyOrder = prepared.CountRollups(prepared.Events, options.ReportingTimeZone.Id).Resolve(AsMember);
        var reversed = prepared.CountRollups([.. Enumerable.Reverse(prepared.Events)], options.ReportingTimeZone.Id).Resolve(AsMember);

        AssertSameRows(keyOrder, decoded);
        AssertSameRows(keyOrder, reversed);
        for (var t = 0; t < RollupTable.All.Length; t++)
        {
            if (!RollupTable.All[t].Daily)
            {
                Assert.Equal(prepared.Events.Count, decoded.Rows[t].Events.Sum());
            }
        }
    }

    [Fact]
    public void A_split_hour_counts_each_event_on_its_own_local_date()
    {
        // Kolkata is UTC+05:30: 18:00-18:59 UTC holds 23:30-23:59 of one date and 00:00-00:29 of the next.
        var options = new WarehouseOptions { ReportingTimeZone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Kolkata") };
        var t0 = new DateTimeOffset(2026, 11, 15, 18, 0, 0, TimeSpan.Zero);
        EnrichedEvent[] events =
        [
            TestEvents.Event("a", time: t0.AddMinutes(10), productId: "7"),  // 23:40 on the 15th
            TestEvents.Event("b", time: t0.AddMinutes(20), productId: "7"),  // 23:50 on the 15th
            TestEvents.Event("c", time: t0.AddMinutes(40), productId: "7"),  // 00:10 on the 16th
            TestEvents.Event("d", time: t0.AddHours(2), productId: "7"),     // 01:30 on the 16th, a single-date hour
        ];
        var prepared = PreparedClickstream.Prepare(events, options, new PrivacyRules(options));

        var daily = prepared.RollupTally.Resolve(AsMember).Rows[Array.IndexOf(RollupTable.All, RollupTable.ProductDaily)];

        Assert.Equal([20261115, 20261116], daily.DateKeys!);
        Assert.Equal([2L, 2], daily.Events);
    }

    private static EnrichedEvent[] RandomBatch(int seed, int count)
    {
        var random = new Random(seed);
        string? Pick(string?[] values) => values[random.Next(values.Length)];
        string[] collections = ["view_product_detail", "select_product_option", "checkout_success", "add_to_cart_action", "view_listing_page", "product_detail_recommendation_visible"];
        string?[] products = [.. Enumerable.Range(0, 60).Select(i => (string?)("p" + (i * 7919 % 1000))), null, ""];
        string?[] countries = ["DE", "FR", "VN", "US", "IT", "ES", "PL", null];
        string?[] stores = ["glamira.de", "glamira.fr", "glamira.vn", "glamira.com", null];
        string[] browsers = ["Chrome", "Firefox", "Safari", "Mobile Safari", "Edge", "Opera"];
        string[] oses = ["Windows", "Mac OS X", "iOS", "Android", "Linux"];
        string[] referrers = ["google.com", "bing.com", "facebook.com", "glamira.de", "", "t.co", "duckduckgo.com"];
        var start = new DateTimeOffset(2026, 11, 14, 17, 0, 0, TimeSpan.Zero);
        var events = new EnrichedEvent[count];
        for (var i = 0; i < count; i++)
        {
            // Some ids sent twice (in-batch duplicates), times over three days, a few events with nothing known.
            var id = random.Next(20) == 0 && i > 0 ? "e" + random.Next(i) : "e" + i;
            var time = start.AddSeconds(random.Next(3 * 24 * 3600));
            events[i] = random.Next(50) == 0
                ? TestEvents.Bare(id, time)
                : TestEvents.Event(id, time: time, collection: collections[random.Next(collections.Length)], productId: Pick(products),
                    country: Pick(countries), storeDomain: Pick(stores), browser: browsers[random.Next(browsers.Length)],
                    os: oses[random.Next(oses.Length)], bot: random.Next(10) == 0, referrerHost: referrers[random.Next(referrers.Length)],
                    deviceId: random.Next(30) == 0 ? null : "d" + random.Next(300));
        }

        return events;
    }

    private static void AssertSameRows(Rollups expected, Rollups actual)
    {
        for (var t = 0; t < RollupTable.All.Length; t++)
        {
            var (e, a) = (expected.Rows[t], actual.Rows[t]);
            Assert.True(e.Count > 0, RollupTable.All[t].Name);
            Assert.Equal(e.HoursUtc, a.HoursUtc);
            Assert.Equal(e.DateKeys, a.DateKeys);
            Assert.Equal(e.Collections, a.Collections);
            Assert.Equal(e.IsBot, a.IsBot);
            Assert.Equal(e.Key1, a.Key1);
            Assert.Equal(e.Text1, a.Text1);
            Assert.Equal(e.Text2, a.Text2);
            Assert.Equal(e.Events, a.Events);
        }

        Assert.Equal(expected.Devices, actual.Devices);
    }

    private static int AsMember(int dimension, int member) => member;
}
