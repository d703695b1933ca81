namespace Facet.Storage.Tests.Reports;

/// <summary>The report checks on DuckDB.</summary>
public sealed class DuckDbReportQueryTests(DuckDbReportFixture fixture) : ReportQueryTests(fixture), IClassFixture<DuckDbReportFixture>;
