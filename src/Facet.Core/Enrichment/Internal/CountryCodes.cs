using System.Collections.Frozen;

namespace Facet.Core.Enrichment.Internal;

/// <summary>ISO 3166-1 alpha-2 codes (from Debian's iso-codes 4.15) and the main shop language of common store countries.</summary>
internal static class CountryCodes
{
    /// <summary>All 249 officially assigned ISO 3166-1 alpha-2 codes.</summary>
    public static readonly FrozenSet<string> Iso = (
        "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD "
        + "CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF "
        + "GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN "
        + "KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA "
        + "NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI "
        + "SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI "
        + "VN VU WF WS YE YT ZA ZM ZW").Split(' ').ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Country → ISO 639-1 language a shop for that country is written in (the main official one).</summary>
    public static readonly FrozenDictionary<string, string> Language = (
        "AD:ca AE:ar AF:ps AL:sq AM:hy AO:pt AR:es AT:de AU:en AZ:az BA:bs BB:en BD:bn BE:nl BG:bg BH:ar BO:es BR:pt BS:en BW:en "
        + "BY:be BZ:en CA:en CH:de CL:es CN:zh CO:es CR:es CU:es CY:el CZ:cs DE:de DK:da DO:es DZ:ar EC:es EE:et EG:ar ES:es ET:am "
        + "FI:fi FJ:en FR:fr GB:en GE:ka GH:en GR:el GT:es HK:zh HN:es HR:hr HU:hu ID:id IE:en IL:he IN:en IQ:ar IR:fa IS:is IT:it "
        + "JM:en JO:ar JP:ja KE:en KG:ky KH:km KR:ko KW:ar KZ:kk LA:lo LB:ar LI:de LK:si LT:lt LU:fr LV:lv LY:ar MA:ar MC:fr MD:ro "
        + "ME:sr MK:mk MN:mn MO:zh MT:mt MU:en MX:es MY:ms NG:en NI:es NL:nl NO:nb NP:ne NZ:en OM:ar PA:es PE:es PH:en PK:ur PL:pl "
        + "PR:es PT:pt PY:es QA:ar RO:ro RS:sr RU:ru SA:ar SE:sv SG:en SI:sl SK:sk SM:it SN:fr SV:es TH:th TN:ar TR:tr TT:en TW:zh "
        + "TZ:sw UA:uk UG:en US:en UY:es UZ:uz VA:it VE:es VN:vi ZA:en ZM:en ZW:en").Split(' ').ToFrozenDictionary(p => p[..2], p => p[3..], StringComparer.Ordinal);
}
