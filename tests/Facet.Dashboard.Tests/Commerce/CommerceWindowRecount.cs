using Facet.Core.Commerce;
using Facet.Simulation.Commerce;
using Facet.Storage.Windows;
using Facet.Testing;

namespace Facet.Dashboard.Tests.Commerce;

/// <summary>
/// The late panel's numbers recounted from the generated messages, batch by batch as they were loaded: each ordinary
/// window definition gets a <see cref="WindowOracle"/> (the brute-force semantics of docs/windows.md) fed with its
/// source's records — facts new by their id, product versions by (id, updated_at), a customer only when it is the
/// batch's newest version of that customer and newer than any stored — independent of the engine's SQL and code.
/// </summary>
internal sealed class CommerceWindowRecount
{
    private readonly List<(WindowDefinition Definition, WindowOracle Oracle)> _oracles = [];
    private readonly Dictionary<string, long> _customerVersions = new(StringComparer.Ordinal);

    public CommerceWindowRecount(IEnumerable<WindowDefinition> definitions)
    {
        foreach (var definition in definitions.Where(static d => !d.IsJoin))
        {
            // Only windows, revisions, finality and late events are compared: no aggregate needs a value.
            var none = definition.Aggregates.ToDictionary(static a => a.Name, static _ => (object?)null, StringComparer.Ordinal);
            _oracles.Add((definition, new WindowOracle(definition, _ => none)));
        }
    }

    /// <summary>One loaded batch (the messages of one warehouse transaction, in order).</summary>
    public void Batch(IReadOnlyList<CommerceItem> batch)
    {
        var customers = Customers([.. batch.Select(static i => i.Record).OfType<Customer>()]);
        foreach (var (definition, oracle) in _oracles)
        {
            oracle.Batch(definition.Source switch
            {
                "customers" => customers,
                "products" => [.. batch.Select(static i => i.Record).OfType<Product>().Where(static p => p.UpdatedAt is not null).Select(static p =>
                    Record($"{p.ProductId}@{p.UpdatedAt!.Value.UtcTicks}", p.UpdatedAt.Value, Row(p.ProductId, p.Category)))],
                "transactions" => [.. batch.Select(static i => i.Record).OfType<Order>().Select(static o => Record(o.OrderId, o.CreatedAt, Row(o.OrderId, o.Currency)))],
                "transaction_lines" => [.. batch.Select(static i => i.Record).OfType<Order>().Select(static o =>
                    new OracleRecord(o.OrderId, 0, o.CreatedAt.UtcDateTime, [.. o.Lines.Select((l, n) => Row($"{o.OrderId}#{n + 1}", l.ProductId))]))],
                "product_views" => [.. batch.Select(static i => i.Record).OfType<ProductView>().Select(static v => Record(v.ViewId, v.ViewedAt, Row(v.ViewId, v.ProductId)))],
                "click_stream" => [.. batch.Select(static i => i.Record).OfType<ClickEvent>().Select(static e => Record(e.EventId, e.EventTime, Row(e.EventId, null)))],
                var other => throw new InvalidOperationException($"no recount for window source '{other}'"),
            });
        }
    }

    /// <summary>What the late panel must show for <paramref name="name"/>.</summary>
    public (long Windows, long Final, long Revised, long LateRevisions, long LateEvents, long Applied, long LateWindows, DateTime? Watermark) Expected(string name)
    {
        var oracle = _oracles.Single(o => o.Definition.Name == name).Oracle;
        var lines = oracle.Expected();
        var revisions = lines.Select(static l => long.Parse(l.Split('|').Single(static p => p.StartsWith("late=", StringComparison.Ordinal))[5..], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var late = oracle.ExpectedLate().Select(static l => l.Split('|')).ToList();
        return (lines.Count, lines.Count(static l => l.EndsWith("|final=True", StringComparison.Ordinal)), revisions.Count(static r => r > 0), revisions.Sum(),
            late.Sum(static l => long.Parse(l[1], System.Globalization.CultureInfo.InvariantCulture)),
            late.Sum(static l => long.Parse(l[2], System.Globalization.CultureInfo.InvariantCulture)), late.Count, oracle.Watermark);
    }

    public IEnumerable<string> Names => _oracles.Select(static o => o.Definition.Name);

    /// <summary>
    /// Customers are one row per customer (type 1): of a batch's versions of a customer only the newest (by
    /// updated_at, else last_login, else account_created; the first of equals) can count, and only when newer than
    /// every version stored before; every version moves the watermark.
    /// </summary>
    private List<OracleRecord> Customers(List<Customer> customers)
    {
        static long Stamp(Customer c) => (c.UpdatedAt ?? c.LastLoginAt ?? c.AccountCreatedAt)?.UtcTicks ?? 0;
        var newest = new Dictionary<string, Customer>(StringComparer.Ordinal);
        foreach (var c in customers)
        {
            if (!newest.TryGetValue(c.CustomerId, out var kept) || Stamp(c) > Stamp(kept))
            {
                newest[c.CustomerId] = c;
            }
        }

        var fresh = new HashSet<Customer>(ReferenceEqualityComparer.Instance);
        foreach (var (id, c) in newest)
        {
            if (!_customerVersions.TryGetValue(id, out var stored) || Stamp(c) > stored)
            {
                fresh.Add(c);
                _customerVersions[id] = Stamp(c);
            }
        }

        return [.. customers.Where(static c => c.LastLoginAt is not null).Select(c =>
            new OracleRecord($"{c.CustomerId}@{Stamp(c)}", 0, c.LastLoginAt!.Value.UtcDateTime, [Row(c.CustomerId, c.Gender?.ToString())], fresh.Contains(c)))];
    }

    private static OracleRecord Record(string id, DateTimeOffset time, OracleRow row) => new(id, 0, time.UtcDateTime, [row]);

    private static OracleRow Row(string id, string? key) => new(id, [key], new Dictionary<string, object?>());
}
