using System.Globalization;
using System.Text;
using System.Text.Json;
using Facet.Core.Commerce;
using Facet.Core.Events;
using Facet.Testing;

namespace Facet.Cli.Tests.Commands;

/// <summary>
/// Event-time windows as a user runs them (issue 19): <c>facet load</c> of generated product views computes the
/// built-ins and a user's definition file; <c>facet windows list|show</c> and <c>facet export windows</c> read them.
/// The user's definition (1 h windows, lateness far beyond the data) must equal a recount from the raw file; the
/// MongoDB Extended JSON export is parsed by Debian's python3-bson.
/// </summary>
public sealed class WindowsCommandTests
{
    private const string Start = "2026-11-20T00:00:00Z";

    private const string Definitions = """
        {"windows": [{
          "name": "views_by_product_hour", "source": "product_views", "time": "timestamp", "size": "1h",
          "keys": ["product_id"],
          "aggregates": [{"name": "views", "function": "count"}, {"name": "seconds", "function": "avg", "field": "view_duration"},
                         {"name": "viewers", "function": "distinct", "field": "customer_id"}],
          "allowed_lateness": "3650d"
        }]}
        """;

    [Fact]
    public async Task Load_computes_windows_that_show_and_the_mongodb_export_report_as_a_recount_from_the_raw_file()
    {
        using var temp = new TempDirectory();
        var data = temp.File("data");
        var generated = await FacetProcess.RunAsync(["generate", "--dataset", "commerce", "--out", data, "--count", "4000", "--seed", "19", "--start", Start, "--duplicates", "0.05", "--late", "0.05", "--malformed", "0.01"], TimeSpan.FromSeconds(120));
        Assert.True(generated.ExitCode == 0, generated.Error);
        var definitions = temp.File("windows.json");
        await File.WriteAllTextAsync(definitions, Definitions);
        var warehouse = "duckdb:" + temp.File("w.duckdb");
        var file = Path.Combine(data, CommerceTopics.ProductViews + ".ndjson");

        var load = await FacetProcess.RunAsync(["load", "--stream", CommerceTopics.ProductViews, "--warehouse", warehouse, "--windows", "builtin," + definitions, file], TimeSpan.FromSeconds(180));
        Assert.True(load.ExitCode == 0, load.Error);

        // The recount: each view id once (the first accepted line), per UTC hour and product.
        var decoder = new ProductViewDecoder();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var expected = new SortedDictionary<string, (long Views, decimal Seconds, long Timed, HashSet<string> Viewers)>(StringComparer.Ordinal);
        var line = 0;
        foreach (var text in await File.ReadAllLinesAsync(file))
        {
            var decoded = decoder.Decode(Encoding.UTF8.GetBytes(text), SourcePosition.File(file, ++line));
            if (!decoded.IsAccepted || !seen.Add(decoded.Record!.ViewId))
            {
                continue;
            }

            var v = decoded.Record;
            var t = v.ViewedAt.UtcDateTime;
            var key = $"{new DateTime(t.Year, t.Month, t.Day, t.Hour, 0, 0, DateTimeKind.Utc):yyyy-MM-dd'T'HH:mm:ss'Z'}|{v.ProductId}";
            var entry = expected.TryGetValue(key, out var e) ? e : (0, 0m, 0, new HashSet<string>(StringComparer.Ordinal));
            entry.Views++;
            entry.Viewers.Add(v.CustomerId);
            if (v.ViewDurationSeconds is { } d)
            {
                entry.Seconds += (decimal)d;
                entry.Timed++;
            }

            expected[key] = entry;
        }

        Assert.True(expected.Count > 20, $"the generator should fill many windows (got {expected.Count})");
        var show = await FacetProcess.RunAsync(["windows", "show", "views_by_product_hour", "--warehouse", warehouse, "--windows", "builtin," + definitions, "--format", "json"], TimeSpan.FromSeconds(60));
        Assert.True(show.ExitCode == 0, show.Error);
        using var json = JsonDocument.Parse(show.Output);
        var actual = json.RootElement.GetProperty("windows").EnumerateArray().Select(static w =>
            $"{w.GetProperty("window_start").GetString()}|{w.GetProperty("product_id").GetString()}={w.GetProperty("views").GetInt64()}/{w.GetProperty("viewers").GetInt64()}/{(w.GetProperty("seconds").ValueKind == JsonValueKind.Null ? "null" : w.GetProperty("seconds").GetDecimal().ToString("0.######", CultureInfo.InvariantCulture))}").ToList();
        var wanted = expected.Select(static e =>
            $"{e.Key}={e.Value.Views}/{e.Value.Viewers.Count}/{(e.Value.Timed == 0 ? "null" : Math.Round(e.Value.Seconds / e.Value.Timed, 6, MidpointRounding.ToEven).ToString("0.######", CultureInfo.InvariantCulture))}").ToList();
        Assert.Equal(wanted, actual);
        Assert.Empty(json.RootElement.GetProperty("late").EnumerateArray());

        var list = await FacetProcess.RunAsync(["windows", "list", "--warehouse", warehouse, "--windows", "builtin," + definitions], TimeSpan.FromSeconds(60));
        Assert.True(list.ExitCode == 0, list.Error);
        foreach (var name in new[] { "customer_analysis", "product_analysis", "sales_analysis", "product_views_analysis", "revenue_5m", "views_by_product_hour" })
        {
            Assert.Contains(name, list.Output, StringComparison.Ordinal);
        }

        // The built-in product_views_analysis (final mode, 1 h watermark) with Shape A's column names, exported twice.
        var first = await FacetProcess.RunAsync(["export", "windows", "product_views_analysis", "--warehouse", warehouse, "--format", "mongodb-extjson", "--out", temp.File("a.json")], TimeSpan.FromSeconds(60));
        var second = await FacetProcess.RunAsync(["export", "windows", "product_views_analysis", "--warehouse", warehouse, "--format", "mongodb-extjson", "--out", temp.File("b.json")], TimeSpan.FromSeconds(60));
        Assert.True(first.ExitCode == 0 && second.ExitCode == 0, first.Error + second.Error);
        Assert.Equal(await File.ReadAllTextAsync(temp.File("a.json")), await File.ReadAllTextAsync(temp.File("b.json")));
        var script = temp.File("check.py");
        await File.WriteAllTextAsync(script, """
            import sys, json, datetime
            from bson import json_util
            from bson.decimal128 import Decimal128
            from bson.int64 import Int64
            ids, out = set(), []
            for text in open(sys.argv[1]):
                doc = json_util.loads(text)
                assert doc['_id'] not in ids, 'duplicate _id'
                ids.add(doc['_id'])
                assert isinstance(doc['window_start'], datetime.datetime) and isinstance(doc['window_end'], datetime.datetime)
                assert (doc['window_end'] - doc['window_start']) == datetime.timedelta(hours=1)
                assert isinstance(doc['total_views'], Int64)
                assert doc['average_view_duration'] is None or isinstance(doc['average_view_duration'], Decimal128)
                assert isinstance(doc['revisions'], int) and doc['is_final'] is True
                assert isinstance(doc['product_id'], str)
                out.append('%s|%s=%d' % (doc['window_start'].strftime('%Y-%m-%dT%H:%M:%SZ'), doc['product_id'], doc['total_views']))
            print(json.dumps(sorted(out)))
            """);
        using var python = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("/usr/bin/python3", [script, temp.File("a.json")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var parsed = await python.StandardOutput.ReadToEndAsync();
        var error = await python.StandardError.ReadToEndAsync();
        await python.WaitForExitAsync();
        Assert.True(python.ExitCode == 0, $"python3-bson rejected the export (apt-get install python3-bson python3-pymongo): {error}");
        var documents = JsonSerializer.Deserialize<List<string>>(parsed)!;
        Assert.NotEmpty(documents);

        // The built-in's final windows are a subset of the recount's windows with the same view counts (final mode
        // publishes only windows the watermark passed; its late events are counted apart).
        var views = expected.ToDictionary(static e => e.Key, static e => e.Value.Views);
        foreach (var document in documents)
        {
            var (window, count) = (document[..document.LastIndexOf('=')], long.Parse(document[(document.LastIndexOf('=') + 1)..], CultureInfo.InvariantCulture));
            Assert.True(views.TryGetValue(window, out var all) && count <= all, $"{document}: the recount has {all}");
        }
    }

    [Fact]
    public async Task Conversion_per_hour_shows_and_exports_sessions_with_an_order_over_sessions_as_recounted_from_the_raw_files()
    {
        using var temp = new TempDirectory();
        var data = temp.File("data");
        // No late messages: sessions overlap by well under the 10 min delay plus 1 h lateness, so every event counts.
        var generated = await FacetProcess.RunAsync(["generate", "--dataset", "commerce", "--out", data, "--count", "8000", "--seed", "23", "--start", Start, "--sim-rate", "0.15", "--duplicates", "0.05", "--late", "0", "--malformed", "0.01"], TimeSpan.FromSeconds(120));
        Assert.True(generated.ExitCode == 0, generated.Error);
        var warehouse = "duckdb:" + temp.File("w.duckdb");
        var clicks = Path.Combine(data, CommerceTopics.ClickStream + ".ndjson");
        var orders = Path.Combine(data, CommerceTopics.Transactions + ".ndjson");
        foreach (var (stream, file) in new[] { (CommerceTopics.ClickStream, clicks), (CommerceTopics.Transactions, orders) })
        {
            var load = await FacetProcess.RunAsync(["load", "--stream", stream, "--warehouse", warehouse, file], TimeSpan.FromSeconds(180));
            Assert.True(load.ExitCode == 0, load.Error);
        }

        // The recount: each event and order once (the first accepted line); per UTC hour the distinct sessions with a
        // click and the distinct sessions with an order.
        static string Hour(DateTimeOffset t) => $"{new DateTime(t.UtcDateTime.Year, t.UtcDateTime.Month, t.UtcDateTime.Day, t.UtcDateTime.Hour, 0, 0, DateTimeKind.Utc):yyyy-MM-dd'T'HH:mm:ss'Z'}";
        var sessions = new SortedDictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var ordering = new SortedDictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var (clickDecoder, orderDecoder, line) = (new ClickEventDecoder(), new OrderDecoder(), 0);
        foreach (var text in await File.ReadAllLinesAsync(clicks))
        {
            var decoded = clickDecoder.Decode(Encoding.UTF8.GetBytes(text), SourcePosition.File(clicks, ++line));
            if (decoded.IsAccepted && seen.Add(decoded.Record!.EventId))
            {
                (sessions.TryGetValue(Hour(decoded.Record.EventTime), out var set) ? set : sessions[Hour(decoded.Record.EventTime)] = new(StringComparer.Ordinal)).Add(decoded.Record.SessionId);
            }
        }

        line = 0;
        foreach (var text in await File.ReadAllLinesAsync(orders))
        {
            var decoded = orderDecoder.Decode(Encoding.UTF8.GetBytes(text), SourcePosition.File(orders, ++line));
            if (decoded.IsAccepted && seen.Add("order:" + decoded.Record!.OrderId) && decoded.Record.SessionId is { } session)
            {
                (ordering.TryGetValue(Hour(decoded.Record.CreatedAt), out var set) ? set : ordering[Hour(decoded.Record.CreatedAt)] = new(StringComparer.Ordinal)).Add(session);
            }
        }

        var wanted = sessions.Keys.Union(ordering.Keys).Order(StringComparer.Ordinal).Select(hour =>
        {
            var (all, withOrder) = (sessions.GetValueOrDefault(hour)?.Count ?? 0, ordering.GetValueOrDefault(hour)?.Count ?? 0);
            return $"{hour}={withOrder}/{all}={(all == 0 ? "null" : Math.Round((decimal)withOrder / all, 6, MidpointRounding.ToEven).ToString("0.######", CultureInfo.InvariantCulture))}";
        }).ToList();
        Assert.True(wanted.Count > 10, $"the generator should fill many hours (got {wanted.Count})");
        Assert.Contains(wanted, static w => !w.Contains("=0/", StringComparison.Ordinal) && !w.EndsWith("=1", StringComparison.Ordinal));

        var show = await FacetProcess.RunAsync(["windows", "show", "conversion_hourly", "--warehouse", warehouse, "--format", "json"], TimeSpan.FromSeconds(60));
        Assert.True(show.ExitCode == 0, show.Error);
        using var json = JsonDocument.Parse(show.Output);
        var actual = json.RootElement.GetProperty("windows").EnumerateArray().Select(static w =>
            $"{w.GetProperty("window_start").GetString()}={w.GetProperty("sessions_with_order").GetInt64()}/{w.GetProperty("sessions").GetInt64()}={(w.GetProperty("conversion_rate").ValueKind == JsonValueKind.Null ? "null" : w.GetProperty("conversion_rate").GetDecimal().ToString("0.######", CultureInfo.InvariantCulture))}").ToList();
        Assert.Equal(wanted, actual);
        Assert.Empty(json.RootElement.GetProperty("late").EnumerateArray());

        var list = await FacetProcess.RunAsync(["windows", "list", "--warehouse", warehouse], TimeSpan.FromSeconds(60));
        Assert.True(list.ExitCode == 0, list.Error);
        Assert.Contains("join sessions_hourly + ordering_sessions_hourly", list.Output, StringComparison.Ordinal);
        var table = await FacetProcess.RunAsync(["windows", "show", "conversion_hourly", "--warehouse", warehouse], TimeSpan.FromSeconds(60));
        Assert.True(table.ExitCode == 0, table.Error);
        Assert.Contains("conversion_rate", table.Output, StringComparison.Ordinal);

        // The export, read by python3-bson: counts as Int64, the ratio as Decimal128 (or null), the same recount.
        var export = await FacetProcess.RunAsync(["export", "windows", "conversion_hourly", "--warehouse", warehouse, "--format", "mongodb-extjson", "--out", temp.File("c.json")], TimeSpan.FromSeconds(60));
        Assert.True(export.ExitCode == 0, export.Error);
        var script = temp.File("check.py");
        await File.WriteAllTextAsync(script, """
            import sys, json
            from bson import json_util
            from bson.decimal128 import Decimal128
            from bson.int64 import Int64
            out = []
            for text in open(sys.argv[1]):
                doc = json_util.loads(text)
                assert isinstance(doc['sessions'], Int64) and isinstance(doc['sessions_with_order'], Int64), doc
                rate = doc['conversion_rate']
                assert rate is None or isinstance(rate, Decimal128), doc
                out.append('%s=%d/%d=%s' % (doc['window_start'].strftime('%Y-%m-%dT%H:%M:%SZ'), doc['sessions_with_order'], doc['sessions'],
                                            'null' if rate is None else format(rate.to_decimal().normalize(), 'f')))
            print(json.dumps(out))
            """);
        using var python = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("/usr/bin/python3", [script, temp.File("c.json")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var parsed = await python.StandardOutput.ReadToEndAsync();
        var error = await python.StandardError.ReadToEndAsync();
        await python.WaitForExitAsync();
        Assert.True(python.ExitCode == 0, $"python3-bson rejected the export: {error}");
        Assert.Equal(wanted, JsonSerializer.Deserialize<List<string>>(parsed)!);
    }

    [Fact]
    public async Task A_bad_definition_file_is_refused_with_one_line_naming_the_field()
    {
        using var temp = new TempDirectory();
        var definitions = temp.File("bad.json");
        await File.WriteAllTextAsync(definitions, """{"windows": [{"name": "x", "source": "product_views", "time": "timestamp", "size": "1 hour", "aggregates": [{"name": "n", "function": "count"}]}]}""");
        var result = await FacetProcess.RunAsync(["windows", "list", "--warehouse", "duckdb:" + temp.File("w.duckdb"), "--windows", definitions], TimeSpan.FromSeconds(60));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("window 'x': size '1 hour' is not a duration", result.Error, StringComparison.Ordinal);
    }
}
