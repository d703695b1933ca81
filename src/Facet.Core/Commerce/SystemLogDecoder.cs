using Facet.Core.Commerce.Internal;
using Facet.Core.Events;
using Facet.Core.Streams;

namespace Facet.Core.Commerce;

/// <summary>Decodes a system log line (Shape A: log_id, timestamp, level, message). Never throws; thread-safe.</summary>
public sealed class SystemLogDecoder(CommerceDecoderOptions? options = null) : IRecordDecoder<SystemLogEntry>, IEntityBuilder<SystemLogEntry>
{
    internal const int Id = 0, Timestamp = 1, Level = 2, Message = 3, Service = 4;

    internal static readonly FieldTable Table = new(
        ["log_id", "id"],
        ["timestamp", "logged_at", "time"],
        ["level", "severity", "log_level"],
        ["message", "msg"],
        ["service", "source", "logger"]);

    private readonly CommerceDecoderOptions _options = options ?? new CommerceDecoderOptions();

    static FieldTable IEntityBuilder<SystemLogEntry>.Fields => Table;

    public Decoded<SystemLogEntry> Decode(ReadOnlyMemory<byte> value, SourcePosition position) =>
        JsonRecordDecoding.Decode<SystemLogEntry, SystemLogDecoder>(value, position, _options);

    static SystemLogEntry? IEntityBuilder<SystemLogEntry>.Build<TSource>(ref RecordReader<TSource> r)
    {
        var entry = new SystemLogEntry
        {
            LogId = r.Id(Id),
            LoggedAt = r.Time(Timestamp),
            Level = r.Enum(Level, CommerceEnums.LogLevel, required: true) ?? default,
            Message = r.String(Message, required: true) ?? string.Empty,
            Service = r.String(Service),
        };
        return r.Failed ? null : entry;
    }
}
