namespace Facet.Storage.Tests.Reports;

/// <summary>The commerce entity reports on PostgreSQL.</summary>
public sealed class PostgresShopReportTests(PostgresShopWorldFixture fixture) : ShopReportTests(fixture), IClassFixture<PostgresShopWorldFixture>;
