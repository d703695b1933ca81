namespace Facet.Storage.Reports.Shop;

/// <summary>
/// A row of a commerce entity report (issue 18): its cells in the order of the report's columns
/// (<see cref="ReportCatalog.ColumnsOf"/>, docs/reports.md "Commerce reports"). Cells are <see cref="int"/> (ranks,
/// hours), <see cref="long"/> (counts), <see cref="decimal"/> (money), <see cref="double"/> (rates and averages),
/// <see cref="string"/> or null. Two rows are equal when their cells are.
/// </summary>
public sealed record ShopRow : ReportRow
{
    private readonly object?[] _cells;

    public ShopRow(params object?[] cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        _cells = cells;
    }

    public override IReadOnlyList<object?> Values => _cells;

    public bool Equals(ShopRow? other) =>
        other is not null && _cells.Length == other._cells.Length && _cells.AsSpan().SequenceEqual(other._cells, EqualityComparer<object?>.Default);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var cell in _cells)
        {
            hash.Add(cell);
        }

        return hash.ToHashCode();
    }

    /// <summary>The cells with their types, so a failed comparison shows which one differs.</summary>
    public override string ToString() =>
        "[" + string.Join(", ", _cells.Select(c => c is null ? "null" : $"{ReportWriter.Format(c)}:{c.GetType().Name}")) + "]";
}
