using System.Text.Json;
using Facet.Storage.Windows;

namespace Facet.Storage.Internal.Windows;

/// <summary>
/// The window keys of one definition's rows (window_state.window_key): the key attributes' values as a JSON array, e.g.
/// ["F"], or [] without keys. One per definition and batch: a one-key definition keeps each value's JSON, since a batch
/// repeats few values many times (a bulk import's 1M orders name 10k products) and serializing an array per row and
/// definition was a visible share of the window step.
/// </summary>
internal sealed class WindowKeys(WindowDefinition definition, WindowSource source)
{
    private readonly WindowField[] _fields = [.. definition.Keys.Select(k => source.Fields[k])];
    private readonly Dictionary<string, string> _oneKey = new(StringComparer.Ordinal);
    private string? _nullKey;

    public string Of(object row)
    {
        if (_fields.Length == 0)
        {
            return "[]";
        }

        if (_fields.Length == 1)
        {
            if (_fields[0].Read(row).AsText() is not { } text)
            {
                return _nullKey ??= JsonSerializer.Serialize(new string?[] { null });
            }

            if (!_oneKey.TryGetValue(text, out var key))
            {
                _oneKey[text] = key = JsonSerializer.Serialize(new[] { text });
            }

            return key;
        }

        var values = new string?[_fields.Length];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = _fields[i].Read(row).AsText();
        }

        return JsonSerializer.Serialize(values);
    }
}
