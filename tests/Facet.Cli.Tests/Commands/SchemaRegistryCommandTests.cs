using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Facet.Storage;
using Facet.Testing;

namespace Facet.Cli.Tests.Commands;

public sealed class SchemaRegistryCommandTests
{
    [Fact]
    public async Task Schema_registry_serves_schemas_from_a_migrated_warehouse_and_exits_0_on_SIGTERM()
    {
        using var directory = new TempDirectory();
        var path = directory.File("registry.duckdb");
        await MigrateAsync(path);

        await using var facet = FacetProcess.Start(["schema-registry", "--warehouse", "duckdb:" + path, "--port", "0"]);
        var line = await facet.WaitForLineAsync(l => l.StartsWith("schema-registry=", StringComparison.Ordinal), TimeSpan.FromSeconds(60));
        var address = line["schema-registry=".Length..];
        Assert.StartsWith("http://127.0.0.1:", address, StringComparison.Ordinal);
        using (var http = new HttpClient { BaseAddress = new Uri(address + "/") })
        {
            const string Body = """{"schema":"{\"type\":\"record\",\"name\":\"Ping\",\"fields\":[{\"name\":\"n\",\"type\":\"int\"}]}"}""";
            using var registered = await http.PostAsync(new Uri("subjects/ping-value/versions", UriKind.Relative), new StringContent(Body, Encoding.UTF8, "application/vnd.schemaregistry.v1+json"));
            Assert.Equal(HttpStatusCode.OK, registered.StatusCode);
            using var id = JsonDocument.Parse(await registered.Content.ReadAsStringAsync());
            Assert.Equal(1, id.RootElement.GetProperty("id").GetInt32());
            Assert.Equal("""["ping-value"]""", await http.GetStringAsync(new Uri("subjects", UriKind.Relative)));
        }

        facet.Signal(15);
        Assert.Equal(0, await facet.WaitForExitAsync(TimeSpan.FromSeconds(30)));
    }

    // The web host used to log its failed start with a stack trace before the command's own line.
    [Fact]
    public async Task Schema_registry_on_a_taken_port_exits_1_with_one_line_naming_the_flags()
    {
        using var directory = new TempDirectory();
        var path = directory.File("registry.duckdb");
        await MigrateAsync(path);

        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        var (code, _, error) = await FacetProcess.RunAsync(["schema-registry", "--warehouse", "duckdb:" + path, "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(60));
        Assert.Equal(1, code);
        var line = Assert.Single(error.Trim().Split('\n'));
        Assert.StartsWith($"facet: cannot listen on 127.0.0.1:{port} (", line, StringComparison.Ordinal);
        Assert.EndsWith("pick another --port or --bind", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Schema_registry_on_an_unmigrated_warehouse_exits_1_naming_facet_db_migrate()
    {
        using var directory = new TempDirectory();
        var (code, _, error) = await FacetProcess.RunAsync(["schema-registry", "--warehouse", "duckdb:" + directory.File("none.duckdb"), "--port", "0"], TimeSpan.FromSeconds(60));
        Assert.Equal(1, code);
        Assert.Contains("facet db migrate", Assert.Single(error.Trim().Split('\n')), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Schema_registry_beyond_loopback_without_a_token_exits_2()
    {
        var (code, _, error) = await FacetProcess.RunAsync(["schema-registry", "--warehouse", "duckdb:unused.duckdb", "--bind", "0.0.0.0", "--port", "0"], TimeSpan.FromSeconds(60));
        Assert.Equal(2, code);
        Assert.Contains("--auth-token", error, StringComparison.Ordinal);
    }

    private static async Task MigrateAsync(string path)
    {
        await using var warehouse = await WarehouseFactory.OpenAsync(WarehouseLocation.Parse("duckdb:" + path), new WarehouseOptions(), null, CancellationToken.None);
        await warehouse.MigrateAsync(CancellationToken.None);
    }
}
