using Avro.Generic;
using Facet.Core.Events;
using Facet.Core.Streams;

namespace Facet.Streaming.Avro;

/// <summary>Turns a decoded Avro record into a stream's entity, or a rejection (validation belongs to the entity).</summary>
public delegate Decoded<TRecord> AvroRecordMapper<TRecord>(GenericRecord record, ReadOnlyMemory<byte> raw, SourcePosition position)
    where TRecord : class;
