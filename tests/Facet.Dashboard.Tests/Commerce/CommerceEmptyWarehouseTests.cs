using System.Text.Json;
using Facet.Core.Commerce;
using Facet.Storage;
using Facet.Storage.Reports;
using Facet.Testing;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Facet.Dashboard.Tests.Commerce;

/// <summary>The Commerce page's API over a migrated warehouse that no commerce stream has written to yet.</summary>
public sealed class CommerceEmptyWarehouseTests
{
    [Fact]
    public async Task Without_commerce_data_the_kpis_have_no_day_zero_figures_and_every_stream_without_data()
    {
        using var directory = new TempDirectory();
        var location = WarehouseLocation.Parse("duckdb:" + directory.File("empty.duckdb"));
        await using var writer = await WarehouseFactory.OpenAsync(location, new WarehouseOptions(), null, CancellationToken.None);
        await writer.MigrateAsync(CancellationToken.None);
        await using var reports = ReportService.Open(location);
        await using var app = DashboardApp.Build(new DashboardOptions { Port = 0 }, reports, logging => logging.SetMinimumLevel(LogLevel.Warning));
        await app.StartAsync();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single()) };
            using var kpis = JsonDocument.Parse(await http.GetStringAsync("/api/commerce/kpis"));
            var root = kpis.RootElement;
            Assert.Equal(JsonValueKind.Null, root.GetProperty("day").ValueKind);
            Assert.Equal(0, root.GetProperty("orders").GetInt64());
            Assert.Equal(0, root.GetProperty("revenue").GetArrayLength());
            Assert.Equal(0, root.GetProperty("sessions").GetInt64());
            Assert.Equal(JsonValueKind.Null, root.GetProperty("conversion").ValueKind);
            var streams = root.GetProperty("streams").EnumerateArray().ToList();
            Assert.Equal(CommerceTopics.All.Order(StringComparer.Ordinal), streams.Select(s => s.GetProperty("stream").GetString()!).Order(StringComparer.Ordinal));
            Assert.All(streams, s =>
            {
                Assert.Equal(0, s.GetProperty("records").GetInt64());
                Assert.Equal(JsonValueKind.Null, s.GetProperty("last_loaded_at").ValueKind);
                Assert.Equal(JsonValueKind.Null, s.GetProperty("freshness_seconds").ValueKind);
            });

            var csv = await http.GetStringAsync("/api/commerce/kpis.csv");
            Assert.Equal(2, csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
            Assert.StartsWith("none,UTC,", csv.Split("\r\n")[1], StringComparison.Ordinal);
        }
        finally
        {
            await app.StopAsync();
        }
    }
}
