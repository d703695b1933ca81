using System.Globalization;
using System.Text.Json;
using Avro;
using Facet.SchemaRegistry.Api;
using Facet.SchemaRegistry.Compatibility;
using Facet.Storage.Registry;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using static Facet.SchemaRegistry.SchemaRegistryApp;

namespace Facet.SchemaRegistry;

/// <summary>The registry's endpoint handlers (routes in <see cref="SchemaRegistryApp"/>), answering as Confluent's registry does.</summary>
internal sealed class SchemaRegistryHandlers(SchemaRegistryStore store, ILogger logger)
{
    private const string Avro = "AVRO";

    public ILogger Logger => logger;

    public async Task<IResult> Subjects(bool? deleted, CancellationToken ct) =>
        Ok(await store.SubjectsAsync(deleted ?? false, ct), RegistryJsonContext.Default.IReadOnlyListString);

    public async Task<IResult> Versions(string subject, bool? deleted, CancellationToken ct)
    {
        var versions = await store.VersionsAsync(subject, deleted ?? false, ct);
        return versions.Count == 0 ? SubjectNotFound(subject) : Ok(versions, RegistryJsonContext.Default.IReadOnlyListInt32);
    }

    public async Task<IResult> Version(string subject, string version, HttpContext context, bool raw, CancellationToken ct)
    {
        if (!TryParseVersion(version, out var number))
        {
            return InvalidVersion(version);
        }

        var includeDeleted = bool.TryParse(context.Request.Query["deleted"], out var d) && d;
        var found = number is null ? await store.LatestAsync(subject, ct) : await store.VersionAsync(subject, number.Value, ct);
        if (found is null || (found.Deleted && !includeDeleted))
        {
            return await MissingVersion(subject, version, ct);
        }

        return raw
            ? Results.Text(found.Text, ContentType)
            : Ok(ToResponse(found), RegistryJsonContext.Default.SubjectVersionResponse);
    }

    public async Task<IResult> Register(string subject, HttpContext context, CancellationToken ct)
    {
        var (schema, problem) = await ReadSchemaAsync(context, ct);
        if (schema is null)
        {
            return problem!;
        }

        var level = await LevelAsync(subject, ct);
        try
        {
            var registered = await store.RegisterAsync(subject, Avro, schema.ToString(), live =>
            {
                var problems = SubjectCompatibility.Problems(level, schema, live);
                if (problems.Count > 0)
                {
                    throw new IncompatibleSchemaException(problems);
                }
            }, ct);
            Log.Registered(logger, registered.SchemaId, registered.Version, subject);
            return Ok(new IdResponse(registered.SchemaId), RegistryJsonContext.Default.IdResponse);
        }
        catch (IncompatibleSchemaException ex)
        {
            var levelName = CompatibilityLevels.Name(level);
            Log.Refused(logger, subject, levelName, string.Join("; ", ex.Problems));
            return Error(StatusCodes.Status409Conflict, RegistryErrorCodes.Incompatible,
                $"Schema being registered is incompatible with an earlier schema for subject \"{subject}\" (compatibility {levelName}), details: " +
                $"[{string.Join("; ", ex.Problems)}]. Make the change {levelName}-compatible, or register it under a new subject.");
        }
    }

    public async Task<IResult> Lookup(string subject, HttpContext context, bool? deleted, CancellationToken ct)
    {
        var (schema, problem) = await ReadSchemaAsync(context, ct);
        if (schema is null)
        {
            return problem!;
        }

        if ((await store.VersionsAsync(subject, deleted ?? false, ct)).Count == 0)
        {
            return SubjectNotFound(subject);
        }

        var found = await store.FindAsync(subject, Avro, schema.ToString(), ct);
        return found is null
            ? Error(StatusCodes.Status404NotFound, RegistryErrorCodes.SchemaNotFound, "Schema not found")
            : Ok(ToResponse(found), RegistryJsonContext.Default.SubjectVersionResponse);
    }

    public async Task<IResult> SchemaById(string id, bool raw, CancellationToken ct)
    {
        var found = int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? await store.SchemaAsync(number, ct) : null;
        if (found is null)
        {
            return SchemaNotFound(id);
        }

        return raw ? Results.Text(found.Text, ContentType) : Ok(new SchemaResponse(found.Text, TypeOrNull(found.SchemaType)), RegistryJsonContext.Default.SchemaResponse);
    }

    public async Task<IResult> SchemaUses(string id, CancellationToken ct)
    {
        if (!int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || await store.SchemaAsync(number, ct) is null)
        {
            return SchemaNotFound(id);
        }

        IReadOnlyList<SubjectVersionRef> uses = [.. (await store.UsesAsync(number, ct)).Select(u => new SubjectVersionRef(u.Subject, u.Version))];
        return Ok(uses, RegistryJsonContext.Default.IReadOnlyListSubjectVersionRef);
    }

    public async Task<IResult> SchemaSubjects(string id, CancellationToken ct)
    {
        if (!int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || await store.SchemaAsync(number, ct) is null)
        {
            return SchemaNotFound(id);
        }

        IReadOnlyList<string> subjects = [.. (await store.UsesAsync(number, ct)).Select(u => u.Subject).Distinct(StringComparer.Ordinal)];
        return Ok(subjects, RegistryJsonContext.Default.IReadOnlyListString);
    }

    /// <summary>
    /// Checks a candidate against one version, "latest" (all live versions for the transitive levels) or "all" (every
    /// live version). A subject with no versions has nothing to be incompatible with, so "latest" answers true.
    /// </summary>
    public async Task<IResult> TestCompatibility(string subject, string version, HttpContext context, CancellationToken ct)
    {
        var (schema, problem) = await ReadSchemaAsync(context, ct);
        if (schema is null)
        {
            return problem!;
        }

        int? number = null;
        if (version != "all" && !TryParseVersion(version, out number))
        {
            return InvalidVersion(version);
        }

        var level = await LevelAsync(subject, ct);
        IReadOnlyList<StoredSubjectVersion> against;
        if (number is null)
        {
            var latest = await store.LatestAsync(subject, ct);
            if (latest is null && version != "all" && version != "latest" && version != "-1")
            {
                return await MissingVersion(subject, version, ct);
            }

            var transitive = version == "all" || level is CompatibilityLevel.BackwardTransitive or CompatibilityLevel.ForwardTransitive or CompatibilityLevel.FullTransitive;
            against = latest is null ? [] : transitive ? await LiveAsync(subject, ct) : [latest];
        }
        else
        {
            var one = await store.VersionAsync(subject, number.Value, ct);
            if (one is null || one.Deleted)
            {
                return await MissingVersion(subject, version, ct);
            }

            against = [one];
        }

        // The level's direction applies to each version checked; "transitive" was settled by choosing them.
        var direction = level switch
        {
            CompatibilityLevel.BackwardTransitive => CompatibilityLevel.Backward,
            CompatibilityLevel.ForwardTransitive => CompatibilityLevel.Forward,
            CompatibilityLevel.FullTransitive => CompatibilityLevel.Full,
            _ => level,
        };
        var problems = against.SelectMany(v => SubjectCompatibility.Problems(direction, schema, [v])).ToList();
        var verbose = bool.TryParse(context.Request.Query["verbose"], out var isVerbose) && isVerbose;
        return Ok(new CompatibilityResponse(problems.Count == 0, verbose ? problems : null), RegistryJsonContext.Default.CompatibilityResponse);
    }

    public async Task<IResult> GetConfig(string? subject, bool defaultToGlobal, CancellationToken ct)
    {
        var level = await store.CompatibilityAsync(subject, ct);
        if (level is null && subject is not null && defaultToGlobal)
        {
            level = await store.CompatibilityAsync(null, ct);
        }

        if (level is null && subject is not null && !defaultToGlobal)
        {
            return Error(StatusCodes.Status404NotFound, RegistryErrorCodes.SubjectLevelCompatibilityNotConfigured,
                $"Subject '{subject}' does not have subject-level compatibility configured");
        }

        return Ok(new ConfigLevelResponse(level ?? CompatibilityLevels.Name(CompatibilityLevels.Default)), RegistryJsonContext.Default.ConfigLevelResponse);
    }

    public async Task<IResult> SetConfig(string? subject, HttpContext context, CancellationToken ct)
    {
        ConfigRequest? request;
        try
        {
            request = await JsonSerializer.DeserializeAsync(context.Request.Body, RegistryJsonContext.Default.ConfigRequest, ct);
        }
        catch (JsonException)
        {
            request = null;
        }

        if (!CompatibilityLevels.TryParse(request?.Compatibility, out var level))
        {
            return Error(StatusCodes.Status422UnprocessableEntity, RegistryErrorCodes.InvalidCompatibilityLevel,
                $"Invalid compatibility level '{request?.Compatibility}'. Valid values are {CompatibilityLevels.AllNames}");
        }

        var name = CompatibilityLevels.Name(level);
        await store.SetCompatibilityAsync(subject, name, ct);
        return Ok(new ConfigSetResponse(name), RegistryJsonContext.Default.ConfigSetResponse);
    }

    public async Task<IResult> DeleteConfig(string? subject, CancellationToken ct)
    {
        var previous = await store.CompatibilityAsync(subject, ct);
        if (previous is null && subject is not null)
        {
            return Error(StatusCodes.Status404NotFound, RegistryErrorCodes.SubjectLevelCompatibilityNotConfigured,
                $"Subject '{subject}' does not have subject-level compatibility configured");
        }

        await store.DeleteCompatibilityAsync(subject, ct);
        return Ok(new ConfigLevelResponse(previous ?? CompatibilityLevels.Name(CompatibilityLevels.Default)), RegistryJsonContext.Default.ConfigLevelResponse);
    }

    public async Task<IResult> DeleteSubject(string subject, bool? permanent, CancellationToken ct)
    {
        var live = await store.VersionsAsync(subject, includeDeleted: false, ct);
        var all = await store.VersionsAsync(subject, includeDeleted: true, ct);
        if (all.Count == 0)
        {
            return SubjectNotFound(subject);
        }

        if (permanent ?? false)
        {
            if (live.Count > 0)
            {
                return Error(StatusCodes.Status404NotFound, RegistryErrorCodes.SubjectNotSoftDeleted,
                    $"Subject '{subject}' was not deleted first before being permanently deleted: delete it without permanent=true first");
            }

            await store.HardDeleteSubjectAsync(subject, ct);
            return Ok(all, RegistryJsonContext.Default.IReadOnlyListInt32);
        }

        if (live.Count == 0)
        {
            return Error(StatusCodes.Status404NotFound, RegistryErrorCodes.SubjectSoftDeleted,
                $"Subject '{subject}' was soft deleted. Set permanent=true to delete permanently");
        }

        await store.SoftDeleteSubjectAsync(subject, ct);
        return Ok(live, RegistryJsonContext.Default.IReadOnlyListInt32);
    }

    public async Task<IResult> DeleteVersion(string subject, string version, bool? permanent, CancellationToken ct)
    {
        if (!TryParseVersion(version, out var number))
        {
            return InvalidVersion(version);
        }

        var found = number is null ? await store.LatestAsync(subject, ct) : await store.VersionAsync(subject, number.Value, ct);
        if (found is null)
        {
            return await MissingVersion(subject, version, ct);
        }

        if (permanent ?? false)
        {
            if (!found.Deleted)
            {
                return Error(StatusCodes.Status404NotFound, RegistryErrorCodes.VersionNotSoftDeleted,
                    $"Subject '{subject}' Version {found.Version} was not deleted first before being permanently deleted");
            }

            await store.HardDeleteVersionAsync(subject, found.Version, ct);
        }
        else
        {
            if (found.Deleted)
            {
                return Error(StatusCodes.Status404NotFound, RegistryErrorCodes.VersionSoftDeleted,
                    $"Subject '{subject}' Version {found.Version} was soft deleted. Set permanent=true to delete permanently");
            }

            await store.SoftDeleteVersionAsync(subject, found.Version, ct);
        }

        return Results.Text(found.Version.ToString(CultureInfo.InvariantCulture), ContentType);
    }

    private async Task<CompatibilityLevel> LevelAsync(string subject, CancellationToken ct)
    {
        var name = await store.CompatibilityAsync(subject, ct) ?? await store.CompatibilityAsync(null, ct);
        return CompatibilityLevels.TryParse(name, out var level) ? level : CompatibilityLevels.Default;
    }

    private async Task<IReadOnlyList<StoredSubjectVersion>> LiveAsync(string subject, CancellationToken ct)
    {
        var live = new List<StoredSubjectVersion>();
        foreach (var version in await store.VersionsAsync(subject, includeDeleted: false, ct))
        {
            if (await store.VersionAsync(subject, version, ct) is { } found)
            {
                live.Add(found);
            }
        }

        return live;
    }

    /// <summary>The request's Avro schema, parsed; or the 422 to answer with.</summary>
    private static async Task<(Schema? Schema, IResult? Problem)> ReadSchemaAsync(HttpContext context, CancellationToken ct)
    {
        RegisterRequest? request;
        try
        {
            // Read by hand: Confluent clients send application/vnd.schemaregistry.v1+json, which minimal APIs' body
            // binding refuses (it accepts only application/json).
            request = await JsonSerializer.DeserializeAsync(context.Request.Body, RegistryJsonContext.Default.RegisterRequest, ct);
        }
        catch (JsonException ex)
        {
            return (null, Error(StatusCodes.Status422UnprocessableEntity, RegistryErrorCodes.InvalidSchema, $"Invalid request body: {ex.Message}"));
        }

        if (request?.Schema is not { Length: > 0 } text)
        {
            return (null, Error(StatusCodes.Status422UnprocessableEntity, RegistryErrorCodes.InvalidSchema, "Invalid schema: the body needs a \"schema\" member holding the schema as a string"));
        }

        if (request.SchemaType is { Length: > 0 } type && !type.Equals(Avro, StringComparison.OrdinalIgnoreCase))
        {
            return (null, Error(StatusCodes.Status422UnprocessableEntity, RegistryErrorCodes.InvalidSchema, $"Invalid schema: schemaType {type} is not supported; Facet's registry stores AVRO schemas"));
        }

        if (request.References is { Count: > 0 })
        {
            return (null, Error(StatusCodes.Status422UnprocessableEntity, RegistryErrorCodes.InvalidSchema, "Invalid schema: schema references are not supported by Facet's registry; inline the referenced types"));
        }

        try
        {
            return (Schema.Parse(text), null);
        }
        catch (Exception ex) when (ex is AvroException or JsonException or Newtonsoft.Json.JsonException or ArgumentException or FormatException)
        {
            return (null, Error(StatusCodes.Status422UnprocessableEntity, RegistryErrorCodes.InvalidSchema, $"Invalid schema: {ex.Message}"));
        }
    }

    /// <summary>"latest" and -1 mean the newest live version (null); otherwise a positive integer.</summary>
    private static bool TryParseVersion(string text, out int? version)
    {
        version = null;
        if (text is "latest" or "-1")
        {
            return true;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0)
        {
            version = number;
            return true;
        }

        return false;
    }

    private async Task<IResult> MissingVersion(string subject, string version, CancellationToken ct) =>
        (await store.VersionsAsync(subject, includeDeleted: false, ct)).Count == 0
            ? SubjectNotFound(subject)
            : Error(StatusCodes.Status404NotFound, RegistryErrorCodes.VersionNotFound, $"Version {version} not found.");

    private static IResult InvalidVersion(string version) =>
        Error(StatusCodes.Status422UnprocessableEntity, RegistryErrorCodes.InvalidVersion,
            $"The specified version '{version}' is not a valid version id. Allowed values are between [1, 2^31-1] and the string \"latest\"");

    private static IResult SubjectNotFound(string subject) =>
        Error(StatusCodes.Status404NotFound, RegistryErrorCodes.SubjectNotFound, $"Subject '{subject}' not found.");

    private static IResult SchemaNotFound(string id) =>
        Error(StatusCodes.Status404NotFound, RegistryErrorCodes.SchemaNotFound, $"Schema {id} not found");

    private static SubjectVersionResponse ToResponse(StoredSubjectVersion v) => new(v.Subject, v.Version, v.SchemaId, v.Text, TypeOrNull(v.SchemaType));

    // Confluent leaves schemaType out for AVRO, its default.
    private static string? TypeOrNull(string type) => type == Avro ? null : type;
}
