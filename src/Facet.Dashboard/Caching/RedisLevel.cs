using Facet.Storage;
using Facet.Storage.Reports;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Facet.Dashboard.Caching;

/// <summary>
/// The report cache's shared second level: one Redis connection (for HybridCache's L2 through
/// <see cref="GuardedDistributedCache"/>, for the cross-process fill lock and for health). Redis that is down or
/// slow never fails a request: operations fail fast (no backlog, 2 s timeouts), the caller falls back to the warehouse,
/// and the connection comes back by itself when Redis does. Constructing it does no I/O.
/// </summary>
internal sealed partial class RedisLevel : IAsyncDisposable
{
    /// <summary>How long one process may hold a key's fill lock; other processes wait at most this long.</summary>
    private static readonly TimeSpan LockTime = TimeSpan.FromSeconds(10);

    /// <summary>How long a computed value stays under its fill key, for processes that waited or arrive just after.</summary>
    private static readonly TimeSpan FillTime = TimeSpan.FromSeconds(15);

    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(5);

    private readonly ConfigurationOptions _configuration;
    private readonly string _prefix;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Lazy<Task<ConnectionMultiplexer>> _connection;
    private readonly string _token = Guid.NewGuid().ToString("N");
    private string? _lastError;

    public RedisLevel(string endpoint, string prefix, TimeProvider time, ILogger logger)
    {
        Endpoint = endpoint;
        _prefix = prefix;
        _time = time;
        _logger = logger;
        _configuration = new ConfigurationOptions
        {
            EndPoints = { endpoint },
            AbortOnConnectFail = false,
            ConnectTimeout = 1000,
            AsyncTimeout = 2000,
            SyncTimeout = 2000,
            ConnectRetry = 1,
            // Without a connection, fail at once instead of queueing commands until they time out.
            BacklogPolicy = BacklogPolicy.FailFast,
            ReconnectRetryPolicy = new LinearRetry(500),
            ClientName = "facet-dashboard",
        };
        _connection = new Lazy<Task<ConnectionMultiplexer>>(ConnectAsync);
    }

    public string Endpoint { get; }

    /// <summary>Whether the connection is up right now (no I/O).</summary>
    public bool IsConnected => _connection.IsValueCreated && _connection.Value.IsCompletedSuccessfully && _connection.Value.Result.IsConnected;

    public Task<ConnectionMultiplexer> ConnectionAsync() => _connection.Value;

    /// <summary>Pings Redis: "ok", or "unavailable" with the reason. Never throws.</summary>
    public async Task<(bool Ok, string? Error)> PingAsync()
    {
        try
        {
            var connection = await _connection.Value;
            await connection.GetDatabase().PingAsync();
            return (true, null);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            Failed(ex);
            return (false, FirstLine(ex.Message));
        }
    }

    /// <summary>
    /// The value for <paramref name="key"/> computed once across every process sharing this Redis: the first process
    /// to take the key's lock computes it and leaves it under a fill key for a few seconds; the others wait for that
    /// (polling every few milliseconds) instead of querying the warehouse too. Without Redis, computes here.
    /// </summary>
    public async Task<T> FillOnceAsync<T>(string key, Func<CancellationToken, Task<T>> compute, CancellationToken cancellationToken)
    {
        var serializer = ReportCacheSerializerFactory.For<T>();
        RedisKey lockKey = _prefix + "lock:" + key;
        RedisKey fillKey = _prefix + "fill:" + key;
        var deadline = _time.GetTimestamp() + (long)(LockTime.TotalSeconds * _time.TimestampFrequency);
        try
        {
            var connection = await _connection.Value;
            if (!connection.IsConnected)
            {
                return await compute(cancellationToken);
            }

            var database = connection.GetDatabase();
            while (_time.GetTimestamp() < deadline)
            {
                // A fill left by another process (its L2 write may still be on the way).
                if (await database.StringGetAsync(fillKey) is { HasValue: true } filled)
                {
                    return serializer.Deserialize(new System.Buffers.ReadOnlySequence<byte>((byte[])filled!));
                }

                if (await database.StringSetAsync(lockKey, _token, LockTime, When.NotExists))
                {
                    return await ComputeAndFillAsync(database, lockKey, fillKey, serializer, compute, cancellationToken);
                }

                // Another process computes: wait until it fills, or gives up its lock without a fill (then take over).
                while (_time.GetTimestamp() < deadline && await database.KeyExistsAsync(lockKey))
                {
                    if (await database.StringGetAsync(fillKey) is { HasValue: true } waited)
                    {
                        return serializer.Deserialize(new System.Buffers.ReadOnlySequence<byte>((byte[])waited!));
                    }

                    await Task.Delay(Poll, _time, cancellationToken);
                }
            }
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            Failed(ex);
        }

        return await compute(cancellationToken);
    }

    /// <summary>
    /// Removes this prefix's cached answers of data versions other than <paramref name="version"/> (facet cache
    /// refresh): no request asks for them again, since every request reads the version anew. Fill locks and fills
    /// expire by themselves within seconds and are left alone. Returns how many keys went.
    /// </summary>
    public async Task<int> RemoveOtherVersionsAsync(DataVersion version)
    {
        var connection = await _connection.Value;
        var database = connection.GetDatabase();
        var removed = 0;
        foreach (var endpoint in connection.GetEndPoints())
        {
            var server = connection.GetServer(endpoint);
            if (server.IsReplica)
            {
                continue;
            }

            await foreach (var key in server.KeysAsync(pattern: _prefix + "*", pageSize: 1000))
            {
                if (IsOtherVersion(((string)key!)[_prefix.Length..], version) && await database.KeyDeleteAsync(key))
                {
                    removed++;
                }
            }
        }

        return removed;
    }

    /// <summary>
    /// Whether a key (without the prefix) holds an answer of another data version (the key forms of <see cref="ReportCache"/>):
    /// a report's key holds its families' versions (<see cref="DataVersion.KeyFor"/>), every other key the overall one.
    /// </summary>
    internal static bool IsOtherVersion(string key, DataVersion current)
    {
        if (key.StartsWith("report:", StringComparison.Ordinal))
        {
            var segment = key.AsSpan("report:".Length);
            return !segment.StartsWith(current.KeyFor(StreamFamilies.Clickstream) + ":", StringComparison.Ordinal)
                && !segment.StartsWith(current.KeyFor(StreamFamilies.Commerce) + ":", StringComparison.Ordinal);
        }

        var version = current.ToString();
        foreach (var kind in (ReadOnlySpan<string>)["kpis:", "commerce-kpis:", "pipeline:"])
        {
            if (key.StartsWith(kind, StringComparison.Ordinal))
            {
                return !key.AsSpan(kind.Length).StartsWith(version + ":", StringComparison.Ordinal);
            }
        }

        return key.StartsWith("text:", StringComparison.Ordinal) && !key.EndsWith(":" + version, StringComparison.Ordinal);
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection.IsValueCreated && _connection.Value.IsCompletedSuccessfully)
        {
            await _connection.Value.Result.DisposeAsync();
        }
    }

    /// <summary>Records a failed Redis operation (logged once per outage, not per request).</summary>
    public void Failed(Exception ex)
    {
        var message = FirstLine(ex.Message);
        if (Interlocked.Exchange(ref _lastError, message) is null)
        {
            Log.Unavailable(_logger, Endpoint, message);
        }
    }

    private async Task<T> ComputeAndFillAsync<T>(IDatabase database, RedisKey lockKey, RedisKey fillKey, IHybridCacheSerializer<T> serializer, Func<CancellationToken, Task<T>> compute, CancellationToken cancellationToken)
    {
        T value;
        try
        {
            value = await compute(cancellationToken);
        }
        catch
        {
            try
            {
                await database.LockReleaseAsync(lockKey, _token);
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                // The lock expires by itself; the warehouse error is the one to report.
                Failed(ex);
            }

            throw;
        }

        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        serializer.Serialize(value, buffer);
        try
        {
            // Fill first, then unlock: a waiter that sees the lock gone and no fill knows this process failed.
            await database.StringSetAsync(fillKey, buffer.WrittenMemory, FillTime);
            await database.LockReleaseAsync(lockKey, _token);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // The value is computed: serve it; waiters compute their own once the lock expires.
            Failed(ex);
        }

        return value;
    }

    private async Task<ConnectionMultiplexer> ConnectAsync()
    {
        // AbortOnConnectFail=false: this returns even while Redis is down, and connects when it comes up.
        var connection = await ConnectionMultiplexer.ConnectAsync(_configuration);
        connection.ConnectionFailed += (_, e) => Failed(e.Exception ?? new InvalidOperationException(e.FailureType.ToString()));
        connection.ConnectionRestored += (_, _) =>
        {
            if (Interlocked.Exchange(ref _lastError, null) is not null)
            {
                Log.Restored(_logger, Endpoint);
            }
        };
        return connection;
    }

    private static string FirstLine(string message)
    {
        var end = message.IndexOfAny(['\r', '\n']);
        return end < 0 ? message : message[..end];
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Redis cache at {Endpoint} is unavailable ({Error}): reports are served from the warehouse until it returns")]
        public static partial void Unavailable(ILogger logger, string endpoint, string error);

        [LoggerMessage(2, LogLevel.Information, "Redis cache at {Endpoint} is back")]
        public static partial void Restored(ILogger logger, string endpoint);
    }
}
