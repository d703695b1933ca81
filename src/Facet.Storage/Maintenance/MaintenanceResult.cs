namespace Facet.Storage.Maintenance;

/// <summary>What one maintenance pass did, row and partition counts included (printed by <c>facet db maintenance</c> as JSON).</summary>
public sealed record MaintenanceResult(
    int PartitionsCreated,
    IReadOnlyList<string> PartitionsDropped,
    long BadEventsDeleted,
    long PipelineBatchesDeleted,
    long ScheduleRunsDeleted,
    long TaskInstancesDeleted,
    long FunnelDevicesComputed,
    long FunnelProgressRowsDeleted,
    bool Analyzed);
