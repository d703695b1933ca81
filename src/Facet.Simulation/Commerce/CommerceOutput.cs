using System.Text;
using Facet.Core.Commerce;
using Facet.Simulation.Generation;
using Facet.Streaming;
using Facet.Streaming.Avro;
using Facet.Streaming.Avro.Commerce;

namespace Facet.Simulation.Commerce;

/// <summary>
/// Where generated commerce messages go: one sink per topic — Kafka topics, NDJSON files <c>&lt;topic&gt;.ndjson</c> in
/// a folder, or Shape B's four CSV files (with their <c>.avsc</c> schemas) plus NDJSON for the three topics Shape B
/// has no file for. Kafka topics may carry Avro values instead of JSON (Confluent wire format, schemas registered
/// under <c>{topic}-value</c>). One thread.
/// </summary>
public sealed class CommerceOutput : IDisposable
{
    private readonly Dictionary<string, IEventSink> _sinks;
    private readonly bool _csv;
    private readonly CommerceJsonEncoder _json = new();
    private readonly StringBuilder _row = new(512);
    private byte[] _rowBytes = new byte[1024];
    private readonly AvroValueSerializer? _avro;
    private readonly IReadOnlySet<string> _avroTopics;

    private CommerceOutput(Dictionary<string, IEventSink> sinks, bool csv, AvroValueSerializer? avro = null, IReadOnlySet<string>? avroTopics = null)
    {
        _sinks = sinks;
        _csv = csv;
        _avro = avro;
        _avroTopics = avroTopics ?? new HashSet<string>();
        if (_avroTopics.Count > 0 && avro is null)
        {
            throw new ArgumentException("Avro topics need a serializer", nameof(avro));
        }
    }

    public IReadOnlyDictionary<string, IEventSink> Sinks => _sinks;

    public long Failed => _sinks.Values.Sum(s => s.Failed);

    public string? FirstError => _sinks.Values.Select(s => s.FirstError).FirstOrDefault(e => e is not null);

    /// <summary>NDJSON per topic (<c>--out DIR</c>), or with <paramref name="csv"/> Shape B's files where it has one.</summary>
    public static CommerceOutput ToDirectory(string directory, bool csv)
    {
        Directory.CreateDirectory(directory);
        var sinks = new Dictionary<string, IEventSink>(StringComparer.Ordinal);
        try
        {
            foreach (var topic in CommerceTopics.All)
            {
                if (csv && ShapeBCsvFormat.FileOf(topic) is { } file)
                {
                    var sink = NdjsonEventSink.Create(Path.Combine(directory, file));
                    sinks.Add(topic, sink);
                    sink.Write(Encoding.UTF8.GetBytes(ShapeBCsvFormat.Header(topic)));
                    File.WriteAllText(Path.Combine(directory, Path.ChangeExtension(file, ".avsc")), CommerceSchemas.Read(topic));
                }
                else
                {
                    sinks.Add(topic, NdjsonEventSink.Create(Path.Combine(directory, topic + ".ndjson")));
                }
            }
        }
        catch
        {
            foreach (var sink in sinks.Values)
            {
                sink.Dispose();
            }

            throw;
        }

        return new CommerceOutput(sinks, csv);
    }

    /// <summary>
    /// One Kafka topic per entity (<see cref="CommerceTopics"/>), each message to a random partition; the topics in
    /// <paramref name="avroTopics"/> get Avro values through <paramref name="avro"/>, the others JSON.
    /// </summary>
    public static CommerceOutput ToKafka(KafkaConnectionOptions connection, AvroValueSerializer? avro = null, IReadOnlySet<string>? avroTopics = null) =>
        new(CommerceTopics.All.ToDictionary(t => t, t => (IEventSink)new KafkaEventSink(connection, t), StringComparer.Ordinal), csv: false, avro, avroTopics);

    public void Write(in CommerceItem item)
    {
        var sink = _sinks[item.Topic];
        if (_csv && ShapeBCsvFormat.FileOf(item.Topic) is not null)
        {
            _row.Clear();
            ShapeBCsvFormat.AppendRow(_row, item.Record);
            var needed = Encoding.UTF8.GetMaxByteCount(_row.Length);
            if (needed > _rowBytes.Length)
            {
                _rowBytes = new byte[Math.Max(needed, _rowBytes.Length * 2)];
            }

            var length = 0;
            foreach (var chunk in _row.GetChunks())
            {
                length += Encoding.UTF8.GetBytes(chunk.Span, _rowBytes.AsSpan(length));
            }

            sink.Write(_rowBytes.AsSpan(0, length));
            return;
        }

        if (_avroTopics.Contains(item.Topic))
        {
            var bytes = _avro!.Serialize(CommerceAvroRecords.ToAvro(item.Record), item.Topic);
            // A truncated item keeps the header and half the body: avro_truncated.
            sink.Write(item.Truncate ? bytes.AsSpan(0, 5 + ((bytes.Length - 5) / 2)) : bytes);
            return;
        }

        sink.Write(_json.Encode(item).Span);
    }

    public void Flush(CancellationToken cancellationToken)
    {
        foreach (var sink in _sinks.Values)
        {
            sink.Flush(cancellationToken);
        }
    }

    public void Dispose() =>
        // Side by side: closing a Kafka producer waits for its threads (~70 ms each on a quiet machine), and there is
        // one per topic, which made the demo's exit 0.5 s longer when closed one after another.
        Parallel.ForEach(_sinks.Values, static sink => sink.Dispose());
}
