namespace Facet.Storage.Internal;

/// <summary>
/// A batch's fact ingestion time is already another pending batch's (two workers in the same microsecond): the derived
/// steps tell pending batches apart by that time, so the batch rolls back and is written again at another
/// (<see cref="WarehouseErrors.IsConcurrencyConflict"/>).
/// </summary>
internal sealed class DerivedTimeTakenException(DateTime ingestedAtUtc)
    : Exception($"another batch pending its derived rows was ingested at the same time ({ingestedAtUtc:O})");
