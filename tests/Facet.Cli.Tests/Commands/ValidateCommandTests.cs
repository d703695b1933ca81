using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Facet.Testing;

namespace Facet.Cli.Tests.Commands;

public sealed class ValidateCommandTests : IDisposable
{
    private const string View = """{"id":"aea4b823-c5c6-485e-8b3b-6182a7c4ecce","time_stamp":1591266092,"ip":"37.170.17.183","store_id":"12","collection":"view_product_detail","product_id":"110474","option":[{"option_label":"alloy","option_id":"332084","value_label":"","value_id":"3279318"}],"utm_source":false}""";
    private const string Cart = """{"id":"3f5e9a07-1b2c-4d3e-8f4a-5b6c7d8e9f01","time_stamp":"1591267610","collection":"add_to_cart_action","price":"915,00","currency":"€","cart_products":[{"product_id":96672,"amount":1,"price":"22 688,00","currency":"€","option":""}]}""";
    private const string NoId = """{"time_stamp":1591266092,"collection":"view_product_detail"}""";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Validate_prints_a_json_summary_and_writes_every_rejection_with_its_line_code_and_raw_text()
    {
        var input = _dir.File("events.ndjson");
        await File.WriteAllTextAsync(input, $"{View}\r\n{Cart}\n\n{NoId}\nnot json\n[1,2]\n{View}");
        var rejects = _dir.File("rejects.ndjson");

        var (code, output, error) = await FacetProcess.RunAsync(["validate", input, "--rejects", rejects], Timeout);

        Assert.True(code == 0, error);
        using var summary = JsonDocument.Parse(output);
        var root = summary.RootElement;
        Assert.Equal(6, root.GetProperty("total").GetInt32());
        Assert.Equal(3, root.GetProperty("accepted").GetInt32());
        Assert.Equal(3, root.GetProperty("rejected").GetInt32());
        Assert.Equal("""{"invalid_json":1,"missing_id":1,"not_an_object":1}""", root.GetProperty("by_reason").GetRawText());
        Assert.Equal("""{"add_to_cart_action":1,"view_product_detail":2}""", root.GetProperty("by_collection").GetRawText());

        var lines = await File.ReadAllLinesAsync(rejects);
        Assert.Equal(3, lines.Length);
        using var first = JsonDocument.Parse(lines[0]);
        Assert.Equal(4, first.RootElement.GetProperty("line").GetInt32());
        Assert.Equal("missing_id", first.RootElement.GetProperty("code").GetString());
        Assert.Equal("id", first.RootElement.GetProperty("field").GetString());
        Assert.False(string.IsNullOrEmpty(first.RootElement.GetProperty("message").GetString()));
        Assert.Equal(NoId, first.RootElement.GetProperty("raw").GetString());
        Assert.False(first.RootElement.TryGetProperty("file", out _));
        using var second = JsonDocument.Parse(lines[1]);
        Assert.Equal(5, second.RootElement.GetProperty("line").GetInt32());
        Assert.Equal(JsonValueKind.Null, second.RootElement.GetProperty("field").ValueKind);
        Assert.Equal("not json", second.RootElement.GetProperty("raw").GetString());
    }

    [Fact]
    public async Task Validate_reads_gzip_and_standard_input_and_names_the_file_of_each_rejection_with_several_files()
    {
        var gz = _dir.File("events.ndjson.gz");
        await using (var file = File.Create(gz))
        await using (var gzip = new GZipStream(file, CompressionLevel.Fastest))
        {
            await gzip.WriteAsync(Encoding.UTF8.GetBytes($"{View}\n{NoId}\n"));
        }

        var rejects = _dir.File("rejects.ndjson");
        var (code, output, error) = await FacetProcess.RunAsync(["validate", gz, "-", "--rejects", rejects], Timeout, standardInput: $"{Cart}\n{{\"id\":1}}\n");

        Assert.True(code == 0, error);
        using var summary = JsonDocument.Parse(output);
        Assert.Equal(4, summary.RootElement.GetProperty("total").GetInt32());
        Assert.Equal(2, summary.RootElement.GetProperty("accepted").GetInt32());
        var lines = (await File.ReadAllLinesAsync(rejects)).Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        Assert.Equal(2, lines.Length);
        Assert.Equal(gz, lines[0].GetProperty("file").GetString());
        Assert.Equal(2, lines[0].GetProperty("line").GetInt32());
        Assert.Equal("-", lines[1].GetProperty("file").GetString());
        Assert.Equal("missing_collection", lines[1].GetProperty("code").GetString());
    }

    [Fact]
    public async Task Validate_writes_raw_bytes_that_are_not_utf8_as_base64()
    {
        var input = _dir.File("binary.ndjson");
        byte[] bad = [(byte)'{', 0xFF, 0xFE, (byte)'}'];
        await File.WriteAllBytesAsync(input, [.. Encoding.UTF8.GetBytes(View + "\n"), .. bad, (byte)'\n']);
        var rejects = _dir.File("rejects.ndjson");

        var (code, _, error) = await FacetProcess.RunAsync(["validate", input, "--rejects", rejects], Timeout);

        Assert.True(code == 0, error);
        var line = JsonDocument.Parse(Assert.Single(await File.ReadAllLinesAsync(rejects))).RootElement;
        Assert.Equal("invalid_utf8", line.GetProperty("code").GetString());
        Assert.True(line.GetProperty("raw_base64").GetBoolean());
        Assert.Equal(bad, Convert.FromBase64String(line.GetProperty("raw").GetString()!));
    }

    [Fact]
    public async Task Validate_reports_a_line_over_one_mebibyte_as_too_large_with_a_bounded_prefix()
    {
        var input = _dir.File("huge.ndjson");
        var huge = "{\"id\":\"x\",\"blob\":\"" + new string('é', 1_500_000) + "\"}";
        await File.WriteAllTextAsync(input, View + "\n" + huge + "\n" + View + "\n");
        var rejects = _dir.File("rejects.ndjson");

        var (code, output, error) = await FacetProcess.RunAsync(["validate", input, "--rejects", rejects], Timeout);

        Assert.True(code == 0, error);
        Assert.Contains("\"by_reason\":{\"too_large\":1}", output, StringComparison.Ordinal);
        var line = JsonDocument.Parse(Assert.Single(await File.ReadAllLinesAsync(rejects))).RootElement;
        Assert.Equal(2, line.GetProperty("line").GetInt32());
        Assert.True(line.GetProperty("raw_truncated").GetBoolean());
        var raw = line.GetProperty("raw").GetString()!;
        Assert.StartsWith("{\"id\":\"x\",\"blob\":\"ééé", raw, StringComparison.Ordinal);
        Assert.True(Encoding.UTF8.GetByteCount(raw) <= 64 * 1024);
    }

    [Fact]
    public async Task Validate_exits_2_with_one_line_for_a_missing_file()
    {
        var missing = _dir.File("missing.ndjson");
        var (code, output, error) = await FacetProcess.RunAsync(["validate", missing], Timeout);
        Assert.Equal(2, code);
        Assert.Equal($"facet: no such file: '{missing}' (check the path; '-' reads standard input).", error.Trim());
        Assert.Equal(string.Empty, output);
    }

    [Fact]
    public async Task Validate_exits_2_for_a_directory_and_for_a_corrupt_gzip_file()
    {
        var (code, _, error) = await FacetProcess.RunAsync(["validate", _dir.Path], Timeout);
        Assert.Equal(2, code);
        Assert.Single(error.Trim().Split('\n'));

        var corrupt = _dir.File("corrupt.gz");
        await File.WriteAllBytesAsync(corrupt, [0x1f, 0x8b, 0x08, 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07]);
        (code, _, error) = await FacetProcess.RunAsync(["validate", corrupt], Timeout);
        Assert.Equal(2, code);
        Assert.StartsWith($"facet: cannot read '{corrupt}':", error.Trim(), StringComparison.Ordinal);
    }
}
