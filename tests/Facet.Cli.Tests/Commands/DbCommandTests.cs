using Facet.Testing;

namespace Facet.Cli.Tests.Commands;

public sealed class DbCommandTests
{
    [Fact]
    public async Task Db_migrate_creates_a_duckdb_warehouse_and_running_it_again_is_a_no_op()
    {
        using var directory = new TempDirectory();
        var warehouse = "duckdb:" + directory.File("w.duckdb");
        for (var run = 0; run < 2; run++)
        {
            var (code, output, error) = await FacetProcess.RunAsync(["db", "migrate", "--warehouse", warehouse], TimeSpan.FromSeconds(60));
            Assert.True(code == 0, error);
            Assert.Equal($"warehouse {warehouse} is at schema version {Facet.Storage.WarehouseFactory.SchemaVersion}", output.Trim());
        }
    }

    [Fact]
    public async Task Db_migrate_says_on_stderr_that_it_created_the_schema_and_later_that_it_is_up_to_date()
    {
        // Each pending migration of an upgrade is logged before and after it (WarehouseContractTests); a new schema is
        // one line, not two per version.
        using var directory = new TempDirectory();
        var warehouse = "duckdb:" + directory.File("w.duckdb");
        var latest = Facet.Storage.WarehouseFactory.SchemaVersion;
        var (code, output, error) = await FacetProcess.RunAsync(["db", "migrate", "--warehouse", warehouse], TimeSpan.FromSeconds(60));
        Assert.True(code == 0, error);
        Assert.Equal($"warehouse {warehouse} is at schema version {latest}", output.Trim());
        Assert.Matches($@"created the schema at version {latest} in \d+\.\d s$", error.Split('\n', StringSplitOptions.RemoveEmptyEntries).Single(l => l.Contains("created the schema", StringComparison.Ordinal)));
        Assert.DoesNotContain("migration ", error, StringComparison.Ordinal);

        (code, _, error) = await FacetProcess.RunAsync(["db", "migrate", "--warehouse", warehouse], TimeSpan.FromSeconds(60));
        Assert.True(code == 0, error);
        Assert.DoesNotContain("created the schema", error, StringComparison.Ordinal);
        Assert.Contains($"schema is up to date (version {latest})", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Db_migrate_with_a_bad_warehouse_exits_2_with_one_line_and_no_password()
    {
        var (code, output, error) = await FacetProcess.RunAsync(["db", "migrate", "--warehouse", "mysql://root:hunter2@db/shop"], TimeSpan.FromSeconds(60));
        Assert.Equal(2, code);
        Assert.Empty(output);
        var line = Assert.Single(error.Trim().Split('\n'));
        Assert.StartsWith("facet: --warehouse: invalid warehouse 'mysql://root:***@db/shop': expected duckdb:PATH", line, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Db_migrate_against_an_unreachable_postgres_exits_1_with_one_line_and_no_password()
    {
        var (code, _, error) = await FacetProcess.RunAsync(
            ["db", "migrate", "--warehouse", "postgres://facet:hunter2@127.0.0.1:1/nowhere?timeout=2"], TimeSpan.FromSeconds(60));
        Assert.Equal(1, code);
        var line = Assert.Single(error.Trim().Split('\n'));
        Assert.StartsWith("facet: db migrate failed for postgres://facet:***@127.0.0.1:1/nowhere: ", line, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Db_migrate_takes_a_duckdb_memory_limit_and_a_bad_one_exits_2_naming_the_flag()
    {
        using var directory = new TempDirectory();
        var warehouse = "duckdb:" + directory.File("w.duckdb");
        var (code, output, error) = await FacetProcess.RunAsync(["db", "migrate", "--warehouse", warehouse, "--duckdb-memory-limit", "1GB"], TimeSpan.FromSeconds(60));
        Assert.True(code == 0, error);
        Assert.Equal($"warehouse {warehouse} is at schema version {Facet.Storage.WarehouseFactory.SchemaVersion}", output.Trim());

        (code, output, error) = await FacetProcess.RunAsync(["db", "migrate", "--warehouse", warehouse, "--duckdb-memory-limit", "lots"], TimeSpan.FromSeconds(60));
        Assert.Equal(2, code);
        Assert.Empty(output);
        Assert.Equal("facet: --duckdb-memory-limit must be a size such as 512MB or 4GB (got 'lots')", Assert.Single(error.Trim().Split('\n')));
    }
}
