using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using Facet.Core.Events;
using Facet.Core.Input;
using Facet.Core.Parsing.Internal;

namespace Facet.Core.Parsing;

/// <summary>
/// Turns one raw message (a UTF-8 JSON object, Glamira style) into a <see cref="ShopEvent"/> or a <see cref="Rejection"/>
/// with a stable reason code. Never throws on any input. Field rules, quirks and codes: docs/events.md.
/// </summary>
/// <remarks>
/// Thread-safe: an instance holds its immutable options and tables of recent texts that any thread may read and
/// replace without locks (<see cref="RecentStrings"/>), so one parser can serve every thread.
/// Buffer ownership: the parser never keeps a reference to <c>message</c>. Accepted events hold only strings;
/// every <see cref="Rejection.Raw"/> is a fresh copy. Callers may reuse their buffer as soon as Parse returns.
/// Allocation: one forward pass with <see cref="Utf8JsonReader"/>; strings only for values kept, shared instances for
/// common values (collections, api_version, currencies, small numbers), the instance made last time for a repeating
/// text (user agent, URLs, device id, IP, local time, product id), pooled scratch for unknown fields.
/// </remarks>
public sealed partial class EventParser
{
    /// <summary>The longest accepted <c>id</c>, in characters.</summary>
    public const int MaxIdLength = 128;

    private static readonly long UnixEpochTicks = DateTime.UnixEpoch.Ticks;

    private readonly ParserOptions _options;
    private readonly JsonReaderOptions _readerOptions;
    private readonly double _minEventMs;
    private readonly RecentFieldTexts _recent = new();

    public EventParser(ParserOptions? options = null)
    {
        _options = options ?? new ParserOptions();
        _options.Validate();

        // The reader's own limit sits above ours so that depth is reported as too_deep by us, never thrown by it.
        _readerOptions = new JsonReaderOptions { MaxDepth = _options.MaxDepth + 2, CommentHandling = JsonCommentHandling.Disallow };
        _minEventMs = (_options.MinEventTime.UtcTicks - UnixEpochTicks) / (double)TimeSpan.TicksPerMillisecond;
    }

    public ParserOptions Options => _options;

    /// <summary>Parses and validates one message. Exactly one of the result's Event and Rejection is set.</summary>
    public ParseResult Parse(ReadOnlyMemory<byte> message, SourcePosition position)
    {
        var span = message.Span;
        if (span.Length > _options.MaxMessageBytes)
        {
            return RejectTooLarge(message, span.Length, position);
        }

        Fault fault;
        try
        {
            if (ParseCore(span, position, out fault) is { } accepted)
            {
                return ParseResult.Accepted(accepted);
            }
        }
        catch (JsonException ex)
        {
            fault = new Fault(RejectionCodes.InvalidJson, DescribeJsonError(ex), null);
        }
#pragma warning disable CA1031 // The parser must never throw: a failure here is a Facet bug, kept with the raw bytes to replay it.
        catch (Exception ex) when (ex is not OutOfMemoryException)
#pragma warning restore CA1031
        {
            fault = new Fault(RejectionCodes.ParserError, $"Facet's parser failed on this message ({ex.GetType().Name}: {ex.Message}); please report it with the raw message.", null);
        }

        return ParseResult.Rejected(new Rejection(fault.Code, fault.Message, fault.Field, span.ToArray(), position));
    }

    /// <summary>
    /// Parses one NDJSON line from <see cref="NdjsonFileReader"/>: a line the reader cut short becomes <c>too_large</c>
    /// (with the prefix it kept), any other line goes through <see cref="Parse(ReadOnlyMemory{byte}, SourcePosition)"/>.
    /// </summary>
    public ParseResult Parse(in NdjsonLine line, string source)
    {
        var position = SourcePosition.File(source, line.LineNumber);
        return line.IsTruncated ? RejectTooLarge(line.Bytes, line.Length, position) : Parse(line.Bytes, position);
    }

    /// <summary>
    /// The <c>too_large</c> rejection for a message of <paramref name="messageLength"/> bytes of which the caller holds
    /// (at least) <paramref name="prefix"/>. Keeps a copy of at most <see cref="ParserOptions.TooLargeRawPrefixBytes"/> bytes.
    /// </summary>
    public ParseResult RejectTooLarge(ReadOnlyMemory<byte> prefix, long messageLength, SourcePosition position)
    {
        var keep = prefix.Span[..Math.Min(prefix.Length, _options.TooLargeRawPrefixBytes)];
        var truncated = keep.Length < messageLength;
        var message = string.Create(CultureInfo.InvariantCulture, $"the message is {messageLength:N0} bytes, over the {_options.MaxMessageBytes:N0}-byte limit (ParserOptions.MaxMessageBytes)")
            + (truncated ? string.Create(CultureInfo.InvariantCulture, $"; raw keeps its first {keep.Length:N0} bytes") : string.Empty);
        return ParseResult.Rejected(new Rejection(RejectionCodes.TooLarge, message, null, keep.ToArray(), position) { RawTruncated = truncated });
    }

    private ShopEvent? ParseCore(ReadOnlySpan<byte> json, SourcePosition position, out Fault fault)
    {
        if (!Utf8.IsValid(json))
        {
            fault = new Fault(RejectionCodes.InvalidUtf8, $"the message is not valid UTF-8 (first bad byte at offset {FirstInvalidUtf8(json)})", null);
            return null;
        }

        // A UTF-8 byte order mark carries no meaning (some exporters write one).
        if (json.StartsWith("\uFEFF"u8))
        {
            json = json[3..];
        }

        if (json.IndexOfAnyExcept(" \t\r\n"u8) < 0)
        {
            fault = new Fault(RejectionCodes.EmptyMessage, json.IsEmpty ? "the message is empty" : "the message is only white space", null);
            return null;
        }

        var reader = new Utf8JsonReader(json, _readerOptions);
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            fault = new Fault(RejectionCodes.NotAnObject, $"the message is {Describe(reader.TokenType)}, not a JSON object", null);
            Drain(ref reader, ref fault);
            return null;
        }

        var f = new EventFields();
        var extras = new ExtraJsonBuilder();
        try
        {
            if (ReadMembers(ref reader, json, ref f, ref extras) is { } memberFault)
            {
                fault = memberFault;
                Drain(ref reader, ref fault);
                return null;
            }

            if (reader.Read())
            {
                // Unreachable with a final-block reader (it throws on trailing content), kept as a guard.
                fault = new Fault(RejectionCodes.InvalidJson, "the message has content after its JSON object", null);
                return null;
            }

            return Build(ref f, ref extras, json, position, out fault);
        }
        finally
        {
            extras.Dispose();
        }
    }

    private ShopEvent? Build(ref EventFields f, ref ExtraJsonBuilder extras, ReadOnlySpan<byte> json, SourcePosition position, out Fault fault)
    {
        fault = default;
        if (f.Id is null && f.CompactId.IsNull)
        {
            fault = new Fault(RejectionCodes.MissingId, f.IdSeen ? "id is null or empty" : "the event has no id", "id");
            return null;
        }

        if (f.Id is not null && !IsUsableId(f.Id))
        {
            fault = new Fault(RejectionCodes.InvalidId, $"id must be 1–{MaxIdLength} printable ASCII characters without spaces (got {Quote(f.Id)})", "id");
            return null;
        }

        if (f.Collection is null)
        {
            fault = new Fault(RejectionCodes.MissingCollection, f.CollectionSeen ? "collection is null or empty" : "the event has no collection (event type)", "collection");
            return null;
        }

        DateTimeOffset eventTime;
        var fromLocal = false;
        var now = _options.Clock.GetUtcNow();
        var maxMs = (now.UtcTicks - UnixEpochTicks + _options.MaxFutureSkew.Ticks) / (double)TimeSpan.TicksPerMillisecond;
        if (f.TimeStampMs is { } ms)
        {
            if (ms < _minEventMs || ms > maxMs)
            {
                fault = new Fault(RejectionCodes.TimeOutOfRange, string.Create(CultureInfo.InvariantCulture, $"time_stamp {f.TimeStampValue:R} is {DescribeRange(ms, maxMs)}"), "time_stamp");
                return null;
            }

            var ticks = Math.Floor(ms) == ms ? (long)ms * TimeSpan.TicksPerMillisecond : (long)Math.Round(ms * TimeSpan.TicksPerMillisecond);
            eventTime = new DateTimeOffset(UnixEpochTicks + ticks, TimeSpan.Zero);
        }
        else if (f.LocalTime is not null)
        {
            if (!LocalTimeText.TryParse(f.LocalTime, out var local))
            {
                fault = new Fault(RejectionCodes.InvalidValue, $"time_stamp is missing and local_time {Quote(f.LocalTime)} is not \"yyyy-MM-dd HH:mm:ss\"", "local_time");
                return null;
            }

            var utcTicks = local.Ticks - _options.LocalTimeOffset.Ticks;
            var localMs = (utcTicks - UnixEpochTicks) / (double)TimeSpan.TicksPerMillisecond;
            if (localMs < _minEventMs || localMs > maxMs)
            {
                fault = new Fault(RejectionCodes.TimeOutOfRange, $"time_stamp is missing and local_time {Quote(f.LocalTime)} (at UTC{FormatOffset(_options.LocalTimeOffset)}) is {DescribeRange(localMs, maxMs)}", "local_time");
                return null;
            }

            eventTime = new DateTimeOffset(utcTicks, TimeSpan.Zero);
            fromLocal = true;
        }
        else
        {
            fault = new Fault(RejectionCodes.MissingTime, "the event has neither time_stamp nor local_time", "time_stamp");
            return null;
        }

        // Aliases: the one not used is kept in ExtraJson, so nothing is lost.
        var email = f.EmailAddress;
        if (email is null)
        {
            email = f.Email;
        }
        else if (f.Email is not null)
        {
            extras.Add(json.Slice(f.EmailMember.Start, f.EmailMember.Length));
        }

        var productId = f.ProductId;
        if (productId is null)
        {
            productId = f.ViewingProductId;
        }
        else if (f.ViewingProductId is not null)
        {
            extras.Add(json.Slice(f.ViewingProductMember.Start, f.ViewingProductMember.Length));
        }

        var eventId = f.Id is null ? f.CompactId : IdText.From(f.Id);
        var sourceDocId = f.SourceDocId is null ? f.CompactSourceDocId : IdText.From(f.SourceDocId);
        return new ShopEvent(eventId, sourceDocId, eventTime, f.Collection)
        {
            TimeFromLocalTime = fromLocal,
            LocalTime = f.LocalTime,
            Ip = f.Ip,
            UserAgent = f.UserAgent,
            Resolution = f.Resolution,
            UserIdDb = f.UserIdDb,
            DeviceId = f.DeviceId,
            ApiVersion = f.ApiVersion,
            StoreId = f.StoreId,
            CurrentUrl = f.CurrentUrl,
            ReferrerUrl = f.ReferrerUrl,
            EmailAddress = email,
            ProductId = productId,
            Options = f.Options ?? [],
            UtmSource = f.UtmSource,
            UtmMedium = f.UtmMedium,
            ShowRecommendation = f.ShowRecommendation,
            ShowRecommendationRaw = f.ShowRecommendationRaw,
            Recommendation = f.Recommendation,
            Price = f.Price,
            PriceRaw = f.PriceRaw,
            Currency = f.Currency,
            OrderId = f.OrderId,
            CartProducts = f.CartProducts ?? [],
            RecommendationProductId = f.RecommendationProductId,
            RecommendationProductPosition = f.RecommendationProductPosition,
            RecommendationClickedPosition = f.RecommendationClickedPosition,
            KeySearch = f.KeySearch,
            IsPaypal = f.IsPaypal,
            CatId = f.CatId,
            CollectId = f.CollectId,
            ExtraJson = extras.Build(),
            Position = position,
        };
    }

    /// <summary>
    /// The id rule (docs/events.md): any JSON string (or number, taken as its text) of 1–128 printable ASCII characters
    /// without spaces. UUIDs are what the shop sends, but the pipeline only needs a stable, storable dedup key, so other
    /// producers' ids (ObjectIds, numbers) are accepted rather than lost.
    /// </summary>
    private static bool IsUsableId(string id)
    {
        if (id.Length is 0 or > MaxIdLength)
        {
            return false;
        }

        foreach (var c in id)
        {
            if (c is < '!' or > '~')
            {
                return false;
            }
        }

        return true;
    }

    private static string DescribeRange(double ms, double maxMs) => ms < maxMs
        ? $"before the earliest accepted time (ParserOptions.MinEventTime){DescribeInstant(ms)}"
        : $"more than ParserOptions.MaxFutureSkew after now{DescribeInstant(ms)}";

    private static string DescribeInstant(double ms)
    {
        var ticks = ms * TimeSpan.TicksPerMillisecond;
        if (double.IsFinite(ticks) && ticks > -UnixEpochTicks && ticks < DateTime.MaxValue.Ticks - UnixEpochTicks)
        {
            return FormattableString.Invariant($" ({new DateTime(UnixEpochTicks + (long)ticks, DateTimeKind.Utc):yyyy-MM-dd'T'HH:mm:ss'Z'})");
        }

        return string.Empty;
    }

    private static string FormatOffset(TimeSpan offset) => (offset < TimeSpan.Zero ? "-" : "+") + offset.ToString(@"hh\:mm", CultureInfo.InvariantCulture);

    private static string DescribeJsonError(JsonException ex)
    {
        // The reader's message ends with "LineNumber: 0 | BytePositionInLine: 12."; keep it short and name the byte.
        var text = ex.Message;
        var cut = text.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (cut > 0)
        {
            text = text[..cut];
        }

        return ex.BytePositionInLine is { } at ? $"not valid JSON at byte {at}: {text}" : $"not valid JSON: {text}";
    }

    private static int FirstInvalidUtf8(ReadOnlySpan<byte> bytes)
    {
        var offset = 0;
        while (offset < bytes.Length)
        {
            if (Rune.DecodeFromUtf8(bytes[offset..], out _, out var consumed) != System.Buffers.OperationStatus.Done)
            {
                return offset;
            }

            offset += consumed;
        }

        return -1;
    }

    /// <summary>A value for messages: quoted, and cut to 80 characters so one bad field cannot flood a log.</summary>
    private static string Quote(string value) => value.Length <= 80 ? $"\"{value}\"" : $"\"{value[..80]}…\" ({value.Length} characters)";

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True => "true",
        JsonTokenType.False => "false",
        JsonTokenType.Null => "null",
        _ => token.ToString(),
    };

    /// <summary>After a fault, reads to the end so that a JSON syntax error (thrown) or too-deep nesting later in the message wins.</summary>
    private void Drain(ref Utf8JsonReader reader, ref Fault fault)
    {
        while (reader.Read())
        {
            if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray && reader.CurrentDepth >= _options.MaxDepth)
            {
                fault = TooDeep();
                return;
            }
        }
    }

    /// <summary>Keeps a verbatim member in <paramref name="extras"/>, or says why the warehouse's JSON columns could not hold it.</summary>
    /// <summary>Skips the value of a member Facet does not model and keeps the whole member for ExtraJson.</summary>
    private Fault? KeepUnknownMember(ref Utf8JsonReader r, ReadOnlySpan<byte> json, int memberStart, ref ExtraJsonBuilder extras) =>
        TrySkip(ref r) ? KeepRaw(ref extras, json[memberStart..(int)r.BytesConsumed]) : TooDeep();

    private static Fault? KeepRaw(ref ExtraJsonBuilder extras, ReadOnlySpan<byte> member)
    {
        switch (RawJsonGuard.Check(member))
        {
            case RawJsonProblem.Nul:
                return new Fault(RejectionCodes.ContainsNul, "an unmodelled field holds U+0000 (\\u0000), which JSON columns cannot store", null);
            case RawJsonProblem.LoneSurrogate:
                return new Fault(RejectionCodes.InvalidValue, "an unmodelled field holds an invalid \\u escape (a lone UTF-16 surrogate)", null);
            case RawJsonProblem.NumberOutOfRange:
                return new Fault(RejectionCodes.InvalidValue, "an unmodelled field holds a number beyond what a JSON column can store (PostgreSQL numeric range)", null);
            default:
                extras.Add(member);
                return null;
        }
    }

    private Fault TooDeep() => new(RejectionCodes.TooDeep, $"objects or arrays nest deeper than {_options.MaxDepth} levels (ParserOptions.MaxDepth)", null);

    /// <summary>Skips the value the reader is on (scalar or container), refusing containers that nest too deep.</summary>
    private bool TrySkip(ref Utf8JsonReader reader)
    {
        if (reader.TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray))
        {
            return true;
        }

        var depth = reader.CurrentDepth;
        if (depth >= _options.MaxDepth)
        {
            return false;
        }

        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject or JsonTokenType.StartArray when reader.CurrentDepth >= _options.MaxDepth:
                    return false;
                case JsonTokenType.EndObject or JsonTokenType.EndArray when reader.CurrentDepth == depth:
                    return true;
            }
        }

        return true;
    }

    /// <summary>A rejection reason found while reading fields.</summary>
    private readonly record struct Fault(string Code, string Message, string? Field);

    /// <summary>[start, start+length) of one raw member in the message.</summary>
    private readonly record struct Member(int Start, int Length);
}
