namespace Facet.Storage.Windows;

/// <summary>A window definition file or entry that cannot be used; the message names the definition, the field and the fix.</summary>
public sealed class WindowDefinitionException(string message) : Exception(message);
