using System.Security.Cryptography;
using System.Text;
using Facet.Reliability.Tests.Fixtures;
using Facet.Testing;

namespace Facet.Reliability.Tests;

public sealed class PrivacyTests(PostgresDatabase postgres) : IClassFixture<PostgresDatabase>
{
    private const string Salt = "pepper-12";

    private static string Line(string id, string emailMembers, string ip) =>
        HostileInput.Event(id, ("ip", "\"" + ip + "\"")).TrimEnd('}').Replace("\"email_address\":\"\",", "", StringComparison.Ordinal) + "," + emailMembers + "}";

    [Fact]
    public async Task By_default_email_addresses_are_stored_only_hashed_and_IPs_not_at_all()
    {
        var warehouse = postgres.ConnectionString;
        await FacetRun.MigrateAsync(warehouse);
        using var directory = new TempDirectory();
        var input = directory.File("privacy.ndjson");
        await File.WriteAllLinesAsync(input, [
            Line("privacy-1", "\"email_address\":\" Shopper.One@Example.COM \"", "81.2.69.160"),
            Line("privacy-2", "\"email\":\"second@example.com\"", "2a02:8108:1::1"),
            // Second_email_alias_is_no_longer_stored_in_clear_in_extra: with both aliases the unused one went to
            // fact_events.extra verbatim (issue 12).
            Line("privacy-3", "\"email_address\":\"third@example.com\",\"email\":\"fourth@example.com\"", "81.2.69.161"),
        ]);

        var (code, _, error) = await FacetProcess.RunAsync(["load", input, "--warehouse", warehouse, "--no-progress"], TimeSpan.FromSeconds(120), new Dictionary<string, string?> { ["FACET_EMAIL_SALT"] = Salt });
        Assert.True(code == 0, error);

        Assert.Equal(3, await WarehouseAudit.ScalarAsync(warehouse, "SELECT count(*) FROM fact_events WHERE event_id LIKE 'privacy-%'"));
        Assert.Equal(0, await WarehouseAudit.ScalarAsync(warehouse, "SELECT count(*) FROM fact_events f WHERE f::text ILIKE '%example.com%'"));
        Assert.Equal(0, await WarehouseAudit.ScalarAsync(warehouse, "SELECT count(*) FROM dim_customer c WHERE c::text ILIKE '%example.com%'"));
        Assert.Equal(0, await WarehouseAudit.ScalarAsync(warehouse, "SELECT count(*) FROM fact_events f WHERE f.ip IS NOT NULL OR f::text LIKE '%81.2.69.16%' OR f::text LIKE '%2a02:8108%'"));
        Assert.Equal(0, await WarehouseAudit.ScalarAsync(warehouse, "SELECT count(*) FROM dim_location l WHERE l::text LIKE '%81.2.69%'"));
        foreach (var address in new[] { "shopper.one@example.com", "second@example.com", "third@example.com" })
        {
            var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Salt + address)));
            Assert.True(await WarehouseAudit.ScalarAsync(warehouse, $"SELECT count(*) FROM dim_customer WHERE email_hash = '{hash}' AND email IS NULL") == 1, $"no hashed row for {address}");
        }
    }
}
