using System.Text.Json;
using System.Text.Json.Serialization;

namespace Facet.Simulation.Generation;

/// <summary>
/// The ground truth of one generator run, as written by <c>facet generate --truth PATH</c> (format in
/// docs/generator.md). "Views" are distinct valid <c>view_product_detail</c> events — late ones and crawlers'
/// included — counted on the UTC day of their event time; <c>bot_views</c> is the part of them sent by crawlers.
/// </summary>
public sealed record TruthDocument
{
    public const string ViewsDefinitionText = "views = distinct valid view_product_detail events (late and crawler events included), by UTC day of event time; bot_views = the part sent with a crawler user agent";

    public required long Seed { get; init; }
    public required DateTimeOffset Start { get; init; }

    /// <summary>Messages sent: valid + duplicates + malformed.</summary>
    public required long Messages { get; init; }

    /// <summary>Distinct valid event ids (every valid event has a fresh id; duplicates re-use one of them).</summary>
    public required long ValidEvents { get; init; }

    public required long LateEvents { get; init; }
    public required long BotEvents { get; init; }
    public required long DuplicatesSent { get; init; }
    public required long MalformedSent { get; init; }

    /// <summary>Expected rejections by reason code (sums to <see cref="MalformedSent"/>).</summary>
    public required SortedDictionary<string, long> Rejections { get; init; }

    /// <summary>Distinct valid events by collection.</summary>
    public required SortedDictionary<string, long> Collections { get; init; }

    public string ViewsDefinition { get; init; } = ViewsDefinitionText;

    public required IReadOnlyList<ProductDayViews> ViewsByDayProduct { get; init; }
    public required IReadOnlyList<StoreDayViews> ViewsByDayStore { get; init; }

    /// <summary>Every malformed message: its 1-based sequence number (the line number in a file) and its code.</summary>
    public required IReadOnlyList<RejectedMessage> RejectedMessages { get; init; }

    /// <summary>Every distinct valid id in order of first sending, when requested (<c>--truth-ids</c>); else null.</summary>
    public IReadOnlyList<string>? Ids { get; init; }

    public void WriteTo(Stream stream) => JsonSerializer.Serialize(stream, this, TruthJsonContext.Default.TruthDocument);

    public void WriteTo(string path)
    {
        using var file = File.Create(path);
        WriteTo(file);
    }

    public static TruthDocument Read(string path)
    {
        using var file = File.OpenRead(path);
        return JsonSerializer.Deserialize(file, TruthJsonContext.Default.TruthDocument)
            ?? throw new InvalidDataException($"The truth file '{path}' is empty.");
    }
}
