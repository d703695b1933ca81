using System.Globalization;
using Facet.Core.Enrichment;

namespace Facet.Storage.Internal;

/// <summary>
/// One dimension table: its columns and how an event maps to a member. A member is identified by its natural_key
/// (the canonical text of its identifying attributes); null means the Unknown member (key 0).
/// </summary>
internal abstract class Dimension
{
    private const char Separator = '\u001f';
    private const string NullMarker = "\u0001";

    public static readonly Dimension Product = new ProductDimension();
    public static readonly Dimension Store = new StoreDimension();
    public static readonly Dimension Location = new LocationDimension();
    public static readonly Dimension UserAgent = new UserAgentDimension();
    public static readonly Dimension Referrer = new ReferrerDimension();
    public static readonly Dimension Customer = new CustomerDimension();

    /// <summary>All dimensions, in the fixed order every writer uses (deadlock-free lock order).</summary>
    public static readonly Dimension[] All = [Product, Store, Location, UserAgent, Referrer, Customer];

    protected Dimension(int index, string table, string keyColumn, DimensionColumn[] columns)
    {
        Index = index;
        Table = table;
        KeyColumn = keyColumn;
        Columns = columns;
    }

    public const int Count = 6;

    public int Index { get; }

    public string Table { get; }

    public string KeyColumn { get; }

    /// <summary>The attribute columns after natural_key.</summary>
    public DimensionColumn[] Columns { get; }

    /// <summary>The member's natural key, or null for the Unknown member.</summary>
    public abstract string? NaturalKey(EnrichedEvent e, PrivacyRules privacy);

    /// <summary>The attribute values of a new member, in <see cref="Columns"/> order.</summary>
    public abstract object?[] Attributes(EnrichedEvent e, PrivacyRules privacy);

    /// <summary>
    /// The objects that alone determine <see cref="NaturalKey"/> (enrichment results shared through the enricher's
    /// caches, texts the parser shares), so a batch computes each distinct key once; null when the key also depends on
    /// other event fields (for every event of a dimension without a <see cref="KeySourceComparer"/>, for some events of
    /// one with it).
    /// </summary>
    public virtual MemberSource? KeySource(EnrichedEvent e) => null;

    /// <summary>How <see cref="KeySource"/> values are compared (by reference unless equal copies are common); null when there is no key source.</summary>
    public virtual IEqualityComparer<MemberSource>? KeySourceComparer => null;

    // One exact-length allocation per key: this runs for every event and dimension (issue 11, CPU per event).
    protected static string Join(params ReadOnlySpan<string?> parts)
    {
        var length = parts.Length - 1;
        foreach (var part in parts)
        {
            length += (part ?? NullMarker).Length;
        }

        return string.Create(length, parts, static (span, parts) =>
        {
            var at = 0;
            for (var i = 0; i < parts.Length; i++)
            {
                if (i > 0)
                {
                    span[at++] = Separator;
                }

                var part = parts[i] ?? NullMarker;
                part.CopyTo(span[at..]);
                at += part.Length;
            }
        });
    }

    private sealed class ProductDimension() : Dimension(0, "dim_product", "product_key",
        [new("product_id", DimensionType.Text), new("product_name", DimensionType.Text), new("first_url", DimensionType.Text), new("first_seen_at", DimensionType.Timestamp)])
    {
        public override string? NaturalKey(EnrichedEvent e, PrivacyRules privacy) => e.Event.ProductId;

        public override object?[] Attributes(EnrichedEvent e, PrivacyRules privacy) =>
            [e.Event.ProductId, e.Url.ProductName, e.Url.CleanUrl ?? e.Event.CurrentUrl, e.Event.EventTime.UtcDateTime];
    }

    private sealed class StoreDimension() : Dimension(1, "dim_store", "store_key",
        [new("store_id", DimensionType.Text), new("domain", DimensionType.Text), new("country_code", DimensionType.Text), new("language", DimensionType.Text)])
    {
        public override string? NaturalKey(EnrichedEvent e, PrivacyRules privacy) =>
            e.Event.StoreId is null && e.Store.Domain is null ? null : Join(e.Event.StoreId, e.Store.Domain);

        // The store id text the parser interns and the page host's shared StoreInfo: a batch's events
        // come from a handful of stores, and the key text was joined once per event (issue 22: 13 % of the strings
        // `facet load` allocated).
        public override MemberSource? KeySource(EnrichedEvent e) => new MemberSource(e.Event.StoreId, e.Store);

        public override IEqualityComparer<MemberSource>? KeySourceComparer => MemberSource.ByReference;

        public override object?[] Attributes(EnrichedEvent e, PrivacyRules privacy) =>
            [e.Event.StoreId, e.Store.Domain, e.Store.CountryCode, e.Store.Language];
    }

    private sealed class LocationDimension() : Dimension(2, "dim_location", "location_key",
        [new("country_code", DimensionType.Text), new("country_name", DimensionType.Text), new("region", DimensionType.Text), new("city", DimensionType.Text)])
    {
        public override string? NaturalKey(EnrichedEvent e, PrivacyRules privacy) =>
            e.Location.IsKnown ? Join(e.Location.CountryCode, e.Location.Region, e.Location.City) : null;

        public override MemberSource? KeySource(EnrichedEvent e) => new MemberSource(e.Location);

        public override IEqualityComparer<MemberSource>? KeySourceComparer => MemberSource.ByReference;

        public override object?[] Attributes(EnrichedEvent e, PrivacyRules privacy) =>
            [e.Location.CountryCode, e.Location.CountryName, e.Location.Region, e.Location.City];
    }

    private sealed class UserAgentDimension() : Dimension(3, "dim_user_agent", "user_agent_key",
        [new("browser", DimensionType.Text), new("browser_version", DimensionType.Text), new("os", DimensionType.Text), new("os_version", DimensionType.Text),
         new("device_family", DimensionType.Text), new("device_brand", DimensionType.Text), new("device_model", DimensionType.Text),
         new("device_type", DimensionType.Text), new("is_bot", DimensionType.Boolean)])
    {
        public override string? NaturalKey(EnrichedEvent e, PrivacyRules privacy)
        {
            var ua = e.UserAgent;
            return ua == UserAgentInfo.Unknown
                ? null
                : Join(ua.Browser, ua.BrowserVersion, ua.Os, ua.OsVersion, ua.DeviceFamily, ua.DeviceBrand, ua.DeviceModel, DeviceTypeName(ua.DeviceType), ua.IsBot ? "1" : "0");
        }

        public override MemberSource? KeySource(EnrichedEvent e) => new MemberSource(e.UserAgent);

        public override IEqualityComparer<MemberSource>? KeySourceComparer => MemberSource.ByReference;

        public override object?[] Attributes(EnrichedEvent e, PrivacyRules privacy)
        {
            var ua = e.UserAgent;
            return [ua.Browser, ua.BrowserVersion, ua.Os, ua.OsVersion, ua.DeviceFamily, ua.DeviceBrand, ua.DeviceModel, DeviceTypeName(ua.DeviceType), ua.IsBot];
        }
    }

    private sealed class ReferrerDimension() : Dimension(4, "dim_referrer", "referrer_key",
        [new("host", DimensionType.Text), new("medium", DimensionType.Text)])
    {
        public override string? NaturalKey(EnrichedEvent e, PrivacyRules privacy) =>
            string.IsNullOrEmpty(e.Referrer.Host) ? null : Join(e.Referrer.Host, MediumName(e.Referrer.Medium));

        public override MemberSource? KeySource(EnrichedEvent e) => new MemberSource(e.Referrer);

        // Internal referrers are a fresh `with` copy per event: compare the record's values (host, medium).
        public override IEqualityComparer<MemberSource>? KeySourceComparer => MemberSource.ByValue;

        public override object?[] Attributes(EnrichedEvent e, PrivacyRules privacy) => [e.Referrer.Host, MediumName(e.Referrer.Medium)];
    }

    private sealed class CustomerDimension() : Dimension(5, "dim_customer", "customer_key",
        [new("device_id", DimensionType.Text), new("user_id_db", DimensionType.Text), new("email_hash", DimensionType.Text), new("email", DimensionType.Text)])
    {
        public override string? NaturalKey(EnrichedEvent e, PrivacyRules privacy)
        {
            var s = e.Event;
            return s.DeviceId is null && s.UserIdDb is null && s.EmailAddress is null ? null : Join(s.DeviceId, s.UserIdDb, privacy.HashEmail(s.EmailAddress));
        }

        // Most events carry a device id, some a user id too, and the parser hands out one instance per recent value: those
        // instances then stand for the key, so the batch joins and hashes each customer's key text once, not once per
        // event (issue 22: with a user id the key was joined per event, 10 % of the strings `facet load` allocated). An
        // email is hashed into the key, so an event with one has no key source; one with none of the three is the
        // Unknown member, whose source is (null, null).
        public override MemberSource? KeySource(EnrichedEvent e) =>
            e.Event is { EmailAddress: null } s ? new MemberSource(s.DeviceId, s.UserIdDb) : null;

        public override IEqualityComparer<MemberSource>? KeySourceComparer => MemberSource.ByReference;

        public override object?[] Attributes(EnrichedEvent e, PrivacyRules privacy)
        {
            var s = e.Event;
            return [s.DeviceId, s.UserIdDb, privacy.HashEmail(s.EmailAddress), privacy.ClearTextEmail(s.EmailAddress)];
        }
    }

    public static string DeviceTypeName(DeviceType type) => type switch
    {
        DeviceType.Desktop => "desktop",
        DeviceType.Mobile => "mobile",
        DeviceType.Tablet => "tablet",
        DeviceType.Bot => "bot",
        _ => "other",
    };

    public static string MediumName(ReferrerMedium medium) => medium switch
    {
        ReferrerMedium.Direct => "direct",
        ReferrerMedium.Internal => "internal",
        ReferrerMedium.Search => "search",
        ReferrerMedium.Social => "social",
        ReferrerMedium.Email => "email",
        ReferrerMedium.Other => "other",
        _ => ((int)medium).ToString(CultureInfo.InvariantCulture),
    };
}

internal enum DimensionType
{
    Text,
    Boolean,
    Timestamp,
}

internal readonly record struct DimensionColumn(string Name, DimensionType Type);
