namespace Facet.Storage.Scheduling;

/// <summary>Who holds a DAG's lease, and until when (UTC).</summary>
public sealed record LeaseHolder(string Owner, DateTime ExpiresAt);
