namespace Facet.Storage.Tests.Reports;

/// <summary>The commerce entity reports on DuckDB.</summary>
public sealed class DuckDbShopReportTests(DuckDbShopWorldFixture fixture) : ShopReportTests(fixture), IClassFixture<DuckDbShopWorldFixture>;
