using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Facet.Storage;
using Facet.Storage.Reports;
using Facet.Testing;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Facet.Dashboard.Tests;

public sealed class DashboardAppTests(DashboardFixture fixture) : IClassFixture<DashboardFixture>
{
    private HttpClient Http() => new() { BaseAddress = new Uri(fixture.Address), Timeout = TimeSpan.FromSeconds(30) };

    [Fact]
    public async Task Health_endpoint_answers_ok_on_loopback()
    {
        Assert.StartsWith("http://127.0.0.1:", fixture.Address, StringComparison.Ordinal);
        using var http = Http();
        var health = await http.GetFromJsonAsync<HealthStatus>("/api/health");
        Assert.Equal("ok", health?.Status);
    }

    [Fact]
    public async Task Report_json_is_the_report_with_snake_case_rows_and_the_resolved_day()
    {
        using var http = Http();
        using var body = JsonDocument.Parse(await http.GetStringAsync("/api/reports/top-products?limit=3"));
        var expected = await fixture.Reports.RunAsync(ReportKind.TopProducts, new ReportOptions { Limit = 3 });
        var root = body.RootElement;
        Assert.Equal("top-products", root.GetProperty("report").GetString());
        Assert.Equal(expected.Day?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), root.GetProperty("date").GetString());
        Assert.Equal("dailyrollups", root.GetProperty("source").GetString());
        var rows = root.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal(3, rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            var row = (TopProductRow)expected.Rows[i];
            Assert.Equal(row.Rank, rows[i].GetProperty("rank").GetInt32());
            Assert.Equal(row.ProductId, rows[i].GetProperty("product_id").GetString());
            Assert.Equal(row.ProductName, rows[i].GetProperty("product_name").GetString());
            Assert.Equal(row.Views, rows[i].GetProperty("views").GetInt64());
        }
    }

    [Fact]
    public async Task Report_csv_has_a_header_and_one_line_per_row()
    {
        using var http = Http();
        var expected = await fixture.Reports.RunAsync(ReportKind.StoreViews, new ReportOptions { Country = "DE", Date = ReportDate.On(fixture.BusiestDay) });
        using var response = await http.GetAsync($"/api/reports/store-views.csv?country=de&date={fixture.BusiestDay.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("store_id,domain,views", lines[0]);
        Assert.Equal(expected.Rows.Select(r => string.Join(',', r.Values.Select(ReportWriter.Format))), lines[1..]);
        Assert.True(lines.Length > 2);
    }

    [Theory]
    [InlineData("/api/reports/top-sellers", HttpStatusCode.NotFound, "unknown report 'top-sellers'")]
    [InlineData("/api/reports/store-views", HttpStatusCode.BadRequest, "store-views needs --country")]
    [InlineData("/api/reports/top-products?date=yesterday", HttpStatusCode.BadRequest, "date must be today, latest or YYYY-MM-DD")]
    [InlineData("/api/reports/top-products?tz=Mars/Olympus", HttpStatusCode.BadRequest, "unknown time zone 'Mars/Olympus'")]
    [InlineData("/api/live?include_bots=maybe", HttpStatusCode.BadRequest, "include_bots must be true or false")]
    public async Task Bad_requests_get_a_status_and_one_line_naming_the_fix(string url, HttpStatusCode status, string message)
    {
        using var http = Http();
        using var response = await http.GetAsync(url);
        Assert.Equal(status, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.StartsWith(message, body.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Kpis_and_pipeline_are_snake_case_json()
    {
        using var http = Http();
        using var kpis = JsonDocument.Parse(await http.GetStringAsync("/api/kpis?include_bots=true"));
        var expected = await fixture.Reports.GetKpisAsync(new ReportOptions { IncludeBots = true });
        Assert.Equal(expected.Views, kpis.RootElement.GetProperty("views").GetInt64());
        Assert.Equal(expected.UniqueDevices, kpis.RootElement.GetProperty("unique_devices").GetInt64());
        Assert.True(kpis.RootElement.GetProperty("views").GetInt64() > 0);
        using var pipeline = JsonDocument.Parse(await http.GetStringAsync("/api/pipeline"));
        Assert.Equal("worker-1", pipeline.RootElement.GetProperty("last_batch").GetProperty("worker_id").GetString());
        Assert.Equal(42, pipeline.RootElement.GetProperty("consumer_lag").GetInt64());
    }

    [Fact]
    public async Task Metrics_are_prometheus_text_with_report_latency()
    {
        using var http = Http();
        await http.GetStringAsync("/api/reports/top-countries");
        var text = await http.GetStringAsync("/metrics");
        Assert.Contains("# TYPE facet_report_query_seconds histogram", text, StringComparison.Ordinal);
        Assert.Matches(@"facet_report_query_seconds_count\{report=""top-countries""\} [1-9]", text);
        Assert.Contains("facet_pipeline_consumer_lag 42", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Live_stream_pushes_a_snapshot_with_every_report_right_away()
    {
        using var http = Http();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/live?country=FR");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        string? eventType = null;
        string? data = null;
        while (data is null && await reader.ReadLineAsync() is { } line)
        {
            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                eventType = line["event: ".Length..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data = line["data: ".Length..];
            }
        }

        Assert.Equal("snapshot", eventType);
        using var snapshot = JsonDocument.Parse(data!);
        var root = snapshot.RootElement;
        Assert.Equal("FR", root.GetProperty("country").GetString());
        var reports = root.GetProperty("reports");
        foreach (var name in (string[])["top-products", "top-countries", "countries", "top-referrers", "store-views", "hourly-product-views", "hourly-browser-os", "revenue", "revenue-hourly", "conversion", "sessions", "funnel"])
        {
            Assert.True(reports.GetProperty(name).GetArrayLength() > 0, name);
        }

        var day = ReportDate.On(DateOnly.ParseExact(root.GetProperty("date").GetString()!, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        var funnel = await fixture.Reports.RunAsync(ReportKind.Funnel, new ReportOptions { Date = day });
        Assert.Equal(funnel.Rows.Count, reports.GetProperty("funnel").GetArrayLength());
        Assert.Equal("funnel shop, strict order, window 01:00:00", root.GetProperty("funnel").GetString());

        var stores = await fixture.Reports.RunAsync(ReportKind.StoreViews, new ReportOptions { Country = "FR" });
        Assert.Equal(stores.Rows.Count, reports.GetProperty("store-views").GetArrayLength());
        Assert.True(root.GetProperty("kpis").GetProperty("views").GetInt64() > 0);
    }

    [Theory]
    [InlineData("revenue", "by=store")]
    [InlineData("revenue", "")]
    [InlineData("top-products-by-revenue", "limit=3")]
    [InlineData("conversion", "by=medium")]
    [InlineData("funnel", "by=device&mode=any&window=30m")]
    public async Task Commerce_reports_answer_as_json_with_their_breakdown_column_and_exact_numbers(string name, string query)
    {
        using var http = Http();
        var date = fixture.BusiestDay.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        using var body = JsonDocument.Parse(await http.GetStringAsync($"/api/reports/{name}?date={date}&{query}"));
        Assert.True(ReportCatalog.TryParse(name, out var kind));
        var parameters = System.Web.HttpUtility.ParseQueryString(query);
        var options = new ReportOptions
        {
            Date = ReportDate.On(fixture.BusiestDay),
            Limit = parameters["limit"] is { } limit ? int.Parse(limit, System.Globalization.CultureInfo.InvariantCulture) : null,
            Breakdown = kind == ReportKind.TopProductsByRevenue ? null : Storage.Reports.Commerce.CommerceBreakdowns.Parse(kind, parameters["by"]),
            Funnel = kind == ReportKind.Funnel ? Storage.Reports.Commerce.FunnelDefinition.Shop with { Mode = Storage.Reports.Commerce.FunnelMode.AnyOrder, Window = TimeSpan.FromMinutes(30) } : null,
        };
        var expected = await fixture.Reports.RunAsync(kind, options);
        var root = body.RootElement;
        Assert.Equal(expected.Columns, root.GetProperty("columns").EnumerateArray().Select(c => c.GetString()));
        var rows = root.GetProperty("rows").EnumerateArray().ToList();
        Assert.True(rows.Count > 0, $"{name}: no rows on {date}");
        Assert.Equal(expected.Rows.Count, rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            var values = expected.Rows[i].Values;
            for (var c = 0; c < expected.Columns.Count; c++)
            {
                var cell = rows[i].GetProperty(expected.Columns[c]);
                Assert.Equal(ReportWriter.Format(values[c]), cell.ValueKind == JsonValueKind.Null ? "" : cell.ValueKind == JsonValueKind.String ? cell.GetString() : cell.GetRawText());
            }
        }
    }

    [Theory]
    [InlineData("/api/reports/conversion?by=hour", "by for conversion must be one of all, store, country, medium, campaign, device, browser (got 'hour')")]
    [InlineData("/api/reports/funnel?funnel=nope", "unknown funnel 'nope': use one of shop or define it in a --funnels file")]
    [InlineData("/api/reports/top-referrers?include_internal=maybe", "include_internal must be true or false (got 'maybe')")]
    public async Task Bad_commerce_parameters_answer_400_with_one_line(string url, string error)
    {
        using var http = Http();
        using var response = await http.GetAsync(url);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<ApiError>();
        Assert.EndsWith(error, body?.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_page_and_its_libraries_are_served_locally()
    {
        using var http = Http();
        var page = await http.GetStringAsync("/");
        Assert.Contains("IP Geolocation by DB-IP", page, StringComparison.Ordinal);
        Assert.Contains("src=\"/lib/echarts.min.js\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("https://cdn", page, StringComparison.OrdinalIgnoreCase);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/lib/echarts.min.js");
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("gzip"));
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("gzip", Assert.Single(response.Content.Headers.ContentEncoding));

        using var world = JsonDocument.Parse(await http.GetStringAsync("/lib/world.json"));
        var codes = world.RootElement.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("properties").GetProperty("iso2").GetString()).ToHashSet();
        Assert.Superset(new HashSet<string?> { "DE", "FR", "US", "CL", "RU", "XK" }, codes);
    }

    [Fact]
    public async Task Health_is_unavailable_when_the_warehouse_file_is_missing()
    {
        using var directory = new TempDirectory();
        await using var reports = ReportService.Open(WarehouseLocation.Parse("duckdb:" + directory.File("missing.duckdb")));
        await using var app = DashboardApp.Build(new DashboardOptions { Port = 0 }, reports);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        using var http = new HttpClient { BaseAddress = new Uri(address) };
        using var response = await http.GetAsync("/api/health");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var health = await response.Content.ReadFromJsonAsync<HealthStatus>();
        Assert.Equal("unavailable", health?.Status);
        Assert.StartsWith("no DuckDB warehouse at", health?.Error, StringComparison.Ordinal);
        await app.StopAsync();
    }
}
