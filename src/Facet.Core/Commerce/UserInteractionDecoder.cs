using System.Globalization;
using Facet.Core.Commerce.Internal;
using Facet.Core.Events;
using Facet.Core.Streams;

namespace Facet.Core.Commerce;

/// <summary>
/// Decodes a user interaction (Shape A: interaction_id, customer_id, product_id, timestamp, interaction_type,
/// details). A review's details are its text; a rating's numeric details are its stars (1–5). Never throws; thread-safe.
/// </summary>
public sealed class UserInteractionDecoder(CommerceDecoderOptions? options = null) : IRecordDecoder<UserInteraction>, IEntityBuilder<UserInteraction>
{
    internal const int Id = 0, CustomerId = 1, ProductId = 2, Timestamp = 3, Type = 4, Details = 5, ReviewText = 6, Rating = 7;

    internal static readonly FieldTable Table = new(
        ["interaction_id", "id"],
        ["customer_id"],
        ["product_id"],
        ["timestamp", "occurred_at"],
        ["interaction_type", "type"],
        ["details"],
        ["review_text"],
        ["rating", "stars"]);

    private readonly CommerceDecoderOptions _options = options ?? new CommerceDecoderOptions();

    static FieldTable IEntityBuilder<UserInteraction>.Fields => Table;

    public Decoded<UserInteraction> Decode(ReadOnlyMemory<byte> value, SourcePosition position) =>
        JsonRecordDecoding.Decode<UserInteraction, UserInteractionDecoder>(value, position, _options);

    static UserInteraction? IEntityBuilder<UserInteraction>.Build<TSource>(ref RecordReader<TSource> r)
    {
        var interactionId = r.Id(Id);
        var customerId = r.Id(CustomerId);
        var productId = r.Id(ProductId);
        var occurredAt = r.Time(Timestamp);
        var type = r.Enum(Type, CommerceEnums.InteractionType, required: true) ?? default;
        var reviewText = r.String(ReviewText);
        var rating = r.Int(Rating, 1, 5, CommerceRejectionCodes.RatingOutOfRange);
        var details = r.String(Details);
        if (r.Failed)
        {
            return null;
        }

        // Shape A puts the review text, or the stars, in details; anything else stays in Details.
        if (details is not null)
        {
            if (type == InteractionType.Review && reviewText is null)
            {
                reviewText = details;
                details = null;
            }
            else if (type == InteractionType.Rating && rating is null
                && decimal.TryParse(details, NumberStyles.Float, CultureInfo.InvariantCulture, out var stars))
            {
                if (stars is < 1 or > 5 || stars != decimal.Truncate(stars))
                {
                    r.Reject(CommerceRejectionCodes.RatingOutOfRange, $"details of a rating must be a whole number from 1 to 5 (got {details})", "details");
                    return null;
                }

                rating = (int)stars;
                details = null;
            }
        }

        return new UserInteraction
        {
            InteractionId = interactionId,
            CustomerId = customerId,
            ProductId = productId,
            OccurredAt = occurredAt,
            Type = type,
            ReviewText = reviewText,
            Rating = rating,
            Details = details,
        };
    }
}
