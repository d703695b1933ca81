using System.Text;
using Facet.Core.Parsing;
using Facet.Core.Parsing.Internal;

namespace Facet.Core.Tests.Parsing;

public sealed class TextPoolTests
{
    [Theory]
    [InlineData("Mozilla/5.0 (iPhone; CPU iPhone OS 18_6 like Mac OS X)")]
    [InlineData("https://www.glamira.de/ring.html?utm_source=x")]
    [InlineData("")]
    public void A_repeated_ascii_text_is_the_same_instance_with_the_same_value(string text)
    {
        var pool = new TextPool(16);
        var utf8 = Encoding.UTF8.GetBytes(text);
        var first = pool.Get(utf8);
        var second = pool.Get(utf8.ToArray());
        Assert.Equal(text, first);
        Assert.Same(first, second);
    }

    [Theory]
    [InlineData("https://www.glamira.de/ring-größe.html?ü=1")]
    [InlineData("日本語のテキスト 🎉")]
    public void A_non_ascii_text_keeps_its_value(string text)
    {
        var pool = new TextPool(16);
        var utf8 = Encoding.UTF8.GetBytes(text);
        Assert.Equal(text, pool.Get(utf8));
        Assert.Equal(text, pool.Get(utf8));
    }

    [Fact]
    public void Texts_sharing_a_slot_keep_their_own_values()
    {
        // One slot: every text collides; each must still come back as itself.
        var pool = new TextPool(1);
        var texts = Enumerable.Range(0, 200).Select(i => $"device-{i}").ToArray();
        foreach (var round in Enumerable.Range(0, 3))
        {
            foreach (var text in texts)
            {
                Assert.Equal(text, pool.Get(Encoding.UTF8.GetBytes(text)));
            }
        }
    }

    [Fact]
    public void A_text_longer_than_the_pooled_limit_is_decoded_whole()
    {
        var pool = new TextPool(16);
        var text = new string('a', 3000) + "é";
        Assert.Equal(text, pool.Get(Encoding.UTF8.GetBytes(text)));
    }

    [Fact]
    public void Parallel_gets_return_only_correct_texts()
    {
        var pool = new TextPool(64);
        var texts = Enumerable.Range(0, 1000).Select(i => $"https://example.com/p/{i}?q={i * 7}").ToArray();
        var encoded = texts.Select(Encoding.UTF8.GetBytes).ToArray();
        Parallel.For(0, 20_000, i =>
        {
            var k = (i * 31) % texts.Length;
            Assert.Equal(texts[k], pool.Get(encoded[k]));
        });
    }

    [Fact]
    public void The_parser_hands_out_one_instance_for_a_repeated_user_agent_and_url()
    {
        var parser = new EventParser();
        const string json = """{"id":"e1","collection":"view_product_detail","time_stamp":1794700800,"user_agent":"Mozilla/5.0 (X11; Linux x86_64)","current_url":"https://www.glamira.de/x.html","device_id":"d-1","ip":"10.1.2.3"}""";
        var a = parser.Parse(Encoding.UTF8.GetBytes(json), default).Event!;
        var b = parser.Parse(Encoding.UTF8.GetBytes(json.Replace("\"e1\"", "\"e2\"", StringComparison.Ordinal)), default).Event!;
        Assert.Equal("Mozilla/5.0 (X11; Linux x86_64)", a.UserAgent);
        Assert.Same(a.UserAgent, b.UserAgent);
        Assert.Same(a.CurrentUrl, b.CurrentUrl);
        Assert.Same(a.DeviceId, b.DeviceId);
        Assert.Same(a.Ip, b.Ip);
    }
}
