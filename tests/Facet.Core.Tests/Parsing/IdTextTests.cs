using System.Text;
using Facet.Core.Events;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Facet.Core.Tests.Parsing;

/// <summary>An id held as bytes reads, compares, hashes and keys exactly like its text.</summary>
public sealed class IdTextTests
{
    // Texts near the compact forms: hex digits of both cases, hyphens, lengths 24 and 36, and other chars.
    private static readonly Gen<string> NearIds =
        from length in Gen.Elements(0, 1, 23, 24, 25, 35, 36, 37)
        from chars in Gen.Elements("0123456789abcdefABCDEF-gz é".ToCharArray()).ArrayOf(length)
        from shape in Gen.Elements(0, 1)
        select shape == 1 && length == 36 ? Hyphenated(new string(chars)) : new string(chars);

    private static readonly Gen<string> Ids = Gen.OneOf(
        NearIds,
        Gen.Fresh(() => Guid.NewGuid().ToString()),
        Gen.Fresh(() => Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()[..12])),
        Gen.Fresh(() => Guid.NewGuid().ToString().ToUpperInvariant()),
        ArbMap.Default.GeneratorFor<string>().Where(s => s is not null));

    [Fact]
    public void A_canonical_uuid_and_a_hex_object_id_are_held_as_bytes_and_come_back_as_sent()
    {
        var uuid = IdText.From("2ae33732-baa5-4cef-a9e9-14090e4ca819");
        var objectId = IdText.From("6af8f6009f3f61b2a2e34601");

        Assert.True(uuid.TryGetUuid(out var guid));
        Assert.Equal(Guid.Parse("2ae33732-baa5-4cef-a9e9-14090e4ca819"), guid);
        Assert.Equal("2ae33732-baa5-4cef-a9e9-14090e4ca819", uuid.ToText());
        Assert.False(objectId.TryGetUuid(out _));
        Assert.Equal("6af8f6009f3f61b2a2e34601", objectId.ToText());
        Assert.Equal(24, objectId.Length);
    }

    [Theory]
    [InlineData("2AE33732-BAA5-4CEF-A9E9-14090E4CA819")] // upper case must come back upper case
    [InlineData("{2ae33732-baa5-4cef-a9e9-14090e4ca819}")]
    [InlineData("2ae33732baa54cefa9e914090e4ca819")]
    [InlineData("2ae33732-baa5-4cef-a9e9_14090e4ca819")]
    [InlineData("6AF8F6009F3F61B2A2E34601")]
    [InlineData("e1")]
    public void Any_other_text_is_held_as_itself(string text)
    {
        var id = IdText.From(text);

        Assert.Same(text, id.ToText());
        Assert.False(id.TryGetUuid(out _));
    }

    [Fact]
    public void No_id_is_null_and_sorts_before_any_text()
    {
        Assert.True(IdText.From(null).IsNull);
        Assert.Null(IdText.From(null).ToText());
        Assert.True(IdText.From(null).CompareTo(IdText.From("")) < 0);
        Assert.False(IdText.From("").IsNull);
    }

    [Property(MaxTest = 2000)]
    public Property Reads_compares_and_hashes_like_its_text() => Prop.ForAll(
        Ids.ToArbitrary(), Ids.ToArbitrary(), (a, b) =>
        {
            var x = IdText.From(a);
            var y = IdText.From(b);
            Span<char> chars = stackalloc char[Math.Max(x.Length, 1)];
            var copied = new string(chars[..x.CopyTo(chars)]);
            return x.ToText() == a
                && copied == a
                && x.Length == a.Length
                && Math.Sign(x.CompareTo(y)) == Math.Sign(string.CompareOrdinal(a, b))
                && x.Equals(y) == (a == b)
                && (a != b || x.GetHashCode() == y.GetHashCode());
        });

    [Property(MaxTest = 1000)]
    public Property The_utf8_reading_agrees_with_the_text_reading() => Prop.ForAll(Ids.ToArbitrary(), text =>
    {
        var compact = IdText.TryParseCompact(Encoding.UTF8.GetBytes(text), out var fromBytes);
        var fromText = IdText.From(text);
        return compact
            ? fromBytes.Equals(fromText) && fromBytes.ToText() == text && !ReferenceEquals(fromText.ToText(), text)
            : ReferenceEquals(fromText.ToText(), text);
    });

    [Fact]
    public void The_parser_holds_a_uuid_id_and_an_object_id_as_bytes_and_returns_their_text()
    {
        var e = GlamiraSamples.Accept(GlamiraSamples.ViewProductDetail);

        Assert.True(e.EventIdText.TryGetUuid(out _));
        Assert.Equal("aea4b823-c5c6-485e-8b3b-6182a7c4ecce", e.EventId);
        Assert.Equal("5ed8cb2bc671fc36b74653ad", e.SourceDocId);
        Assert.Equal(24, e.SourceDocIdText.Length);
    }

    private static string Hyphenated(string s) => string.Create(36, s, static (span, src) =>
    {
        src.AsSpan().CopyTo(span);
        span[8] = span[13] = span[18] = span[23] = '-';
    });
}
