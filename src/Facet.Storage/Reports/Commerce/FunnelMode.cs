namespace Facet.Storage.Reports.Commerce;

/// <summary>Whether a funnel's steps must happen in their order.</summary>
public enum FunnelMode
{
    /// <summary>Each step's event comes after the previous step's (by event time, then event id).</summary>
    Strict,

    /// <summary>The first k steps all happened within the window, in any order.</summary>
    AnyOrder,
}
