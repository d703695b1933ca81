using Facet.Core.Enrichment;
using Facet.Core.Enrichment.Internal;

namespace Facet.Core.Tests.Enrichment;

public sealed class Ipv4LocationCacheTests
{
    private static readonly object Files = new();

    [Theory]
    [InlineData("0.0.0.0", 0u)]
    [InlineData("8.8.8.8", 0x08080808u)]
    [InlineData("81.169.145.105", 0x51A99169u)]
    [InlineData("255.255.255.255", 0xFFFFFFFFu)]
    [InlineData("10.0.200.9", 0x0A00C809u)]
    public void Canonical_dotted_quads_parse_to_their_address(string text, uint expected)
    {
        Assert.True(Ipv4LocationCache.TryParse(text, out var address));
        Assert.Equal(expected, address);
    }

    [Theory]
    [InlineData("")]
    [InlineData("1.2.3")]
    [InlineData("1.2.3.4.5")]
    [InlineData("01.2.3.4")] // zero-padded: the general parser decides what it means
    [InlineData("1.2.3.00")]
    [InlineData("256.1.1.1")]
    [InlineData("1.2.3.1000")]
    [InlineData(" 8.8.8.8")]
    [InlineData("8.8.8.8 ")]
    [InlineData("8.8.8.8:443")]
    [InlineData("8.8.8.8, 10.0.0.1")]
    [InlineData("::ffff:8.8.8.8")]
    [InlineData("1..2.3")]
    [InlineData("1.2.3.")]
    [InlineData(".1.2.3")]
    [InlineData("+1.2.3.4")]
    [InlineData("1.2.3.4\u0660")]
    public void Any_other_text_is_left_to_the_general_parser(string text)
    {
        Assert.False(Ipv4LocationCache.TryParse(text, out _));
    }

    [Theory]
    [InlineData(1, 64)]
    [InlineData(100_000, 262_144)]
    [InlineData(131_072, 262_144)]
    [InlineData(1 << 30, Ipv4LocationCache.MaxSlots)]
    [InlineData(int.MaxValue, Ipv4LocationCache.MaxSlots)] // twice the capacity does not overflow into a tiny table
    public void The_slots_are_twice_the_capacity_rounded_up_within_bounds(int capacity, int slots)
    {
        Assert.Equal(slots, new Ipv4LocationCache(capacity, Files).SlotCount);
    }

    [Fact]
    public void An_added_address_is_found_and_equal_locations_share_one_instance()
    {
        var cache = new Ipv4LocationCache(1_000, Files);
        var berlin = cache.Add(1, City("Berlin"), Files);
        var again = cache.Add(2, City("Berlin"), Files);

        Assert.Same(berlin, again);
        Assert.True(cache.TryGet(1, out var first));
        Assert.True(cache.TryGet(2, out var second));
        Assert.Same(berlin, first);
        Assert.Same(berlin, second);
        Assert.False(cache.TryGet(3, out _));
    }

    [Fact]
    public void Far_more_addresses_than_slots_evict_some_but_every_hit_is_the_address_own_location()
    {
        var cache = new Ipv4LocationCache(64, Files);
        var hits = 0;
        for (uint i = 0; i < 20_000; i++)
        {
            // A stream of new addresses, each followed by one of the last few again (a visitor's next event).
            foreach (var address in new[] { i * 7919, (i - (i % 5)) * 7919 })
            {
                if (cache.TryGet(address, out var found))
                {
                    Assert.Equal(CityOf(address), found);
                    hits++;
                }
                else
                {
                    Assert.Equal(CityOf(address), cache.Add(address, CityOf(address), Files));
                }
            }
        }

        Assert.InRange(cache.Count, 1, 128);
        Assert.InRange(hits, 10_000, 20_000);
    }

    [Fact]
    public void A_reset_drops_every_address_and_keeps_no_location_of_the_files_before_it()
    {
        var cache = new Ipv4LocationCache(1_000, Files);
        cache.Add(1, City("Berlin"), Files);
        var reloaded = new object();
        cache.Reset(reloaded);

        Assert.False(cache.TryGet(1, out _));
        var stale = City("Paris");
        Assert.Same(stale, cache.Add(2, stale, Files)); // located in the files before the reload: returned, not kept
        Assert.False(cache.TryGet(2, out _));
        cache.Add(2, City("Rome"), reloaded);
        Assert.True(cache.TryGet(2, out var rome));
        Assert.Equal("Rome", rome.City);
    }

    [Fact]
    public void More_distinct_locations_than_the_capacity_start_the_cache_over_without_wrong_answers()
    {
        var cache = new Ipv4LocationCache(100, Files);
        for (uint address = 0; address < 1_000; address++)
        {
            cache.Add(address, CityOf(address), Files);
            Assert.True(cache.TryGet(address, out var found));
            Assert.Equal(CityOf(address), found);
        }

        Assert.InRange(cache.Count, 1, 100);
    }

    [Fact]
    public void Readers_and_writers_on_several_threads_only_ever_see_an_address_own_location()
    {
        var cache = new Ipv4LocationCache(2_000, Files);
        var wrong = 0;
        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 4 }, worker =>
        {
            var random = new Random(worker);
            for (var i = 0; i < 50_000; i++)
            {
                var address = (uint)random.Next(20_000);
                if (cache.TryGet(address, out var found))
                {
                    if (!Equals(found, CityOf(address % 500)))
                    {
                        Interlocked.Increment(ref wrong);
                    }
                }
                else
                {
                    cache.Add(address, CityOf(address % 500), Files);
                }
            }
        });

        Assert.Equal(0, wrong);
    }

    [Fact]
    public void The_geolocator_answers_every_address_as_its_database_does_first_time_and_cached()
    {
        using var raw = IpGeolocator.Open(EnrichmentTestData.Files.GeoIpPaths, 1, watch: false);
        using var cached = IpGeolocator.Open(EnrichmentTestData.Files.GeoIpPaths, 256, watch: false);
        var random = new Random(22);
        var addresses = Enumerable.Range(0, 3_000).Select(_ => $"{random.Next(256)}.{random.Next(256)}.{random.Next(256)}.{random.Next(256)}")
            .Concat(["10.1.2.3", "127.0.0.1", "0.0.0.0", "255.255.255.255", "8.8.8.8", "01.2.3.4", "8.8.8.8, 10.0.0.1", "::ffff:8.8.8.8"])
            .ToList();
        foreach (var round in new[] { 1, 2 })
        {
            foreach (var ip in addresses)
            {
                Assert.Equal(new UncachedAnswer(raw.Databases, ip), new UncachedAnswer(cached.Locate(ip)));
            }
        }

        Assert.InRange(cached.CachedCount, 1, 2 * 512);
    }

    private static GeoLocation City(string name) => new("XX", "Country", "Region", name);

    private static GeoLocation CityOf(uint address) => City("c" + address);

    /// <summary>A location compared by value, the expected one read from the databases without any cache.</summary>
    private sealed record UncachedAnswer(GeoLocation Location)
    {
        public UncachedAnswer(IReadOnlyList<IpGeolocator> databases, string ip)
            : this(Read(databases, ip))
        {
        }

        private static GeoLocation Read(IReadOnlyList<IpGeolocator> databases, string ip)
        {
            GeoLocation? answer = null;
            foreach (var database in databases)
            {
                answer = database.Locate(ip);
                if (answer.IsKnown)
                {
                    return answer;
                }
            }

            return answer!;
        }
    }
}
