using System.Globalization;
using System.Text;
using System.Text.Json;
using Facet.Core.Events;
using Facet.Storage;
using Facet.Storage.Reports;
using Facet.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Facet.Dashboard.Tests;

/// <summary>
/// The dashboard over a backfill of old events (issue 23: a `facet load` of May 2024 showed 0 bad events while 245
/// existed, and a freshness of 22005 h): rejects count by the day they arrived, and freshness shows only while data
/// arrives. Each test gets its own DuckDB warehouse; expected numbers are recounted from the rejects the test wrote.
/// </summary>
public sealed class DashboardHistoricalDataTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Backfill = new(2024, 5, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly TempDirectory _directory = new();
    private readonly SettableClock _clock = new();
    private IWarehouse _writer = null!;
    private ReportService _reports = null!;
    private WebApplication _app = null!;
    private HttpClient _http = null!;
    private long _offset;

    // The latest arrival, two hours ago (long idle), in whole seconds (DuckDB keeps microseconds).
    private static readonly DateTimeOffset Arrival = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddHours(-2).ToUnixTimeSeconds());

    public async Task InitializeAsync()
    {
        var location = WarehouseLocation.Parse("duckdb:" + _directory.File("history.duckdb"));
        _writer = await WarehouseFactory.OpenAsync(location, new WarehouseOptions { TimeProvider = _clock }, null, CancellationToken.None);
        _reports = ReportService.Open(location);
        _app = DashboardApp.Build(new DashboardOptions { Port = 0 }, _reports, logging => logging.SetMinimumLevel(LogLevel.Warning));
        await _app.StartAsync();
        _http = new HttpClient { BaseAddress = new Uri(_app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single()) };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        await _reports.DisposeAsync();
        await _writer.DisposeAsync();
        _directory.Dispose();
    }

    [Fact]
    public async Task Bad_events_of_a_backfill_count_on_the_day_they_arrived_with_their_reasons()
    {
        var yesterday = await LoadAsync(Arrival.AddDays(-1), ("invalid_json", 3), ("missing_field", 1));
        var today = await LoadAsync(Arrival, ("invalid_json", 4), ("invalid_value", 2), ("too_large", 1));

        using var latest = JsonDocument.Parse(await _http.GetStringAsync("/api/bad-events"));
        AssertSummary(latest.RootElement, DateOnly.FromDateTime(Arrival.UtcDateTime), today);
        var previousDay = DateOnly.FromDateTime(Arrival.AddDays(-1).UtcDateTime);
        using var earlier = JsonDocument.Parse(await _http.GetStringAsync($"/api/bad-events?date={previousDay:yyyy-MM-dd}"));
        AssertSummary(earlier.RootElement, previousDay, yesterday);

        // The views are from May 2024, and the KPIs of that day count its views: its rejects arrived years later.
        using var kpis = JsonDocument.Parse(await _http.GetStringAsync("/api/kpis"));
        Assert.StartsWith("2024-05-0", kpis.RootElement.GetProperty("day").GetString(), StringComparison.Ordinal);
        Assert.True(kpis.RootElement.GetProperty("views").GetInt64() > 0);
        Assert.Equal(0, kpis.RootElement.GetProperty("bad_events").GetInt64());

        // The live snapshot the page renders carries the same count by arrival.
        var snapshot = await FirstSnapshotAsync();
        AssertSummary(snapshot.RootElement.GetProperty("bad_events"), DateOnly.FromDateTime(Arrival.UtcDateTime), today);
    }

    [Fact]
    public async Task The_csv_of_a_days_rejects_holds_each_whole_with_raw_as_text_when_UTF8_and_base64_otherwise()
    {
        await LoadAsync(Arrival.AddDays(-1), ("invalid_json", 2));
        var rejects = await LoadAsync(Arrival, ("invalid_json", 2), ("invalid_value", 1));
        var day = DateOnly.FromDateTime(Arrival.UtcDateTime);

        using var response = await _http.GetAsync($"/api/bad-events.csv?date={day:yyyy-MM-dd}");
        response.EnsureSuccessStatusCode();
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains($"bad-events-{day:yyyy-MM-dd}.csv", response.Content.Headers.ContentDisposition?.ToString(), StringComparison.Ordinal);
        var lines = ParseCsv(await response.Content.ReadAsStringAsync());

        Assert.Equal(["received_at", "source", "partition", "offset", "reason_code", "message", "field", "raw", "raw_encoding"], lines[0]);
        var expected = rejects.Select(r =>
        {
            var utf8 = r.Raw.Span.IndexOf((byte)0xFF) < 0;
            return new[]
            {
                Arrival.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture),
                r.Position.Source, r.Position.Partition.ToString(CultureInfo.InvariantCulture), r.Position.Offset.ToString(CultureInfo.InvariantCulture),
                r.Code, r.Message, r.Field ?? "",
                utf8 ? Encoding.UTF8.GetString(r.Raw.Span) : Convert.ToBase64String(r.Raw.Span), utf8 ? "utf8" : "base64",
            };
        }).OrderBy(r => r[3], StringComparer.Ordinal).ToList();
        Assert.Equal(expected, lines.Skip(1).OrderBy(r => r[3], StringComparer.Ordinal).ToList());
        Assert.Contains(expected, r => r[8] == "base64");
        Assert.Contains(expected, r => r[8] == "utf8" && r[5].Contains('\n', StringComparison.Ordinal));
    }

    [Fact]
    public async Task Freshness_shows_only_while_data_arrives_and_otherwise_the_last_batch_says_when_it_came()
    {
        await LoadAsync(Arrival, ("invalid_json", 1));

        using (var idle = JsonDocument.Parse(await _http.GetStringAsync("/api/pipeline")))
        {
            var root = idle.RootElement;
            Assert.Equal(JsonValueKind.Null, root.GetProperty("freshness_seconds").ValueKind);
            Assert.Equal(0, root.GetProperty("active_workers").GetInt32());
            Assert.Equal(Arrival, root.GetProperty("last_batch").GetProperty("committed_at").GetDateTimeOffset());
            Assert.Equal(2024, root.GetProperty("newest_event_time").GetDateTimeOffset().Year);
        }

        // A batch committed now: data is arriving, and the freshness is the truth about it (the events' age).
        await LoadAsync(DateTimeOffset.UtcNow.AddSeconds(-1), ("invalid_json", 1));
        using var arriving = JsonDocument.Parse(await _http.GetStringAsync("/api/pipeline"));
        var freshness = arriving.RootElement.GetProperty("freshness_seconds").GetDouble();
        var newest = arriving.RootElement.GetProperty("newest_event_time").GetDateTimeOffset();
        Assert.InRange(freshness, (DateTimeOffset.UtcNow - newest).TotalSeconds - 120, (DateTimeOffset.UtcNow - newest).TotalSeconds + 1);
        Assert.Equal(1, arriving.RootElement.GetProperty("active_workers").GetInt32());
    }

    /// <summary>One batch of May 2024 views and the given rejects, committed at <paramref name="at"/>; returns the rejects.</summary>
    private async Task<List<Rejection>> LoadAsync(DateTimeOffset at, params (string Code, int Count)[] reasons)
    {
        _clock.Now = at;
        var rejects = new List<Rejection>();
        foreach (var (code, count) in reasons)
        {
            for (var i = 0; i < count; i++)
            {
                var offset = _offset++;
                // Every third raw is not UTF-8; messages carry the characters CSV must quote.
                byte[] raw = offset % 3 == 0 ? [0x7B, 0xFF, 0xFE, 0x22, 0x7D] : Encoding.UTF8.GetBytes($"{{\"line\":{offset},\"note\":\"a, \\\"quoted\\\" ü\"}}");
                rejects.Add(new Rejection(code, $"{code}: \"bad\", line {offset}\nsecond line", offset % 2 == 0 ? null : "product_id", raw, SourcePosition.File("/data/may-2024.ndjson", offset + 1)));
            }
        }

        var events = new ReportScenario(seed: (int)_offset).Generate(200, Backfill, Backfill.AddDays(3));
        await _writer.WriteBatchAsync(WarehouseBatch.Clickstream(events, rejects, []) with { Info = new BatchInfo("loader", events.Count + rejects.Count, null, at.AddSeconds(-1)) }, CancellationToken.None);
        return rejects;
    }

    private static void AssertSummary(JsonElement summary, DateOnly day, List<Rejection> rejects)
    {
        Assert.Equal(day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), summary.GetProperty("day").GetString());
        Assert.Equal(rejects.Count, summary.GetProperty("total").GetInt64());
        var expected = rejects.GroupBy(r => r.Code).ToDictionary(g => g.Key, g => (long)g.Count());
        var actual = summary.GetProperty("by_reason").EnumerateArray().ToDictionary(r => r.GetProperty("reason_code").GetString()!, r => r.GetProperty("events").GetInt64());
        Assert.Equal(expected.OrderBy(p => p.Key), actual.OrderBy(p => p.Key));
    }

    private async Task<JsonDocument> FirstSnapshotAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/live");
        request.Headers.Accept.Add(new System.Net.Http.Headers.MediaTypeWithQualityHeaderValue("text/event-stream"));
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                return JsonDocument.Parse(line["data: ".Length..]);
            }
        }

        throw new InvalidOperationException("the live stream ended without a snapshot");
    }

    /// <summary>RFC 4180: fields split on commas outside quotes, "" inside quotes is a quote, CRLF ends a record.</summary>
    private static List<string[]> ParseCsv(string text)
    {
        var records = new List<string[]>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                fields.Add(field.ToString());
                field.Clear();
                records.Add([.. fields]);
                fields.Clear();
                i++;
            }
            else
            {
                field.Append(c);
            }
        }

        return records;
    }

    private sealed class SettableClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = DateTimeOffset.UtcNow;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
