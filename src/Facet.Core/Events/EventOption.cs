namespace Facet.Core.Events;

/// <summary>
/// One entry of an event's <c>option</c> field, normalized from the array, single-object and "" forms.
/// Keys other than the four known ones are kept verbatim in <see cref="ExtraJson"/>.
/// </summary>
public sealed record EventOption(
    string? OptionLabel,
    string? OptionId,
    string? ValueLabel,
    string? ValueId,
    string? ExtraJson = null);
