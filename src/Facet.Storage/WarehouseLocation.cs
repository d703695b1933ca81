using System.Globalization;
using Npgsql;

namespace Facet.Storage;

/// <summary>
/// Where the warehouse is: <c>duckdb:PATH</c>, <c>postgres://user:pass@host:port/db[?params]</c> (or
/// <c>postgresql://</c>), or an Npgsql connection string (<c>Host=…</c>). <see cref="ToString"/> and every error
/// message redact the password.
/// </summary>
public sealed record WarehouseLocation
{
    public const string DefaultValue = "duckdb:facet.duckdb";

    private const string AcceptedForms =
        "expected duckdb:PATH, postgres://user:pass@host:port/db[?params] (or postgresql://…), or an Npgsql connection string (Host=…)";

    private WarehouseLocation(WarehouseKind kind, string? duckDbPath, string? postgresConnectionString, string display)
    {
        Kind = kind;
        DuckDbPath = duckDbPath;
        PostgresConnectionString = postgresConnectionString;
        Display = display;
    }

    /// <summary>The embedded default, <c>duckdb:facet.duckdb</c>.</summary>
    public static WarehouseLocation Default { get; } = Parse(DefaultValue);

    public WarehouseKind Kind { get; }

    /// <summary>The DuckDB file (DuckDB only).</summary>
    public string? DuckDbPath { get; }

    /// <summary>The Npgsql connection string, password included (PostgreSQL only): never log it.</summary>
    public string? PostgresConnectionString { get; }

    private string Display { get; }

    public static WarehouseLocation Parse(string value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new FormatException($"invalid warehouse (empty): {AcceptedForms}");
        }

        value = value.Trim();
        if (value.StartsWith("duckdb:", StringComparison.OrdinalIgnoreCase))
        {
            var path = value["duckdb:".Length..];
            if (path.Length == 0)
            {
                throw new FormatException($"invalid warehouse 'duckdb:' (no file path): {AcceptedForms}");
            }

            return new WarehouseLocation(WarehouseKind.DuckDb, path, null, "duckdb:" + path);
        }

        if (value.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || value.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
        {
            return FromUrl(value);
        }

        if (value.Contains('=', StringComparison.Ordinal) && !value.Contains("://", StringComparison.Ordinal))
        {
            return FromConnectionString(value);
        }

        throw new FormatException($"invalid warehouse '{Redact(value)}': {AcceptedForms}");
    }

    /// <summary>The location with its password replaced by ***.</summary>
    public override string ToString() => Display;

    /// <summary>Best-effort redaction of anything that looks like a warehouse location, for error messages.</summary>
    public static string Redact(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var scheme = value.IndexOf("://", StringComparison.Ordinal);
        var at = value.LastIndexOf('@');
        if (scheme >= 0 && at > scheme)
        {
            var colon = value.IndexOf(':', scheme + 3);
            if (colon >= 0 && colon < at)
            {
                value = string.Concat(value.AsSpan(0, colon + 1), "***", value.AsSpan(at));
            }
        }

        var parts = value.Split(';');
        for (var i = 0; i < parts.Length; i++)
        {
            var eq = parts[i].IndexOf('=', StringComparison.Ordinal);
            if (eq > 0 && parts[i][..eq].Trim().Replace(" ", "", StringComparison.Ordinal) is var key &&
                (key.Equals("Password", StringComparison.OrdinalIgnoreCase) || key.Equals("Pwd", StringComparison.OrdinalIgnoreCase) ||
                 key.Equals("PSW", StringComparison.OrdinalIgnoreCase)))
            {
                parts[i] = parts[i][..(eq + 1)] + "***";
            }
        }

        value = string.Join(';', parts);
        var password = value.IndexOf("password=", StringComparison.OrdinalIgnoreCase);
        if (password >= 0 && value.Contains('?', StringComparison.Ordinal))
        {
            var end = value.IndexOf('&', password);
            value = string.Concat(value.AsSpan(0, password + "password=".Length), "***", end < 0 ? "" : value[end..]);
        }

        return value;
    }

    private static WarehouseLocation FromUrl(string value)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            throw new FormatException($"invalid warehouse '{Redact(value)}': {AcceptedForms}");
        }

        var builder = new NpgsqlConnectionStringBuilder { Host = uri.Host, Port = uri.IsDefaultPort || uri.Port < 0 ? 5432 : uri.Port };
        if (uri.UserInfo.Length > 0)
        {
            var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            builder.Username = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
            if (colon >= 0)
            {
                builder.Password = Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
            }
        }

        var database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        if (database.Length > 0)
        {
            builder.Database = database;
        }

        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Uri.UnescapeDataString(eq < 0 ? pair : pair[..eq]);
            var parameter = Uri.UnescapeDataString(eq < 0 ? "" : pair[(eq + 1)..]);
            try
            {
                builder[MapUrlParameter(key)] = parameter;
            }
            catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidCastException)
            {
                throw new FormatException($"invalid warehouse '{Redact(value)}': unknown or bad parameter '{key}'; {AcceptedForms}");
            }
        }

        return FromBuilder(builder);
    }

    private static string MapUrlParameter(string key) => key.ToLowerInvariant() switch
    {
        "sslmode" => "SSL Mode",
        "application_name" => "Application Name",
        "connect_timeout" => "Timeout",
        "options" => "Options",
        _ => key,
    };

    private static WarehouseLocation FromConnectionString(string value)
    {
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(value);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidCastException or KeyNotFoundException)
        {
            throw new FormatException($"invalid warehouse '{Redact(value)}': not a valid Npgsql connection string; {AcceptedForms}");
        }

        if (string.IsNullOrEmpty(builder.Host))
        {
            throw new FormatException($"invalid warehouse '{Redact(value)}': the connection string has no Host; {AcceptedForms}");
        }

        return FromBuilder(builder);
    }

    private static WarehouseLocation FromBuilder(NpgsqlConnectionStringBuilder builder)
    {
        var user = builder.Username is { Length: > 0 } u ? Uri.EscapeDataString(u) + (string.IsNullOrEmpty(builder.Password) ? "" : ":***") + "@" : "";
        var port = builder.Port.ToString(CultureInfo.InvariantCulture);
        var display = $"postgres://{user}{builder.Host}:{port}/{builder.Database}";
        return new WarehouseLocation(WarehouseKind.Postgres, null, builder.ConnectionString, display);
    }
}
