using System.Globalization;
using Facet.Core.Commerce.Csv;

namespace Facet.Core.Commerce.Internal;

/// <summary>
/// Splits CSV text into records (RFC 4180: a record ends at a line break outside quotes) and keeps the line number
/// each starts on. It exists instead of Sylvan.Data.Csv, which we tried first, because of what a broken quote does:
/// Sylvan's standard mode stops the whole file at it, and its lax mode mends <c>"x"y</c> into <c>xy</c> silently and
/// reads an unclosed quote to the end of the file as one field — neither keeps that one row as a reject and the rest
/// loaded. Here a quote left open for <see cref="MaxRecordChars"/> or to the end of the text makes the record just its
/// first physical line (rejected by the tokenizer) and reading resumes at the next line.
/// </summary>
internal sealed class CsvRecordSplitter(TextReader text) : IDisposable
{
    /// <summary>The longest record, in characters: beyond it an open quote counts as unclosed.</summary>
    public const int MaxRecordChars = 4 << 20;

    private char[] _buffer = new char[1 << 16];
    private int _start;
    private int _end;
    private bool _eof;

    /// <summary>The line the next record starts on (1-based).</summary>
    public long NextLine { get; private set; } = 1;

    /// <summary>
    /// Reads the next record: <paramref name="record"/> is its text without the final line break (valid until the next
    /// call), <paramref name="line"/> its first line. False at the end of the text.
    /// </summary>
    public bool TryRead(out ReadOnlyMemory<char> record, out long line)
    {
        var scanned = 0;
        var inQuotes = false;
        while (true)
        {
            var span = _buffer.AsSpan(_start + scanned, _end - _start - scanned);
            var hit = inQuotes ? span.IndexOf('"') : span.IndexOfAny('"', '\n');
            if (hit >= 0)
            {
                scanned += hit + 1;
                if (_buffer[_start + scanned - 1] == '"')
                {
                    inQuotes = !inQuotes;
                    continue;
                }

                return Take(scanned - 1, scanned, out record, out line);
            }

            scanned = _end - _start;
            if (inQuotes && scanned >= MaxRecordChars)
            {
                return TakeFirstLine(out record, out line);
            }

            if (_eof)
            {
                if (inQuotes)
                {
                    return TakeFirstLine(out record, out line);
                }

                if (scanned == 0)
                {
                    record = ReadOnlyMemory<char>.Empty;
                    line = NextLine;
                    return false;
                }

                return Take(scanned, scanned, out record, out line);
            }

            Fill();
        }
    }

    public void Dispose() => text.Dispose();

    private bool Take(int length, int consumed, out ReadOnlyMemory<char> record, out long line)
    {
        var memory = _buffer.AsMemory(_start, length);
        line = NextLine;
        NextLine += memory.Span.Count('\n') + (consumed > length ? 1 : 0);
        _start += consumed;
        record = memory.Span.EndsWith('\r') ? memory[..^1] : memory;
        return true;
    }

    // An unclosed quote: the record is its first physical line; the lines after it are read as records again.
    private bool TakeFirstLine(out ReadOnlyMemory<char> record, out long line)
    {
        var newline = _buffer.AsSpan(_start, _end - _start).IndexOf('\n');
        return newline < 0 ? Take(_end - _start, _end - _start, out record, out line) : Take(newline, newline + 1, out record, out line);
    }

    private void Fill()
    {
        if (_start > 0)
        {
            Array.Copy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            if (_buffer.Length >= MaxRecordChars * 2)
            {
                throw new CommerceCsvException(string.Create(CultureInfo.InvariantCulture, $"line {NextLine} is longer than {MaxRecordChars} characters: is this a CSV file?"));
            }

            Array.Resize(ref _buffer, _buffer.Length * 2);
        }

        var read = text.Read(_buffer, _end, _buffer.Length - _end);
        if (read == 0)
        {
            _eof = true;
        }

        _end += read;
    }
}
