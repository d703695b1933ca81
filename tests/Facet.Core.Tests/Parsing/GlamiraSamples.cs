using System.Text;
using Facet.Core.Events;
using Facet.Core.Parsing;

namespace Facet.Core.Tests.Parsing;

/// <summary>Realistic Glamira-style event lines (hand-written after the shop's log format) and a parser with a fixed clock.</summary>
internal static class GlamiraSamples
{
    /// <summary>"Now" for every test parser: 2020-06-05T00:00:00Z, a day after the samples.</summary>
    public static readonly DateTimeOffset Now = new(2020, 6, 5, 0, 0, 0, TimeSpan.Zero);

    public static readonly SourcePosition Position = SourcePosition.Kafka("product_view", 3, 4242);

    /// <summary>view_product_detail at 1591266092 = 2020-06-04T10:21:32Z (local_time is the same instant at UTC+7).</summary>
    public const string ViewProductDetail = """
        {"_id":"5ed8cb2bc671fc36b74653ad","time_stamp":1591266092,"ip":"37.170.17.183","user_agent":"Mozilla/5.0 (iPhone; CPU iPhone OS 13_4_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/13.1 Mobile/15E148 Safari/604.1","resolution":"375x667","user_id_db":"","device_id":"c8a5ec8e-1f0b-4c2c-9a0a-3e4e6a3c2f11","api_version":"1.0","store_id":"12","local_time":"2020-06-04 17:21:32","show_recommendation":"false","current_url":"https://www.glamira.fr/glamira-anillo-saphira-skug100335.html?alloy=white-375&diamond=sapphire","referrer_url":"https://www.google.com/","email_address":"","recommendation":false,"utm_source":false,"utm_medium":false,"collection":"view_product_detail","product_id":"110474","option":[{"option_label":"alloy","option_id":"332084","value_label":"","value_id":"3279318"},{"option_label":"diamond","option_id":"","value_label":"","value_id":""}],"id":"aea4b823-c5c6-485e-8b3b-6182a7c4ecce"}
        """;

    public const string Checkout = """
        {"_id":"5ed8d11ac671fc36b7469a3f","time_stamp":"1591267610","ip":"2a01:cb00:8a1:4e00:d9b1:7c3a:1a4e:5f21","user_agent":"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/83.0.4103.61 Safari/537.36","resolution":"1920x1080","user_id_db":"502567","device_id":"0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d","api_version":"1.0","store_id":"6","local_time":"2020-06-04 17:46:50","show_recommendation":"true; NEXTSMARTY_DEVICE_ID=9c5c7a35-f1e4-4a7c-9c49-5e7ad2b9a1c0","current_url":"https://www.glamira.de/checkout/onepage/","referrer_url":"https://www.glamira.de/checkout/cart/","email":"kunde@example.de","recommendation":true,"utm_source":"google","utm_medium":"cpc","collection":"checkout","order_id":"","is_paypal":"1","cart_products":[{"product_id":96672,"amount":1,"price":"1.234,56","currency":"€","option":[{"option_label":"alloy","option_id":"328026","value_label":"Yellow 585","value_id":"3277406","quality":"585"}]},{"product_id":"87124","amount":2,"price":"22 688,00","currency":"€","option":""}],"price":"915,00","currency":"€","id":"3f5e9a07-1b2c-4d3e-8f4a-5b6c7d8e9f01"}
        """;

    public static EventParser Parser(ParserOptions? options = null) => new(options ?? new ParserOptions { Clock = new FixedClock(Now) });

    public static ParseResult Parse(string json, ParserOptions? options = null) => Parser(options).Parse(Encoding.UTF8.GetBytes(json), Position);

    public static ShopEvent Accept(string json, ParserOptions? options = null) => Accept(Parser(options), json);

    /// <summary>Accepts <paramref name="json"/> with a given parser: what its tables of recent texts share across events.</summary>
    public static ShopEvent Accept(EventParser parser, string json)
    {
        var result = parser.Parse(Encoding.UTF8.GetBytes(json), Position);
        Assert.True(result.IsAccepted, result.ToString());
        return result.Event;
    }

    public static Rejection Reject(string json, string code, ParserOptions? options = null)
    {
        var result = Parse(json, options);
        Assert.False(result.IsAccepted, $"expected {code}, but the event was accepted");
        Assert.Equal(code, result.Rejection.Code);
        Assert.Null(result.Event);
        return result.Rejection;
    }

    /// <summary>
    /// A minimal valid event (id, time_stamp, collection) with <paramref name="members"/> ("\"name\":value") added or
    /// replacing the base member of the same name; "-name" removes a base member.
    /// </summary>
    public static string Event(params string[] members)
    {
        var parts = new List<(string Name, string Text)>
        {
            ("id", "\"id\":\"aea4b823-c5c6-485e-8b3b-6182a7c4ecce\""),
            ("time_stamp", "\"time_stamp\":1591266092"),
            ("collection", "\"collection\":\"view_product_detail\""),
        };
        foreach (var member in members)
        {
            if (member.StartsWith('-'))
            {
                parts.RemoveAll(p => p.Name == member[1..]);
                continue;
            }

            var name = member[1..member.IndexOf('"', 1)];
            var at = parts.FindIndex(p => p.Name == name);
            if (at >= 0)
            {
                parts[at] = (name, member);
            }
            else
            {
                parts.Add((name, member));
            }
        }

        return "{" + string.Join(",", parts.Select(p => p.Text)) + "}";
    }
}
