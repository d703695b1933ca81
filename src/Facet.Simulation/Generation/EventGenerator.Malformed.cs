using Facet.Core.Events;

namespace Facet.Simulation.Generation;

public sealed partial class EventGenerator
{
    /// <summary>The malformed kinds and their shares; each maps to exactly one rejection code of the parser.</summary>
    private static readonly string[] MalformedCodes =
    [
        RejectionCodes.InvalidJson, RejectionCodes.InvalidUtf8, RejectionCodes.NotAnObject, RejectionCodes.MissingId,
        RejectionCodes.MissingTime, RejectionCodes.TimeOutOfRange, RejectionCodes.InvalidFieldType,
    ];

    private static readonly double[] MalformedWeights = [30, 15, 5, 15, 8, 12, 15];

    private GeneratedEvent NextMalformed()
    {
        var code = MalformedCodes[_malformedKinds.Next(_random)];
        AdvanceClock();
        var fault = code switch
        {
            RejectionCodes.MissingId => Fault.OmitId,
            RejectionCodes.MissingTime => Fault.OmitTime,
            RejectionCodes.TimeOutOfRange => Fault.AncientTime,
            RejectionCodes.InvalidFieldType => Fault.WrongType,
            _ => Fault.None,
        };
        var length = WriteEvent(isBot: false, (long)_simSeconds, fault, out var collection, out var session, out _, out _);
        EnsureOutput(length + 2);
        var output = _output.AsSpan();
        _buffer.WrittenSpan.CopyTo(output);
        switch (code)
        {
            case RejectionCodes.InvalidJson:
                length = BreakJson(output, length);
                break;
            case RejectionCodes.InvalidUtf8:
                BreakUtf8(output[..length]);
                break;
            case RejectionCodes.NotAnObject:
                // The event wrapped in an array: valid JSON, not an object.
                output[..length].CopyTo(output[1..]);
                output[0] = (byte)'[';
                output[length + 1] = (byte)']';
                length += 2;
                break;
        }

        _truth.Malformed(_sequence, code);
        return new GeneratedEvent(_output.AsMemory(0, length), GeneratedEventKind.Malformed, false, Collections.Names[collection], code, session.IpCountry);
    }

    /// <summary>Truncates the line (a cut-off write) or appends a stray value after the object (two writes run together).</summary>
    private int BreakJson(Span<byte> line, int length)
    {
        if (_random.Chance(0.3))
        {
            ",\"x\"}"u8.CopyTo(line[length..]);
            return length + 5;
        }

        // Cut before an ASCII byte, so what is left is valid UTF-8 and only the JSON is broken; the closing brace always goes.
        var cut = _random.Next(length / 4, length - 1);
        while (cut > 1 && line[cut] >= 0x80)
        {
            cut--;
        }

        return cut;
    }

    /// <summary>Overwrites the first byte of the user agent with 0xFF, which never occurs in UTF-8.</summary>
    private static void BreakUtf8(Span<byte> line)
    {
        var at = line.IndexOf("\"user_agent\":\""u8);
        line[at < 0 ? line.Length / 2 : at + "\"user_agent\":\""u8.Length] = 0xFF;
    }
}
