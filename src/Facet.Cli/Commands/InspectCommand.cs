using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using Facet.Core.Enrichment;

namespace Facet.Cli.Commands;

/// <summary>
/// <c>facet inspect ua|ip|url|referrer VALUE [--file F]</c>: what enrichment makes of one value, as one JSON object
/// (snake_case fields, documented in docs/enrichment.md); with --file, one JSON line per input line, in order.
/// </summary>
internal static class InspectCommand
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Command Create(TextWriter output)
    {
        var inspect = new Command("inspect", "Show what enrichment makes of a user agent, IP, page URL or referrer (JSON).");
        inspect.Subcommands.Add(Sub(output, "ua", "Parse a user-agent string (uap-core): browser, OS, device, device type, bot.", Kind.UserAgent));
        inspect.Subcommands.Add(Sub(output, "ip", "Locate an IP address: country, region, city (DB-IP City Lite by default; IP Geolocation by DB-IP).", Kind.Ip));
        inspect.Subcommands.Add(Sub(output, "url", "Analyse a page URL: store domain/country/language, product name, UTM and click ids, clean URL.", Kind.Url));
        inspect.Subcommands.Add(Sub(output, "referrer", "Classify a referrer URL: host and medium (direct, internal, search, social, email, other).", Kind.Referrer));
        return inspect;
    }

    private enum Kind
    {
        UserAgent,
        Ip,
        Url,
        Referrer,
    }

    private static Command Sub(TextWriter output, string name, string description, Kind kind)
    {
        var value = new Argument<string?>("value") { Description = "The value to inspect (quote it).", Arity = ArgumentArity.ZeroOrOne };
        var file = new Option<string?>("--file") { Description = "Read one value per line from this file ('-' for standard input); prints one JSON line per value." };
        var geoip = new Option<string[]>("--geoip") { Description = "IP database: a .mmdb (DB-IP or MaxMind City) or IP2Location .BIN file (repeatable; default: DB-IP City Lite installed by the build).", AllowMultipleArgumentsPerToken = false };
        var dataDir = new Option<string?>("--data-dir") { Description = $"Folder holding the enrichment data (default: ${EnrichmentData.DataDirectoryVariable}, then build/data)." };
        var command = new Command(name, description) { value, file, dataDir };
        if (kind == Kind.Ip)
        {
            command.Options.Add(geoip);
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            var single = parse.GetValue(value);
            var path = parse.GetValue(file);
            if (single is null == path is null)
            {
                throw new UsageException($"give either a VALUE or --file F to 'facet inspect {name}' (e.g. facet inspect {name} '{Example(kind)}').");
            }

            var inspect = Inspector(kind, parse.GetValue(geoip) ?? [], parse.GetValue(dataDir));
            try
            {
                if (single is not null)
                {
                    await output.WriteLineAsync(inspect(single));
                    return ExitCodes.Ok;
                }

                using var reader = OpenInput(path!);
                while (await reader.ReadLineAsync(cancellationToken) is { } line)
                {
                    await output.WriteLineAsync(inspect(line));
                }

                return ExitCodes.Ok;
            }
            finally
            {
                (inspect.Target as IDisposable)?.Dispose();
            }
        });
        return command;
    }

    private static string Example(Kind kind) => kind switch
    {
        Kind.UserAgent => "Mozilla/5.0 (Windows NT 10.0; Win64; x64) …",
        Kind.Ip => "8.8.8.8",
        Kind.Url => "https://www.glamira.de/glamira-ring-saphira-skug100335.html",
        _ => "https://www.google.com/",
    };

    private static TextReader OpenInput(string path)
    {
        if (path == "-")
        {
            return Console.In;
        }

        try
        {
            return new StreamReader(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"cannot read --file '{path}' ({ex.Message}): give an existing text file with one value per line.");
        }
    }

    private static Func<string, string> Inspector(Kind kind, string[] geoip, string? dataDir)
    {
        try
        {
            switch (kind)
            {
                case Kind.UserAgent:
                    {
                        var parser = UserAgentParser.Load(EnrichmentData.Locate(dataDir).UaRegexesPath, 1_000, UaRegexCompilation.Interpreted);
                        return ua => Json(w => WriteUserAgent(w, ua, parser.Parse(ua)));
                    }

                case Kind.Ip:
                    {
                        var paths = geoip.Length > 0 ? (IReadOnlyList<string>)geoip : EnrichmentData.Locate(dataDir).GeoIpPaths;
                        var geolocator = new IpInspector(IpGeolocator.Open(paths, cacheSize: 10_000, watch: false));
                        return geolocator.Inspect;
                    }

                case Kind.Url:
                    return url => Json(w => WriteUrl(w, url, UrlAnalyzer.Default.Analyze(url), StoreDomainResolver.Default.Resolve(url)));
                default:
                    return referrer => Json(w => WriteReferrer(w, referrer, ReferrerClassifier.Default.Classify(referrer)));
            }
        }
        catch (EnrichmentDataException ex)
        {
            throw new UsageException(ex.Message);
        }
    }

    private sealed class IpInspector(IpGeolocator geolocator) : IDisposable
    {
        public string Inspect(string ip) => Json(w => WriteLocation(w, ip, geolocator.Locate(ip)));

        public void Dispose() => geolocator.Dispose();
    }

    private static string Json(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static void WriteUserAgent(Utf8JsonWriter w, string input, UserAgentInfo ua)
    {
        w.WriteString("user_agent", input);
        w.WriteString("browser", ua.Browser);
        w.WriteString("browser_version", ua.BrowserVersion);
        w.WriteString("browser_major", ua.BrowserMajor);
        w.WriteString("os", ua.Os);
        w.WriteString("os_version", ua.OsVersion);
        w.WriteString("os_major", ua.OsMajor);
        w.WriteString("device_family", ua.DeviceFamily);
        w.WriteString("device_brand", ua.DeviceBrand);
        w.WriteString("device_model", ua.DeviceModel);
        w.WriteString("device_type", ua.DeviceType.ToString().ToLowerInvariant());
        w.WriteBoolean("is_bot", ua.IsBot);
    }

    private static void WriteLocation(Utf8JsonWriter w, string input, GeoLocation location)
    {
        w.WriteString("ip", input);
        w.WriteString("country_code", location.CountryCode);
        w.WriteString("country_name", location.CountryName);
        w.WriteString("region", location.Region);
        w.WriteString("city", location.City);
        if (location.Latitude is { } latitude && location.Longitude is { } longitude)
        {
            w.WriteNumber("latitude", Math.Round(latitude, 4));
            w.WriteNumber("longitude", Math.Round(longitude, 4));
        }
        else
        {
            w.WriteNull("latitude");
            w.WriteNull("longitude");
        }

        w.WriteString("unknown_reason", location.UnknownReason);
    }

    private static void WriteUrl(Utf8JsonWriter w, string input, UrlInfo url, StoreInfo store)
    {
        w.WriteString("url", input);
        w.WriteString("host", url.Host);
        w.WriteString("store_domain", store.Domain);
        w.WriteString("store_country", store.CountryCode);
        w.WriteString("store_language", store.Language);
        w.WriteString("product_name", url.ProductName);
        w.WriteString("utm_source", url.UtmSource);
        w.WriteString("utm_medium", url.UtmMedium);
        w.WriteString("utm_campaign", url.UtmCampaign);
        w.WriteString("utm_term", url.UtmTerm);
        w.WriteString("utm_content", url.UtmContent);
        w.WriteStartObject("itm");
        foreach (var (key, value) in url.ItmParameters)
        {
            w.WriteString(key, value);
        }

        w.WriteEndObject();
        w.WriteString("click_id_type", url.ClickIdType);
        w.WriteString("click_id", url.ClickId);
        w.WriteString("clean_url", url.CleanUrl);
    }

    private static void WriteReferrer(Utf8JsonWriter w, string input, ReferrerInfo referrer)
    {
        w.WriteString("referrer", input);
        w.WriteString("host", referrer.Host);
        w.WriteString("medium", referrer.Medium.ToString().ToLowerInvariant());
    }
}
