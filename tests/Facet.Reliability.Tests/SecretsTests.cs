using Facet.Reliability.Tests.Fixtures;
using Facet.Testing;

namespace Facet.Reliability.Tests;

/// <summary>Passwords (PostgreSQL, Kafka SASL) never appear in output, logs, errors or help — whatever fails.</summary>
public sealed class SecretsTests(PrivatePostgresCluster cluster, EmbeddedKafka kafka) : IClassFixture<PrivatePostgresCluster>, IClassFixture<EmbeddedKafka>
{
    private const string WrongPgPassword = "Wr0ng-pg-Pw-4711";
    private const string SaslPassword = "Sasl-Secret-0815";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    private string[] Warehouses => [
        cluster.ConnectionString(password: WrongPgPassword),
        $"postgresql://postgres:{WrongPgPassword}@127.0.0.1:{cluster.Port}/postgres",
    ];

    [Fact]
    public async Task A_wrong_PostgreSQL_password_fails_with_one_line_that_does_not_contain_it()
    {
        foreach (var warehouse in Warehouses)
        {
            foreach (var command in new[] { new[] { "db", "migrate", "--warehouse", warehouse }, ["load", "-", "--warehouse", warehouse, "--log-level", "Trace"] })
            {
                var (code, output, error) = await FacetProcess.RunAsync(command, Timeout, standardInput: "");
                Assert.NotEqual(0, code);
                Assert.Contains("password authentication failed", error, StringComparison.Ordinal);
                Assert.DoesNotContain(WrongPgPassword, output + error, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task Run_with_SASL_credentials_and_a_wrong_PostgreSQL_password_never_prints_either()
    {
        var environment = new Dictionary<string, string?> { ["FACET_KAFKA_SASL_PASSWORD"] = SaslPassword };
        foreach (var warehouse in Warehouses)
        {
            var (code, output, error) = await FacetProcess.RunAsync(
                ["run", "--kafka", kafka.BootstrapServers, "--security-protocol", "sasl_plaintext", "--sasl-mechanism", "PLAIN", "--sasl-username", "shop", "--sasl-password", SaslPassword, "--warehouse", warehouse, "--log-level", "Trace"],
                Timeout);
            Assert.NotEqual(0, code);
            Assert.DoesNotContain(WrongPgPassword, output + error, StringComparison.Ordinal);
            Assert.DoesNotContain(SaslPassword, output + error, StringComparison.Ordinal);
        }

        // Right warehouse password, SASL against a broker that speaks none: the Kafka failure is logged, the secret not.
        await cluster.CreateDatabaseAsync("secrets");
        var good = cluster.ConnectionString("secrets");
        await FacetRun.MigrateAsync(good);
        await using var run = FacetProcess.Start(
            ["run", "--kafka", kafka.BootstrapServers, "--security-protocol", "sasl_plaintext", "--sasl-mechanism", "PLAIN", "--sasl-username", "shop", "--warehouse", good, "--log-level", "Trace"],
            environment);
        await run.WaitForLineAsync(l => l.Contains("Kafka unavailable", StringComparison.Ordinal) || l.Contains("Consuming topic", StringComparison.Ordinal), Timeout);
        await FacetRun.StopAsync(run);
        Assert.DoesNotContain(SaslPassword, run.StandardOutput + run.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain(PrivatePostgresCluster.Password, run.StandardOutput + run.StandardError, StringComparison.Ordinal);
    }

    // Issue 12: `facet db migrate --help` printed its --warehouse default read from FACET_WAREHOUSE, password included.
    [Fact]
    public async Task Db_migrate_help_no_longer_prints_the_FACET_WAREHOUSE_password_which_it_still_uses_at_run_time()
    {
        await cluster.CreateDatabaseAsync("from_env");
        var environment = new Dictionary<string, string?> { ["FACET_WAREHOUSE"] = cluster.ConnectionString("from_env") };
        var help = await FacetProcess.RunAsync(["db", "migrate", "--help"], Timeout, environment);
        Assert.DoesNotContain(PrivatePostgresCluster.Password, help.Output + help.Error, StringComparison.Ordinal);

        var (code, output, error) = await FacetProcess.RunAsync(["db", "migrate"], Timeout, environment);
        Assert.True(code == 0, error);
        Assert.Contains("from_env", output, StringComparison.Ordinal);
        Assert.DoesNotContain(PrivatePostgresCluster.Password, output + error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_never_shows_a_password_from_the_environment()
    {
        var environment = new Dictionary<string, string?>
        {
            ["FACET_KAFKA_SASL_PASSWORD"] = SaslPassword,
            ["FACET_WAREHOUSE"] = cluster.ConnectionString(password: WrongPgPassword),
            ["FACET_KAFKA"] = kafka.BootstrapServers,
        };
        string[][] commands = [["--help"], ["run", "--help"], ["load", "--help"], ["generate", "--help"], ["mirror", "--help"], ["db", "migrate", "--help"], ["validate", "--help"], ["kafka", "dev", "--help"]];
        foreach (var command in commands)
        {
            var (code, output, error) = await FacetProcess.RunAsync(command, Timeout, environment);
            Assert.True(code == 0, $"{string.Join(' ', command)}: {error}");
            Assert.DoesNotContain(SaslPassword, output + error, StringComparison.Ordinal);
            Assert.DoesNotContain(WrongPgPassword, output + error, StringComparison.Ordinal);
        }
    }
}
