using System.Diagnostics;
using System.Globalization;
using Facet.Core.Commerce;
using Facet.Simulation.Commerce;
using Facet.Cli.Streams;
using Facet.Streaming;
using Facet.Streaming.Avro;
using Facet.Simulation.Generation;

namespace Facet.Cli.Commands;

/// <summary>
/// <c>facet generate --dataset commerce</c>: the commerce world (docs/generator.md) to one Kafka topic per entity,
/// NDJSON files per entity in a folder, or Shape B's four CSV files with their schemas; paced, with progress and a truth file.
/// </summary>
internal static class CommerceGeneration
{
    /// <summary>Messages of simulated activity per session, on average: turns --sim-rate (messages/s) into sessions.</summary>
    private const double MessagesPerSession = 12;

    public static async Task<int> RunAsync(CommerceRequest request, TextWriter error, CancellationToken cancellationToken)
    {
        if (request.Format is not ("ndjson" or "csv"))
        {
            throw new UsageException($"--format must be ndjson or csv (got '{request.Format}').");
        }

        if (request.Connection is null && request.Directory is null)
        {
            throw new UsageException("--dataset commerce writes one topic or file per entity: give --kafka BOOTSTRAP or --out DIR.");
        }

        if (request.Connection is not null && request.Format == "csv")
        {
            throw new UsageException("--format csv writes files: use it with --out DIR, not --kafka.");
        }

        var formats = StreamValueFormats.Parse(request.ValueFormats, CommerceTopics.All);
        var avroTopics = formats.Where(static f => f.Value == ValueFormat.Avro).Select(static f => f.Key).ToHashSet(StringComparer.Ordinal);
        if (avroTopics.Count > 0 && request.Connection is null)
        {
            throw new UsageException($"{StreamValueFormats.OptionName} avro writes Kafka values in the Confluent wire format: use it with --kafka (files are NDJSON or CSV).");
        }

        if (avroTopics.Count > 0 && request.Registry is null)
        {
            throw StreamValueFormats.RegistryNeeded();
        }

        var options = request.Options;
        try
        {
            options.Validate();
        }
        catch (ArgumentException ex)
        {
            throw new UsageException($"--{ex.Message}");
        }

        var generator = new CommerceGenerator(options) { ForCsv = request.Format == "csv", AvroTopics = avroTopics };
        using var shutdown = new ShutdownSignal(cancellationToken);
        CommerceOutput output;
        try
        {
            output = request.Connection is { } connection
                ? CommerceOutput.ToKafka(connection, avroTopics.Count > 0 ? new AvroValueSerializer(request.Registry!.CreateClient()) : null, avroTopics)
                : CommerceOutput.ToDirectory(request.Directory!, request.Format == "csv");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"--out: cannot write to '{request.Directory}': {ex.Message}");
        }

        using (output)
        {
            var clock = Stopwatch.StartNew();
            void WriteNext() => output.Write(generator.Next());
            var sent = request.Interactive
                ? await GenerateCommand.RunWithProgressAsync(request.Limits, report => GenerationRunner.RunAsync(WriteNext, request.Limits, () => report(generator.Truth.Messages), shutdown.Token))
                : await GenerationRunner.RunAsync(WriteNext, request.Limits, null, shutdown.Token);
            output.Flush(CancellationToken.None);
            clock.Stop();
            if (request.TruthPath is not null)
            {
                generator.Truth.WriteTo(request.TruthPath);
            }

            await error.WriteLineAsync(Summary(generator.Truth, sent, clock.Elapsed, output, shutdown.Token.IsCancellationRequested));
            return output.Failed > 0 ? ExitCodes.Failure : ExitCodes.Ok;
        }
    }

    /// <summary>Sessions per hour of simulated time for an average of <paramref name="messagesPerSecond"/> messages.</summary>
    public static double SessionsPerHour(double messagesPerSecond) => messagesPerSecond * 3600 / MessagesPerSession;

    private static string Summary(CommerceTruth truth, long sent, TimeSpan elapsed, CommerceOutput output, bool interrupted)
    {
        var perSecond = elapsed.TotalSeconds > 0 ? sent / elapsed.TotalSeconds : 0;
        var topics = string.Join(", ", CommerceTopics.All.Select(t => string.Create(CultureInfo.InvariantCulture,
            $"{t} {truth[t].Messages} ({truth[t].Valid} valid, {truth[t].Duplicates} duplicates, {truth[t].Malformed} malformed)")));
        var text = string.Create(CultureInfo.InvariantCulture,
            $"facet generate --dataset commerce: {sent} messages in {elapsed.TotalSeconds:0.0} s ({perSecond:0}/s){(interrupted ? ", stopped by signal" : "")}: {topics}");
        if (output.Failed > 0)
        {
            text += string.Create(CultureInfo.InvariantCulture, $"; {output.Failed} failed (first error: {output.FirstError})");
        }

        return text;
    }
}
