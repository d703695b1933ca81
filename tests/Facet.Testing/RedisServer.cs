using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Facet.Testing;

/// <summary>
/// Redis for tests. <see cref="SharedAddress"/> is the throwaway server ./test.sh starts (FACET_TEST_REDIS); tests
/// share it under their own key prefix (<see cref="NewPrefix"/>). A test that must stop Redis starts its own server
/// with <see cref="StartPrivateAsync"/> (the same redis-server binary) and kills that one, never the shared one.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    public const string EnvironmentVariable = "FACET_TEST_REDIS";

    private Process? _process;

    private RedisServer(int port) => Port = port;

    public int Port { get; }

    /// <summary>HOST:PORT of this server.</summary>
    public string Address => $"127.0.0.1:{Port}";

    /// <summary>HOST:PORT of the Redis that ./test.sh started.</summary>
    public static string SharedAddress =>
        Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{EnvironmentVariable} is not set: run the tests with ./test.sh, which installs redis-server, starts a throwaway one and sets it.");

    /// <summary>A key prefix no other test uses.</summary>
    public static string NewPrefix() => "facet-test-" + Guid.NewGuid().ToString("N")[..12] + ":";

    /// <summary>Starts a private redis-server on a free loopback port (nothing persisted) and waits until it accepts connections.</summary>
    public static async Task<RedisServer> StartPrivateAsync()
    {
        _ = SharedAddress; // the same precondition: ./test.sh installed redis-server
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var server = new RedisServer(port);
        await server.StartAsync();
        return server;
    }

    /// <summary>(Re)starts the server on its port.</summary>
    public async Task StartAsync()
    {
        var info = new ProcessStartInfo("redis-server") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no" })
        {
            info.ArgumentList.Add(argument);
        }

        _process = Process.Start(info) ?? throw new InvalidOperationException("redis-server did not start");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await Eventually.Until(CanConnectAsync, ok => ok, TimeSpan.FromSeconds(20), $"redis-server to accept connections on {Address}");
    }

    /// <summary>Kills the server (SIGKILL, as a crash) and waits until it is gone.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill();
            await process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process?.Dispose();
    }

    private async Task<bool> CanConnectAsync()
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, Port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
