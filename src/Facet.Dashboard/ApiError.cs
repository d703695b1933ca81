namespace Facet.Dashboard;

/// <summary>Body of a failed API call: one line naming the fix.</summary>
internal sealed record ApiError(string Error);
