namespace Facet.Storage.Tests.Reports;

/// <summary>The revenue, conversion and funnel checks on DuckDB.</summary>
public sealed class DuckDbCommerceReportTests(DuckDbCommerceFixture fixture) : CommerceReportTests(fixture), IClassFixture<DuckDbCommerceFixture>;
