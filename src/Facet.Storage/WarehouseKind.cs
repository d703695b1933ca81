namespace Facet.Storage;

/// <summary>Which warehouse backend a <see cref="WarehouseLocation"/> names.</summary>
public enum WarehouseKind
{
    DuckDb,
    Postgres,
}
