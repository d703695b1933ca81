using System.Text.Json;
using Facet.Testing;

namespace Facet.Cli.Tests.Commands;

public sealed class InspectCommandTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Inspect_ip_prints_one_snake_case_json_object()
    {
        var (code, output, error) = await FacetProcess.RunAsync(["inspect", "ip", "8.8.8.8"], Timeout);
        Assert.True(code == 0, error);
        using var json = JsonDocument.Parse(output);
        Assert.Equal("US", json.RootElement.GetProperty("country_code").GetString());
        Assert.Equal("United States", json.RootElement.GetProperty("country_name").GetString());
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("unknown_reason").ValueKind);
    }

    [Fact]
    public async Task Inspect_ua_with_a_file_prints_one_json_line_per_input_line_in_order()
    {
        using var dir = new TempDirectory();
        var file = dir.File("uas.txt");
        await File.WriteAllLinesAsync(file,
        [
            "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
            "Mozilla/5.0 (iPad; CPU OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.6 Mobile/15E148 Safari/604.1",
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.0.0",
        ]);
        var (code, output, error) = await FacetProcess.RunAsync(["inspect", "ua", "--file", file], Timeout);
        Assert.True(code == 0, error);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        var parsed = lines.Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        Assert.Equal(("Googlebot", "bot", true), (parsed[0].GetProperty("browser").GetString(), parsed[0].GetProperty("device_type").GetString(), parsed[0].GetProperty("is_bot").GetBoolean()));
        Assert.Equal(("Mobile Safari", "tablet"), (parsed[1].GetProperty("browser").GetString(), parsed[1].GetProperty("device_type").GetString()));
        Assert.Equal(("Edge", "Windows", "desktop"), (parsed[2].GetProperty("browser").GetString(), parsed[2].GetProperty("os").GetString(), parsed[2].GetProperty("device_type").GetString()));
    }

    [Fact]
    public async Task Inspect_url_and_referrer_print_their_fields()
    {
        var (code, output, _) = await FacetProcess.RunAsync(["inspect", "url", "https://www.glamira.co.uk/glamira-ring-saphira-skug100335.html?utm_source=google&gclid=x"], Timeout);
        Assert.Equal(0, code);
        var url = JsonDocument.Parse(output).RootElement;
        Assert.Equal(("GB", "ring-saphira", "google", "gclid"), (url.GetProperty("store_country").GetString(), url.GetProperty("product_name").GetString(), url.GetProperty("utm_source").GetString(), url.GetProperty("click_id_type").GetString()));

        (code, output, _) = await FacetProcess.RunAsync(["inspect", "referrer", "https://l.facebook.com/l.php"], Timeout);
        Assert.Equal(0, code);
        var referrer = JsonDocument.Parse(output).RootElement;
        Assert.Equal(("l.facebook.com", "social"), (referrer.GetProperty("host").GetString(), referrer.GetProperty("medium").GetString()));
    }

    [Fact]
    public async Task Inspect_with_a_missing_data_directory_exits_2_with_one_line_naming_the_fix()
    {
        var (code, _, error) = await FacetProcess.RunAsync(["inspect", "ip", "8.8.8.8"], Timeout, new Dictionary<string, string?> { ["FACET_DATA_DIR"] = "/nonexistent-facet-data" });
        Assert.Equal(2, code);
        Assert.Single(error.Trim().Split('\n'));
        Assert.Contains("dotnet build", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inspect_without_a_value_or_file_exits_2()
    {
        var (code, _, error) = await FacetProcess.RunAsync(["inspect", "referrer"], Timeout);
        Assert.Equal(2, code);
        Assert.StartsWith("facet: give either a VALUE or --file F", error.Trim(), StringComparison.Ordinal);
    }
}
