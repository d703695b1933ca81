using System.Text;
using Facet.Core.Commerce;
using Facet.Core.Events;
using Facet.Core.Streams;
using Facet.Streaming.Processing;
using Facet.Streaming.Streams;

namespace Facet.Streaming.Tests;

/// <summary>How a stream decodes a batch: in chunks over several threads when it is large, each message in its slot.</summary>
public sealed class StreamDecodingTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void A_large_batch_decoded_on_several_threads_equals_its_decoding_one_message_after_another(int workers)
    {
        // 10,000 messages (over the parallel threshold, several chunks): accepted events, malformed JSON, events that
        // fail validation and truncated messages, spread over every chunk.
        var messages = new List<RawMessage>();
        for (var i = 0; i < 10_000; i++)
        {
            var position = SourcePosition.Kafka("clicks", 0, i);
            var json = (i % 11) switch
            {
                3 => "{\"event_id\": \"e-" + i + "\", ",
                5 => "{\"event_id\": \"e-" + i + "\", \"session_id\": \"s\", \"event_name\": \"NOT_AN_EVENT\", \"event_time\": \"2024-11-30T10:15:00Z\"}",
                _ => "{\"event_id\": \"e-" + i + "\", \"session_id\": \"s-" + (i % 97) + "\", \"event_name\": \"ADD_TO_CART\", \"event_time\": \"2024-11-30T10:15:00Z\"}",
            };
            var bytes = Encoding.UTF8.GetBytes(json);
            messages.Add(i % 13 == 7 ? new RawMessage(bytes.AsMemory(0, 10), position, FullLength: bytes.Length) : new RawMessage(bytes, position));
        }

        IRecordDecoder<ClickEvent> decoder = new ClickEventDecoder();
        var oneByOne = messages.Select(m => m.IsTruncated ? decoder.RejectTooLarge(m.Value, m.FullLength, m.Position) : decoder.Decode(m.Value, m.Position)).ToList();

        // Into a larger array, as a pooled one is: the slots past the messages stay untouched.
        var decoded = new Decoded<ClickEvent>[messages.Count + 7];
        StreamDefinition<ClickEvent>.DecodeAll(messages, decoder, workers, decoded);

        Assert.All(decoded[messages.Count..], static d => Assert.Equal(default, d));
        Assert.Contains(oneByOne, d => !d.IsAccepted);
        for (var i = 0; i < messages.Count; i++)
        {
            Assert.Equal(oneByOne[i].IsAccepted, decoded[i].IsAccepted);
            if (decoded[i].IsAccepted)
            {
                Assert.Equal(oneByOne[i].Record, decoded[i].Record);
            }
            else
            {
                Assert.Equal(oneByOne[i].Rejection!.Code, decoded[i].Rejection!.Code);
                Assert.Equal(oneByOne[i].Rejection!.Position, decoded[i].Rejection!.Position);
            }
        }
    }
}
