namespace Facet.Storage;

/// <summary>The warehouse schema does not match this build of Facet: older (run the migrations) or newer (upgrade Facet).</summary>
public sealed class WarehouseSchemaException(string message) : Exception(message)
{
}
