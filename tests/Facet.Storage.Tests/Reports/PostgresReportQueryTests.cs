namespace Facet.Storage.Tests.Reports;

/// <summary>The report checks on PostgreSQL.</summary>
public sealed class PostgresReportQueryTests(PostgresReportFixture fixture) : ReportQueryTests(fixture), IClassFixture<PostgresReportFixture>;
