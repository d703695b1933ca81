using System.Globalization;
using System.Text;
using Facet.Core.Events;

namespace Facet.Core.Commerce.Internal;

/// <summary>
/// Reads typed, validated values from one message's fields for an entity builder. The first fault sticks: later
/// reads return defaults, so a builder reads every field in a straight line and checks <see cref="Failed"/> once.
/// </summary>
internal struct RecordReader<TSource>
    where TSource : struct, IFieldSource
{
    /// <summary>The longest accepted id, in characters (as for clickstream events).</summary>
    public const int MaxIdLength = 128;

    private static readonly DateTimeOffset MinBirthDate = new(1900, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly TSource _source;
    private readonly FieldTable _table;
    private readonly CommerceDecoderOptions _options;
    private readonly DateTimeOffset _now;

    public RecordReader(TSource source, FieldTable table, CommerceDecoderOptions options)
    {
        _source = source;
        _table = table;
        _options = options;
        _now = options.Clock.GetUtcNow();
    }

    public Fault? Fault { get; private set; }

    public readonly bool Failed => Fault is not null;

    public readonly CommerceDecoderOptions Options => _options;

    public readonly bool Has(int field) => _source.Kind(field) is not (FieldKind.Missing or FieldKind.Null);

    public void Reject(string code, string message, string? field)
    {
        Fault ??= new Fault(code, message, field);
    }

    /// <summary>A required id: 1–128 printable ASCII characters without spaces; an integer number is accepted as its digits.</summary>
    public string Id(int field) => OptionalId(field, required: true) ?? string.Empty;

    public string? OptionalId(int field, bool required = false)
    {
        if (Failed)
        {
            return null;
        }

        var kind = _source.Kind(field);
        var name = _table.Name(field);
        if (kind is FieldKind.Missing or FieldKind.Null)
        {
            if (required)
            {
                Reject(RejectionCodes.MissingId, kind == FieldKind.Missing ? $"{name} is missing" : $"{name} is null or empty", name);
            }

            return null;
        }

        if (kind is not (FieldKind.String or FieldKind.Number))
        {
            Reject(RejectionCodes.InvalidId, $"{name} must be a string or an integer, not {Describe(kind)}", name);
            return null;
        }

        var text = _source.Text(field).Trim();
        if (text.Length == 0)
        {
            if (required)
            {
                Reject(RejectionCodes.MissingId, $"{name} is blank", name);
            }

            return null;
        }

        return CheckId(text, kind == FieldKind.Number, name);
    }

    /// <summary>The id rule for ids inside nested metadata, where values come as literals.</summary>
    public string? CheckId(string text, bool isNumber, string name)
    {
        if (isNumber && text.AsSpan().ContainsAny(".eE"))
        {
            Reject(RejectionCodes.InvalidId, $"{name} must be an integer when it is a number (got {text})", name);
            return null;
        }

        if (text.Length > MaxIdLength || text.AsSpan().ContainsAnyExceptInRange('!', '~'))
        {
            Reject(RejectionCodes.InvalidId, $"{name} must be 1–{MaxIdLength} printable ASCII characters without spaces (got {Quote(text)})", name);
            return null;
        }

        return text;
    }

    /// <summary>Free text as written; numbers are taken as their text; empty is null.</summary>
    public string? String(int field, bool required = false)
    {
        if (Failed)
        {
            return null;
        }

        var kind = _source.Kind(field);
        var name = _table.Name(field);
        switch (kind)
        {
            case FieldKind.Missing or FieldKind.Null:
                if (required)
                {
                    Reject(CommerceRejectionCodes.MissingField, $"{name} is {(kind == FieldKind.Missing ? "missing" : "null or empty")}", name);
                }

                return null;
            case FieldKind.String or FieldKind.Number:
                var text = _source.Text(field);
                if (text.Contains('\0', StringComparison.Ordinal))
                {
                    Reject(RejectionCodes.ContainsNul, $"{name} contains U+0000, which the warehouse cannot store", name);
                    return null;
                }

                if (text.Length == 0 && required)
                {
                    Reject(CommerceRejectionCodes.MissingField, $"{name} is empty", name);
                    return null;
                }

                return text.Length == 0 ? null : text;
            default:
                Reject(RejectionCodes.InvalidFieldType, $"{name} must be a string, not {Describe(kind)}", name);
                return null;
        }
    }

    /// <summary>A money amount (price, fee, promo, total): a number or numeric string, never negative.</summary>
    public decimal? Amount(int field) => Number(field, out var text) is { } value ? CheckAmount(value, _table.Name(field), text) : null;

    public decimal? CheckAmount(decimal value, string name, string text)
    {
        if (value < 0)
        {
            Reject(CommerceRejectionCodes.NegativeAmount, $"{name} is negative ({text})", name);
            return null;
        }

        return value;
    }

    /// <summary>A count (order quantity, stock): an integer, never negative.</summary>
    public int? Quantity(int field)
    {
        var name = _table.Name(field);
        return Number(field, out var text) is { } value ? CheckQuantity(value, name, text) : null;
    }

    public int? CheckQuantity(decimal value, string name, string text)
    {
        if (value < 0)
        {
            Reject(CommerceRejectionCodes.NegativeQuantity, $"{name} is negative ({text})", name);
            return null;
        }

        if (value != decimal.Truncate(value) || value > int.MaxValue)
        {
            Reject(RejectionCodes.InvalidValue, $"{name} must be a whole number up to {int.MaxValue} (got {text})", name);
            return null;
        }

        return (int)value;
    }

    /// <summary>An integer within [min, max] (age, year, rating); outside is <paramref name="rangeCode"/>.</summary>
    public int? Int(int field, int min, int max, string rangeCode = RejectionCodes.InvalidValue)
    {
        var name = _table.Name(field);
        if (Number(field, out var text) is not { } value)
        {
            return null;
        }

        if (value < min || value > max || value != decimal.Truncate(value))
        {
            Reject(rangeCode, string.Create(CultureInfo.InvariantCulture, $"{name} must be a whole number from {min} to {max} (got {text})"), name);
            return null;
        }

        return (int)value;
    }

    /// <summary>A decimal within [min, max] (a product's average rating).</summary>
    public decimal? Decimal(int field, decimal min, decimal max, string rangeCode)
    {
        var name = _table.Name(field);
        if (Number(field, out var text) is not { } value)
        {
            return null;
        }

        if (value < min || value > max)
        {
            Reject(rangeCode, string.Create(CultureInfo.InvariantCulture, $"{name} must be from {min} to {max} (got {text})"), name);
            return null;
        }

        return value;
    }

    /// <summary>A coordinate in degrees within ±<paramref name="limit"/>.</summary>
    public double? Degrees(int field, double limit)
    {
        var name = _table.Name(field);
        if (Double(field, out var text) is not { } value)
        {
            return null;
        }

        if (Math.Abs(value) > limit)
        {
            Reject(RejectionCodes.InvalidValue, string.Create(CultureInfo.InvariantCulture, $"{name} must be within ±{limit} degrees (got {text})"), name);
            return null;
        }

        return value;
    }

    /// <summary>A duration in seconds, never negative.</summary>
    public double? Seconds(int field)
    {
        var name = _table.Name(field);
        if (Double(field, out var text) is not { } value)
        {
            return null;
        }

        if (value < 0)
        {
            Reject(CommerceRejectionCodes.NegativeDuration, $"{name} is negative ({text})", name);
            return null;
        }

        return value;
    }

    /// <summary>A required event time (ISO-8601 or epoch seconds/milliseconds), within the options' range.</summary>
    public DateTimeOffset Time(int field) => OptionalTime(field, required: true) ?? default;

    public DateTimeOffset? OptionalTime(int field, bool required = false, bool future = false)
    {
        if (Failed)
        {
            return null;
        }

        var kind = _source.Kind(field);
        var name = _table.Name(field);
        if (kind is FieldKind.Missing or FieldKind.Null)
        {
            if (required)
            {
                Reject(RejectionCodes.MissingTime, $"{name} is {(kind == FieldKind.Missing ? "missing" : "null or empty")}", name);
            }

            return null;
        }

        if (kind is not (FieldKind.String or FieldKind.Number))
        {
            Reject(RejectionCodes.InvalidFieldType, $"{name} must be an ISO-8601 string or epoch number, not {Describe(kind)}", name);
            return null;
        }

        var text = _source.Text(field);
        var outcome = CommerceTime.TryParse(text, out var value);
        if (outcome == CommerceTime.Outcome.Invalid)
        {
            Reject(RejectionCodes.InvalidValue, $"{name} {Quote(text)} is neither an ISO-8601 time nor epoch seconds/milliseconds", name);
            return null;
        }

        // A deadline (a shipment's date limit) lies in the future by nature: only the far end of the range applies.
        var max = future ? DateTimeOffset.MaxValue : _now + _options.MaxFutureSkew;
        if (outcome == CommerceTime.Outcome.OutOfRange || value < _options.MinTime || value > max)
        {
            Reject(RejectionCodes.TimeOutOfRange, string.Create(CultureInfo.InvariantCulture, $"{name} {Quote(text)} is outside {_options.MinTime:yyyy-MM-dd} … {max:yyyy-MM-ddTHH:mm:ssZ} (now + {_options.MaxFutureSkew})"), name);
            return null;
        }

        return value;
    }

    /// <summary>A calendar date (a birth date): ISO date or date-time, from 1900 to today.</summary>
    public DateOnly? Date(int field)
    {
        if (Failed || !Has(field))
        {
            return null;
        }

        var name = _table.Name(field);
        var text = _source.Text(field);
        if (_source.Kind(field) != FieldKind.String || CommerceTime.TryParse(text, out var value) != CommerceTime.Outcome.Ok || text.Trim().Length < 10)
        {
            Reject(RejectionCodes.InvalidValue, $"{name} {Quote(text)} is not an ISO-8601 date (yyyy-MM-dd)", name);
            return null;
        }

        if (value < MinBirthDate || value > _now + _options.MaxFutureSkew)
        {
            Reject(RejectionCodes.TimeOutOfRange, $"{name} {Quote(text)} is before 1900 or in the future", name);
            return null;
        }

        return DateOnly.FromDateTime(value.UtcDateTime);
    }

    public T? Enum<T>(int field, EnumTable<T> table, bool required = false)
        where T : struct, Enum
    {
        var name = _table.Name(field);
        if (String(field, required) is not { } text)
        {
            return null;
        }

        return ParseEnum(text, table, name);
    }

    public T? ParseEnum<T>(string text, EnumTable<T> table, string name)
        where T : struct, Enum
    {
        if (table.TryParse(text, out var value))
        {
            return value;
        }

        Reject(CommerceRejectionCodes.UnknownEnumValue, $"{name} {Quote(text)} is not one of {table.Accepted} (case, spaces and '_' do not matter)", name);
        return null;
    }

    /// <summary>An ISO 4217 code (three letters, upper-cased), else the options' default.</summary>
    public string? Currency(int field)
    {
        var name = _table.Name(field);
        if (String(field) is not { } text)
        {
            return _options.DefaultCurrency;
        }

        text = text.Trim();
        if (text.Length != 3 || !Ascii.IsValid(text) || !text.All(char.IsAsciiLetter))
        {
            Reject(RejectionCodes.InvalidValue, $"{name} {Quote(text)} is not a three-letter ISO 4217 code", name);
            return null;
        }

        return text.ToUpperInvariant();
    }

    /// <summary>Nested metadata: a JSON object/array, or a string holding a Python literal (or JSON text). Empty is null.</summary>
    public Literal? Nested(int field)
    {
        if (Failed)
        {
            return null;
        }

        var kind = _source.Kind(field);
        var name = _table.Name(field);
        switch (kind)
        {
            case FieldKind.Missing or FieldKind.Null:
                return null;
            case FieldKind.Object or FieldKind.Array:
                return JsonLiteralReader.Read(_source.Json(field).Span, _options.MaxDepth);
            case FieldKind.String:
                var text = _source.Text(field);
                if (text.AsSpan().Trim().IsEmpty)
                {
                    return null;
                }

                if (!PythonLiteralParser.TryParse(text, _options.MaxDepth, out var literal, out var error))
                {
                    Reject(CommerceRejectionCodes.InvalidMetadata, $"{name} is not a valid literal: {error} (in {Quote(text)})", name);
                    return null;
                }

                return literal.Kind == LiteralKind.None ? null : literal;
            default:
                Reject(CommerceRejectionCodes.InvalidMetadata, $"{name} must be a dict/list or a string holding one, not {Describe(kind)}", name);
                return null;
        }
    }

    /// <summary>A numeric literal (or numeric string literal) from nested metadata, or a fault naming <paramref name="name"/>.</summary>
    public decimal? LiteralNumber(Literal value, string name)
    {
        if (Failed || value.Kind == LiteralKind.None)
        {
            return null;
        }

        if (value.Kind is LiteralKind.Int or LiteralKind.Float or LiteralKind.String
            && decimal.TryParse(value.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return number;
        }

        Reject(CommerceRejectionCodes.InvalidMetadata, $"{name} must be a number, not {(value.Kind == LiteralKind.String ? Quote(value.Text!) : value.Describe())}", name);
        return null;
    }

    private decimal? Number(int field, out string text)
    {
        text = string.Empty;
        if (Failed)
        {
            return null;
        }

        var kind = _source.Kind(field);
        var name = _table.Name(field);
        if (kind is FieldKind.Missing or FieldKind.Null)
        {
            return null;
        }

        if (kind is not (FieldKind.String or FieldKind.Number))
        {
            Reject(RejectionCodes.InvalidFieldType, $"{name} must be a number, not {Describe(kind)}", name);
            return null;
        }

        text = _source.Text(field);
        if (text.AsSpan().Trim().IsEmpty)
        {
            return null;
        }

        if (!decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            Reject(RejectionCodes.InvalidValue, $"{name} {Quote(text)} is not a number", name);
            return null;
        }

        return value;
    }

    private double? Double(int field, out string text)
    {
        text = string.Empty;
        if (Number(field, out text) is null)
        {
            return null;
        }

        return double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    private static string Describe(FieldKind kind) => kind switch
    {
        FieldKind.True or FieldKind.False => "a boolean",
        FieldKind.Object => "an object",
        FieldKind.Array => "an array",
        FieldKind.Number => "a number",
        _ => "a string",
    };

    internal static string Quote(string text) => text.Length <= 80 ? $"\"{text}\"" : $"\"{text[..77]}…\"";
}
