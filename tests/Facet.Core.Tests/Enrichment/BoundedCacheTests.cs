using Facet.Core.Enrichment.Internal;

namespace Facet.Core.Tests.Enrichment;

public sealed class BoundedCacheTests
{
    [Fact]
    public void A_string_keyed_cache_answers_a_lookup_by_the_keys_chars()
    {
        var cache = new BoundedCache<string, int>(capacity: 10, StringComparer.Ordinal);
        cache.GetOrAdd("bing.com", static (_, v) => v, 7);

        Assert.True(cache.TryGet<ReadOnlySpan<char>>("xbing.comx".AsSpan(1, 8), out var hit));
        Assert.Equal(7, hit);
        Assert.False(cache.TryGet<ReadOnlySpan<char>>("BING.COM".AsSpan(), out _));
    }

    [Fact]
    public void A_span_hit_in_the_old_generation_is_promoted_and_survives_the_next_rotation()
    {
        var cache = new BoundedCache<string, int>(capacity: 2, StringComparer.Ordinal);
        cache.GetOrAdd("a", static (_, v) => v, 1);
        cache.GetOrAdd("b", static (_, v) => v, 2); // young is full: it becomes the old generation

        Assert.True(cache.TryGet<ReadOnlySpan<char>>("a".AsSpan(), out var a)); // promoted into the young one
        cache.GetOrAdd("c", static (_, v) => v, 3); // young full again: {a, c} old, {a, b} dropped

        Assert.Equal(1, a);
        Assert.True(cache.TryGet<ReadOnlySpan<char>>("a".AsSpan(), out _));
        Assert.False(cache.TryGet<ReadOnlySpan<char>>("b".AsSpan(), out _));
    }
}
