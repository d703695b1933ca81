namespace Facet.Dashboard;

/// <summary>Body of <c>POST /api/schedule/{dag}/trigger</c>: what happened, in one line.</summary>
internal sealed record TriggerResult(string Message);
