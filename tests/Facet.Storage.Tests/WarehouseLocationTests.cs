namespace Facet.Storage.Tests;

public sealed class WarehouseLocationTests
{
    [Fact]
    public void Parse_reads_a_duckdb_path_and_the_default()
    {
        var location = WarehouseLocation.Parse("duckdb:/tmp/x/facet.duckdb");
        Assert.Equal(WarehouseKind.DuckDb, location.Kind);
        Assert.Equal("/tmp/x/facet.duckdb", location.DuckDbPath);
        Assert.Equal("duckdb:/tmp/x/facet.duckdb", location.ToString());
        Assert.Equal("facet.duckdb", WarehouseLocation.Default.DuckDbPath);
    }

    [Theory]
    [InlineData("postgres://facet:s3cr%40t@db.example:6543/shop?sslmode=require")]
    [InlineData("postgresql://facet:s3cr%40t@db.example:6543/shop?sslmode=require")]
    [InlineData("Host=db.example;Port=6543;Username=facet;Password=s3cr@t;Database=shop;SSL Mode=Require")]
    public void Parse_reads_postgres_urls_and_connection_strings_and_ToString_redacts_the_password(string value)
    {
        var location = WarehouseLocation.Parse(value);
        Assert.Equal(WarehouseKind.Postgres, location.Kind);
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(location.PostgresConnectionString);
        Assert.Equal(("db.example", 6543, "facet", "s3cr@t", "shop", Npgsql.SslMode.Require), (builder.Host, builder.Port, builder.Username, builder.Password, builder.Database, builder.SslMode));
        Assert.Equal("postgres://facet:***@db.example:6543/shop", location.ToString());
        Assert.DoesNotContain("s3cr", location.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_defaults_the_postgres_port_to_5432()
    {
        Assert.Equal("postgres://u@h:5432/d", WarehouseLocation.Parse("postgres://u@h/d").ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("duckdb:")]
    [InlineData("mysql://root:hunter2@h/db")]
    [InlineData("postgres://u:hunter2@h:5432/db?nonsense_param=1")]
    [InlineData("Username=u;Password=hunter2")]
    [InlineData("just-a-word")]
    public void Parse_rejects_other_forms_with_one_line_naming_the_accepted_ones_and_no_password(string value)
    {
        var ex = Assert.Throws<FormatException>(() => WarehouseLocation.Parse(value));
        Assert.Contains("duckdb:PATH", ex.Message, StringComparison.Ordinal);
        Assert.Contains("postgres://", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
    }
}
