"""``landscape watch``: a hand-made later export placed on a map built from an earlier one.

The map: 312 Lens rows, three technologies with their own words, filed 2010-2022, built with
the TF-IDF embedder and analysed. The later export (filed 2023, published 2025) plants a new
entrant (NEWCOMER LTD, 5 patents in the LED area, where it never filed), a surge (SURGE CO: 2
building-block filings in 2022, 7 in 2023), the grant of an application already on the map
(not new; its legal status changes) and ordinary filings.
"""
from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from landscape.cli import main
from landscape.maps import list_bundles, read_bundle, read_version, versions

WORDS = {"A63H33/04": ["building block", "magnet", "snap fit", "toy brick", "child", "stacking"],
         "H01L33/64": ["light emitting diode", "heat sink", "lamp", "luminous flux", "phosphor", "street light"],
         "B29C45/17": ["injection mould", "polymer melt", "cavity", "resin", "cooling channel", "ejector pin"]}
HEADER = ["Display Key", "Jurisdiction", "Title", "Abstract", "Application Date", "Publication Date",
          "Publication Year", "Applicants", "IPCR Classifications", "Document Type", "Legal Status"]
GRANTED = "CN 116510001 B"


def _row(rng, key, code, applicant, year, published, kind="Granted Patent", status="ACTIVE"):
    words = WORDS[code]
    return [key, key.split()[0], " ".join(rng.choice(words, 4)).capitalize(),
            "A device with " + ", ".join(rng.choice(words, 5)) + ".", f"{year}-03-01", published,
            published[:4], applicant, code, kind, status]


def write(path: Path, rows) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(HEADER)
        out.writerows(rows)
    return path


def base_rows():
    rng = np.random.default_rng(0)
    rows = []
    for t, code in enumerate(WORDS):
        for i in range(8 * 13):
            year = 2010 + i % 13
            who = "SURGE CO" if (t == 0 and year == 2022 and i % 8 < 2) else f"MAKER {t}{i % 3} INC"
            rows.append(_row(rng, f"US {9000000 + 1000 * t + i} B2", code, who, year, f"{year + 1}-05-01"))
    rows.append(_row(rng, "CN 116510001 A", "B29C45/17", "MAKER 20 INC", 2021, "2022-11-01",
                     kind="Patent Application", status="PENDING"))
    return rows


def later_rows():
    rng = np.random.default_rng(1)
    rows = [_row(rng, f"US {9500000 + i} B2", "A63H33/04", "SURGE CO", 2023, "2025-08-01") for i in range(7)]
    rows += [_row(rng, f"US {9600000 + i} B2", "H01L33/64", "NEWCOMER LTD", 2023, "2025-08-01") for i in range(5)]
    rows += [_row(rng, f"US {9700000 + i} B2", "B29C45/17", "MAKER 20 INC", 2023, "2025-08-01") for i in range(4)]
    rows.append(_row(rng, GRANTED, "B29C45/17", "MAKER 20 INC", 2021, "2025-07-01"))
    return rows


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture(scope="module")
def watched(tmp_path_factory):
    base = tmp_path_factory.mktemp("watch")
    ws = base / "ws"
    done = run("build", "--input", write(base / "early.csv", base_rows()), "--name", "toys", "--model", "tfidf",
               "--workspace", ws)
    assert done.exit_code == 0, done.output
    # A map this small needs smaller areas to alert on; watch analyses again with these rules.
    rules = base / "rules.toml"
    rules.write_text("[surge]\nmin_patents = 5\n[new_entrant]\nmin_patents = 5\n", encoding="utf-8")
    assert run("analyse", "--map", "toys", "--rules", rules, "--workspace", ws).exit_code == 0
    later = write(base / "later.csv", later_rows())
    first = run("watch", "--map", "toys", later, "--workspace", ws, "--json")
    assert first.exit_code == 0, first.output
    again = run("watch", "--map", "toys", later, "--workspace", ws, "--json")
    return {"ws": ws, "first": json.loads(first.output), "again": json.loads(again.output), "later": later}


def test_new_records_are_placed_as_a_new_version(watched):
    ws = watched["ws"]
    b = read_bundle(ws, "toys")
    assert watched["first"]["version"] == 3 and watched["first"]["added"] == 16  # 1 build, 2 analyse
    assert b.manifest["version"] == 3
    note = b.manifest["version_note"]
    assert note["kind"] == "watch" and note["added"] == 16 and note["files"] == [str(watched["later"])]
    new = b.points[b.points["added_in"] == 3]
    assert len(new) == 16 and new["placed"].all() and b.points["added_in"].isna().sum() == len(b.points) - 16
    assert len(b.array("embeddings")) == len(b.points) == len(b.model().ids)
    # placed by the map's own rule: the new LED patents land in the area of the LED patents
    led = b.points[b.points["codes"].map(lambda c: "H01L33/64" in list(c))]
    assert new.loc[new["applicant"] == "NEWCOMER", "area"].eq(led["area"].mode()[0]).all()
    assert b.table("changes") is not None and b.manifest["watch"]["added"] == 16


def test_a_later_publication_of_an_application_on_the_map_is_not_new(watched):
    b = read_bundle(watched["ws"], "toys")
    assert "CN116510001B" not in set(b.points["id"]) and "CN116510001A" in set(b.points["id"])
    assert watched["first"]["already_on_map"] == 1
    changes = b.table("changes")
    legal = changes[changes["kind"] == "legal_change"]
    assert legal["id"].tolist() == ["CN116510001A"]
    assert "pending → active" in legal["text_en"].iloc[0] and "法律状态" in legal["text_zh"].iloc[0]


def test_planted_entrant_and_surge_appear_in_both_languages(watched):
    changes = read_bundle(watched["ws"], "toys").table("changes")
    entrant = changes[(changes["kind"] == "new_entrant") & (changes["group"] == "NEWCOMER")]
    assert len(entrant) == 1 and entrant["count"].iloc[0] == 5
    assert "for the first time: 5 patents" in entrant["text_en"].iloc[0] and "首次" in entrant["text_zh"].iloc[0]
    assert json.loads(entrant["figures"].iloc[0])["new"] == 5
    surge = changes[(changes["kind"] == "surge") & (changes["group"] == "SURGE")]
    assert len(surge) == 1
    figures = json.loads(surge["figures"].iloc[0])
    assert (figures["year"], figures["previous_year"]) == (2023, 2022) and figures["count"] >= 5
    assert f"filed {figures['count']} patents" in surge["text_en"].iloc[0]
    assert f"申请 {figures['count']} 件" in surge["text_zh"].iloc[0]
    # SURGE filed in the surge's area before: no new entrant there
    entered = changes[(changes["kind"] == "new_entrant") & (changes["group"] == "SURGE")]
    assert surge["area"].iloc[0] not in set(entered["area"])
    assert {"new_filings", "drift"} <= set(changes["kind"])


def test_versions_are_kept_and_readable(watched):
    ws = watched["ws"]
    rows = versions(ws, "toys")
    assert [(r["version"], r["current"], r["kind"]) for r in rows] == [(1, False, "build"), (2, False, "analyse"),
                                                                       (3, True, "watch")]
    v1 = read_version(ws, "toys", 1)
    assert v1.manifest["version"] == 1 and "added_in" not in v1.points
    assert len(read_version(ws, "toys", 3).points) == len(v1.points) + 16
    assert list_bundles(ws) == ["toys"]
    assert (ws / "maps" / ".versions" / "toys" / "v1" / "manifest.json").exists()


def test_the_same_files_twice_add_nothing(watched):
    assert watched["again"]["version"] is None and watched["again"]["added"] == 0
    assert [r["version"] for r in versions(watched["ws"], "toys")] == [1, 2, 3]


def test_cli_prints_counts_and_changes_and_fails_in_one_sentence(watched, tmp_path):
    ws = watched["ws"]
    out = run("watch", "--map", "toys", watched["later"], "--workspace", ws)
    assert out.exit_code == 0 and "Nothing new" in out.output
    missing = CliRunner().invoke(main, ["watch", "--map", "nope", str(watched["later"]), "--workspace", str(ws)])
    assert missing.exit_code == 2 and "no map called 'nope'" in missing.output and "Traceback" not in missing.output
    junk = tmp_path / "junk.csv"
    junk.write_text("a,b\n1,2\n", encoding="utf-8")
    bad = CliRunner().invoke(main, ["watch", "--map", "toys", str(junk), "--workspace", str(ws)])
    assert bad.exit_code == 2 and "could be read" in bad.output


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_whats_new_page(watched, monkeypatch, lang):
    import shutil

    from test_app import run_app, texts

    ws = watched["ws"]
    if not (ws / "maps" / "early").exists():  # the version before the watch, as a map of its own
        shutil.copytree(ws / "maps" / ".versions" / "toys" / "v2", ws / "maps" / "early")
    at = run_app(ws, monkeypatch, page="whats_new", lang=lang, map_name="toys")
    words = texts(at)
    assert ("added **16** patents" if lang == "en" else "加入 **16** 件专利") in words
    changes, patents = (d.value for d in at.dataframe)
    text = changes.iloc[:, 4].tolist()
    assert any(("NEWCOMER files in" if lang == "en" else "NEWCOMER 首次在") in s for s in text)
    assert len(patents) == 16
    at.multiselect(key="wn_kinds").set_value(["new_entrant"]).run()
    kinds = set(at.dataframe[0].value.iloc[:, 0])
    assert kinds == {"New entrants" if lang == "en" else "新进入者"}
    never = run_app(ws, monkeypatch, page="whats_new", lang=lang, map_name="early")
    assert ("never been watched" if lang == "en" else "尚未追踪更新") in texts(never)


def test_a_version_half_kept_by_a_killed_run_is_cleaned_and_kept_whole(watched, tmp_path):
    import shutil

    from landscape.maps import BundleError, update_bundle

    ws = tmp_path / "ws"
    shutil.copytree(watched["ws"], ws)
    kept = ws / "maps" / ".versions" / "toys"
    (kept / ".v3.tmp-killed").mkdir()  # what a kill while keeping version 3 leaves
    update_bundle(ws, "toys", manifest={"note": 1})
    assert sorted(p.name for p in kept.iterdir()) == ["v1", "v2", "v3"]
    assert read_version(ws, "toys", 3).manifest["files"] == read_bundle(watched["ws"], "toys").manifest["files"]
    assert versions(ws, "toys")[-1]["kind"] == "update" and read_bundle(ws, "toys").manifest["version"] == 4
    with pytest.raises(BundleError, match="has no version 9"):
        read_version(ws, "toys", 9)


def test_watch_then_digest_then_mail_end_to_end(watched, monkeypatch):
    """The whole loop on one map: the watched export's planted entrant reaches the subscriber who
    follows it, in Chinese, over a real SMTP server; a subscriber with other interests gets none of it."""
    from smtp_server import smtp_server

    ws = watched["ws"]
    assert run("subscribe", "--name", "灯具厂", "--email", "led@example.cn", "--rivals", "NEWCOMER LTD",
               "--keywords", "light emitting diode", "--lang", "zh", "--map", "toys", "--workspace", ws).exit_code == 0
    assert run("subscribe", "--name", "Mould Shop", "--email", "mould@example.com", "--codes", "B29C45",
               "--lang", "en", "--map", "toys", "--workspace", ws).exit_code == 0
    with smtp_server() as inbox:
        for key in ("USER", "PASSWORD", "TLS"):
            monkeypatch.delenv(f"LANDSCAPE_SMTP_{key}", raising=False)
        monkeypatch.setenv("LANDSCAPE_SMTP_HOST", "127.0.0.1")
        monkeypatch.setenv("LANDSCAPE_SMTP_PORT", str(inbox.port))
        monkeypatch.setenv("LANDSCAPE_SMTP_FROM", "digest@landscape.example")
        sent = run("digest", "--map", "toys", "--send", "--workspace", ws)
        assert sent.exit_code == 0, sent.output
        (led,) = inbox.to("led@example.cn")
        (mould,) = inbox.to("mould@example.com")
    led_text = led.get_body(preferencelist=("plain",)).get_content()
    mould_text = mould.get_body(preferencelist=("plain",)).get_content()
    assert "NEWCOMER" in led_text and any("\u4e00" <= ch <= "\u9fff" for ch in led_text)
    assert "NEWCOMER" not in mould_text and "MAKER 20" in mould_text


TAXONOMY = '''name_en = "Planted"
name_zh = "示例"

[[branch]]
id = "blocks"
name_en = "Building blocks"
name_zh = "积木"
description_en = "Building blocks and toy bricks that snap together."
description_zh = "拼插积木。"
codes = ["A63H33/"]

[[branch]]
id = "led"
name_en = "Light emitting diodes"
name_zh = "发光二极管"
description_en = "Light emitting diode lamps and their heat sinks."
description_zh = "发光二极管灯具及其散热。"
codes = ["H01L33/"]
'''


def test_watched_patents_get_branches_and_per_branch_news(tmp_path):
    ws = tmp_path / "ws"
    assert run("build", "--input", write(tmp_path / "early.csv", base_rows()), "--name", "toys", "--model", "tfidf",
               "--workspace", ws).exit_code == 0
    taxonomy = tmp_path / "planted.toml"
    taxonomy.write_text(TAXONOMY, encoding="utf-8")
    assert run("breakdown", "--map", "toys", "--taxonomy", taxonomy, "--workspace", ws).exit_code == 0
    before = read_bundle(ws, "toys").table("breakdown")
    assert run("watch", "--map", "toys", write(tmp_path / "later.csv", later_rows()), "--workspace", ws).exit_code == 0
    b = read_bundle(ws, "toys")
    table = b.table("breakdown")
    # The map's patents keep their branches; the five NEWCOMER LED patents are in "led".
    old = table[table["id"].isin(set(before["id"]))]
    assert old.sort_values(["id", "branch"]).reset_index(drop=True)[["id", "branch"]].equals(
        before.sort_values(["id", "branch"]).reset_index(drop=True)[["id", "branch"]])
    newcomer = set(b.points.loc[b.points["applicant"] == "NEWCOMER", "id"])
    assert len(newcomer) == 5 and newcomer <= set(table.loc[table["branch"] == "led", "id"])
    changes = b.table("changes")
    led = changes[(changes["kind"] == "new_filings") & (changes["branch"] == "led")].iloc[0]
    assert led["count"] >= 5 and "branch Light emitting diodes" in led["text_en"] and "分支发光二极管" in led["text_zh"]
    assert b.manifest["watch"]["branches"] == "assigned"
