using System.CommandLine;

namespace Facet.Cli.Settings;

/// <summary>Factories for options that several commands share, so they are named, parsed and described the same way.</summary>
internal static class CliOptions
{
    public static Option<TimeSpan> Duration(string name, string description, TimeSpan defaultValue) => new(name)
    {
        Description = description,
        DefaultValueFactory = _ => defaultValue,
        CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
            if (DurationParser.TryParse(text, out var duration))
            {
                return duration;
            }

            result.AddError($"{name} takes a duration like 500ms, 10s, 5m or 1h (got '{text}')");
            return default;
        },
    };

    public static Option<TimeSpan?> OptionalDuration(string name, string description) => new(name)
    {
        Description = description,
        CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
            if (DurationParser.TryParse(text, out var duration))
            {
                return duration;
            }

            result.AddError($"{name} takes a duration like 500ms, 10s, 5m or 1h (got '{text}')");
            return null;
        },
    };

    public static Option<int> PositiveInt(string name, string description, int defaultValue, int max = int.MaxValue)
    {
        var option = new Option<int>(name) { Description = description, DefaultValueFactory = _ => defaultValue };
        option.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<int>();
            if (value < 1 || value > max)
            {
                result.AddError($"{name} must be between 1 and {max} (got {value})");
            }
        });
        return option;
    }

    public const string DefaultWarehouse = "duckdb:facet.duckdb";

    public static Option<string> Warehouse(string defaultValue = DefaultWarehouse) => new("--warehouse")
    {
        Description = "Warehouse: duckdb:PATH, postgres://user@host:port/db (password from PGPASSWORD or FACET_WAREHOUSE), or an Npgsql connection string.",
        DefaultValueFactory = _ => defaultValue,
    };

    public static Option<string> TimeZone() => new("--tz")
    {
        Description = "Reporting time zone (IANA name, e.g. Europe/Berlin) for day and hour.",
        DefaultValueFactory = _ => "UTC",
    };

    public static TimeZoneInfo ResolveTimeZone(string id)
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw new UsageException($"--tz '{id}' is not a known time zone: use an IANA name like UTC, Europe/Berlin or Asia/Ho_Chi_Minh");
        }
    }
}
