using System.Buffers;
using Facet.Dashboard.Caching;
using Facet.Storage.Reports;
using Facet.Storage.Reports.Commerce;
using Facet.Storage.Reports.Shop;

namespace Facet.Dashboard.Tests;

public sealed class ReportResultConverterTests
{
    public static TheoryData<ReportResult> Results() => new()
    {
        new ReportResult(ReportKind.TopProducts, new DateOnly(2026, 12, 1), "Europe/Berlin", ReportSourceKind.DailyRollups,
            [new TopProductRow(1, "100236", "Ring \"Élan\" ✓", 42), new TopProductRow(2, "7", null, 3_000_000_000)]),
        new ReportResult(ReportKind.TopCountries, new DateOnly(2026, 11, 30), "UTC", ReportSourceKind.Rollups, [new TopCountryRow(1, "DE", "Germany", 9)]),
        new ReportResult(ReportKind.TopReferrers, null, "UTC", ReportSourceKind.Empty, []),
        new ReportResult(ReportKind.StoreViews, new DateOnly(2026, 1, 2), "Asia/Kolkata", ReportSourceKind.Facts, [new StoreViewRow(null, null, 1), new StoreViewRow("1", "glamira.de", 5)]),
        new ReportResult(ReportKind.HourlyProductViews, new DateOnly(2026, 1, 2), "UTC", ReportSourceKind.Rollups, [new HourlyViewRow(0, 0), new HourlyViewRow(23, 17)]),
        new ReportResult(ReportKind.HourlyBrowserOs, new DateOnly(2026, 1, 2), "UTC", ReportSourceKind.Rollups, [new HourlyBrowserOsRow(5, "Chrome", "Windows", 12)]),
        // The clickstream commerce reports (issue 21): decimals with their scale, doubles, nulls, rate dates, columns and detail.
        new ReportResult(ReportKind.Revenue, new DateOnly(2026, 1, 2), "UTC", ReportSourceKind.Facts,
            [new RevenueRow(13, "EUR", 2, 3m, 2400.50m, 1200.25m), new RevenueRow(14, "$", 1, 0.5m, 10.10m, 10.10m)]) { ColumnNames = ["hour", "currency", "orders", "units", "revenue", "aov"] },
        new ReportResult(ReportKind.Revenue, new DateOnly(2026, 1, 2), "UTC", ReportSourceKind.Facts,
            [new RevenueRow("glamira.de", "EUR", 2, 3m, 2400.50m, 1200.25m, "GBP 2026-01-01")]) { ColumnNames = ["store", "currency", "orders", "units", "revenue", "aov", "rate_dates"], Detail = "converted to EUR with the rates of fx.csv", Until = new DateOnly(2026, 1, 5) },
        new ReportResult(ReportKind.TopProductsByRevenue, new DateOnly(2026, 1, 2), "UTC", ReportSourceKind.Facts, [new ProductRevenueRow(1, "100236", null, "CLP", 1m, 990000m, 1)]),
        new ReportResult(ReportKind.Conversion, new DateOnly(2026, 1, 2), "UTC", ReportSourceKind.Facts, [new ConversionRow("all", 3, 1, 1 / 3.0)]) { ColumnNames = ["all", "sessions", "sessions_with_order", "conversion_rate"] },
        new ReportResult(ReportKind.Funnel, new DateOnly(2026, 1, 2), "UTC", ReportSourceKind.Facts,
            [new FunnelRow("all", 1, "view", 10, 4, 6, 1, 12.5), new FunnelRow("all", 2, "buy", 4, null, null, 0.4, null)]) { Detail = "funnel shop, strict order, window 01:00:00" },
        // The commerce entity reports (issue 18): typed cells, a range, a renamed time column.
        new ReportResult(ReportKind.Revenue, new DateOnly(2024, 11, 1), "Asia/Jakarta", ReportSourceKind.Facts,
            [new ShopRow("2024-11-01", "IDR", 3L, 4L, 1500000.0000m, 500000.00m), new ShopRow("2024-11-01", "SGD", 1L, 1L, 12.30m, 12.30m)])
            { Until = new DateOnly(2024, 11, 8), ColumnNames = ["day", "currency", "orders", "units", "revenue", "aov"] },
        new ReportResult(ReportKind.Orders, new DateOnly(2024, 11, 1), "UTC", ReportSourceKind.Facts, [new ShopRow(0, 5L, 3L, 1L, 0L, 1L)]) { ColumnNames = ["hour", "orders", "successful", "failed", "pending", "cancelled"] },
        new ReportResult(ReportKind.PaymentMethods, new DateOnly(2024, 11, 1), "UTC", ReportSourceKind.Facts, [new ShopRow("gopay", 4L, 3L, 1L, 0.25, "IDR", 99.9900m)]),
        new ReportResult(ReportKind.ViewDuration, new DateOnly(2024, 11, 1), "UTC", ReportSourceKind.Facts, [new ShopRow(1, "10001", null, 7L, null), new ShopRow(2, "10002", "Bag", 2L, 155.5)]),
        new ReportResult(ReportKind.Ratings, null, "UTC", ReportSourceKind.Empty, []),
    };

    [Theory]
    [MemberData(nameof(Results))]
    public void Every_report_kind_comes_back_from_the_cache_form_unchanged(ReportResult result)
    {
        var serializer = ReportCacheSerializerFactory.For<ReportResult>();
        var buffer = new ArrayBufferWriter<byte>();
        serializer.Serialize(result, buffer);
        var back = serializer.Deserialize(new ReadOnlySequence<byte>(buffer.WrittenMemory));

        Assert.Equal((result.Kind, result.Day, result.TimeZone, result.Source, result.Until, result.Detail), (back.Kind, back.Day, back.TimeZone, back.Source, back.Until, back.Detail));
        Assert.Equal(result.Columns, back.Columns);
        Assert.Equal(result.Rows, back.Rows);
        // Every cell keeps its CLR type and a decimal its scale (1500000.0000 stays 1500000.0000).
        Assert.Equal(result.Rows.SelectMany(r => r.Values).Select(v => (v?.GetType(), ReportWriter.Format(v))), back.Rows.SelectMany(r => r.Values).Select(v => (v?.GetType(), ReportWriter.Format(v))));
        Assert.Equal(DashboardData.ResultJson(result), DashboardData.ResultJson(back));
    }

    [Fact]
    public void The_cache_form_is_smaller_than_the_api_json()
    {
        var rows = Enumerable.Range(1, 300).Select(i => (ReportRow)new TopCountryRow(i, "DE", "Germany", 1000 + i)).ToList();
        var result = new ReportResult(ReportKind.TopCountries, new DateOnly(2026, 12, 1), "UTC", ReportSourceKind.Rollups, rows);
        var buffer = new ArrayBufferWriter<byte>();
        ReportCacheSerializerFactory.For<ReportResult>().Serialize(result, buffer);
        Assert.True(buffer.WrittenCount * 2 < System.Text.Encoding.UTF8.GetByteCount(DashboardData.ResultJson(result)), $"{buffer.WrittenCount} bytes");
    }
}
