namespace Facet.Testing;

/// <summary>Lines to send and what the warehouse must hold afterwards.</summary>
public sealed record EventScript(IReadOnlyList<byte[]> Lines, int DistinctValidIds, int Malformed)
{
    public async Task WriteNdjsonAsync(string path)
    {
        await using var file = File.Create(path);
        foreach (var line in Lines)
        {
            await file.WriteAsync(line);
            file.WriteByte((byte)'\n');
        }
    }
}
