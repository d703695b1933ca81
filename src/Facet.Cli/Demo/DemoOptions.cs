using Facet.Storage;

namespace Facet.Cli.Demo;

/// <summary>What <c>facet demo</c> runs, from its flags.</summary>
internal sealed class DemoOptions
{
    public const string Topic = "product_view";
    public const int Partitions = 6;

    /// <summary>Partitions of each commerce topic.</summary>
    public const int CommercePartitions = 2;

    /// <summary>The streams the demo consumes: the clickstream and every commerce stream.</summary>
    public const string Streams = "clickstream,commerce";

    /// <summary>Commerce messages per second at least (else a twentieth of --rate).</summary>
    public const double MinCommerceRate = 50;

    /// <summary>Live events per second at start.</summary>
    public required int Rate { get; init; }

    /// <summary>Stop after this long; null: until SIGINT/SIGTERM.</summary>
    public TimeSpan? Duration { get; init; }

    /// <summary>Dashboard port on 127.0.0.1; 0 picks a free one.</summary>
    public required int Port { get; init; }

    /// <summary>The dashboard's shared report cache, redis://HOST:PORT (--cache); null: in process only.</summary>
    public string? Cache { get; init; }

    public required WarehouseLocation Warehouse { get; init; }

    public required WarehouseOptions WarehouseOptions { get; init; }

    public required TimeZoneInfo TimeZone { get; init; }

    /// <summary>The IANA name as given (the dashboard resolves it itself).</summary>
    public required string TimeZoneId { get; init; }

    /// <summary>How often the status line is printed.</summary>
    public TimeSpan StatusInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Longest wait for each stopping step (producer acks, processor drain, dashboard requests).</summary>
    public TimeSpan StopStepTimeout { get; init; } = TimeSpan.FromSeconds(2.5);
}
