using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Facet.Reliability.Tests.Fixtures;

/// <summary>
/// A PostgreSQL cluster of the test's own (initdb in a temp dir, a free port), so a test can stop and start the server
/// without breaking the other test classes that share ./test.sh's cluster. TCP connections need a password
/// (SCRAM), so tests also see what Facet does with one. Binaries come from FACET_TEST_PG_BIN (set by ./test.sh) or the
/// newest /usr/lib/postgresql/*/bin; as root, the cluster belongs to the postgres user (initdb refuses root).
/// </summary>
public sealed class PrivatePostgresCluster : IAsyncLifetime
{
    public const string Password = "pg-Secret-8c1f2e";

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "facet-private-pg-" + Guid.NewGuid().ToString("N")[..10]);
    private string _bin = "";

    public int Port { get; private set; }

    private string DataDirectory => Path.Combine(_directory, "data");

    /// <summary>Connection string of database <paramref name="database"/> with the right password.</summary>
    public string ConnectionString(string database = "postgres", string password = Password) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = "postgres",
        Password = password,
        Database = database,
    }.ConnectionString;

    /// <summary>For the test's own admin work: unpooled, since the tests stop the server and terminate backends under any pool.</summary>
    public string AdminConnectionString => new NpgsqlConnectionStringBuilder(ConnectionString()) { Pooling = false }.ConnectionString;

    public async Task InitializeAsync()
    {
        _bin = Environment.GetEnvironmentVariable("FACET_TEST_PG_BIN") is { Length: > 0 } bin
            ? bin
            : Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Order(StringComparer.Ordinal).LastOrDefault()
              ?? throw new InvalidOperationException("PostgreSQL binaries not found: apt-get install -y postgresql (./test.sh does it).");
        Directory.CreateDirectory(_directory);
        var passwordFile = Path.Combine(_directory, "pwfile");
        await File.WriteAllTextAsync(passwordFile, Password + "\n");
        if (IsRoot)
        {
            await RunAsync("chown", ["-R", "postgres:", _directory]);
        }

        await RunAsPostgresAsync("initdb", ["-D", DataDirectory, "-U", "postgres", "--auth-local=trust", "--auth-host=scram-sha-256", "--pwfile", passwordFile, "-E", "UTF8", "--locale=C.UTF-8"]);
        Port = FreePort();
        await StartAsync();
    }

    /// <summary>Starts (or restarts) the server and waits until it accepts connections.</summary>
    public Task StartAsync() => RunAsPostgresAsync("pg_ctl", [
        "-D", DataDirectory, "-l", Path.Combine(_directory, "server.log"), "-w", "-t", "60", "start",
        "-o", $"-c listen_addresses=127.0.0.1 -p {Port.ToString(CultureInfo.InvariantCulture)} -k {_directory} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=100",
    ]);

    /// <summary>Stops the server: fast mode terminates every session (clients see 57P01, then connection refused).</summary>
    public Task StopAsync() => RunAsPostgresAsync("pg_ctl", ["-D", DataDirectory, "-m", "fast", "-w", "-t", "60", "stop"]);

    public async Task CreateDatabaseAsync(string name)
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await create.ExecuteNonQueryAsync();
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
        {
            await RunAsPostgresAsync("pg_ctl", ["-D", DataDirectory, "-m", "immediate", "-w", "stop"]);
        }

        Directory.Delete(_directory, recursive: true);
    }

    private static bool IsRoot => Environment.UserName == "root";

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private Task RunAsPostgresAsync(string tool, IReadOnlyList<string> arguments) =>
        IsRoot
            ? RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(_bin, tool), .. arguments])
            : RunAsync(Path.Combine(_bin, tool), arguments);

    private static async Task RunAsync(string file, IReadOnlyList<string> arguments)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited {process.ExitCode}: {await output}{await error}");
        }
    }
}
