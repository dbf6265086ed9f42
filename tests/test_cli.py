"""The command line: help for every command, JSON contracts, exit status."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from landscape.cli import main

LENS_HEADER = ("Display Key,Jurisdiction,Title,Application Date,Publication Date,Publication Year,"
               "Applicants,IPCR Classifications,Document Type,Legal Status\n")
LENS_ROWS = (
    "US 2024/0000001 A1,US,SNAP-FIT TOY BLOCK,2023-01-05,2024-01-04,2024,EXAMPLE TOYS CO LTD,A63H33/04;;A63H33/08,Patent Application,PENDING\n"
    "CN 123456789 B,CN,ROBOT GRIPPER FOR PART ASSEMBLY,2022-03-01,2023-06-02,2023,ROBO WORKS GMBH;;EXAMPLE TOYS CO LTD,B25J15/00,Granted Patent,ACTIVE\n"
    ",US,A ROW WITHOUT NUMBER,2022-03-01,2023-06-02,2023,NOBODY INC,B25J15/00,Granted Patent,ACTIVE\n"
)


def run(*args):
    result = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
    return result


def _commands(group=main):
    return sorted(group.commands)


@pytest.mark.parametrize("name", _commands())
def test_every_command_has_help(name):
    result = run(name, "--help")
    assert result.exit_code == 0
    doc = main.commands[name].help or ""
    assert len(doc.strip()) > 20, f"`landscape {name}` needs a help sentence"


def test_ingest_json_contract_and_stats(tmp_path):
    export = tmp_path / "lens.csv"
    export.write_text(LENS_HEADER + LENS_ROWS, encoding="utf-8")
    ws = tmp_path / "ws"
    result = run("ingest", export, "--workspace", ws, "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["total_records"] == 2
    (f,) = report["files"]
    assert {k: f[k] for k in ("format", "read", "imported", "merged", "quarantined")} == {
        "format": "lens", "read": 3, "imported": 2, "merged": 0, "quarantined": 1}
    assert f["path"] == str(export)

    stats = json.loads(run("stats", "--workspace", ws, "--json").output)
    assert stats["total"] == 2
    assert stats["by_source"] == {"lens": 2}
    assert stats["by_lang"] == {"en": 2}
    assert stats["by_year"] == {"2022": 1, "2023": 1}
    assert stats["by_doc_type"] == {"application": 1, "grant": 1}
    assert stats["by_industry"]["toys"] == 1  # A63H33 code
    assert stats["by_industry"]["manufacturing"] >= 1  # B25J code and the word robot

    q = run("quarantine", "--workspace", ws)
    assert "row 4: no publication number" in q.output


def test_exit_status_is_nonzero_only_when_nothing_usable(tmp_path):
    ws = tmp_path / "ws"
    unknown = tmp_path / "notes.csv"
    unknown.write_text("colour,size\nred,3\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["ingest", str(unknown), "--workspace", str(ws)])
    assert result.exit_code == 1
    assert "unknown layout" in result.output and "notes.csv" in result.output
    assert "Display Key" in result.output  # names the columns it expected

    good = tmp_path / "lens.csv"
    good.write_text(LENS_HEADER + LENS_ROWS, encoding="utf-8")
    mixed = CliRunner().invoke(main, ["ingest", str(unknown), str(good), "--workspace", str(ws)])
    assert mixed.exit_code == 0


def test_generic_format_with_column_map(tmp_path):
    src = tmp_path / "mine.csv"
    src.write_text("PubNo;Name;Codes\nCN112233445A;一种遥控玩具车;A63H30/04|A63H17/00\n", encoding="utf-8")
    ws = tmp_path / "ws"
    result = run("ingest", src, "--workspace", ws, "--json", "--format", "generic",
                 "--column", "id=PubNo", "--column", "title=Name", "--column", "ipc=Codes")
    report = json.loads(result.output)
    assert report["files"][0]["imported"] == 1
    stats = json.loads(run("stats", "--workspace", ws, "--json").output)
    assert stats["by_lang"] == {"zh": 1} and stats["by_industry"]["toys"] == 1


def test_corpora_lists_the_six_industries_and_a_users_own(tmp_path):
    ws = tmp_path / "ws"
    (ws / "corpora").mkdir(parents=True)
    (ws / "corpora" / "kites.toml").write_text(
        'name = "kites"\ntitle_en = "Kites"\ntitle_zh = "风筝"\ncodes = ["A63H27"]\n'
        'keywords_en = ["kite"]\nkeywords_zh = ["风筝"]\n', encoding="utf-8")
    result = run("corpora", "--workspace", ws, "--json")
    names = [c["name"] for c in json.loads(result.output)]
    assert {"toys", "plastics", "cosmetics", "packaging", "led", "manufacturing", "kites"} <= set(names)


def test_stats_without_a_store_says_what_to_do(tmp_path):
    result = CliRunner().invoke(main, ["stats", "--workspace", str(tmp_path / "none")])
    assert result.exit_code == 2
    assert "landscape ingest" in result.output
