using System.Text.Json;

namespace Facet.Storage.Reports.Commerce;

/// <summary>
/// Reads fact_events.cart_products as the loader wrote it (docs/events.md: numeric price and amount, parsed from the
/// shop's locale format). A line counts when both its price and amount are present; its currency is the line's, else
/// the event's, resolved to an ISO code with the store's country (<see cref="CurrencyCodes"/>).
/// </summary>
internal static class CartJson
{
    public static List<OrderLine> Lines(string? json, string? eventCurrency, string? storeCountry)
    {
        var lines = new List<OrderLine>();
        if (string.IsNullOrEmpty(json))
        {
            return lines;
        }

        using var document = JsonDocument.Parse(json);
        if (document.RootElement.ValueKind != JsonValueKind.Array)
        {
            return lines;
        }

        foreach (var item in document.RootElement.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object
                || !item.TryGetProperty("price", out var price) || price.ValueKind != JsonValueKind.Number
                || !item.TryGetProperty("amount", out var amount) || amount.ValueKind != JsonValueKind.Number)
            {
                continue;
            }

            var productId = item.TryGetProperty("product_id", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null;
            var currency = item.TryGetProperty("currency", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
            lines.Add(new OrderLine(productId, amount.GetDecimal(), price.GetDecimal(), CurrencyCodes.Resolve(string.IsNullOrWhiteSpace(currency) ? eventCurrency : currency, storeCountry)));
        }

        return lines;
    }
}
