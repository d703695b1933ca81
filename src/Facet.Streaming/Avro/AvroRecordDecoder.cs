using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using Avro.Generic;
using Avro.IO;
using Facet.Core.Events;
using Facet.Core.Streams;
using AvroException = Avro.AvroException;
using AvroSchema = Avro.Schema;

namespace Facet.Streaming.Avro;

/// <summary>
/// Decodes Kafka values in the Confluent wire format — byte 0 = magic 0, bytes 1–4 = the writer schema's id (big
/// endian), then the Avro binary body — into <typeparamref name="TRecord"/>: the writer schema (from
/// <see cref="AvroWriterSchemas"/>, fetched in <see cref="PrepareAsync"/>) is resolved against the stream's reader
/// schema by Avro's rules (fields added with defaults get them, promotions apply), then the record is mapped. Bad input
/// becomes a rejection with an <see cref="AvroRejectionCodes"/> code and the raw bytes. Thread-safe.
/// </summary>
public sealed class AvroRecordDecoder<TRecord> : IRecordDecoder<TRecord>, IPreparingDecoder
    where TRecord : class
{
    private const int HeaderLength = 5;

    private readonly AvroWriterSchemas _schemas;
    private readonly AvroSchema _readerSchema;
    private readonly AvroRecordMapper<TRecord> _map;

    // One resolving reader per writer schema id (building one resolves the two schemas, which is the costly part).
    private readonly ConcurrentDictionary<int, (DatumReader<GenericRecord>? Reader, string? Problem)> _readers = new();

    public AvroRecordDecoder(AvroWriterSchemas schemas, AvroSchema readerSchema, AvroRecordMapper<TRecord> map)
    {
        ArgumentNullException.ThrowIfNull(schemas);
        ArgumentNullException.ThrowIfNull(readerSchema);
        ArgumentNullException.ThrowIfNull(map);
        _schemas = schemas;
        _readerSchema = readerSchema;
        _map = map;
    }

    /// <summary>
    /// A decoder whose mapping cannot reject: an exception from <paramref name="map"/> (a missing field, a value out of
    /// range) becomes an <see cref="AvroRejectionCodes.MappingFailed"/> rejection.
    /// </summary>
    public AvroRecordDecoder(AvroWriterSchemas schemas, AvroSchema readerSchema, Func<GenericRecord, TRecord> map)
        : this(schemas, readerSchema, Wrap(map))
    {
    }

    public AvroSchema ReaderSchema => _readerSchema;

    public Task PrepareAsync(IEnumerable<ReadOnlyMemory<byte>> values, CancellationToken ct) => _schemas.PrepareAsync(values, ct);

    public Decoded<TRecord> Decode(ReadOnlyMemory<byte> value, SourcePosition position)
    {
        var span = value.Span;
        if (span.IsEmpty)
        {
            return Reject(RejectionCodes.EmptyMessage, "the message is empty (a tombstone?): an Avro record needs the 5-byte header and a body", value, position);
        }

        if (span[0] != 0)
        {
            return Reject(AvroRejectionCodes.BadMagicByte, $"byte 0 is 0x{span[0]:x2}, not the Confluent wire format's magic byte 0 (is this topic really Avro?)", value, position);
        }

        if (span.Length < HeaderLength)
        {
            return Reject(AvroRejectionCodes.Truncated, $"the message has {span.Length} bytes, fewer than the 5-byte header (magic byte + schema id)", value, position);
        }

        var id = AvroWriterSchemas.SchemaId(span)!.Value;
        if (!_schemas.TryGet(id, out var entry))
        {
            // Not bad input: the engine skipped the preparation step, and rejecting would lose a good record.
            throw new InvalidOperationException($"schema id {id} was not prepared: await PrepareAsync with the batch's values before decoding it");
        }

        if (entry.Schema is null)
        {
            return Reject(entry.Unknown ? AvroRejectionCodes.UnknownSchemaId : AvroRejectionCodes.UnresolvableSchema, entry.Problem!, value, position);
        }

        var (reader, problem) = _readers.GetOrAdd(id, static (_, state) => Resolve(state.Writer, state.Reader), (Writer: entry.Schema, Reader: _readerSchema));
        if (reader is null)
        {
            return Reject(AvroRejectionCodes.UnresolvableSchema, $"writer schema {id} cannot be read as {_readerSchema.Fullname}: {problem}", value, position);
        }

        GenericRecord record;
        using (var stream = BodyStream(value))
        {
            try
            {
                record = reader.Read(null!, new BinaryDecoder(stream));
            }
            catch (Exception ex) when (IsEndOfBody(ex))
            {
                return Reject(AvroRejectionCodes.Truncated, $"the Avro body ends before the record of schema {id} does", value, position);
            }
            catch (Exception ex) when (ex is AvroException or IndexOutOfRangeException or ArgumentException or OverflowException or InvalidCastException or OutOfMemoryException)
            {
                return Reject(AvroRejectionCodes.Malformed, $"the Avro body is not a valid record of schema {id}: {ex.Message}", value, position);
            }

            if (stream.Position != stream.Length)
            {
                return Reject(AvroRejectionCodes.TrailingBytes, $"{stream.Length - stream.Position} bytes remain after the record of schema {id}: the body was written with another schema", value, position);
            }
        }

        return _map(record, value, position);
    }

    private static (DatumReader<GenericRecord>? Reader, string? Problem) Resolve(AvroSchema writer, AvroSchema reader)
    {
        try
        {
            return (new GenericDatumReader<GenericRecord>(writer, reader), null);
        }
        catch (AvroException ex)
        {
            return (null, ex.Message);
        }
    }

    // Apache.Avro's binary decoder reports reading past the end as an AvroException ("End of stream reached").
    private static bool IsEndOfBody(Exception ex) =>
        ex is EndOfStreamException || (ex is AvroException && ex.Message.Contains("end of stream", StringComparison.OrdinalIgnoreCase));

    private static MemoryStream BodyStream(ReadOnlyMemory<byte> value) =>
        MemoryMarshal.TryGetArray(value, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset + HeaderLength, segment.Count - HeaderLength, writable: false)
            : new MemoryStream(value[HeaderLength..].ToArray(), writable: false);

    private static Decoded<TRecord> Reject(string code, string message, ReadOnlyMemory<byte> value, SourcePosition position) =>
        Decoded<TRecord>.Rejected(new Rejection(code, message, null, value, position));

    private static AvroRecordMapper<TRecord> Wrap(Func<GenericRecord, TRecord> map)
    {
        ArgumentNullException.ThrowIfNull(map);
        return (record, raw, position) =>
        {
            try
            {
                return Decoded<TRecord>.Accepted(map(record));
            }
            catch (Exception ex) when (ex is AvroException or InvalidCastException or KeyNotFoundException or FormatException or ArgumentException or OverflowException or NullReferenceException)
            {
                return Reject(AvroRejectionCodes.MappingFailed, $"the record does not map to {typeof(TRecord).Name}: {ex.Message}", raw, position);
            }
        };
    }
}
