using System.Globalization;
using System.Text;

namespace Facet.Simulation.Generation;

public sealed partial class EventGenerator
{
    /// <summary>
    /// A shopper's (or crawler's) visit: one device_id with the same user agent, IP and resolution throughout, one
    /// store, an external referrer for its first page, and the page it is on.
    /// </summary>
    private sealed class Session
    {
        public int Store;
        public bool IsBot;
        public string IpCountry = "";
        public byte[] Ip = [];
        public byte[] UserAgent = [];
        public byte[] Resolution = [];
        public readonly byte[] DeviceId = new byte[36];
        public byte[] UserIdDb = [];
        public byte[] Email = [];
        public bool EmailAlias;
        public int Utm = -1;
        public byte[] ExternalReferrer = [];
        public int Product = -1;
        public int Remaining;
        public int Events;
        public ulong Seed;
        public readonly byte[] PageUrl = new byte[MaxUrlBytes];
        public int PageUrlLength;
        public readonly byte[] PageReferrer = new byte[MaxUrlBytes];
        public int PageReferrerLength;

        public void SetPage(ReadOnlySpan<byte> url, ReadOnlySpan<byte> referrer)
        {
            url.CopyTo(PageUrl);
            PageUrlLength = url.Length;
            referrer.CopyTo(PageReferrer);
            PageReferrerLength = referrer.Length;
        }
    }

    private Session NextSession(bool isBot)
    {
        var pool = isBot ? _crawlers : _shoppers;
        var slot = _random.Next(pool.Length);
        var session = pool[slot];
        if (session is null || session.Remaining <= 0)
        {
            pool[slot] = session = isBot ? NewCrawler() : NewShopper();
        }

        return session;
    }

    private Session NewShopper()
    {
        var session = new Session { Store = _storeChoice.Next(_random), Seed = _random.NextUInt64() };
        var store = _stores[session.Store];
        var abroad = _random.Chance(_options.Abroad) || !_networks.Has(store.CountryCode);
        var country = store.CountryCode;
        if (abroad)
        {
            country = _abroadCountries[_abroadChoice.Next(_random)];
            if (country == store.CountryCode)
            {
                country = _abroadCountries[(Array.IndexOf(_abroadCountries, country) + 1) % _abroadCountries.Length];
            }
        }

        session.IpCountry = country;
        session.Ip = Ip(country);
        var (agent, resolution, _) = _userAgents.NextShopper(_random);
        session.UserAgent = Encoding.UTF8.GetBytes(agent);
        session.Resolution = Encoding.ASCII.GetBytes(resolution);
        NewUuid(session.DeviceId);
        if (_random.Chance(0.08))
        {
            session.UserIdDb = Encoding.ASCII.GetBytes(_random.Next(100_000, 9_999_999).ToString(CultureInfo.InvariantCulture));
        }

        if (_random.Chance(0.03))
        {
            session.Email = Encoding.UTF8.GetBytes(_faker.Internet.Email().ToLowerInvariant());
        }

        session.EmailAlias = _random.Chance(0.01);
        if (_random.Chance(0.15))
        {
            session.Utm = _utmChoice.Next(_random);
        }

        var referrer = ExternalReferrers[_referrerChoice.Next(_random)].Url;
        if (referrer == "{google}")
        {
            // Shoppers search on their country's Google: glamira.co.uk ← www.google.co.uk.
            var tld = store.Domain["glamira.".Length..];
            referrer = $"https://www.google.{(tld == "com" ? "com" : tld)}/";
        }

        session.ExternalReferrer = Encoding.ASCII.GetBytes(referrer);
        // Visit lengths are geometric with mean MeanSessionEvents.
        session.Remaining = 1 + (int)Math.Min(500, -Math.Log(1 - _random.NextDouble()) * (MeanSessionEvents - 1));
        return session;
    }

    private Session NewCrawler()
    {
        var (agent, country) = _userAgents.NextCrawler(_random);
        if (!_networks.Has(country))
        {
            country = _abroadCountries[0];
        }

        var session = new Session
        {
            Store = _storeChoice.Next(_random),
            IsBot = true,
            Seed = _random.NextUInt64(),
            IpCountry = country,
            Ip = Ip(country),
            UserAgent = Encoding.UTF8.GetBytes(agent),
            Resolution = _random.Chance(0.5) ? [] : "1024x1024"u8.ToArray(),
            Remaining = 20 + _random.Next(200),
        };
        NewUuid(session.DeviceId);
        return session;
    }

    private byte[] Ip(string country)
    {
        var address = _networks.PickAddress(country, _random);
        return Encoding.ASCII.GetBytes($"{address >> 24}.{(address >> 16) & 0xFF}.{(address >> 8) & 0xFF}.{address & 0xFF}");
    }
}
