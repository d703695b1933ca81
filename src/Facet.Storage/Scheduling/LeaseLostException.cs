namespace Facet.Storage.Scheduling;

/// <summary>A scheduler wrote for a DAG whose lease another scheduler holds now; nothing of that write was committed.</summary>
public sealed class LeaseLostException(string dagId, string owner)
    : Exception($"the lease on DAG '{dagId}' is no longer held by scheduler {owner}: another scheduler took it over (its lease had expired); this scheduler stops running the DAG")
{
    public string DagId { get; } = dagId;
}
