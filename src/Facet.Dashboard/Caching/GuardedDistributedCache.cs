using Microsoft.Extensions.Caching.Distributed;
using StackExchange.Redis;

namespace Facet.Dashboard.Caching;

/// <summary>
/// HybridCache's second level (the StackExchangeRedis <see cref="IDistributedCache"/>) behind a guard: while Redis is
/// disconnected every read is a miss and every write is skipped at once, and a failing call is recorded in
/// <see cref="RedisLevel"/> (for /api/health) instead of reaching the request. HybridCache would swallow the errors
/// too, but only after each one waited for its timeout and logged a warning.
/// </summary>
internal sealed class GuardedDistributedCache(IDistributedCache inner, RedisLevel level) : IDistributedCache
{
    public byte[]? Get(string key) => throw new NotSupportedException("The report cache reads Redis asynchronously only.");

    public async Task<byte[]?> GetAsync(string key, CancellationToken token = default)
    {
        await level.ConnectionAsync();
        if (!level.IsConnected)
        {
            return null;
        }

        try
        {
            return await inner.GetAsync(key, token);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            level.Failed(ex);
            return null;
        }
    }

    public void Refresh(string key) => throw new NotSupportedException("The report cache uses absolute expirations only.");

    public Task RefreshAsync(string key, CancellationToken token = default) => Task.CompletedTask;

    public void Remove(string key) => throw new NotSupportedException("The report cache removes nothing: a new data version makes new keys.");

    public Task RemoveAsync(string key, CancellationToken token = default) => Task.CompletedTask;

    public void Set(string key, byte[] value, DistributedCacheEntryOptions options) => throw new NotSupportedException("The report cache writes Redis asynchronously only.");

    public async Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default)
    {
        if (!level.IsConnected)
        {
            return;
        }

        try
        {
            await inner.SetAsync(key, value, options, token);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            level.Failed(ex);
        }
    }
}
