using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text.Json;

namespace Facet.Testing;

/// <summary>
/// Scrapes a Prometheus endpoint and parses the text with an independent, real parser: Debian's python3-prometheus-client
/// (<c>prometheus_client.parser.text_string_to_metric_families</c>, installed by test.sh). Text that parser refuses
/// fails the test; the samples come back as (name, labels, value).
/// </summary>
public static class PrometheusScrape
{
    private const string Parser = """
        import json, sys
        from prometheus_client.parser import text_string_to_metric_families
        out = []
        for family in text_string_to_metric_families(sys.stdin.read()):
            for s in family.samples:
                out.append({"family": family.name, "type": family.type, "name": s.name, "labels": s.labels, "value": s.value})
        print(json.dumps(out))
        """;

    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    /// <summary>A TCP port that was free a moment ago on 127.0.0.1.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static async Task<string> FetchAsync(int port) => await Http.GetStringAsync(new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/metrics"));

    public static async Task<IReadOnlyList<PrometheusSample>> ScrapeAsync(int port) => await ParseAsync(await FetchAsync(port));

    public static async Task<IReadOnlyList<PrometheusSample>> ParseAsync(string text)
    {
        var info = new ProcessStartInfo("/usr/bin/python3")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(Parser);
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(text);
        process.StandardInput.Close();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"prometheus_client refused the scrape: {await error}\n--- text ---\n{text}");
        using var json = JsonDocument.Parse(await output);
        return
        [
            .. json.RootElement.EnumerateArray().Select(s => new PrometheusSample(
                s.GetProperty("family").GetString()!,
                s.GetProperty("type").GetString()!,
                s.GetProperty("name").GetString()!,
                s.GetProperty("labels").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal),
                s.GetProperty("value").GetDouble())),
        ];
    }
}
