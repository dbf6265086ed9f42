"""Country and patent-office codes from the ways exports name a country.

Pure functions, no I/O. Exports write a country (受理局, applicant nationality, priority
country) as an ISO code (``CN``, ``cn``, ``CHN``), an English name (``Korea, Republic of``,
``U.S.A.``) or a Chinese name (``中国大陆``, ``欧洲专利局``); :func:`country_code` turns
all of them into the two-letter code patent offices use (WIPO ST.3 = ISO 3166 alpha-2,
plus the regional offices).
"""
from __future__ import annotations

import re
import unicodedata

# ISO 3166-1: alpha-2 and alpha-3 in pairs. Both forms appear in exports (Lens and
# PatentsView write alpha-2; some CRM-style sheets and PatSnap's English UI alpha-3).
_ISO = """
AD AND AE ARE AF AFG AG ATG AI AIA AL ALB AM ARM AO AGO AQ ATA AR ARG AS ASM AT AUT AU AUS
AW ABW AX ALA AZ AZE BA BIH BB BRB BD BGD BE BEL BF BFA BG BGR BH BHR BI BDI BJ BEN BL BLM
BM BMU BN BRN BO BOL BQ BES BR BRA BS BHS BT BTN BV BVT BW BWA BY BLR BZ BLZ CA CAN CC CCK
CD COD CF CAF CG COG CH CHE CI CIV CK COK CL CHL CM CMR CN CHN CO COL CR CRI CU CUB CV CPV
CW CUW CX CXR CY CYP CZ CZE DE DEU DJ DJI DK DNK DM DMA DO DOM DZ DZA EC ECU EE EST EG EGY
EH ESH ER ERI ES ESP ET ETH FI FIN FJ FJI FK FLK FM FSM FO FRO FR FRA GA GAB GB GBR GD GRD
GE GEO GF GUF GG GGY GH GHA GI GIB GL GRL GM GMB GN GIN GP GLP GQ GNQ GR GRC GS SGS GT GTM
GU GUM GW GNB GY GUY HK HKG HM HMD HN HND HR HRV HT HTI HU HUN ID IDN IE IRL IL ISR IM IMN
IN IND IO IOT IQ IRQ IR IRN IS ISL IT ITA JE JEY JM JAM JO JOR JP JPN KE KEN KG KGZ KH KHM
KI KIR KM COM KN KNA KP PRK KR KOR KW KWT KY CYM KZ KAZ LA LAO LB LBN LC LCA LI LIE LK LKA
LR LBR LS LSO LT LTU LU LUX LV LVA LY LBY MA MAR MC MCO MD MDA ME MNE MF MAF MG MDG MH MHL
MK MKD ML MLI MM MMR MN MNG MO MAC MP MNP MQ MTQ MR MRT MS MSR MT MLT MU MUS MV MDV MW MWI
MX MEX MY MYS MZ MOZ NA NAM NC NCL NE NER NF NFK NG NGA NI NIC NL NLD NO NOR NP NPL NR NRU
NU NIU NZ NZL OM OMN PA PAN PE PER PF PYF PG PNG PH PHL PK PAK PL POL PM SPM PN PCN PR PRI
PS PSE PT PRT PW PLW PY PRY QA QAT RE REU RO ROU RS SRB RU RUS RW RWA SA SAU SB SLB SC SYC
SD SDN SE SWE SG SGP SH SHN SI SVN SJ SJM SK SVK SL SLE SM SMR SN SEN SO SOM SR SUR SS SSD
ST STP SV SLV SX SXM SY SYR SZ SWZ TC TCA TD TCD TF ATF TG TGO TH THA TJ TJK TK TKL TL TLS
TM TKM TN TUN TO TON TR TUR TT TTO TV TUV TW TWN TZ TZA UA UKR UG UGA UM UMI US USA UY URY
UZ UZB VA VAT VC VCT VE VEN VG VGB VI VIR VN VNM VU VUT WF WLF WS WSM YE YEM YT MYT ZA ZAF
ZM ZMB ZW ZWE
""".split()
_ALPHA2 = set(_ISO[0::2])
_ALPHA3 = dict(zip(_ISO[1::2], _ISO[0::2]))

#: Regional offices (WIPO ST.3) and the former states DOCDB still publishes under
#: (East Germany, the Soviet Union, Czechoslovakia, Yugoslavia).
OFFICES = {"EP", "WO", "EA", "AP", "OA", "GC", "DD", "SU", "CS", "YU"}

# Names by code, "|"-separated, in the normalised form _key() gives (lower case, no dots
# or apostrophes, other punctuation as spaces). The top patenting countries and offices
# with the variants exports write; an unknown name gives None rather than a guess.
_ENGLISH = {
    "CN": "china|peoples republic of china|pr china|p r china|prc|mainland china|china mainland",
    "US": "united states|united states of america|us of america|u s|america",
    "JP": "japan",
    "KR": "korea|south korea|republic of korea|korea republic of|korea south|korea rep",
    "KP": "north korea|democratic peoples republic of korea|korea democratic peoples republic of|dprk",
    "DE": "germany|federal republic of germany|deutschland",
    "FR": "france", "GB": "united kingdom|great britain|britain|england|uk|u k",
    "CH": "switzerland", "NL": "netherlands|holland", "SE": "sweden",
    "IT": "italy", "CA": "canada", "AU": "australia", "IL": "israel", "IN": "india",
    "SG": "singapore", "TW": "taiwan|taiwan province of china|chinese taipei|taiwan roc",
    "HK": "hong kong|hong kong sar|hong kong china|hongkong", "MO": "macao|macau|macao sar",
    "RU": "russia|russian federation", "ES": "spain", "AT": "austria", "BE": "belgium",
    "DK": "denmark", "FI": "finland", "NO": "norway", "IE": "ireland", "LU": "luxembourg",
    "PL": "poland", "CZ": "czech republic|czechia", "HU": "hungary", "PT": "portugal",
    "GR": "greece", "TR": "turkey|turkiye|türkiye", "BR": "brazil", "MX": "mexico",
    "AR": "argentina", "CL": "chile", "CO": "colombia", "ZA": "south africa",
    "NZ": "new zealand", "MY": "malaysia", "TH": "thailand", "VN": "vietnam|viet nam",
    "ID": "indonesia", "PH": "philippines", "SA": "saudi arabia",
    "AE": "united arab emirates|uae", "EG": "egypt", "UA": "ukraine", "KZ": "kazakhstan",
    "RO": "romania", "SK": "slovakia", "SI": "slovenia", "HR": "croatia", "RS": "serbia",
    "BG": "bulgaria", "LT": "lithuania", "LV": "latvia", "EE": "estonia", "IS": "iceland",
    "CY": "cyprus", "MT": "malta", "MC": "monaco", "LI": "liechtenstein", "PE": "peru",
    "IR": "iran|islamic republic of iran|iran islamic republic of", "PK": "pakistan",
    "QA": "qatar", "KW": "kuwait", "MA": "morocco", "NG": "nigeria", "BY": "belarus",
    "KY": "cayman islands", "VG": "british virgin islands|virgin islands british|bvi",
    "BM": "bermuda", "MN": "mongolia",
    "EP": "european patent office|epo|european patent organisation|european patent organization|europe",
    "WO": "wipo|world intellectual property organization|world intellectual property organisation|pct"
          "|international bureau",
    "EA": "eurasian patent organization|eurasian patent office|eapo",
    "AP": "aripo|african regional intellectual property organization",
    "OA": "oapi|african intellectual property organization",
    "GC": "gcc|gulf cooperation council|gcc patent office",
}
_CHINESE = {
    "CN": "中国|中华人民共和国|中国大陆|中国内地|大陆|内地|国家知识产权局|中国国家知识产权局",
    "US": "美国|美利坚合众国", "JP": "日本", "KR": "韩国|大韩民国|南韩", "KP": "朝鲜",
    "DE": "德国", "FR": "法国", "GB": "英国", "CH": "瑞士", "NL": "荷兰", "SE": "瑞典",
    "IT": "意大利", "CA": "加拿大", "AU": "澳大利亚|澳洲", "IL": "以色列", "IN": "印度",
    "SG": "新加坡", "TW": "中国台湾|台湾|台湾省|中国台湾省|台湾地区|中国台湾地区", "HK": "中国香港|香港|香港特别行政区|中国香港特别行政区",
    "MO": "中国澳门|澳门|澳门特别行政区", "RU": "俄罗斯|俄罗斯联邦", "ES": "西班牙",
    "AT": "奥地利", "BE": "比利时", "DK": "丹麦", "FI": "芬兰", "NO": "挪威", "IE": "爱尔兰",
    "LU": "卢森堡", "PL": "波兰", "CZ": "捷克", "HU": "匈牙利", "PT": "葡萄牙", "GR": "希腊",
    "TR": "土耳其", "BR": "巴西", "MX": "墨西哥", "AR": "阿根廷", "CL": "智利",
    "CO": "哥伦比亚", "ZA": "南非", "NZ": "新西兰", "MY": "马来西亚", "TH": "泰国",
    "VN": "越南", "ID": "印度尼西亚|印尼", "PH": "菲律宾", "SA": "沙特阿拉伯|沙特",
    "AE": "阿联酋|阿拉伯联合酋长国", "EG": "埃及", "UA": "乌克兰", "KZ": "哈萨克斯坦",
    "RO": "罗马尼亚", "SK": "斯洛伐克", "SI": "斯洛文尼亚", "HR": "克罗地亚", "RS": "塞尔维亚",
    "BG": "保加利亚", "LT": "立陶宛", "LV": "拉脱维亚", "EE": "爱沙尼亚", "IS": "冰岛",
    "CY": "塞浦路斯", "MT": "马耳他", "MC": "摩纳哥", "LI": "列支敦士登", "PE": "秘鲁",
    "IR": "伊朗", "PK": "巴基斯坦", "QA": "卡塔尔", "KW": "科威特", "MA": "摩洛哥",
    "NG": "尼日利亚", "BY": "白俄罗斯", "KY": "开曼群岛|开曼", "VG": "英属维尔京群岛|英属维京群岛",
    "BM": "百慕大", "MN": "蒙古",
    "EP": "欧洲专利局|欧洲|欧专局|欧洲专利组织|欧洲专利",
    "WO": "世界知识产权组织|世界知识产权组织国际局|国际局|世界专利|世界",
    "EA": "欧亚专利组织|欧亚专利局|欧亚", "AP": "非洲地区知识产权组织", "OA": "非洲知识产权组织",
    "GC": "海湾阿拉伯国家合作委员会专利局|海湾阿拉伯国家合作委员会|海合会",
}


def _key(text: str) -> str:
    """Lower case, dots and apostrophes dropped ("U.S.A." -> "usa"), other punctuation a space."""
    text = re.sub(r"[.'’`]", "", text.casefold())
    text = " ".join(re.sub(r"[\W_]+", " ", text).split())
    return text[4:] if text.startswith("the ") else text


_NAMES = {
    _key(name): code
    for table in (_ENGLISH, _CHINESE)
    for code, names in table.items()
    for name in names.split("|")
}
_UK = {"uk": "GB"}  # ISO reserves UK for GB; exports write it
_LONGEST_NAME = max(map(len, _NAMES))
# "中国(CN)", "Japan [JP]", "CN-中国": a name and a code together.
_PART_RE = re.compile(r"[\s()（）\[\]【】/\-,;:：]+")


def _lookup(key: str) -> str | None:
    code = key.upper()
    if len(key) == 2 and key.isascii():
        return code if code in _ALPHA2 or code in OFFICES else _UK.get(key)
    if len(key) == 3 and key.isascii() and code in _ALPHA3:
        return _ALPHA3[code]
    return _NAMES.get(key)


def country_code(raw) -> str | None:
    """The two-letter office/country code of ``raw``, or None when it is not recognised.

    Accepts ISO 3166 alpha-2 (``cn``, ``CN``) and alpha-3 (``CHN``, ``USA``) codes, the
    regional offices (``EP``, ``WO``, ``EA``, ``AP``, ``OA``, ``GC``), English names
    (``United States``, ``U.S.A.``, ``Korea, Republic of``, ``Taiwan``) and Chinese
    names (``中国``, ``中国大陆``, ``美国``, ``中国台湾``, ``欧洲专利局``, ``世界知识产权组织``).
    A name with its code (``中国(CN)``, ``CN-中国``) gives the code when both parts agree or
    only one is recognised. ``UK`` gives ``GB``. Names of Chinese provinces are not
    countries and give None.
    """
    if not isinstance(raw, str):
        return None
    text = unicodedata.normalize("NFKC", raw[: 4 * _LONGEST_NAME]).strip()
    if not text or len(text) > 2 * _LONGEST_NAME:
        return None
    code = _lookup(_key(text))
    if code is not None:
        return code
    parts = [p for p in _PART_RE.split(text) if p]
    if not 1 < len(parts) <= 3:
        return None
    # Only a code or a whole name counts, else "Papua New Guinea" would read as Guinea.
    found = {c for c in (_lookup(_key(p)) for p in parts if _whole(p)) if c}
    return found.pop() if len(found) == 1 else None


def _whole(part: str) -> bool:
    """A part that can stand for the country alone: an upper-case code or a CJK name."""
    return (part.isascii() and part.isupper() and len(part) in (2, 3)) or not part.isascii()
