using System.Collections.Frozen;
using System.IO.Compression;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Facet.Dashboard;

/// <summary>
/// The page and its libraries, built from npm by Facet.Dashboard.csproj and embedded in this assembly as
/// "wwwroot/…" resources: nothing is fetched from the internet. Served with an ETag, gzipped when the client accepts it.
/// </summary>
internal sealed class StaticAssets
{
    private const string Prefix = "wwwroot/";
    private readonly FrozenDictionary<string, Asset> _assets;

    private StaticAssets(FrozenDictionary<string, Asset> assets) => _assets = assets;

    public static StaticAssets Load()
    {
        var assembly = typeof(StaticAssets).Assembly;
        var assets = new Dictionary<string, Asset>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames())
        {
            if (!name.StartsWith(Prefix, StringComparison.Ordinal))
            {
                continue;
            }

            using var stream = assembly.GetManifestResourceStream(name)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var path = "/" + name[Prefix.Length..];
            assets[path] = new Asset(copy.ToArray(), ContentType(path), path.StartsWith("/lib/", StringComparison.Ordinal));
        }

        if (!assets.ContainsKey("/index.html"))
        {
            throw new InvalidOperationException("The dashboard page is missing from Facet.Dashboard.dll: rebuild the project (its build runs npm ci and node build.mjs).");
        }

        return new StaticAssets(assets.ToFrozenDictionary(StringComparer.Ordinal));
    }

    public IEnumerable<string> Paths => _assets.Keys;

    public IResult Serve(HttpContext context, string path)
    {
        if (!_assets.TryGetValue(path, out var asset))
        {
            return TypedResults.NotFound();
        }

        var headers = context.Response.Headers;
        headers.ETag = asset.ETag;
        // Libraries change only with a rebuild; the page itself is revalidated each time.
        headers.CacheControl = asset.Immutable ? "public, max-age=3600" : "no-cache";
        headers.Vary = HeaderNames.AcceptEncoding;
        if (context.Request.Headers.IfNoneMatch == asset.ETag)
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }

        if (context.Request.Headers.AcceptEncoding.ToString().Contains("gzip", StringComparison.OrdinalIgnoreCase))
        {
            headers.ContentEncoding = "gzip";
            return TypedResults.Bytes(asset.Gzipped.Value, asset.ContentType);
        }

        return TypedResults.Bytes(asset.Content, asset.ContentType);
    }

    private static string ContentType(string path) => Path.GetExtension(path) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".js" or ".mjs" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".json" => "application/json; charset=utf-8",
        ".svg" => "image/svg+xml",
        ".png" => "image/png",
        ".txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    };

    private sealed class Asset
    {
        public Asset(byte[] content, string contentType, bool immutable)
        {
            Content = content;
            ContentType = contentType;
            Immutable = immutable;
            ETag = "\"" + Convert.ToHexStringLower(SHA256.HashData(content).AsSpan(0, 12)) + "\"";
            Gzipped = new Lazy<byte[]>(() =>
            {
                using var buffer = new MemoryStream();
                using (var gzip = new GZipStream(buffer, CompressionLevel.Optimal))
                {
                    gzip.Write(content);
                }

                return buffer.ToArray();
            });
        }

        public byte[] Content { get; }

        public string ContentType { get; }

        public bool Immutable { get; }

        public string ETag { get; }

        public Lazy<byte[]> Gzipped { get; }
    }
}
