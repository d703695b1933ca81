namespace Facet.Core.Events;

/// <summary>The stable rejection reason codes. They are stored in bad_events and documented in docs/events.md: never rename one.</summary>
public static class RejectionCodes
{
    public const string InvalidUtf8 = "invalid_utf8";
    public const string InvalidJson = "invalid_json";
    public const string NotAnObject = "not_an_object";
    public const string TooLarge = "too_large";
    public const string MissingId = "missing_id";
    public const string MissingTime = "missing_time";
    public const string TimeOutOfRange = "time_out_of_range";
    public const string InvalidFieldType = "invalid_field_type";

    /// <summary>The message is empty or only white space (e.g. a Kafka tombstone or a blank line with spaces).</summary>
    public const string EmptyMessage = "empty_message";

    /// <summary>Objects or arrays nest deeper than <c>ParserOptions.MaxDepth</c>.</summary>
    public const string TooDeep = "too_deep";

    /// <summary>A field Facet models appears twice in one object, so which value is meant is ambiguous.</summary>
    public const string DuplicateField = "duplicate_field";

    /// <summary><c>id</c> is present but not a usable identity (longer than 128 characters, or not printable ASCII).</summary>
    public const string InvalidId = "invalid_id";

    /// <summary><c>collection</c> (the event type) is missing, null or empty.</summary>
    public const string MissingCollection = "missing_collection";

    /// <summary>A field has an accepted JSON type but a value that cannot be understood (e.g. price "abc", local_time "yesterday").</summary>
    public const string InvalidValue = "invalid_value";

    /// <summary>A string holds U+0000 (written as \u0000), which the warehouse's text columns cannot store.</summary>
    public const string ContainsNul = "contains_nul";

    /// <summary>The parser itself failed on this input: a Facet bug, kept with the raw message so it can be reported and replayed.</summary>
    public const string ParserError = "parser_error";
}
