namespace Facet.Storage.Tests.Reports;

/// <summary>The revenue, conversion and funnel checks on PostgreSQL.</summary>
public sealed class PostgresCommerceReportTests(PostgresCommerceFixture fixture) : CommerceReportTests(fixture), IClassFixture<PostgresCommerceFixture>;
