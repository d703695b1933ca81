namespace Facet.Storage.Maintenance;

/// <summary>What <c>facet db maintenance</c> does (docs/schema.md, "Maintenance"). Each retention is off unless given.</summary>
public sealed record MaintenanceOptions
{
    /// <summary>PostgreSQL: daily fact partitions that exist from today to today + this many days.</summary>
    public int PartitionsAheadDays { get; init; } = 7;

    /// <summary>bad_events, pipeline_batches and finished scheduler runs older than this many days are deleted; null keeps them.</summary>
    public int? RetentionDays { get; init; }

    /// <summary>PostgreSQL: daily fact partitions whose whole day is older than this many days are dropped; null keeps them.</summary>
    public int? FactRetentionDays { get; init; }

    /// <summary>Refresh planner statistics (ANALYZE; on DuckDB also CHECKPOINT).</summary>
    public bool Analyze { get; init; } = true;

    /// <summary>The clock the cutoffs are taken from.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
