using System.Net;
using Facet.Core.Enrichment.Internal;

namespace Facet.Core.Enrichment;

/// <summary>
/// One or more IP databases tried in order (e.g. DB-IP's IPv4 file, then its IPv6 file), behind a bounded cache keyed
/// by the address for canonical IPv4 text (<see cref="Ipv4LocationCache"/>) and by the IP string otherwise. When a file
/// changes (a <see cref="FileSystemWatcher"/> notices, or <see cref="ReloadIfChanged"/> is called) the set is reopened
/// and swapped in atomically, and the caches cleared; lookups never wait for a reload.
/// Replace files by rename (write elsewhere, then move over): an in-place rewrite of a memory-mapped file is unsafe
/// for any mmdb reader.
/// </summary>
public sealed class ReloadingIpGeolocator : IpGeolocator
{
    private static readonly TimeSpan RetiredGrace = TimeSpan.FromSeconds(10);

    private readonly string[] _paths;
    private readonly Ipv4LocationCache _ipv4;
    private readonly BoundedCache<string, GeoLocation> _cache;

    // Issue 22: each database read makes a new GeoLocation and new strings, but cached IPs share locations (56k IPs,
    // 20k locations 70 s into a 1M generated load): the cache keeps one instance per distinct location (record
    // equality, coordinates included), so a full collection marks those once instead of ~5 objects per cached IP.
    private readonly BoundedCache<GeoLocation, GeoLocation> _locations;
    private readonly Lock _reloadGate = new();
    private readonly List<(Generation Generation, long RetiredAt)> _retired = [];
    private readonly List<FileSystemWatcher> _watchers = [];
    private volatile Generation _current;
    private int _reloads;
    private bool _disposed;

    internal ReloadingIpGeolocator(IReadOnlyList<string> paths, int cacheSize, bool watch)
    {
        ArgumentNullException.ThrowIfNull(paths);
        if (paths.Count == 0)
        {
            throw new EnrichmentDataException("No IP database given: pass --geoip PATH or run 'dotnet build' to install DB-IP City Lite.");
        }

        _paths = new string[paths.Count];
        for (var i = 0; i < paths.Count; i++)
        {
            _paths[i] = Path.GetFullPath(paths[i]);
        }

        _cache = new BoundedCache<string, GeoLocation>(Math.Max(1, cacheSize), StringComparer.Ordinal);
        _locations = new BoundedCache<GeoLocation, GeoLocation>(Math.Max(1, cacheSize / 4));
        _current = Generation.Open(_paths);
        _ipv4 = new Ipv4LocationCache(Math.Max(1, cacheSize), _current);
        if (watch)
        {
            foreach (var directory in _paths.Select(Path.GetDirectoryName).Distinct(StringComparer.Ordinal))
            {
                var watcher = new FileSystemWatcher(directory!)
                {
                    NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size | NotifyFilters.CreationTime,
                    IncludeSubdirectories = false,
                };
                watcher.Changed += OnFileEvent;
                watcher.Created += OnFileEvent;
                watcher.Renamed += OnFileEvent;
                watcher.EnableRaisingEvents = true;
                _watchers.Add(watcher);
            }
        }
    }

    /// <summary>Raised after a successful reload (argument: the number of reloads so far).</summary>
    public event Action<int>? Reloaded;

    /// <summary>Raised when a changed file could not be opened; the previous databases stay in use.</summary>
    public event Action<Exception>? ReloadFailed;

    public IReadOnlyList<string> Paths => _paths;

    /// <summary>The open databases, in lookup order.</summary>
    public IReadOnlyList<IpGeolocator> Databases => _current.Readers;

    /// <summary>How many times the databases were reopened.</summary>
    public int ReloadCount => Volatile.Read(ref _reloads);

    /// <summary>Located IPs held in the caches.</summary>
    public int CachedCount => _ipv4.Count + _cache.Count;

    public override GeoLocation Locate(string? ip)
    {
        if (ip is null)
        {
            return base.Locate(ip);
        }

        if (Ipv4LocationCache.TryParse(ip, out var address))
        {
            if (_ipv4.TryGet(address, out var hit))
            {
                return hit;
            }

            // Located in the generation read first; kept only if the cache still belongs to it (a reload resets it).
            var files = _current;
            return _ipv4.Add(address, base.Locate(ip), files);
        }

        if (_cache.TryGet(ip, out var cached))
        {
            return cached;
        }

        var generation = _current;
        var location = base.Locate(ip);
        if (ReferenceEquals(generation, _current))
        {
            location = _locations.GetOrAdd(location, static (l, _) => l, 0);
            _cache.GetOrAdd(ip, static (_, l) => l, location);
        }

        return location;
    }

    protected override GeoLocation LocatePublic(IPAddress address)
    {
        var readers = _current.Readers;
        for (var i = 0; i < readers.Length; i++)
        {
            var location = readers[i].Locate(address);
            if (location.IsKnown)
            {
                return location;
            }
        }

        return NotFound;
    }

    /// <summary>Reopens the databases when a file's size or modification time changed. Returns true when it did.</summary>
    public bool ReloadIfChanged()
    {
        lock (_reloadGate)
        {
            if (_disposed || !_current.HasChanged())
            {
                return false;
            }

            Generation next;
            try
            {
                next = Generation.Open(_paths);
            }
            catch (Exception ex) when (ex is EnrichmentDataException or IOException or UnauthorizedAccessException)
            {
                ReloadFailed?.Invoke(ex);
                return false;
            }

            // Counted before it is published (Interlocked is a full fence, _current is volatile): whoever sees the new
            // data also sees the reload counted. Counted after, a lookup could answer from the new file while
            // ReloadCount still said 0 (seen once in the hot-reload test).
            var count = Interlocked.Increment(ref _reloads);
            var old = _current;
            _current = next;
            _ipv4.Reset(next);
            _cache.Clear();
            _locations.Clear();

            // Lookups may still be inside the old readers for a moment: dispose them after a grace period.
            var now = Environment.TickCount64;
            _retired.Add((old, now));
            for (var i = _retired.Count - 1; i >= 0; i--)
            {
                if (now - _retired[i].RetiredAt > RetiredGrace.TotalMilliseconds)
                {
                    _retired[i].Generation.Dispose();
                    _retired.RemoveAt(i);
                }
            }

            Reloaded?.Invoke(count);
            return true;
        }
    }

    private void OnFileEvent(object sender, FileSystemEventArgs e)
    {
        var full = e.FullPath;
        foreach (var path in _paths)
        {
            if (string.Equals(path, full, StringComparison.Ordinal))
            {
                ThreadPool.UnsafeQueueUserWorkItem(static self => self.ReloadIfChanged(), this, preferLocal: false);
                return;
            }
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (!disposing)
        {
            return;
        }

        foreach (var watcher in _watchers)
        {
            watcher.Dispose();
        }

        lock (_reloadGate)
        {
            _disposed = true;
            _current.Dispose();
            foreach (var (generation, _) in _retired)
            {
                generation.Dispose();
            }

            _retired.Clear();
        }
    }

    private sealed class Generation : IDisposable
    {
        private readonly string[] _paths;
        private readonly (DateTime Written, long Length)[] _stamps;

        private Generation(string[] paths, IpGeolocator[] readers, (DateTime, long)[] stamps)
        {
            _paths = paths;
            Readers = readers;
            _stamps = stamps;
        }

        public IpGeolocator[] Readers { get; }

        public static Generation Open(string[] paths)
        {
            var readers = new List<IpGeolocator>(paths.Length);
            var stamps = new (DateTime, long)[paths.Length];
            try
            {
                for (var i = 0; i < paths.Length; i++)
                {
                    stamps[i] = Stamp(paths[i]);
                    readers.Add(OpenFile(paths[i]));
                }
            }
            catch
            {
                foreach (var reader in readers)
                {
                    reader.Dispose();
                }

                throw;
            }

            return new Generation(paths, [.. readers], stamps);
        }

        public bool HasChanged()
        {
            for (var i = 0; i < _paths.Length; i++)
            {
                if (Stamp(_paths[i]) != _stamps[i])
                {
                    return true;
                }
            }

            return false;
        }

        public void Dispose()
        {
            foreach (var reader in Readers)
            {
                reader.Dispose();
            }
        }

        private static (DateTime, long) Stamp(string path)
        {
            var info = new FileInfo(path);
            return info.Exists ? (info.LastWriteTimeUtc, info.Length) : (DateTime.MinValue, -1);
        }
    }
}
