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
}
