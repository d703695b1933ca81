using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Caching.Hybrid;

namespace Facet.Dashboard.Caching;

/// <summary>HybridCache serializers for the cached report types, from <see cref="ReportCacheJsonContext"/> (no reflection).</summary>
internal sealed class ReportCacheSerializerFactory : IHybridCacheSerializerFactory
{
    public bool TryCreateSerializer<T>([NotNullWhen(true)] out IHybridCacheSerializer<T>? serializer)
    {
        if (ReportCacheJsonContext.Default.GetTypeInfo(typeof(T)) is JsonTypeInfo<T> info)
        {
            serializer = new Serializer<T>(info);
            return true;
        }

        serializer = null;
        return false;
    }

    /// <summary>The same serializer outside HybridCache (the cross-process fill in <see cref="RedisLevel"/>).</summary>
    public static IHybridCacheSerializer<T> For<T>() =>
        new ReportCacheSerializerFactory().TryCreateSerializer<T>(out var serializer)
            ? serializer
            : throw new InvalidOperationException($"{typeof(T).Name} is not in ReportCacheJsonContext.");

    private sealed class Serializer<T>(JsonTypeInfo<T> info) : IHybridCacheSerializer<T>
    {
        public T Deserialize(ReadOnlySequence<byte> source)
        {
            var reader = new Utf8JsonReader(source);
            return JsonSerializer.Deserialize(ref reader, info)!;
        }

        public void Serialize(T value, IBufferWriter<byte> target)
        {
            using var writer = new Utf8JsonWriter(target);
            JsonSerializer.Serialize(writer, value, info);
        }
    }
}
