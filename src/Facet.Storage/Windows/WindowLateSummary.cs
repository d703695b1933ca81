namespace Facet.Storage.Windows;

/// <summary>
/// One definition's late data at a glance (the dashboard's windows panel, <c>/api/commerce/windows</c>): its published
/// windows (update mode: all; final mode: final ones), how many are final, how many of the published ones were
/// revised after the watermark had passed their end (within the allowed lateness, or late events applied anyway) and
/// how often, and the events that came beyond the allowed lateness — counted, applied anyway, and the windows they
/// were for. A joined definition has none of its own: its parts carry them.
/// </summary>
public sealed record WindowLateSummary(
    string Name,
    string Source,
    WindowOutputMode Mode,
    DateTime? Watermark,
    long Windows,
    long FinalWindows,
    long RevisedWindows,
    long LateRevisions,
    long LateEvents,
    long LateApplied,
    long LateWindows);
