using System.Diagnostics;
using System.Globalization;

namespace Facet.Testing;

/// <summary>
/// Starts facet with <c>--metrics-port</c> on a free port and waits until its Prometheus endpoint answers. The port is
/// free when picked but may be taken (by any process's outgoing connection) before facet binds it — on a busy machine it
/// happens: facet then exits 2 with "--metrics-port N: cannot listen on …", and this starts it again on another port.
/// </summary>
public static class MetricsRun
{
    private const int Attempts = 5;

    public static async Task<(FacetProcess Process, int Port)> StartAsync(IReadOnlyList<string> arguments, TimeSpan stall)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        for (var attempt = 1; ; attempt++)
        {
            var port = PrometheusScrape.FreePort();
            var process = FacetProcess.Start([.. arguments, "--metrics-port", port.ToString(CultureInfo.InvariantCulture)]);
            var listening = $"Prometheus metrics at http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/metrics";
            var waited = Stopwatch.StartNew();
            while (!process.HasExited && waited.Elapsed < stall)
            {
                // Scrape only once facet says it listens. Not needed for correctness since the endpoint moved to
                // Kestrel (a connection during .NET's managed HttpListener.Start() crashed facet, dotnet/corefx#35191;
                // RunMetricsTests.Run_survives_a_scraper_that_connects_while_its_metrics_endpoint_starts covers it),
                // but it spares a polling loop of refused connections.
                if (!process.StandardError.Contains(listening, StringComparison.Ordinal))
                {
                    await Task.Delay(100);
                    continue;
                }

                try
                {
                    await PrometheusScrape.FetchAsync(port);
                    return (process, port);
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                    await Task.Delay(100);
                }
            }

            var error = process.StandardError;
            await process.DisposeAsync();
            if (attempt == Attempts || !error.Contains("cannot listen on", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"facet's metrics endpoint on port {port} did not answer within {stall.TotalSeconds:0} s (attempt {attempt}):\n{error}");
            }
        }
    }
}
