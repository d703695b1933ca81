namespace Facet.Storage.Windows;

/// <summary>
/// What <see cref="WindowRecompute"/> did for one definition: the windows it wrote (starts in its range), the stored
/// fact rows it read, and the watermark its final flags follow (null: none yet, so no window is final).
/// </summary>
public sealed record WindowRecomputeResult(string Name, int Windows, long Rows, DateTime? Watermark, bool WatermarkDerived);
