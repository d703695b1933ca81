using System.Globalization;
using System.Text.Json;
using System.Text.Unicode;
using Facet.Core.Events;
using Facet.Core.Streams;

namespace Facet.Core.Commerce.Internal;

/// <summary>The JSON half every commerce decoder shares: size, UTF-8, emptiness and syntax checks, then the entity's builder.</summary>
internal static class JsonRecordDecoding
{
    private const int TooLargeRawPrefixBytes = 4096;

    public static Decoded<TRecord> Decode<TRecord, TBuilder>(ReadOnlyMemory<byte> value, SourcePosition position, CommerceDecoderOptions options)
        where TRecord : class
        where TBuilder : IEntityBuilder<TRecord>
    {
        var span = value.Span;
        if (span.Length > options.MaxMessageBytes)
        {
            var keep = span[..Math.Min(span.Length, TooLargeRawPrefixBytes)].ToArray();
            var message = string.Create(CultureInfo.InvariantCulture, $"the message is {span.Length:N0} bytes, over the {options.MaxMessageBytes:N0}-byte limit (CommerceDecoderOptions.MaxMessageBytes)");
            return Decoded<TRecord>.Rejected(new Rejection(RejectionCodes.TooLarge, message, null, keep, position) { RawTruncated = keep.Length < span.Length });
        }

        Fault fault;
        try
        {
            if (TryDecode<TRecord, TBuilder>(value, options, out fault) is { } record)
            {
                return Decoded<TRecord>.Accepted(record);
            }
        }
        catch (JsonException ex)
        {
            fault = new Fault(RejectionCodes.InvalidJson, $"the message is not valid JSON: {ex.Message}", null);
        }
#pragma warning disable CA1031 // A decoder never throws: a failure here is a Facet bug, kept with the raw bytes to replay it.
        catch (Exception ex) when (ex is not OutOfMemoryException)
#pragma warning restore CA1031
        {
            fault = new Fault(RejectionCodes.ParserError, $"Facet's decoder failed on this message ({ex.GetType().Name}: {ex.Message}); please report it with the raw message.", null);
        }

        return Decoded<TRecord>.Rejected(new Rejection(fault.Code, fault.Message, fault.Field, span.ToArray(), position));
    }

    private static TRecord? TryDecode<TRecord, TBuilder>(ReadOnlyMemory<byte> value, CommerceDecoderOptions options, out Fault fault)
        where TRecord : class
        where TBuilder : IEntityBuilder<TRecord>
    {
        fault = default;
        var span = value.Span;
        if (!Utf8.IsValid(span))
        {
            fault = new Fault(RejectionCodes.InvalidUtf8, "the message is not valid UTF-8", null);
            return null;
        }

        // A UTF-8 byte order mark carries no meaning (some exporters write one).
        if (span.StartsWith("\uFEFF"u8))
        {
            value = value[3..];
            span = value.Span;
        }

        if (span.IndexOfAnyExcept(" \t\r\n"u8) < 0)
        {
            fault = new Fault(RejectionCodes.EmptyMessage, span.IsEmpty ? "the message is empty" : "the message is only white space", null);
            return null;
        }

        if (!JsonFieldSource.TryRead(value, TBuilder.Fields, options.MaxDepth, out var source, out fault))
        {
            return null;
        }

        var reader = new RecordReader<JsonFieldSource>(source, TBuilder.Fields, options);
        var record = TBuilder.Build(ref reader);
        if (reader.Fault is { } f)
        {
            fault = f;
            return null;
        }

        return record;
    }
}
