"""The fuzzer's cases: real export rows, written back as a small file and damaged.

Used by ``bench/fuzz.py``, which runs the cases. A case is made from its seed and index
alone, so ``bench/fuzz.py --seed S --case I`` rebuilds exactly the file that failed.
Templates are read at run time from the corpora and ``tests/fixtures``; no corpus text is
kept in the repository.
"""
from __future__ import annotations

import csv
import io
import json
import os
import random
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
csv.field_size_limit(1 << 30)


def corpora_dir() -> Path:
    return Path(os.environ.get("LANDSCAPE_CORPORA") or ROOT.parent / "shared" / "corpora")


# --------------------------------------------------------------------------- templates


@dataclass
class Template:
    """Rows of one real export and how to write them back: the material a case damages."""

    name: str
    kind: str  # table | jsonl | lines | patentsview
    header: list = field(default_factory=list)
    rows: list = field(default_factory=list)  # lists of cells, dicts (jsonl) or lines
    delimiter: str = ","
    encoding: str = "utf-8"
    quote_all: bool = False
    preamble: str = ""  # title lines above the header
    suffix: str = ".csv"
    folder: str = ""  # lines: the class folder and year file
    tables: dict = field(default_factory=dict)  # patentsview: kind -> (header, {patent_id: [rows]})

    def columns(self, *words) -> list:
        keys = [h.lower() for h in self.header]
        return [i for i, k in enumerate(keys) if any(w in k for w in words)]


def _read_table(path: Path, encoding="utf-8", delimiter=",", max_rows=None, skip=0):
    with open(path, encoding=encoding, newline="") as f:
        for _ in range(skip):
            f.readline()
        rows = list(csv.reader(f, delimiter=delimiter))
    return rows[0], rows[1:max_rows and max_rows + 1]


def load_templates(corpora: Path) -> list[Template]:
    """Every export the fuzzer draws rows from; corpora files missing here are skipped."""
    out: list[Template] = []

    def table(name, path, **kw):
        if not path.exists():
            return
        enc, delim = kw.pop("encoding", "utf-8"), kw.pop("delimiter", ",")
        skip = kw.pop("skip", 0)
        header, rows = _read_table(path, "utf-8-sig" if enc == "utf-8-sig" else enc, delim,
                                   kw.pop("max_rows", 3000), skip)
        preamble = ""
        if skip:  # title lines above the header (incoPat), written back as they were
            with open(path, encoding="utf-8-sig") as f:
                preamble = "".join(f.readline() for _ in range(skip))
        out.append(Template(name, "table", header, rows, delimiter=delim, encoding=enc,
                            preamble=preamble, suffix=path.suffix, **kw))

    raw = corpora / "raw"
    table("lens-robotics", raw / "lens-physical-ai-robotics/pai.csv")
    table("cnki-bom", raw / "cnki-sysu-cn-export/Patent.csv", encoding="utf-8-sig")
    for f in sorted((raw / "gpatents-landscapes-teamlab").glob("*.csv")):
        table(f"bigquery-{f.stem}", f, max_rows=800)
    jsonl = raw / "uspto-random-sample-pygrams/USPTO-random-10000_pub2005-2015.jsonl"
    if jsonl.exists():
        with open(jsonl, encoding="utf-8") as f:
            rows = [json.loads(line) for _, line in zip(range(3000), f)]
        out.append(Template("uspto-jsonl", "jsonl", rows=rows, suffix=".jsonl"))
    lines_dir = raw / "gpatents-waste-heat-multilingual/Abstract"
    for cls in sorted(lines_dir.glob("Class*"))[:4]:
        for f in sorted(cls.glob("Date*.txt"))[-2:]:
            text = f.read_text(encoding="utf-8")
            out.append(Template(f"lines-{cls.name}-{f.stem}", "lines", rows=text.split("\n")[:2000],
                                folder=f"{cls.name}/{f.name}", suffix=".txt"))
    pv = raw / "patentsview-nvidia-portfolio"
    if (pv / "nvidia_patent.csv").exists():
        out.append(_patentsview("patentsview-nvidia", pv, ","))

    out += fixture_templates(FIXTURES)
    return out


def _fixture_table(path: Path) -> Template | None:
    """A hand-written CSV/TSV fixture as a template: its encoding, separator and title lines."""
    data = path.read_bytes()
    encoding = "utf-8-sig" if data.startswith(b"\xef\xbb\xbf") else "utf-8"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        encoding, text = "gb18030", data.decode("gb18030", errors="replace")
    lines = text.splitlines()
    if len(lines) < 2:
        return None
    delimiter = max("\t,;|", key=lambda d: lines[min(1, len(lines) - 1)].count(d))
    # Title lines above the header have fewer separators than the header has.
    width = max(line.count(delimiter) for line in lines[:8])
    skip = next((i for i, line in enumerate(lines) if line.count(delimiter) >= max(1, width // 2)), 0)
    rows = list(csv.reader(io.StringIO("\n".join(lines[skip:])), delimiter=delimiter))
    name = "fixture-" + str(path.relative_to(FIXTURES).with_suffix("")).replace("/", "-")
    return Template(name, "table", rows[0], rows[1:], delimiter=delimiter, encoding=encoding,
                    preamble="".join(line + "\n" for line in lines[:skip]), suffix=path.suffix)


def fixture_templates(root: Path) -> list[Template]:
    """Every hand-written fixture under tests/fixtures: tables, JSON Lines, line files, PatentsView."""
    out: list[Template] = []
    for path in sorted(root.rglob("*")):
        if path.is_dir():
            if any(p.name.startswith("g_patent.") for p in path.iterdir()):
                out.append(_patentsview("fixture-" + path.name, path, "\t"))
            continue
        if path.parent.name.startswith("Class"):
            out.append(Template("fixture-lines", "lines", rows=path.read_text(encoding="utf-8").split("\n"),
                                folder=f"{path.parent.name}/{path.name}", suffix=".txt"))
        elif path.suffix in (".jsonl", ".ndjson"):
            with open(path, encoding="utf-8") as f:
                rows = [json.loads(line) for line in f if line.strip()]
            out.append(Template("fixture-" + path.stem, "jsonl", rows=rows, suffix=path.suffix))
        elif path.suffix in (".csv", ".tsv") and not (path.parent / "g_patent.tsv").exists():
            t = _fixture_table(path)
            if t is not None and t.rows:
                out.append(t)
    return out


def _patentsview(name: str, folder: Path, delimiter: str) -> Template:
    tables = {}
    files = sorted(p for p in folder.iterdir() if p.suffix in (".csv", ".tsv") and "inventor" not in p.name)
    for path in files:
        header, rows = _read_table(path, delimiter=delimiter, max_rows=40000)
        by_id = defaultdict(list)
        for r in rows:
            by_id[r[0]].append(r)
        tables[path.name] = (header, dict(by_id))
    patent = next(k for k in tables if k.endswith(("_patent.csv", "_patent.tsv")))
    ids = list(tables[patent][1])[:3000]
    return Template(name, "patentsview", rows=ids, delimiter=delimiter, quote_all=delimiter == "\t",
                    suffix=Path(patent).suffix, tables=tables)


# --------------------------------------------------------------------------- row-level damage

_WEIRD = ("\u0301\u0308", "\u202e", "\u2028", "\ufeff", "\x0b", "\x1c", "😀", "𠀋", "Ａ６３Ｈ",
          "\u00a0", "\ud7ff", "\U0010ffff", "\\", "\"", "'", "[", "{", "\r", "\t", ",", ";;")
_ODD_IDS = ("US1234X5678", "US 2015DN03871", "US1234X5678B2", "IN2015DN03871A", "X", "12", "US-",
            "US 2025/0100135 A1 extra", "ＵＳ１２３４５６７", "CN" + "1" * 40 + "A", "US--", "D",
            "US 06836996-2005", "RE", "USRE", "US0000000", "US" + "0" * 30, "WO 2025/", "KR-20100006652-",
            "US 1-2-3-4-5-6-7-8", "EP" + "1A" * 30, "00000000", "US12345678" * 6)


def _huge(rng: random.Random) -> str:
    size = rng.randint(1, 8) << 20
    unit = rng.choice(["robot arm gripper ", "一种积木玩具，", "x", "A63H33/00;", "CO ", "'a', "])
    return (unit * (size // len(unit) + 1))[:size]


def _deep(rng: random.Random) -> str:
    n = rng.choice([50, 500, 3000, 20000])
    return rng.choice([
        "[" + "-" * n + "1]",
        "[" * n + "]" * n,
        "[" * n + "1" + "]" * n,
        "[" + "{'text': [" * n + "]}" * n + "]",
        "[" + "(" * n + ")" * n + "]",
        "[" + "~" * n + "1]",
        "[" + "not " * n + "1]",
        "[" * n,
    ])


def _big_literal(rng: random.Random) -> str:
    n = rng.choice([20000, 200000])
    item = rng.choice(["'A63H33/04'", "{'text': 'a toy', 'language': 'en'}", "1.5e300", "None"])
    return "[" + ", ".join([item] * n) + "]"


def _repeat(rng: random.Random) -> str:
    return rng.choice([
        "CO " * 2000, "CO., LTD. " * 1000, "有限公司" * 500, "S A " * 1500, "KABUSHIKI KAISHA " * 800,
        "A63H33/00" + " " * rng.choice([300, 3000]) + "!", "A63H 33/00 (" + " " * 3000 + "x",
        ";".join(["A63H33/00"] * 5000), ";;" * 50000, "A" * 20000, "US" + "1" * 200 + "X" * 5000,
        "2024-" + "0" * 5000 + "1-01", "B" + " " * 5000 + "1",
    ])


def _cell(rng: random.Random, kind: str) -> object:
    if kind == "odd-id":
        return rng.choice(_ODD_IDS)
    if kind == "long-number":
        return rng.choice(["9", "1", "0"]) * 20000
    if kind == "huge-cell":
        return _huge(rng)
    if kind == "deep-list":
        return _deep(rng)
    if kind == "big-literal":
        return _big_literal(rng)
    if kind == "repeat-tokens":
        return _repeat(rng)
    if kind == "bad-date":
        return rng.choice(["soon", "2024-13-45", "0", "99999999", "1e308", "nan", "-1", "2024/02/30",
                           "００００年", "1799-01-01", "20240230", "44000.5", "inf", "1" * 300])
    if kind == "unicode":
        return "".join(rng.choice(_WEIRD) for _ in range(rng.randint(1, 12)))
    return ""  # blank


_ROW_KINDS = ["odd-id", "long-number", "deep-list", "repeat-tokens", "bad-date", "unicode", "blank",
              "extra-cells", "short-row", "header-damage", "huge-cell", "big-literal"]
_ROW_WEIGHTS = [14, 6, 10, 10, 8, 10, 6, 6, 6, 6, 2, 1]


def _target_column(t: Template, kind: str, rng: random.Random) -> int:
    by_kind = {"odd-id": t.columns("display key", "pubno", "公开", "publication_number", "publication_no"),
               "long-number": t.columns("key", "pubno", "公开", "number", "date", "日", "time", "family"),
               "deep-list": t.columns("code", "class", "applicant", "ipc", "cpc", "refs", "分类", "申请人"),
               "big-literal": t.columns("code", "class", "applicant", "ipc", "refs"),
               "repeat-tokens": t.columns("applicant", "ipc", "class", "申请人", "code", "key", "date"),
               "bad-date": t.columns("date", "日", "time")}
    choices = by_kind.get(kind) or list(range(len(t.header)))
    return rng.choice(choices)


def damage_table(t: Template, rows: list[list[str]], rng: random.Random, kinds: list[str]):
    header = list(t.header)
    rows = [list(r) for r in rows]
    for kind in kinds:
        r = rng.randrange(len(rows))
        if kind == "extra-cells":
            rows[r] += ["x"] * rng.randint(1, 3)
        elif kind == "short-row":
            rows[r] = rows[r][:rng.randint(0, len(rows[r]))]
        elif kind == "header-damage":
            i = rng.randrange(len(header))
            header[i] = rng.choice(["", header[i] + " ", header[i].upper(), "x" * 5000, header[0]])
        else:
            i = _target_column(t, kind, rng)
            if i < len(rows[r]):
                rows[r][i] = _cell(rng, kind)
    return header, rows


_JSON_KINDS = ["odd-id", "long-number", "deep-list", "repeat-tokens", "bad-date", "unicode", "blank",
               "lone-surrogate", "json-types", "bad-first-line", "non-object", "huge-cell", "big-literal",
               "big-int"]
_JSON_WEIGHTS = [12, 5, 10, 8, 6, 8, 4, 10, 10, 6, 4, 2, 1, 4]


def _json_value(rng: random.Random, depth=0):
    options = [None, True, 1, -2**70, 1.5, float("inf"), "x", [], {}, ["A63H33/04", None],
               {"text": "a", "language": "en"}]
    v = rng.choice(options)
    if depth < 3 and rng.random() < 0.3:
        return [_json_value(rng, depth + 1)] if rng.random() < 0.5 else {"k": _json_value(rng, depth + 1)}
    return v


def damage_jsonl(rows: list[dict], rng: random.Random, kinds: list[str]) -> str:
    rows = [dict(r) for r in rows]
    lines_before, raw_lines = [], {}
    for kind in kinds:
        r = rng.randrange(len(rows))
        key = rng.choice(list(rows[r]) or ["patent_id"])
        if kind == "lone-surrogate":
            rows[r][key] = str(rows[r].get(key) or "x") + rng.choice(["\ud800", "\udfff", "\udc80x"])
        elif kind == "json-types":
            rows[r][key] = _json_value(rng)
        elif kind == "bad-first-line":
            lines_before.append(rng.choice(["{", "not json", "[1, 2]", "{'a': 1}", "\x00\x00", "{\"a\": }"]))
        elif kind == "non-object":
            raw_lines[r] = rng.choice(["[]", "1", "\"text\"", "null", "[" * 5000])
        elif kind == "big-int":
            raw_lines[r] = '{"patent_id": ' + "9" * rng.choice([5000, 20000]) + ', "abstract": "x"}'
        else:
            if kind == "odd-id":
                key = "patent_id"
            elif kind == "bad-date":
                key = "publication_date"
            elif kind == "deep-list":
                key = "classifications_cpc"
            rows[r][key] = _cell(rng, kind)
    out = list(lines_before)
    for i, row in enumerate(rows):
        out.append(raw_lines.get(i) or json.dumps(row, ensure_ascii=rng.random() < 0.5))
    return "\n".join(out) + "\n"


def damage_lines(lines: list[str], rng: random.Random, kinds: list[str]) -> list[str]:
    lines = list(lines)
    for kind in kinds:
        r = rng.randrange(len(lines))
        if kind == "bad-line":
            lines.insert(r, rng.choice(["hello", "id-", "abstract-x", "id-\tabstract-", "\x00"]))
        elif kind == "odd-id":
            lines[r] = f"id-{rng.choice(_ODD_IDS).replace(' ', '')}    abstract-x"
        else:
            lines[r] = f"id-CN104651218B    abstract-{_cell(rng, kind)}"
    return lines


# --------------------------------------------------------------------------- byte-level damage

_BYTE_KINDS = ["flip", "truncate", "nul", "delimiter-swap", "quote-damage", "newlines", "reencode",
               "long-line"]
_BYTE_WEIGHTS = [20, 14, 8, 8, 8, 5, 12, 1]
_ENCODINGS = ["utf-8-sig", "gb18030", "utf-16", "utf-16-le", "utf-16-be", "utf-8"]


def damage_bytes(data: bytes, rng: random.Random, kind: str) -> bytes:
    b = bytearray(data)
    if not b:
        return data
    if kind == "flip":
        for _ in range(rng.randint(1, 5)):
            i = rng.randrange(len(b)) if rng.random() < 0.7 else max(0, len(b) - rng.randint(1, 8))
            b[i] ^= rng.randint(1, 255)
    elif kind == "truncate":
        cut = rng.randrange(len(b)) if rng.random() < 0.5 else max(1, len(b) - rng.randint(1, 6))
        del b[cut:]
    elif kind == "nul":
        for _ in range(rng.choice([1, 2, 5, 20])):
            i = rng.randrange(min(len(b), 8192)) if rng.random() < 0.5 else rng.randrange(len(b))
            b[i:i] = b"\x00"
    elif kind == "delimiter-swap":
        new = rng.choice([b";", b"\t", b"|", b",,"])
        if rng.random() < 0.4:
            b = bytearray(bytes(b).replace(b",", new))
        else:
            lines = bytes(b).split(b"\n")
            i = rng.randrange(len(lines))
            lines[i] = lines[i].replace(b",", new)
            b = bytearray(b"\n".join(lines))
    elif kind == "quote-damage":
        i = rng.randrange(len(b))
        if rng.random() < 0.5:
            b[i:i] = b'"'
        else:
            q = bytes(b).find(b'"', i)
            if q >= 0:
                del b[q]
    elif kind == "newlines":
        new = rng.choice([b"\r", b"\r\n", b"", b"\n\n"])
        b = bytearray(bytes(b).replace(b"\n", new, rng.choice([1, -1])))
    elif kind == "long-line":
        head = bytes(b).split(b"\n", 1)[0]
        b = bytearray((head + b",") * ((2 << 20) // (len(head) + 1)))
    return bytes(b)


# --------------------------------------------------------------------------- cases


@dataclass
class Case:
    index: int
    template: str
    steps: list[str]
    files: list[Path]
    control_ids: list[str]


def _table_bytes(t: Template, header, rows, rng, encoding: str) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=t.delimiter, lineterminator=rng.choice(["\n", "\r\n"]),
                   quoting=csv.QUOTE_ALL if t.quote_all else csv.QUOTE_MINIMAL)
    w.writerow(header)
    w.writerows(rows)
    return (t.preamble + buf.getvalue()).encode(encoding, errors="surrogatepass")


def _parquet_bytes(t: Template, rows: list[list[str]]) -> bytes:
    import pyarrow as pa
    import pyarrow.parquet as pq

    cols = {"id": 0, "title": None, "abstract": None, "applicants": None, "ipc": None}
    for name, words in (("title", ("title",)), ("abstract", ("abstract", "summary")),
                        ("applicants", ("applicant",)), ("ipc", ("ipc", "code"))):
        found = t.columns(*words)
        cols[name] = found[0] if found else None
    table = {name: [(r[i] if i is not None and i < len(r) else None) for r in rows] for name, i in cols.items()}
    table["ipc"] = [[c for c in (v or "").replace(";;", ";").split(";") if c] for v in table["ipc"]]
    sink = io.BytesIO()
    pq.write_table(pa.table(table), sink)
    return sink.getvalue()


def _xlsx_bytes(header, rows) -> bytes:
    import openpyxl
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    def cell(c):
        return None if c is None else ILLEGAL_CHARACTERS_RE.sub("", str(c)[:32000])

    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet()
    ws.append([cell(h) for h in header])
    for r in rows:
        ws.append([cell(c) for c in r])
    sink = io.BytesIO()
    wb.save(sink)
    return sink.getvalue()


def _control(folder: Path, index: int) -> tuple[Path, list[str]]:
    """A small good Lens CSV whose rows must be in the store after every case."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "good_lens.csv"
    ids = [f"US{9_000_000 + index * 3 + i}B2" for i in range(3)]
    lines = ["Display Key,Jurisdiction,Title,Application Date,Publication Date,Applicants,IPCR Classifications"]
    lines += [f"US {9_000_000 + index * 3 + i} B2,US,Control toy number {i},2020-01-0{i + 1},2021-02-0{i + 1},"
              f"CONTROL TOYS INC,A63H33/04" for i in range(3)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path, ids


def _pick(rng, kinds, weights, n):
    return [rng.choices(kinds, weights)[0] for _ in range(n)]


# Tables are most exports; JSON Lines carry the JSON-only damage (lone surrogates, types).
_KIND_WEIGHTS = {"table": 50, "jsonl": 25, "patentsview": 13, "lines": 12}


def build_case(templates: list[Template], seed: int, index: int, where: Path) -> Case:
    rng = random.Random(seed * 1_000_003 + index)
    kinds = sorted({t.kind for t in templates})
    kind = rng.choices(kinds, [_KIND_WEIGHTS.get(k, 1) for k in kinds])[0]
    t = rng.choice([t for t in templates if t.kind == kind])
    k = rng.randint(1, 30) if rng.random() < 0.9 else rng.randint(30, 300)
    steps: list[str] = []
    n_row, n_byte = rng.choice([(1, 0), (0, 1), (1, 1), (2, 1), (0, 2), (1, 2)])
    where.mkdir(parents=True, exist_ok=True)
    if t.kind == "table":
        rows = rng.sample(t.rows, min(k, len(t.rows)))
        kinds = _pick(rng, _ROW_KINDS, _ROW_WEIGHTS, n_row)
        header, rows = damage_table(t, rows, rng, kinds)
        steps += kinds
        container = rng.choices(["csv", "parquet", "xlsx"], [88, 6, 6])[0]
        if container == "csv":
            enc = t.encoding
            byte_kinds = _pick(rng, _BYTE_KINDS, _BYTE_WEIGHTS, n_byte)
            if "reencode" in byte_kinds:
                enc = rng.choice(_ENCODINGS)
                steps.append(f"reencode:{enc}")
            data = _table_bytes(t, header, rows, rng, enc)
            suffix = t.suffix
        else:
            data = _parquet_bytes(t, rows) if container == "parquet" else _xlsx_bytes(header, rows)
            byte_kinds = _pick(rng, ["flip", "truncate", "none"], [3, 3, 2], n_byte)
            suffix = "." + container
            steps.append(container)
        for b in byte_kinds:
            if b not in ("reencode", "none"):
                data = damage_bytes(data, rng, b)
                steps.append(b)
        path = where / f"export{suffix}"
        path.write_bytes(data)
    elif t.kind == "jsonl":
        kinds = _pick(rng, _JSON_KINDS, _JSON_WEIGHTS, max(n_row, 1))
        steps += kinds
        text = damage_jsonl(rng.sample(t.rows, min(k, len(t.rows))), rng, kinds)
        data = text.encode("utf-8", errors="surrogatepass")
        for b in _pick(rng, ["flip", "truncate", "nul", "reencode"], [4, 4, 1, 2], n_byte):
            if b == "reencode":
                enc = rng.choice(_ENCODINGS)
                data = text.encode(enc, errors="surrogatepass" if "utf" in enc else "replace")
                steps.append(f"reencode:{enc}")
            else:
                data = damage_bytes(data, rng, b)
                steps.append(b)
        path = where / f"export{rng.choice(['.jsonl', '.json', '.ndjson'])}"
        path.write_bytes(data)
    elif t.kind == "lines":
        start = rng.randrange(max(1, len(t.rows) - k))
        kinds = _pick(rng, ["bad-line", "odd-id", "huge-cell", "repeat-tokens", "unicode", "long-number"],
                      [5, 5, 1, 4, 4, 3], n_row)
        steps += kinds
        lines = damage_lines(t.rows[start:start + k] or ["x"], rng, kinds)
        data = "\n".join(lines).encode("utf-8", errors="surrogatepass")
        for b in _pick(rng, ["flip", "truncate", "nul", "reencode"], [4, 4, 2, 2], n_byte):
            if b == "reencode":
                enc = rng.choice(_ENCODINGS)
                data = "\n".join(lines).encode(enc, errors="replace")
                steps.append(f"reencode:{enc}")
            else:
                data = damage_bytes(data, rng, b)
                steps.append(b)
        path = where / t.folder
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    else:  # patentsview: a folder of tables for k patents
        ids = rng.sample(t.rows, min(k, len(t.rows)))
        path = where / "pv"
        path.mkdir()
        names = list(t.tables)
        victim = rng.choice(names)
        for name in names:
            header, by_id = t.tables[name]
            sub = Template(name, "table", header, [r for pid in ids for r in by_id.get(pid, [])],
                           delimiter=t.delimiter, quote_all=t.quote_all)
            rows = [list(r) for r in sub.rows] or [[""] * len(header)]  # copies: templates stay clean
            if name == victim and rng.random() < 0.8:
                kinds = _pick(rng, ["bad-sequence", "odd-id", "long-number", "unicode", "blank",
                                    "header-damage", "short-row", "extra-cells", "repeat-tokens"],
                              [8, 4, 3, 3, 2, 3, 3, 2, 3], max(n_row, 1))
                seq = sub.columns("sequence")
                for kind in kinds:
                    if kind == "bad-sequence" and seq:
                        rows[rng.randrange(len(rows))][seq[0]] = rng.choice(["1a", "", "-1", "9" * 20000, "1.5"])
                    elif kind != "bad-sequence":
                        header, rows = damage_table(sub, rows, rng, [kind])
                    steps.append(f"{name}:{kind}")
            data = _table_bytes(sub, header, rows, rng, "utf-8")
            if name == victim:
                for b in _pick(rng, ["flip", "truncate", "nul", "quote-damage"], [4, 3, 1, 2], n_byte):
                    data = damage_bytes(data, rng, b)
                    steps.append(f"{name}:{b}")
            (path / name).write_bytes(data)
    control, ids = _control(where / "good", index)
    return Case(index, t.name, steps, [path, control], ids)
