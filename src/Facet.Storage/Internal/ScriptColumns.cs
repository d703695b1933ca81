using System.Data.Common;
using System.Globalization;

namespace Facet.Storage.Internal;

/// <summary>
/// Typed reads of a query script's row (<see cref="BatchTransaction.ReadScriptAsync"/>). The scripts return the same
/// values on both backends, not always in the same integer width, so each read takes the exact getter when the column
/// has the type asked for and converts otherwise.
/// </summary>
internal static class ScriptColumns
{
    public static long Int64(DbDataReader reader, int column) =>
        reader.GetFieldType(column) == typeof(long) ? reader.GetInt64(column) : Convert.ToInt64(reader.GetValue(column), CultureInfo.InvariantCulture);

    public static long? NullableInt64(DbDataReader reader, int column) => reader.IsDBNull(column) ? null : Int64(reader, column);

    public static int Int32(DbDataReader reader, int column) =>
        reader.GetFieldType(column) == typeof(int) ? reader.GetInt32(column) : Convert.ToInt32(reader.GetValue(column), CultureInfo.InvariantCulture);

    public static short Int16(DbDataReader reader, int column) =>
        reader.GetFieldType(column) == typeof(short) ? reader.GetInt16(column) : Convert.ToInt16(reader.GetValue(column), CultureInfo.InvariantCulture);

    public static string? Text(DbDataReader reader, int column) => reader.IsDBNull(column) ? null : reader.GetString(column);
}
