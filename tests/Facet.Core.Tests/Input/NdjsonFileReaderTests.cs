using System.IO.Compression;
using System.Text;
using Facet.Core.Input;
using Facet.Testing;

namespace Facet.Core.Tests.Input;

public sealed class NdjsonFileReaderTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static List<(long Line, string Text, long Length, bool Truncated)> ReadAll(NdjsonFileReader reader)
    {
        var lines = new List<(long, string, long, bool)>();
        foreach (var line in reader.ReadLines())
        {
            lines.Add((line.LineNumber, Encoding.UTF8.GetString(line.Bytes.Span), line.Length, line.IsTruncated));
        }

        return lines;
    }

    private string Write(string name, string content)
    {
        var path = _dir.File(name);
        File.WriteAllText(path, content);
        return path;
    }

    private string WriteGzip(string name, string content)
    {
        var path = _dir.File(name);
        using var file = File.Create(path);
        using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        gzip.Write(Encoding.UTF8.GetBytes(content));
        return path;
    }

    [Fact]
    public void ReadLines_splits_on_newlines_strips_carriage_returns_and_skips_blank_lines_but_counts_them()
    {
        using var reader = NdjsonFileReader.Open(Write("a.ndjson", "{\"a\":1}\r\n\n{\"b\":2}\n\r\n{\"c\":3}\n"));
        Assert.Equal(
            [(1L, "{\"a\":1}", 7L, false), (3L, "{\"b\":2}", 7L, false), (5L, "{\"c\":3}", 7L, false)],
            ReadAll(reader));
        Assert.False(reader.IsGzip);
    }

    [Fact]
    public void ReadLines_returns_a_last_line_without_a_trailing_newline()
    {
        using var reader = NdjsonFileReader.Open(Write("b.ndjson", "{\"a\":1}\n{\"b\":2}\r"));
        Assert.Equal([(1L, "{\"a\":1}", 7L, false), (2L, "{\"b\":2}", 7L, false)], ReadAll(reader));
    }

    [Fact]
    public void ReadLines_of_an_empty_file_returns_nothing()
    {
        using var reader = NdjsonFileReader.Open(Write("empty.ndjson", ""));
        Assert.Empty(ReadAll(reader));
    }

    [Fact]
    public void Open_decompresses_gzip_by_extension_and_by_magic_bytes()
    {
        var content = string.Join('\n', Enumerable.Range(1, 5000).Select(i => $"{{\"i\":{i}}}")) + "\n";
        using (var byExtension = NdjsonFileReader.Open(WriteGzip("events.ndjson.gz", content)))
        {
            var lines = ReadAll(byExtension);
            Assert.True(byExtension.IsGzip);
            Assert.Equal(5000, lines.Count);
            Assert.Equal((5000L, "{\"i\":5000}", 10L, false), lines[^1]);
        }

        using var byMagic = NdjsonFileReader.Open(WriteGzip("events.bin", content));
        Assert.True(byMagic.IsGzip);
        Assert.Equal(5000, ReadAll(byMagic).Count);
    }

    [Fact]
    public void ReadLines_reads_every_line_intact_across_buffer_boundaries()
    {
        var random = new Random(7);
        var expected = Enumerable.Range(1, 3000).Select(i => new string((char)('a' + (i % 26)), random.Next(1, 400))).ToList();
        using var reader = NdjsonFileReader.Open(Write("many.ndjson", string.Join("\r\n", expected)));
        var lines = ReadAll(reader);
        Assert.Equal(expected, lines.Select(l => l.Text));
        Assert.Equal(Enumerable.Range(1, 3000).Select(i => (long)i), lines.Select(l => l.Line));
    }

    [Fact]
    public void ReadLines_returns_a_line_longer_than_the_initial_buffer_whole_when_under_the_limit()
    {
        var big = new string('x', 300_000);
        using var reader = NdjsonFileReader.Open(Write("big.ndjson", "{}\n" + big + "\n{}"));
        var lines = ReadAll(reader);
        Assert.Equal(3, lines.Count);
        Assert.Equal((2L, big, 300_000L, false), lines[1]);
    }

    [Fact]
    public void ReadLines_cuts_a_line_over_the_limit_to_a_bounded_prefix_and_reports_its_full_length()
    {
        var huge = "{\"k\":\"" + new string('y', 5_000_000) + "\"}";
        using var reader = NdjsonFileReader.Open(Write("huge.ndjson", "{\"a\":1}\n" + huge + "\r\n{\"b\":2}\n" + huge), maxLineBytes: 10_000, truncatedPrefixBytes: 100);
        var lines = ReadAll(reader);
        Assert.Equal(4, lines.Count);
        Assert.Equal((1L, "{\"a\":1}", 7L, false), lines[0]);
        Assert.Equal((2L, huge[..100], huge.Length, true), lines[1]);
        Assert.Equal((3L, "{\"b\":2}", 7L, false), lines[2]);
        Assert.Equal((4L, huge[..100], huge.Length, true), lines[3]);
    }

    [Fact]
    public void ReadLines_returns_a_line_of_exactly_the_limit_whole_even_with_a_carriage_return()
    {
        var exact = new string('z', 1000);
        using var reader = NdjsonFileReader.Open(Write("exact.ndjson", exact + "\r\n" + exact + "z\r\n{}"), maxLineBytes: 1000, truncatedPrefixBytes: 10);
        var lines = ReadAll(reader);
        Assert.Equal((1L, exact, 1000L, false), lines[0]);
        Assert.Equal(1001L, lines[1].Length);
        Assert.Equal((3L, "{}", 2L, false), lines[2]);
    }

    [Fact]
    public void FromStream_reads_a_non_seekable_stream_like_standard_input()
    {
        using var pipe = new NonSeekableStream(Encoding.UTF8.GetBytes("{\"a\":1}\n{\"b\":2}\n"));
        using var reader = NdjsonFileReader.FromStream(pipe, "-");
        Assert.Equal(2, ReadAll(reader).Count);
        Assert.Equal("-", reader.Source);
    }

    [Fact]
    public void Open_throws_for_a_missing_file_and_for_a_directory()
    {
        Assert.Throws<FileNotFoundException>(() => NdjsonFileReader.Open(_dir.File("nope.ndjson")));
        Assert.Throws<UnauthorizedAccessException>(() => NdjsonFileReader.Open(_dir.Path));
    }

    [Fact]
    public void ReadLines_throws_invalid_data_for_a_corrupt_gzip_file()
    {
        var path = _dir.File("bad.gz");
        File.WriteAllBytes(path, [0x1f, 0x8b, 0x08, 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08]);
        using var reader = NdjsonFileReader.Open(path);
        Assert.Throws<InvalidDataException>(() => ReadAll(reader));
    }

    private sealed class NonSeekableStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}
