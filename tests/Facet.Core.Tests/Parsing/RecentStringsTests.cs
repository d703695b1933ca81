using System.Text;
using Facet.Core.Parsing.Internal;
using FsCheck;
using FsCheck.Xunit;

namespace Facet.Core.Tests.Parsing;

/// <summary>The table of recent texts only ever saves allocations: every lookup gives exactly the text it was given.</summary>
public sealed class RecentStringsTests
{
    [Property(MaxTest = 500)]
    public bool Every_lookup_returns_its_own_text_even_when_the_values_collide(NonNull<string>[] values)
    {
        // 16 slots: most of the values share a slot with another, so hits, misses and replacements all happen.
        var table = new RecentStrings(slotBits: 4);
        var texts = values.Select(v => v.Get).Where(v => !HasLoneSurrogate(v)).ToList();
        foreach (var value in texts.Concat(Enumerable.Reverse(texts)))
        {
            if (table.Get(Encoding.UTF8.GetBytes(value)) != value)
            {
                return false;
            }
        }

        return true;
    }

    [Fact]
    public void A_repeated_value_returns_the_instance_made_for_it_first()
    {
        var table = new RecentStrings(slotBits: 10);
        var first = table.Get("Mozilla/5.0 (iPhone; CPU iPhone OS 18_6 like Mac OS X)"u8);
        var again = table.Get("Mozilla/5.0 (iPhone; CPU iPhone OS 18_6 like Mac OS X)"u8);
        Assert.Same(first, again);
        Assert.Equal("Mozilla/5.0 (iPhone; CPU iPhone OS 18_6 like Mac OS X)", first);
    }

    [Fact]
    public void Values_longer_than_the_limit_come_back_equal_and_are_not_kept()
    {
        var table = new RecentStrings(slotBits: 10);
        var longText = "https://www.glamira.de/" + new string('x', RecentStrings.MaxBytes);
        var first = table.Get(Encoding.UTF8.GetBytes(longText));
        var again = table.Get(Encoding.UTF8.GetBytes(longText));
        Assert.Equal(longText, first);
        Assert.Equal(longText, again);
        Assert.NotSame(first, again);
    }

    [Fact]
    public void Values_at_the_limit_with_multibyte_characters_are_kept_whole()
    {
        var table = new RecentStrings(slotBits: 10);
        var text = new string('é', RecentStrings.MaxBytes / 2); // exactly MaxBytes bytes
        Assert.Equal(RecentStrings.MaxBytes, Encoding.UTF8.GetByteCount(text));
        var first = table.Get(Encoding.UTF8.GetBytes(text));
        Assert.Equal(text, first);
        Assert.Same(first, table.Get(Encoding.UTF8.GetBytes(text)));
    }

    [Fact]
    public void Threads_replacing_each_others_slots_never_get_a_wrong_text()
    {
        var table = new RecentStrings(slotBits: 4);
        var values = Enumerable.Range(0, 64).Select(i => $"device-{i:D4}-{new string((char)('a' + (i % 26)), i % 40)}").ToArray();
        var encoded = values.Select(Encoding.UTF8.GetBytes).ToArray();
        var wrong = 0;
        Parallel.For(0, 4, worker =>
        {
            for (var round = 0; round < 20_000; round++)
            {
                var i = (round * 7 + worker * 13) % values.Length;
                if (table.Get(encoded[i]) != values[i])
                {
                    Interlocked.Increment(ref wrong);
                }
            }
        });
        Assert.Equal(0, wrong);
    }

    private static bool HasLoneSurrogate(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(value[i]))
            {
                return true;
            }
        }

        return false;
    }
}
