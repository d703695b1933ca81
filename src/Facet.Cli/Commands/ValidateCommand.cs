using System.CommandLine;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using Facet.Core.Events;
using Facet.Core.Input;
using Facet.Core.Parsing;
using ParseResult = Facet.Core.Parsing.ParseResult;

namespace Facet.Cli.Commands;

/// <summary>
/// <c>facet validate FILE... [--rejects PATH]</c>: parses NDJSON event files (gzip and stdin allowed) with
/// <see cref="EventParser"/> and prints one JSON summary; every rejection can be written to an NDJSON file.
/// </summary>
internal static class ValidateCommand
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        // Keep raw messages and messages readable (non-ASCII as is); the output is a file, not HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static Command Create(TextWriter output)
    {
        var files = new Argument<string[]>("FILE")
        {
            Description = "NDJSON event files, one JSON object per line ('.gz' or gzip content allowed; '-' reads standard input).",
            Arity = ArgumentArity.OneOrMore,
        };
        var rejects = new Option<string?>("--rejects")
        {
            Description = "Write every rejected line to this NDJSON file: {\"line\",\"code\",\"message\",\"field\",\"raw\"} (\"file\" too with several FILEs).",
        };
        var validate = new Command("validate", "Parse and validate NDJSON event files; print {\"total\",\"accepted\",\"rejected\",\"by_reason\",\"by_collection\"} as JSON. Exits 0 even when lines are rejected.")
        {
            files, rejects,
        };
        validate.SetAction(async (parse, cancellationToken) =>
        {
            var summary = Run(parse.GetValue(files) ?? [], parse.GetValue(rejects), cancellationToken);
            await output.WriteLineAsync(summary);
            await output.FlushAsync(cancellationToken);
            return ExitCodes.Ok;
        });
        return validate;
    }

    /// <summary>Validates every file and returns the summary JSON. Throws <see cref="UsageException"/> for unreadable input.</summary>
    internal static string Run(IReadOnlyList<string> files, string? rejectsPath, CancellationToken cancellationToken)
    {
        // Name every missing file before doing any work, so a typo costs nothing.
        foreach (var file in files)
        {
            CheckReadable(file);
        }

        var parser = new EventParser(new ParserOptions());
        var counts = new Counts();
        using var rejects = rejectsPath is null ? null : RejectsWriter.Create(rejectsPath, includeFile: files.Count > 1);
        foreach (var file in files)
        {
            try
            {
                using var reader = NdjsonFileReader.Open(file, parser.Options.MaxMessageBytes, parser.Options.TooLargeRawPrefixBytes);
                while (reader.TryReadLine(out var line))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var result = parser.Parse(line, file);
                    counts.Add(result);
                    if (!result.IsAccepted)
                    {
                        rejects?.Write(file, line.LineNumber, result.Rejection);
                    }
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException)
            {
                throw new UsageException($"cannot read '{file}': {OneLine(ex.Message)}");
            }
        }

        return counts.ToJson();
    }

    private static void CheckReadable(string file)
    {
        if (file == NdjsonFileReader.StandardInputPath)
        {
            return;
        }

        if (Directory.Exists(file))
        {
            throw new UsageException($"'{file}' is a directory; pass NDJSON files (or '-' for standard input).");
        }

        if (!File.Exists(file))
        {
            throw new UsageException($"no such file: '{file}' (check the path; '-' reads standard input).");
        }

        try
        {
            using var probe = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 1);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"cannot read '{file}': {OneLine(ex.Message)}");
        }
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ").Trim();

    private sealed class Counts
    {
        private readonly Dictionary<string, long> _byReason = new(StringComparer.Ordinal);
        private readonly Dictionary<string, long> _byCollection = new(StringComparer.Ordinal);
        private long _total;
        private long _accepted;

        public void Add(ParseResult result)
        {
            _total++;
            if (result.IsAccepted)
            {
                _accepted++;
                Increment(_byCollection, result.Event.Collection);
            }
            else
            {
                Increment(_byReason, result.Rejection.Code);
            }
        }

        public string ToJson()
        {
            using var buffer = new MemoryStream();
            using (var json = new Utf8JsonWriter(buffer, WriterOptions))
            {
                json.WriteStartObject();
                json.WriteNumber("total", _total);
                json.WriteNumber("accepted", _accepted);
                json.WriteNumber("rejected", _total - _accepted);
                WriteCounts(json, "by_reason", _byReason);
                WriteCounts(json, "by_collection", _byCollection);
                json.WriteEndObject();
            }

            return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        }

        private static void Increment(Dictionary<string, long> counts, string key)
        {
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }

        private static void WriteCounts(Utf8JsonWriter json, string name, Dictionary<string, long> counts)
        {
            json.WriteStartObject(name);
            var keys = counts.Keys.ToArray();
            Array.Sort(keys, StringComparer.Ordinal);
            foreach (var key in keys)
            {
                json.WriteNumber(key, counts[key]);
            }

            json.WriteEndObject();
        }
    }

    /// <summary>One NDJSON line per rejection; raw as text when it is UTF-8, else base64 with "raw_base64":true.</summary>
    private sealed class RejectsWriter : IDisposable
    {
        private readonly Stream _stream;
        private readonly Utf8JsonWriter _json;
        private readonly bool _includeFile;

        private RejectsWriter(Stream stream, bool includeFile)
        {
            _stream = stream;
            _json = new Utf8JsonWriter(stream, WriterOptions);
            _includeFile = includeFile;
        }

        public static RejectsWriter Create(string path, bool includeFile)
        {
            try
            {
                return new RejectsWriter(new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, bufferSize: 64 * 1024), includeFile);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new UsageException($"cannot write --rejects '{path}': {OneLine(ex.Message)}");
            }
        }

        public void Write(string file, long line, Rejection rejection)
        {
            _json.Reset();
            _json.WriteStartObject();
            if (_includeFile)
            {
                _json.WriteString("file", file);
            }

            _json.WriteNumber("line", line);
            _json.WriteString("code", rejection.Code);
            _json.WriteString("message", rejection.Message);
            if (rejection.Field is null)
            {
                _json.WriteNull("field");
            }
            else
            {
                _json.WriteString("field", rejection.Field);
            }

            var raw = rejection.Raw.Span;
            if (rejection.RawTruncated && !Utf8.IsValid(raw))
            {
                // A cut prefix may end inside a UTF-8 sequence: drop that partial character rather than fall back to base64.
                for (var cut = 1; cut <= 3 && cut <= raw.Length; cut++)
                {
                    if (Utf8.IsValid(raw[..^cut]))
                    {
                        raw = raw[..^cut];
                        break;
                    }
                }
            }

            if (Utf8.IsValid(raw))
            {
                _json.WriteString("raw", raw);
            }
            else
            {
                _json.WriteBase64String("raw", raw);
                _json.WriteBoolean("raw_base64", true);
            }

            if (rejection.RawTruncated)
            {
                _json.WriteBoolean("raw_truncated", true);
            }

            _json.WriteEndObject();
            _json.Flush();
            _stream.WriteByte((byte)'\n');
        }

        public void Dispose()
        {
            _json.Dispose();
            _stream.Dispose();
        }
    }
}
