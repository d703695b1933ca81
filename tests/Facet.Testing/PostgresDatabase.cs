using Npgsql;

namespace Facet.Testing;

/// <summary>
/// A fresh, empty PostgreSQL database on the throwaway cluster that ./test.sh starts (named by FACET_TEST_POSTGRES),
/// dropped on dispose. Use as an xunit class fixture: each test class gets its own database.
/// </summary>
public sealed class PostgresDatabase : IAsyncLifetime
{
    public const string EnvironmentVariable = "FACET_TEST_POSTGRES";

    private string? _adminConnectionString;

    public string DatabaseName { get; } = "facet_test_" + Guid.NewGuid().ToString("N")[..16];

    /// <summary>Connection string of this test's own database.</summary>
    public string ConnectionString { get; private set; } = "";

    /// <summary>The connection string of the server's maintenance database, from FACET_TEST_POSTGRES.</summary>
    public static string ServerConnectionString =>
        Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{EnvironmentVariable} is not set: run the tests with ./test.sh, which starts a throwaway PostgreSQL and sets it.");

    public async Task InitializeAsync()
    {
        _adminConnectionString = ServerConnectionString;
        await using (var admin = new NpgsqlConnection(_adminConnectionString))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{DatabaseName}\"", admin);
            await create.ExecuteNonQueryAsync();
        }

        ConnectionString = new NpgsqlConnectionStringBuilder(_adminConnectionString) { Database = DatabaseName }.ConnectionString;
    }

    public NpgsqlDataSource CreateDataSource() => NpgsqlDataSource.Create(ConnectionString);

    public async Task DisposeAsync()
    {
        if (_adminConnectionString is null)
        {
            return;
        }

        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(_adminConnectionString);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{DatabaseName}\" WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }
}
