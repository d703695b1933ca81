using Facet.Core.Enrichment.Internal;
using YamlDotNet.RepresentationModel;

namespace Facet.Core.Enrichment;

/// <summary>
/// A user-agent parser implementing uap-core's docs/specification.md over its regexes.yaml: for each of the
/// user-agent, OS and device lists the first matching regex wins; replacements substitute $1…$9; <c>regex_flag: 'i'</c>
/// means case-insensitive; with no match a family is "Other" and versions, brand and model are null. Adds
/// <see cref="DeviceType"/> and <see cref="UserAgentInfo.IsBot"/>, and keeps results in a bounded cache keyed by the
/// UA string. Regexes are built lazily (on first use) and interpreted unless <see cref="UaRegexCompilation"/> says
/// otherwise: see BENCHMARKS.md for why.
/// Thread-safe.
/// </summary>
public sealed class UserAgentParser
{
    // Crawlers uap-core does not put under device "Spider" but that are not shoppers.
    private static readonly string[] BotTokens =
    [
        "facebookexternalhit", "facebookcatalog", "googlebot", "bingbot", "ahrefsbot", "semrushbot", "headlesschrome",
        "yandexbot", "baiduspider", "duckduckbot", "applebot", "petalbot", "mj12bot", "dotbot", "bytespider", "gptbot",
        "claudebot", "ccbot", "amazonbot", "pinterestbot", "twitterbot", "linkedinbot", "slurp", "chrome-lighthouse",
        "google-inspectiontool", "adsbot-google", "mediapartners-google", "phantomjs", "python-requests", "python-urllib",
        "curl/", "wget/", "go-http-client", "scrapy", "crawler", "spider",
    ];

    private readonly UaRule[] _browsers;
    private readonly UaRule[] _systems;
    private readonly UaRule[] _devices;
    private readonly UaLiteralIndex _literals;
    private readonly BoundedCache<string, UserAgentInfo> _cache;

    // One instance per distinct family, version or model text across the cached results: ~9,000 cached agents of a
    // generated day held 7,500 copies of "iPhone" and thousands of each OS and browser version (issue 22: every full
    // collection marks each). Bounded like the cache; a text it dropped is only made again.
    private readonly BoundedCache<string, string> _texts = new(4096, StringComparer.Ordinal);

    // Adaptive: a rule's regex is compiled after this many interpreted runs (issue 22; 32–256 measured alike within
    // this machine's noise, all far below compiling every rule: BENCHMARKS.md).
    private const int AdaptiveCompileAfter = 128;

    // Skip regexes whose required literals are absent (issue 11); off only to compare against the plain spec order in tests.
    private bool _prefilter = true;

    private UserAgentParser(UaRule[] browsers, UaRule[] systems, UaRule[] devices, int cacheSize)
    {
        _browsers = browsers;
        _systems = systems;
        _devices = devices;
        _literals = new UaLiteralIndex([.. browsers, .. systems, .. devices]);
        _cache = new BoundedCache<string, UserAgentInfo>(Math.Max(1, cacheSize), StringComparer.Ordinal);
    }

    /// <summary>Number of user-agent, OS and device rules loaded.</summary>
    public (int UserAgent, int Os, int Device) RuleCounts => (_browsers.Length, _systems.Length, _devices.Length);

    /// <summary>Parsed UA strings held in the cache (at most twice the cache size).</summary>
    public int CachedCount => _cache.Count;

    /// <summary>Loads uap-core's regexes.yaml. <paramref name="compilation"/> trades start-up time for parse speed.</summary>
    public static UserAgentParser Load(string regexesPath, int cacheSize = 20_000, UaRegexCompilation compilation = UaRegexCompilation.Interpreted)
    {
        string text;
        try
        {
            text = File.ReadAllText(regexesPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new EnrichmentDataException($"Cannot read uap-core regexes '{regexesPath}' ({ex.Message}): run 'dotnet build' to install uap-core, or fix the path.", ex);
        }

        return FromYaml(text, cacheSize, compilation, regexesPath);
    }

    /// <summary>Builds a parser from the text of a regexes.yaml.</summary>
    public static UserAgentParser FromYaml(string yaml, int cacheSize = 20_000, UaRegexCompilation compilation = UaRegexCompilation.Interpreted, string source = "regexes.yaml")
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlDotNet.Core.YamlException ex)
        {
            throw new EnrichmentDataException($"'{source}' is not valid YAML ({ex.Message}): reinstall uap-core with 'dotnet build'.", ex);
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new EnrichmentDataException($"'{source}' has no uap-core parser lists: reinstall uap-core with 'dotnet build'.");
        }

        var compileAfter = compilation switch
        {
            UaRegexCompilation.Eager => 0,
            UaRegexCompilation.Adaptive => AdaptiveCompileAfter,
            _ => int.MaxValue,
        };
        return new UserAgentParser(
            Rules(root, "user_agent_parsers", ["family_replacement", "v1_replacement", "v2_replacement", "v3_replacement"], compileAfter, source),
            Rules(root, "os_parsers", ["os_replacement", "os_v1_replacement", "os_v2_replacement", "os_v3_replacement", "os_v4_replacement"], compileAfter, source),
            Rules(root, "device_parsers", ["device_replacement", "brand_replacement", "model_replacement"], compileAfter, source),
            cacheSize);
    }

    /// <summary>Whether rules are skipped when a literal every match needs is absent from the UA (default on; results are identical).</summary>
    internal bool Prefilter
    {
        get => _prefilter;
        set => _prefilter = value;
    }

    /// <summary>Rules whose regex is compiled (all with <see cref="UaRegexCompilation.Eager"/>, the hot ones with <see cref="UaRegexCompilation.Adaptive"/>).</summary>
    internal int CompiledRuleCount => _browsers.Count(static r => r.IsCompiled) + _systems.Count(static r => r.IsCompiled) + _devices.Count(static r => r.IsCompiled);

    /// <summary>Rules that have a required literal (and so can be skipped cheaply), of all rules.</summary>
    internal (int WithLiteral, int Total) PrefilterCoverage
    {
        get
        {
            var with = 0;
            foreach (var list in new[] { _browsers, _systems, _devices })
            {
                foreach (var rule in list)
                {
                    with += rule.Literals.Count > 0 ? 1 : 0;
                }
            }

            return (with, _browsers.Length + _systems.Length + _devices.Length);
        }
    }

    /// <summary>The prefilter's literal scan of one UA alone (what it costs per uncached parse: bench ua-corpus).</summary>
    internal UaLiteralIndex.Found ScanLiterals(string userAgent) => _literals.Scan(userAgent, System.Text.Ascii.IsValid(userAgent));

    /// <summary>Parses with the cache. Null or empty → <see cref="UserAgentInfo.Unknown"/>.</summary>
    public UserAgentInfo Parse(string? userAgent)
    {
        if (string.IsNullOrEmpty(userAgent))
        {
            return UserAgentInfo.Unknown;
        }

        if (_cache.TryGet(userAgent, out var cached))
        {
            return cached;
        }

        return _cache.GetOrAdd(userAgent, static (ua, self) => self.ParseUncached(ua), this);
    }

    /// <summary>Parses without the cache (the cold cost).</summary>
    public UserAgentInfo ParseUncached(string userAgent)
    {
        ArgumentNullException.ThrowIfNull(userAgent);
        string browser = "Other", os = "Other", device = "Other";
        string? browserMajor = null, browserMinor = null, browserPatch = null;
        string? osMajor = null, osMinor = null, osPatch = null;
        string? brand = null, model = null;
        var found = _prefilter ? _literals.ScanReusing(userAgent, System.Text.Ascii.IsValid(userAgent)) : default;

        if (FirstMatch(_browsers, userAgent, found) is var (rule, match) && rule is not null)
        {
            browser = rule.Value(match!, 0, 1) ?? "Other";
            browserMajor = rule.Value(match!, 1, 2);
            browserMinor = rule.Value(match!, 2, 3);
            browserPatch = rule.Value(match!, 3, 4);
        }

        if (FirstMatch(_systems, userAgent, found) is var (osRule, osMatch) && osRule is not null)
        {
            os = osRule.Value(osMatch!, 0, 1) ?? "Other";
            osMajor = osRule.Value(osMatch!, 1, 2);
            osMinor = osRule.Value(osMatch!, 2, 3);
            osPatch = osRule.Value(osMatch!, 3, 4);
        }

        if (FirstMatch(_devices, userAgent, found) is var (deviceRule, deviceMatch) && deviceRule is not null)
        {
            device = deviceRule.Value(deviceMatch!, 0, 1) ?? "Other";
            brand = deviceRule.Value(deviceMatch!, 1, 0);
            model = deviceRule.Value(deviceMatch!, 2, 1);
        }

        var isBot = device == "Spider" || browser == "HeadlessChrome" || ContainsBotToken(userAgent);
        var type = Classify(userAgent, browser, os, device, isBot);
        browserMajor = Shared(browserMajor);
        osMajor = Shared(osMajor);
        return new UserAgentInfo(Shared(browser)!, Shared(Version(browserMajor, browserMinor, browserPatch)), Shared(os)!,
            Shared(Version(osMajor, osMinor, osPatch)), Shared(device)!, Shared(brand), Shared(model), type, isBot)
        {
            BrowserMajor = browserMajor,
            OsMajor = osMajor,
        };
    }

    private string? Shared(string? text) =>
        text is null ? null : _texts.GetOrAdd(text, static (t, _) => t, 0);

    /// <summary>Desktop, mobile, tablet, bot or other, from the OS and device families and the UA's own tokens.</summary>
    internal static DeviceType Classify(string ua, string browser, string os, string device, bool isBot)
    {
        if (isBot)
        {
            return DeviceType.Bot;
        }

        if (device == "iPad" || os == "iPadOS" || ua.Contains("Tablet", StringComparison.OrdinalIgnoreCase)
            || ua.Contains("Kindle", StringComparison.Ordinal) || ua.Contains("Silk/", StringComparison.Ordinal))
        {
            return DeviceType.Tablet;
        }

        if (device == "Generic Smartphone" || device == "Generic Feature Phone" || browser is "Opera Mini" or "Opera Mobile")
        {
            return DeviceType.Mobile;
        }

        if (device == "Generic Tablet")
        {
            return DeviceType.Tablet;
        }

        if (os is "Android" or "Fire OS" or "HarmonyOS")
        {
            // Google: Android tablets omit "Mobile" from the UA; phones send it.
            return ua.Contains("Mobile", StringComparison.Ordinal) ? DeviceType.Mobile : DeviceType.Tablet;
        }

        if (os is "iOS" or "Windows Phone" or "KaiOS" or "BlackBerry OS" or "Symbian OS" or "Firefox OS" or "Tizen" or "Sailfish"
            || device is "iPhone" or "iPod" or "iPod touch" || ua.Contains("Mobi", StringComparison.Ordinal))
        {
            return DeviceType.Mobile;
        }

        if (os.StartsWith("Windows", StringComparison.Ordinal) || os is "Mac OS X" or "macOS" or "Linux" or "Ubuntu" or "Chrome OS"
            or "ChromeOS" or "Fedora" or "Debian" or "FreeBSD" or "OpenBSD" or "NetBSD" or "Mandriva" or "Red Hat" or "SUSE"
            or "Gentoo" or "Slackware" or "Kubuntu" or "Linux Mint" or "Arch Linux" or "CentOS")
        {
            return DeviceType.Desktop;
        }

        return DeviceType.Other;
    }

    private static bool ContainsBotToken(string ua)
    {
        foreach (var token in BotTokens)
        {
            if (ua.Contains(token, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private (UaRule? Rule, System.Text.RegularExpressions.Match? Match) FirstMatch(UaRule[] rules, string ua, UaLiteralIndex.Found found)
    {
        foreach (var rule in rules)
        {
            if (found.Ordinal is not null && rule.CannotMatch(found))
            {
                continue;
            }

            if (rule.TryMatch(ua) is { } match)
            {
                return (rule, match);
            }
        }

        return (null, null);
    }

    private static string? Version(string? major, string? minor, string? patch) =>
        major is null ? null : minor is null ? major : patch is null ? $"{major}.{minor}" : $"{major}.{minor}.{patch}";

    private static UaRule[] Rules(YamlMappingNode root, string list, string[] replacementKeys, int compileAfter, string source)
    {
        if (!root.Children.TryGetValue(new YamlScalarNode(list), out var node) || node is not YamlSequenceNode sequence)
        {
            throw new EnrichmentDataException($"'{source}' lacks the '{list}' list: reinstall uap-core with 'dotnet build'.");
        }

        var rules = new UaRule[sequence.Children.Count];
        for (var i = 0; i < rules.Length; i++)
        {
            var entry = (YamlMappingNode)sequence.Children[i];
            string? Get(string key) => entry.Children.TryGetValue(new YamlScalarNode(key), out var v) && v is YamlScalarNode s ? s.Value : null;
            var pattern = Get("regex") ?? throw new EnrichmentDataException($"'{source}': entry {i} of {list} has no regex: reinstall uap-core.");
            var replacements = new string?[replacementKeys.Length];
            for (var k = 0; k < replacementKeys.Length; k++)
            {
                replacements[k] = Get(replacementKeys[k]);
            }

            rules[i] = new UaRule(pattern, Get("regex_flag") == "i", compileAfter, replacements);
        }

        return rules;
    }
}
