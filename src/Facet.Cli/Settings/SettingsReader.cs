using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Facet.Cli.Settings;

/// <summary>
/// Resolves each option of a command from, in order of precedence: the flag on the command line, a <c>FACET_…</c>
/// environment variable (<c>--max-batch</c> → <c>FACET_MAX_BATCH</c>), the JSON config file given by <c>--config</c>
/// (key <c>max_batch</c>), then the option's default.
/// </summary>
internal sealed class SettingsReader
{
    public const string EnvironmentPrefix = "FACET_";

    private readonly ParseResult _parse;
    private readonly IConfiguration _configuration;

    private SettingsReader(ParseResult parse, IConfiguration configuration)
    {
        _parse = parse;
        _configuration = configuration;
    }

    public static Option<string?> CreateConfigOption() => new("--config")
    {
        Description = "JSON config file with any option as a snake_case key (e.g. {\"max_batch\": 50000}); flags and FACET_… environment variables win.",
    };

    public static SettingsReader Create(ParseResult parse, Option<string?> configOption)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var builder = new ConfigurationBuilder();
        if (parse.GetValue(configOption) is { } path)
        {
            if (!File.Exists(path))
            {
                throw new UsageException($"config file '{path}' does not exist (--config)");
            }

            try
            {
                builder.AddJsonFile(Path.GetFullPath(path), optional: false, reloadOnChange: false);
                builder.Build();
            }
            catch (Exception ex) when (ex is FormatException or InvalidDataException or System.Text.Json.JsonException)
            {
                throw new UsageException($"config file '{path}' is not valid JSON: {ex.Message.ReplaceLineEndings(" ")}");
            }
        }

        // Environment variables win over the file; flags win over both (resolved in Get).
        builder.AddEnvironmentVariables(EnvironmentPrefix);
        return new SettingsReader(parse, builder.Build());
    }

    /// <summary>Flags only (commands that take no config file).</summary>
    public static SettingsReader CommandLineOnly(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        return new SettingsReader(parse, new ConfigurationBuilder().Build());
    }

    /// <summary>The key of an option in the config file and, upper-cased with the prefix, in the environment.</summary>
    public static string KeyOf(Option option) => option.Name.TrimStart('-').Replace('-', '_');

    public T Get<T>(Option<T> option)
    {
        ArgumentNullException.ThrowIfNull(option);
        if (_parse.GetResult(option) is { Implicit: false })
        {
            return _parse.GetValue(option)!;
        }

        var key = KeyOf(option);
        var text = _configuration[key];
        return text is null ? _parse.GetValue(option)! : Convert<T>(text, option.Name, key);
    }

    /// <summary>True when the option was given anywhere (flag, environment or config file).</summary>
    public bool IsSet(Option option) => _parse.GetResult(option) is { Implicit: false } || _configuration[KeyOf(option)] is not null;

    private static T Convert<T>(string text, string optionName, string key)
    {
        var type = Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T);
        var where = $"{optionName} (from {EnvironmentPrefix}{key.ToUpperInvariant()} or config key '{key}')";
        object? value;
        if (type == typeof(string))
        {
            value = text;
        }
        else if (type == typeof(int))
        {
            value = int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) ? i : throw new UsageException($"{where} must be a whole number (got '{text}')");
        }
        else if (type == typeof(long))
        {
            value = long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) ? l : throw new UsageException($"{where} must be a whole number (got '{text}')");
        }
        else if (type == typeof(double))
        {
            value = double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : throw new UsageException($"{where} must be a number (got '{text}')");
        }
        else if (type == typeof(bool))
        {
            value = bool.TryParse(text, out var b) ? b : throw new UsageException($"{where} must be true or false (got '{text}')");
        }
        else if (type == typeof(TimeSpan))
        {
            value = DurationParser.TryParse(text, out var t) ? t : throw new UsageException($"{where} takes a duration like 500ms, 10s or 5m (got '{text}')");
        }
        else if (type.IsEnum)
        {
            value = Enum.TryParse(type, text.Replace("-", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal), ignoreCase: true, out var e)
                ? e
                : throw new UsageException($"{where} must be one of {string.Join(", ", Enum.GetNames(type)).ToLowerInvariant()} (got '{text}')");
        }
        else if (type == typeof(string[]))
        {
            value = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        }
        else
        {
            throw new InvalidOperationException($"No config conversion for {type.Name} ({optionName}).");
        }

        return (T)value!;
    }
}
