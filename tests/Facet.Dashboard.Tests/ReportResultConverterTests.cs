using System.Buffers;
using Facet.Dashboard.Caching;
using Facet.Storage.Reports;

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
    };

    [Theory]
    [MemberData(nameof(Results))]
    public void Every_report_kind_comes_back_from_the_cache_form_unchanged(ReportResult result)
    {
        var serializer = ReportCacheSerializerFactory.For<ReportResult>();
        var buffer = new ArrayBufferWriter<byte>();
        serializer.Serialize(result, buffer);
        var back = serializer.Deserialize(new ReadOnlySequence<byte>(buffer.WrittenMemory));

        Assert.Equal((result.Kind, result.Day, result.TimeZone, result.Source), (back.Kind, back.Day, back.TimeZone, back.Source));
        Assert.Equal(result.Rows, back.Rows);
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
