using System.Globalization;
using System.Text.Json;
using Facet.Core.Commerce;
using Facet.Simulation.Commerce;
using Facet.Storage.Windows;
using Facet.Testing;
using Microsoft.Playwright;

namespace Facet.Dashboard.Tests.Commerce;

/// <summary>
/// The Commerce page's event-time windows panel (issue 19: "the dashboard shows late counts"): per definition, the
/// windows revised after the watermark passed their end and the events beyond the allowed lateness, in
/// <c>/api/commerce/windows</c> and in Debian's Chromium, equal to <see cref="CommerceWindowRecount"/> (a brute-force
/// recount of the generated messages, batch by batch); a batch of late events then shows up without a reload.
/// </summary>
public sealed class CommerceWindowsPanelTests(CommerceDashboardFixture fixture) : IClassFixture<CommerceDashboardFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task The_api_and_the_page_show_the_recounted_late_events_and_revised_windows_per_definition_and_update_live()
    {
        var recount = new CommerceWindowRecount(WindowDefinitions.BuiltIn);
        foreach (var batch in fixture.World.Items.Chunk(CommerceDashboardFixture.BatchSize))
        {
            recount.Batch(batch);
        }

        // The generator's late messages (3 %, 1–6 hours back) must give the panel something to show.
        Assert.Contains(recount.Names, n => recount.Expected(n).LateEvents > 0);
        Assert.Contains(recount.Names, n => recount.Expected(n).Revised > 0);
        using var http = new HttpClient { BaseAddress = new Uri(fixture.Address) };
        await ApiEqualsRecountAsync(http, recount);

        await using var browser = await ChromiumPage.OpenAsync(fixture.Address);
        var page = browser.Page;
        await page.GotoAsync(fixture.Address + "/commerce");
        await page.WaitForFunctionAsync("() => Number(document.body.dataset.updates) >= 1");
        await PageEqualsRecountAsync(page, recount);
        // A joined definition has no late data of its own (its parts carry it): it is not a row.
        Assert.DoesNotContain("conversion_hourly", await page.EvaluateAsync<string[]>("() => [...document.querySelectorAll('#windows tbody tr')].map(r => r.dataset.name)"));
        await page.EvaluateAsync("() => { window.__sameDocument = true; }");

        // A processor loads click events and orders from 10 hours before (new ids): beyond every definition's
        // lateness, so each is counted late in sessions_hourly, ordering_sessions_hourly, sales_analysis and revenue_5m.
        var late = fixture.World.Records<ClickEvent>().Take(7)
            .Select(e => new CommerceItem(CommerceTopics.ClickStream, e with { EventId = "late-" + e.EventId, EventTime = e.EventTime.AddHours(-10) }, e.EventId, CommerceItemKind.Late, null, false))
            .Concat(fixture.World.Records<Order>().Take(3)
                .Select(o => new CommerceItem(CommerceTopics.Transactions, o with { OrderId = "late-" + o.OrderId, CreatedAt = o.CreatedAt.AddHours(-10) }, o.OrderId, CommerceItemKind.Late, null, false)))
            .ToList();
        var before = recount.Expected("sessions_hourly").LateEvents;
        await CommerceWorld.LoadAsync(fixture.Writer, fixture.Clock, late, batchSize: late.Count);
        recount.Batch(late);
        Assert.Equal(before + 7, recount.Expected("sessions_hourly").LateEvents);
        await ApiEqualsRecountAsync(http, recount);
        await PageEqualsRecountAsync(page, recount);
        Assert.True(await page.EvaluateAsync<bool>("() => window.__sameDocument === true"), "the page reloaded instead of updating live");
        Assert.Empty(browser.Foreign);
        Assert.Empty(browser.Problems);
    }

    /// <summary>Every ordinary definition's row of /api/commerce/windows equals the recount (the API is cached per data version: wait for it to move).</summary>
    private static async Task ApiEqualsRecountAsync(HttpClient http, CommerceWindowRecount recount)
    {
        var expected = recount.Names.Order(StringComparer.Ordinal).Select(n => Line(n, recount.Expected(n))).ToList();
        var actual = await Eventually.Until(
            async () =>
            {
                using var json = JsonDocument.Parse(await http.GetStringAsync("/api/commerce/windows"));
                return json.RootElement.EnumerateArray().Select(static w => Line(w.GetProperty("name").GetString()!, (
                    w.GetProperty("windows").GetInt64(), w.GetProperty("final_windows").GetInt64(), w.GetProperty("revised_windows").GetInt64(),
                    w.GetProperty("late_revisions").GetInt64(), w.GetProperty("late_events").GetInt64(), w.GetProperty("late_applied").GetInt64(),
                    w.GetProperty("late_windows").GetInt64(),
                    w.GetProperty("watermark").ValueKind == JsonValueKind.Null ? null : DateTime.Parse(w.GetProperty("watermark").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal)))).ToList();
            },
            lines => lines.SequenceEqual(expected),
            Timeout,
            "/api/commerce/windows to equal the recount");
        Assert.Equal(expected, actual);
    }

    private static async Task PageEqualsRecountAsync(IPage page, CommerceWindowRecount recount)
    {
        var expected = recount.Names.Order(StringComparer.Ordinal)
            .Select(n => (n, recount.Expected(n)))
            .Select(static e => $"{e.n}|{e.Item2.Windows}|{e.Item2.Final}|{e.Item2.Revised}|{e.Item2.LateRevisions}|{e.Item2.LateEvents}|{e.Item2.Applied}|{e.Item2.LateWindows}")
            .ToArray();
        const string shown = "() => [...document.querySelectorAll('#windows tbody tr')].map(r => [r.dataset.name, r.dataset.windows, r.dataset.final, r.dataset.revised, r.dataset.lateRevisions, r.dataset.late, r.dataset.applied, r.dataset.lateWindows].join('|'))";
        try
        {
            await page.WaitForFunctionAsync($"expected => JSON.stringify(({shown})()) === JSON.stringify(expected)", expected);
        }
        catch (TimeoutException)
        {
            var rows = await page.EvaluateAsync<string[]>(shown);
            throw new TimeoutException($"the windows panel shows [{string.Join(", ", rows)}], the recount [{string.Join(", ", expected)}]");
        }

        // What a person reads: the late events cell of a definition with late events names their count.
        var withLate = recount.Names.First(n => recount.Expected(n).LateEvents > 0);
        var cell = await page.Locator($"#windows tbody tr[data-name='{withLate}'] td:nth-child(8)").TextContentAsync();
        Assert.StartsWith(recount.Expected(withLate).LateEvents.ToString("N0", CultureInfo.GetCultureInfo("en")), cell, StringComparison.Ordinal);
    }

    private static string Line(string name, (long Windows, long Final, long Revised, long LateRevisions, long LateEvents, long Applied, long LateWindows, DateTime? Watermark) e) =>
        $"{name}|windows={e.Windows}|final={e.Final}|revised={e.Revised}|late_revisions={e.LateRevisions}|late={e.LateEvents}|applied={e.Applied}|late_windows={e.LateWindows}|watermark={e.Watermark:yyyy-MM-ddTHH:mm:ss}";
}
