using System.Collections.Concurrent;
using System.Text;

namespace Facet.Storage.Registry;

/// <summary>The registry's statements, one embedded .sql file per statement and dialect (Sql/Registry/Postgres, Sql/Registry/DuckDb).</summary>
internal static class RegistrySqlText
{
    private static readonly ConcurrentDictionary<(string Dialect, string Name), string> Cache = new();

    public static string Get(string dialect, string name) => Cache.GetOrAdd((dialect, name), static key =>
    {
        var resource = $"Facet.Storage.Sql.Registry.{key.Dialect}.{key.Name}.sql";
        using var stream = typeof(RegistrySqlText).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Embedded SQL '{resource}' is missing from Facet.Storage.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    });
}
