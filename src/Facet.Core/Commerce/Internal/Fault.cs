namespace Facet.Core.Commerce.Internal;

/// <summary>Why a record is rejected: a stable code, a message that shows the value, the field at fault.</summary>
internal readonly record struct Fault(string Code, string Message, string? Field);
