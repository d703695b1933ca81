using System.CommandLine;
using Facet.Cli.Settings;
using Facet.Core.Enrichment;
using Facet.Core.Parsing;
using Facet.Storage;
using Facet.Cli.Streams;
using Microsoft.Extensions.Logging;

namespace Facet.Cli.Commands;

/// <summary>
/// Options shared by the commands that run the pipeline (<c>run</c>, <c>load</c>, <c>demo</c>): the warehouse, its
/// privacy settings and time zone, and the enrichment data. Builds the parts from them.
/// </summary>
internal sealed class PipelineCliOptions
{
    public const string EmailSaltVariable = "FACET_EMAIL_SALT";

    /// <param name="defaultWarehouse">The warehouse when --warehouse is not given (the demo keeps its own file).</param>
    /// <param name="defaultLogLevel">The demo prints its own status line, so it logs warnings only by default.</param>
    public PipelineCliOptions(string defaultWarehouse = CliOptions.DefaultWarehouse, LogLevel defaultLogLevel = Microsoft.Extensions.Logging.LogLevel.Information)
    {
        Warehouse = CliOptions.Warehouse(defaultWarehouse);
        LogLevel = new("--log-level") { Description = "Trace, Debug, Information, Warning or Error.", DefaultValueFactory = _ => defaultLogLevel };
    }

    public Option<string> Warehouse { get; }
    public Option<string> TimeZone { get; } = CliOptions.TimeZone();
    public Option<IpStorage> IpStorage { get; } = new("--ip-storage") { Description = "How much of the shopper IP to keep: none, truncated (/24, /48) or full.", DefaultValueFactory = _ => Facet.Storage.IpStorage.None };
    public Option<bool> ClearTextEmail { get; } = new("--store-email") { Description = $"Also keep email addresses in clear text (they are always stored hashed with the salt from {EmailSaltVariable})." };
    public Option<string[]> GeoIp { get; } = new("--geoip") { Description = "IP database(s): DB-IP/MaxMind .mmdb or IP2Location .BIN (default: the DB-IP City Lite files installed by the build).", AllowMultipleArgumentsPerToken = false };
    public Option<string?> DataDirectory { get; } = new("--data-dir") { Description = "Folder holding the enrichment data (default: found next to the app or installed by the build)." };
    public Option<LogLevel> LogLevel { get; }
    /// <summary>The DuckDB memory flag's name, which failure messages name too (FacetCommandLine).</summary>
    public const string DuckDbMemoryLimitName = "--duckdb-memory-limit";

    public Option<string> DuckDbMemoryLimit { get; } = new(DuckDbMemoryLimitName) { Description = "DuckDB warehouse: the most memory its buffer pool may use, e.g. 512MB or 2GB.", DefaultValueFactory = _ => WarehouseOptions.DefaultDuckDbMemoryLimit };
    public Option<string> Windows { get; } = WindowCliOptions.Create();
    public Option<TimeSpan> SessionTimeout { get; } = CliOptions.Duration("--session-timeout", "Inactivity that ends a session (fact_sessions); 0s turns sessions off.", TimeSpan.FromMinutes(30));
    public Option<TimeSpan> SessionLateBound { get; } = CliOptions.Duration("--session-late-bound", "How late behind its device's last session an event may arrive and still be sessionized; later ones are counted in session_late_events.", TimeSpan.FromHours(24));
    public Option<FunnelProgressMode> FunnelProgress { get; } = new("--funnel-progress") { Description = "live: each batch keeps the stored funnels' progress (fast funnel reports); deferred: cheaper loads, funnel reports read the facts until facet db maintenance computes it.", DefaultValueFactory = _ => FunnelProgressMode.Live };
    public Option<int> DuckDbThreads { get; } = new("--duckdb-threads") { Description = "DuckDB warehouse: its worker threads (0 = one per core).", DefaultValueFactory = _ => 1 };

    public void AddTo(Command command)
    {
        command.Options.Add(Warehouse);
        command.Options.Add(TimeZone);
        command.Options.Add(IpStorage);
        command.Options.Add(ClearTextEmail);
        command.Options.Add(GeoIp);
        command.Options.Add(DataDirectory);
        command.Options.Add(LogLevel);
        command.Options.Add(DuckDbMemoryLimit);
        command.Options.Add(DuckDbThreads);
        command.Options.Add(Windows);
        command.Options.Add(SessionTimeout);
        command.Options.Add(SessionLateBound);
        command.Options.Add(FunnelProgress);
    }

    public static WarehouseLocation ParseWarehouse(string text)
    {
        try
        {
            return WarehouseLocation.Parse(text);
        }
        catch (FormatException ex)
        {
            throw new UsageException(ex.Message.TrimEnd('.'));
        }
    }

    /// <param name="checkpointOnClose">DuckDB: see <see cref="WarehouseOptions.DuckDbCheckpointOnClose"/> (false for the demo).</param>
    /// <param name="trail">The trailing transactions' gather time and queue bound (<see cref="WarehouseOptions.TrailGatherTime"/>,
    /// <see cref="WarehouseOptions.TrailQueuedEvents"/>); null = their defaults.</param>
    public WarehouseOptions ReadWarehouseOptions(SettingsReader settings, bool checkpointOnClose = true, (TimeSpan GatherTime, long QueuedEvents)? trail = null) => new()
    {
        DuckDbCheckpointOnClose = checkpointOnClose,
        ReportingTimeZone = CliOptions.ResolveTimeZone(settings.Get(TimeZone)),
        IpStorage = settings.Get(IpStorage),
        StoreClearTextEmail = settings.Get(ClearTextEmail),
        EmailHashSalt = Environment.GetEnvironmentVariable(EmailSaltVariable) ?? "",
        DuckDbMemoryLimit = settings.Get(DuckDbMemoryLimit),
        DuckDbThreads = settings.Get(DuckDbThreads),
        Windows = WindowCliOptions.Resolve(settings.Get(Windows)),
        SessionTimeout = settings.Get(SessionTimeout),
        SessionLateBound = settings.Get(SessionLateBound),
        FunnelProgress = settings.Get(FunnelProgress),
        TrailDerivedWrites = true,
        TrailGatherTime = trail?.GatherTime ?? WarehouseOptions.DefaultTrailGatherTime,
        TrailQueuedEvents = trail?.QueuedEvents ?? WarehouseOptions.DefaultTrailQueuedEvents,
    };

    /// <summary>Opens the warehouse; a schema that is missing or old names `facet db migrate`.</summary>
    public Task<IWarehouse> OpenWarehouseAsync(SettingsReader settings, ILoggerFactory loggerFactory, CancellationToken ct) =>
        OpenWarehouseAsync(settings, loggerFactory, trail: null, ct);

    /// <inheritdoc cref="OpenWarehouseAsync(SettingsReader, ILoggerFactory, CancellationToken)"/>
    /// <param name="trail">See <see cref="ReadWarehouseOptions"/>.</param>
    public async Task<IWarehouse> OpenWarehouseAsync(SettingsReader settings, ILoggerFactory loggerFactory, (TimeSpan GatherTime, long QueuedEvents)? trail, CancellationToken ct)
    {
        var location = ParseWarehouse(settings.Get(Warehouse));
        var options = ReadWarehouseOptions(settings, trail: trail);
        try
        {
            return await WarehouseFactory.OpenAsync(location, options, loggerFactory, ct);
        }
        catch (WarehouseSchemaException ex)
        {
            throw new UsageException(ex.Message.TrimEnd('.'));
        }
        catch (ArgumentException ex) when (ex.ParamName == nameof(WarehouseOptions.DuckDbMemoryLimit))
        {
            throw new UsageException($"{DuckDbMemoryLimit.Name} must be a size such as 512MB or 2GB (got '{options.DuckDbMemoryLimit}')");
        }
        catch (ArgumentException ex) when (ex.ParamName == nameof(WarehouseOptions.DuckDbThreads))
        {
            throw new UsageException($"{DuckDbThreads.Name} must be between 0 (one per core) and 1024 (got {options.DuckDbThreads})");
        }
        catch (ArgumentException ex) when (ex.ParamName == nameof(WarehouseOptions.SessionTimeout))
        {
            throw new UsageException($"{SessionTimeout.Name} must be between 0s (off) and 24h (got {options.SessionTimeout})");
        }
        catch (ArgumentException ex) when (ex.ParamName == nameof(WarehouseOptions.SessionLateBound))
        {
            throw new UsageException($"{SessionLateBound.Name} must be between 0s and 365 days (got {options.SessionLateBound})");
        }
    }

    /// <summary>The stream catalog; the enrichment data loads on first use of a stream that enriches (the clickstream).</summary>
    public StreamCatalog CreateStreams(SettingsReader settings, ParserOptions? parserOptions = null)
    {
        var enrichment = new EnrichmentOptions
        {
            GeoIpPaths = settings.Get(GeoIp) ?? [],
            DataDirectory = settings.Get(DataDirectory),
        };
        EventEnricher? enricher = null;
        return new StreamCatalog(() => enricher ??= CreateEnricher(enrichment), parserOptions);
    }

    private static EventEnricher CreateEnricher(EnrichmentOptions enrichment)
    {
        try
        {
            return EventEnricher.Create(enrichment);
        }
        catch (EnrichmentDataException ex)
        {
            throw new UsageException(ex.Message.TrimEnd('.'));
        }
    }
}
