using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using Confluent.SchemaRegistry;
using AvroSchema = Avro.Schema;

namespace Facet.Streaming.Avro;

/// <summary>
/// Writer schemas by id, fetched from the registry in a batch's asynchronous preparation step so that decoding each
/// record stays synchronous. A 404 (40403) marks an id unknown (its records are rejected); any other failure to get an
/// answer throws <see cref="SchemaRegistryUnavailableException"/> and nothing is marked. Thread-safe.
/// </summary>
public sealed class AvroWriterSchemas(ISchemaRegistryClient client)
{
    /// <summary>What the registry said about one id: a parsed schema, or why there is none.</summary>
    internal sealed record Entry(AvroSchema? Schema, string? Problem, bool Unknown);

    private readonly ConcurrentDictionary<int, Entry> _entries = new();

    /// <summary>The schema id of a message in the Confluent wire format, or null when it has no valid header.</summary>
    public static int? SchemaId(ReadOnlySpan<byte> value) =>
        value.Length >= 5 && value[0] == 0 ? BinaryPrimitives.ReadInt32BigEndian(value[1..5]) : null;

    /// <summary>Fetches the ids of <paramref name="values"/> not seen yet, and ids the registry did not know before (it may know them now).</summary>
    public async Task PrepareAsync(IEnumerable<ReadOnlyMemory<byte>> values, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(values);
        var missing = new HashSet<int>();
        foreach (var value in values)
        {
            if (SchemaId(value.Span) is { } id && (!_entries.TryGetValue(id, out var entry) || entry.Unknown))
            {
                missing.Add(id);
            }
        }

        foreach (var id in missing)
        {
            _entries[id] = await FetchAsync(id, ct);
        }
    }

    /// <summary>What is known about <paramref name="id"/>; false when it was never prepared.</summary>
    internal bool TryGet(int id, out Entry entry) => _entries.TryGetValue(id, out entry!);

    private async Task<Entry> FetchAsync(int id, CancellationToken ct)
    {
        Confluent.SchemaRegistry.Schema schema;
        try
        {
            schema = await client.GetSchemaAsync(id).WaitAsync(ct);
        }
        catch (SchemaRegistryException ex) when (ex.ErrorCode == 40403 || (ex.Status == HttpStatusCode.NotFound && ex.ErrorCode != 40401))
        {
            return new Entry(null, $"the schema registry has no schema with id {id}", Unknown: true);
        }
        catch (SchemaRegistryException ex)
        {
            throw new SchemaRegistryUnavailableException(
                $"the schema registry answered {(int)ex.Status} ({ex.ErrorCode}) for schema id {id}: {ex.Message}" +
                (ex.Status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
                    ? $" — check {SchemaRegistryConnection.UserVariable}/{SchemaRegistryConnection.PasswordVariable}"
                    : ""),
                ex);
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutException or IOException || (ex is OperationCanceledException && !ct.IsCancellationRequested))
        {
            throw new SchemaRegistryUnavailableException($"the schema registry cannot be reached for schema id {id}: {ex.Message}", ex);
        }

        if (schema.SchemaType != SchemaType.Avro)
        {
            return new Entry(null, $"schema id {id} is a {schema.SchemaType} schema, not Avro", Unknown: false);
        }

        try
        {
            return new Entry(AvroSchema.Parse(schema.SchemaString), null, Unknown: false);
        }
        catch (Exception ex) when (ex is global::Avro.AvroException or Newtonsoft.Json.JsonException)
        {
            return new Entry(null, $"schema id {id} does not parse as Avro: {ex.Message}", Unknown: false);
        }
    }
}
