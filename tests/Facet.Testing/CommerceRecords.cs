using System.Globalization;
using Facet.Core.Commerce;
using Facet.Core.Commerce.Csv;
using Facet.Core.Events;

namespace Facet.Testing;

/// <summary>
/// The commerce records a warehouse should hold, deduplicated the way docs/commerce.md says (an exact resend is one
/// record; a customer keeps its newest version, a product every version; the first order, view, interaction, click
/// and log of an id wins), for <see cref="ShopOracle"/> to recount the reports from. Filled in process from generated
/// records, or read back from what a facet process was given: Shape B's CSV files and the NDJSON files beside them, or
/// the messages of the commerce topics. Reading goes through the streams' decoders, so a record means exactly what the
/// pipeline made of it; the reports are then recounted here, never by the warehouse's SQL.
/// </summary>
public sealed class CommerceRecords
{
    private readonly HashSet<(string Topic, string Key)> _seen = [];

    /// <summary>Customers: the newest version of each (type 1).</summary>
    public Dictionary<string, Customer> Customers { get; } = new(StringComparer.Ordinal);

    /// <summary>Products: every version of each, in arrival order.</summary>
    public Dictionary<string, List<Product>> Products { get; } = new(StringComparer.Ordinal);

    public List<Order> Orders { get; } = [];

    public List<ProductView> Views { get; } = [];

    public List<UserInteraction> Interactions { get; } = [];

    public List<ClickEvent> Clicks { get; } = [];

    public List<SystemLogEntry> Logs { get; } = [];

    /// <summary>Records the decoders rejected while reading files or messages.</summary>
    public long Rejected { get; private set; }

    /// <summary>The first and last local day in <paramref name="tz"/> with an order, view, interaction, click or log.</summary>
    public (DateOnly First, DateOnly Last) LocalDays(string tz)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(tz);
        var times = Orders.Select(o => o.CreatedAt).Concat(Views.Select(v => v.ViewedAt)).Concat(Interactions.Select(i => i.OccurredAt))
            .Concat(Clicks.Select(e => e.EventTime)).Concat(Logs.Select(l => l.LoggedAt))
            .Select(t => DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(t.UtcDateTime, zone))).ToList();
        return (times.Min(), times.Max());
    }

    /// <summary>
    /// Shape B's CSV files of a folder (customers, products, transactions, click stream, read as <c>facet import csv</c>
    /// reads them, in that order) and, when <paramref name="withNdjson"/>, the NDJSON files of the other three topics.
    /// </summary>
    public static CommerceRecords FromShapeBFolder(string folder, bool withNdjson)
    {
        var records = new CommerceRecords();
        foreach (var name in new[] { "customer.csv", "product.csv", "transactions.csv", "click_stream.csv" })
        {
            using var reader = CommerceCsvReader.Open(Path.Combine(folder, name));
            IEnumerable<(object? Record, bool Accepted)> rows = reader.Kind switch
            {
                CommerceCsvKind.Customers => reader.ReadCustomers().Select(d => ((object?)d.Record, d.IsAccepted)),
                CommerceCsvKind.Products => reader.ReadProducts().Select(d => ((object?)d.Record, d.IsAccepted)),
                CommerceCsvKind.Transactions => reader.ReadOrders().Select(d => ((object?)d.Record, d.IsAccepted)),
                _ => reader.ReadClickEvents().Select(d => ((object?)d.Record, d.IsAccepted)),
            };
            foreach (var (record, accepted) in rows)
            {
                records.AddDecoded(accepted ? record : null);
            }
        }

        if (withNdjson)
        {
            foreach (var topic in new[] { CommerceTopics.ProductViews, CommerceTopics.UserInteractions, CommerceTopics.SystemLogs })
            {
                var path = Path.Combine(folder, topic + ".ndjson");
                var line = 0L;
                foreach (var text in File.ReadLines(path))
                {
                    line++;
                    records.AddMessage(topic, System.Text.Encoding.UTF8.GetBytes(text), SourcePosition.File(path, line));
                }
            }
        }

        return records;
    }

    /// <summary>One message of a commerce topic (JSON), decoded by its stream's decoder.</summary>
    public void AddMessage(string topic, byte[] value, SourcePosition position)
    {
        var bytes = new ReadOnlyMemory<byte>(value);
        AddDecoded(topic switch
        {
            CommerceTopics.Customers => new CustomerDecoder().Decode(bytes, position).Record,
            CommerceTopics.Products => new ProductDecoder().Decode(bytes, position).Record,
            CommerceTopics.Transactions => new OrderDecoder().Decode(bytes, position).Record,
            CommerceTopics.ProductViews => new ProductViewDecoder().Decode(bytes, position).Record,
            CommerceTopics.UserInteractions => new UserInteractionDecoder().Decode(bytes, position).Record,
            CommerceTopics.ClickStream => new ClickEventDecoder().Decode(bytes, position).Record,
            CommerceTopics.SystemLogs => new SystemLogDecoder().Decode(bytes, position).Record,
            _ => throw new ArgumentException($"not a commerce topic: {topic}", nameof(topic)),
        });
    }

    private void AddDecoded(object? record)
    {
        if (record is null)
        {
            Rejected++;
            return;
        }

        Add(record);
    }

    /// <summary>One accepted record; an exact resend of one already added (same entity key and version) is ignored.</summary>
    public void Add(object record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (!_seen.Add((record.GetType().Name, Key(record))))
        {
            return; // a resend: the writers keep the first
        }

        switch (record)
        {
            case Customer c:
                if (!Customers.TryGetValue(c.CustomerId, out var kept) || Stamp(c) > Stamp(kept))
                {
                    Customers[c.CustomerId] = c;
                }

                break;
            case Product p:
                (Products.TryGetValue(p.ProductId, out var versions) ? versions : Products[p.ProductId] = []).Add(p);
                break;
            case Order o:
                Orders.Add(o);
                break;
            case ProductView v:
                Views.Add(v);
                break;
            case UserInteraction i:
                Interactions.Add(i);
                break;
            case ClickEvent e:
                Clicks.Add(e);
                break;
            case SystemLogEntry l:
                Logs.Add(l);
                break;
            default:
                throw new ArgumentException($"not a commerce record: {record.GetType().Name}", nameof(record));
        }
    }

    private static DateTimeOffset? Stamp(Customer c) => c.UpdatedAt ?? c.LastLoginAt ?? c.AccountCreatedAt;

    private static string Key(object record) => record switch
    {
        Customer c => c.CustomerId + "@" + Stamp(c)?.UtcTicks.ToString(CultureInfo.InvariantCulture),
        Product p => p.ProductId + "@" + p.UpdatedAt?.UtcTicks.ToString(CultureInfo.InvariantCulture),
        Order o => o.OrderId,
        ProductView v => v.ViewId,
        UserInteraction i => i.InteractionId,
        ClickEvent e => e.EventId,
        SystemLogEntry l => l.LogId,
        _ => throw new ArgumentException(record.GetType().Name, nameof(record)),
    };
}
