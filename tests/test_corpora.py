"""Industry corpus definitions: loading, validation, user overrides, and matching.

All example records are made up for these tests.
"""
from __future__ import annotations

import duckdb
import pytest

from landscape.corpora import (Corpus, builtin_dir, count_by_corpus, get_corpus, load_corpora,
                               load_corpus)

BUILTINS = ["cosmetics", "led", "manufacturing", "packaging", "plastics", "toys"]

SCHEMA = """CREATE TABLE patents (id VARCHAR PRIMARY KEY, title VARCHAR, abstract VARCHAR, lang VARCHAR,
  family_id VARCHAR, applicants VARCHAR[], applicants_norm VARCHAR[], country VARCHAR,
  filing_date DATE, priority_date DATE, publication_date DATE, year_hint INTEGER,
  ipc VARCHAR[], cpc VARCHAR[], kind VARCHAR, doc_type VARCHAR, legal_status VARCHAR,
  sources VARCHAR[], extra VARCHAR)"""

# (id, title, abstract, ipc, cpc) -- invented examples, not real patent text.
RECORDS = [
    ("r01", "Remote control toy car with building blocks", None, [], []),
    ("r02", "一种儿童益智积木玩具", "本实用新型涉及一种可拼插的积木。", [], []),
    ("r03", "Method for controlling a robot arm", "A controller moves the arm.", [], []),
    ("r04", "LED lamp with heat sink", "An aluminium body cools the LEDs.", [], []),
    ("r05", "Filed wrapper for soldering", "A controlled heating tip is led along the seam.", [], []),
    ("r06", "Skin cream", None, ["A61K8/02"], []),
    ("r07", "Thing", None, ["A61K80/00"], []),
    ("r08", "Game console rendering", "A toy example of frame pacing.", [], ["A63F13/25"]),
    ("r09", "Interactive plush companion", "Linked to a game.", ["A63H3/28"], ["A63F13/235"]),
    ("r10", "一种改性塑料及其注塑成型方法", "本发明公开了一种阻燃改性塑料。", [], []),
    ("r11", "一种全自动灌装机", "包括灌装头和旋盖机构。", [], []),
    ("r12", "一种农田喷灌装置", "用于滴灌和喷灌。", [], []),
    ("r13", "Shampoo composition", "A mild cleansing formulation.", None, None),
    ("r14", "Dimmer circuit", None, ["h05b 45/10"], []),
    ("r15", "一种LED路灯", None, [], []),
    ("r16", "Web service using SOAP messages", "Laundry robot scheduling.", [], []),
    ("r17", "Welding fixture", None, ["B23K37/04"], ["B25J11/005"]),
    ("r18", "Beverage bottling line", "Bottles pass a capping station.", [], ["B67C3/22"]),
    ("r19", "一种机床数控系统", "涉及模糊分配系数控制。", [], []),
    ("r20", None, None, None, None),
]

EXPECTED = {  # corpus -> ids that must belong (and no others from RECORDS)
    "toys": {"r01", "r02", "r09"},
    "manufacturing": {"r03", "r16", "r17", "r19"},
    "led": {"r04", "r14", "r15"},
    "cosmetics": {"r06", "r13"},
    "plastics": {"r10"},
    "packaging": {"r11", "r18"},
}


@pytest.fixture(scope="module")
def con():
    c = duckdb.connect()
    c.execute(SCHEMA)
    c.executemany("INSERT INTO patents (id, title, abstract, ipc, cpc) VALUES (?, ?, ?, ?, ?)", RECORDS)
    yield c
    c.close()


def sql_ids(con, corpus: Corpus) -> set[str]:
    expr, params = corpus.sql_where("p")
    return {r[0] for r in con.execute(f"SELECT id FROM patents p WHERE {expr}", params).fetchall()}


def py_ids(corpus: Corpus) -> set[str]:
    return {rid for rid, t, a, ipc, cpc in RECORDS if corpus.matches(t, a, (ipc or []) + (cpc or []))}


def write(folder, name, text):
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


# --- loading the built-ins -------------------------------------------------------------

def test_builtins_load():
    corpora = load_corpora()
    assert [c.name for c in corpora] == BUILTINS
    for c in corpora:
        assert c.path.parent == builtin_dir() and c.path.name == f"{c.name}.toml"
        assert c.title_en and c.title_zh and c.description_en and c.description_zh
        assert c.codes and 10 <= len(c.keywords_en) <= 30 and 10 <= len(c.keywords_zh) <= 30
        assert all(code == code.upper() and " " not in code for code in c.codes + c.exclude_codes)
        assert isinstance(c.codes, tuple) and isinstance(c.keywords_en, tuple)


def test_builtin_code_choices():
    toys, cosm, pack = get_corpus("toys"), get_corpus("cosmetics"), get_corpus("packaging")
    assert "A63H" in toys.codes and "A63F13/" in toys.exclude_codes
    assert "A61K8/" in cosm.codes
    assert "B65B" in pack.codes and not any(c.startswith("B65D") for c in pack.codes)


# --- matching --------------------------------------------------------------------------

@pytest.mark.parametrize("name", BUILTINS)
def test_matches_and_sql_agree(con, name):
    corpus = get_corpus(name)
    assert sql_ids(con, corpus) == py_ids(corpus) == EXPECTED[name]


def test_count_by_corpus(con):
    corpora = load_corpora()
    assert count_by_corpus(con, corpora) == {n: len(ids) for n, ids in EXPECTED.items()}
    assert count_by_corpus(con, []) == {}


def test_led_is_a_whole_word():
    led = Corpus(name="x", keywords_en=("LED",))
    for text in ("LED lamp", "two LEDs", "LED-based", "(LED)", "一种LED灯", "LEDS ARRAY"):
        assert led.matches(text, None, []), text
    for text in ("controlled", "filed", "It led to", "OLED panel", "LEDGER", "sLED"):
        assert not led.matches(text, None, []), text


def test_code_prefix_with_slash():
    c = Corpus(name="x", codes=("A61K8/",))
    assert c.matches(None, None, ["A61K8/02"])
    assert c.matches(None, None, ["a61k 8/02"])
    assert not c.matches(None, None, ["A61K80/00"])
    assert not c.matches(None, None, [])


def test_group_without_slash_is_normalised(tmp_path):
    path = write(tmp_path, "c.toml", 'name = "c"\ncodes = ["a61k 8", "H01L33", "A63H"]\n')
    assert load_corpus(path).codes == ("A61K8/", "H01L33/", "A63H")


def test_keyword_features(con):
    c = Corpus(name="x", keywords_en=("light-emitting diode", "robot*", "C++ toolkit"),
               keywords_zh=("玩具",))
    assert c.matches("Light emitting  diodes", None, None)
    assert c.matches("ROBOTICS platform", None, None)
    assert c.matches(None, "uses a C++ toolkit", None)
    assert c.matches(None, "儿童玩具车", None)
    assert not c.matches("lightemitting diode", None, None)
    assert not c.matches("C toolkit", None, None)
    expr, params = c.sql_where(alias="")
    row = con.execute(f"SELECT count(*) FROM patents WHERE {expr}", params).fetchone()
    assert row[0] == len(py_ids(c))


def test_exclude_codes_semantics():
    c = Corpus(name="x", codes=("A63F",), keywords_en=("toy",), exclude_codes=("A63F13/",))
    assert c.matches(None, None, ["A63F9/24"])
    assert not c.matches(None, None, ["A63F13/25"])          # carved out of A63F
    assert not c.matches("A toy", None, ["A63F13/25"])       # and blocks keywords
    assert c.matches("A toy", None, ["G06F3/01"])
    assert c.matches(None, None, ["A63F13/25", "A63F3/00"])  # another included code wins


# --- validation ------------------------------------------------------------------------

@pytest.mark.parametrize("text, message", [
    ('name = "toys"\nkewords_en = ["toy"]\n', "unknown key 'kewords_en' (expected one of"),
    ('name = "toys"\ncodes = ["A63H"\n', "invalid TOML"),
    ('name = "my toys"\ncodes = ["A63H"]\n', "'name' must be a simple identifier"),
    ('codes = ["A63H"]\n', "'name' must be a simple identifier"),
    ('name = "toys"\ntitle_en = "Toys"\n', "needs at least one of codes"),
    ('name = "toys"\ncodes = "A63H"\n', "'codes' must be a list of non-empty strings"),
    ('name = "toys"\ncodes = ["A63H", ""]\n', "'codes' must be a list of non-empty strings"),
    ('name = "toys"\ncodes = ["A63H*"]\n', "not an IPC/CPC prefix"),
    ('name = "toys"\ntitle_en = 3\ncodes = ["A63H"]\n', "'title_en' must be a string"),
    ('name = "led"\nkeywords_zh = ["LED"]\n', "put it in keywords_en"),
])
def test_validation_errors(tmp_path, text, message):
    path = write(tmp_path, "bad.toml", text)
    with pytest.raises(ValueError) as err:
        load_corpus(path)
    assert "bad.toml" in str(err.value) and message in str(err.value)


def test_toml_error_names_the_line(tmp_path):
    path = write(tmp_path, "bad.toml", 'name = "toys"\n\ncodes = [A63H]\n')
    with pytest.raises(ValueError, match=r"bad\.toml: invalid TOML: .*line 3"):
        load_corpus(path)


def test_bad_user_file_fails_load_corpora(tmp_path):
    write(tmp_path, "oops.toml", 'name = "oops"\nkeyword = ["x"]\n')
    with pytest.raises(ValueError, match="oops.toml: unknown key 'keyword'"):
        load_corpora(tmp_path)


def test_duplicate_name_in_one_folder(tmp_path):
    write(tmp_path, "a.toml", 'name = "dup"\ncodes = ["A01B"]\n')
    write(tmp_path, "b.toml", 'name = "dup"\ncodes = ["A01C"]\n')
    with pytest.raises(ValueError, match="'dup' is also used by"):
        load_corpora(tmp_path)


# --- user corpora ----------------------------------------------------------------------

def test_user_corpus_adds_and_overrides(tmp_path):
    user = tmp_path / "corpora"
    write(user, "toys.toml", 'name = "toys"\ntitle_en = "Only dolls"\nkeywords_en = ["doll"]\n')
    write(user, "ceramics.toml", 'name = "ceramics"\ncodes = ["C04B"]\nkeywords_zh = ["陶瓷"]\n')
    corpora = {c.name: c for c in load_corpora(user)}
    assert sorted(corpora) == sorted(BUILTINS + ["ceramics"])
    assert corpora["toys"].title_en == "Only dolls" and corpora["toys"].codes == ()
    assert corpora["toys"].path == user / "toys.toml"
    assert get_corpus("ceramics", user).matches("一种陶瓷釉料", None, [])
    assert load_corpora(tmp_path / "missing") == load_corpora()


def test_unknown_corpus_lists_known_names():
    with pytest.raises(KeyError) as err:
        get_corpus("tyos")
    assert "tyos" in str(err.value) and "toys" in str(err.value) and "led" in str(err.value)
    with pytest.raises(ValueError):
        get_corpus("tyos")


# --- property: Python and DuckDB agree on arbitrary texts ------------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_PIECES = ["LED", "led", "LEDs", "toy", "Toys", "robot", "robotic", "light", "emitting",
           "diode", "-", " ", "\n", "_", "s", "es", "x", "9", "(", ")", "玩具", "灌装", "喷",
           "é", "\u00a0", "\u3000", "K", "\u212a", "elvin"]
_CODES = ["A63H33/00", "A63F13/25", "A63F9/24", "A61K8/02", "A61K80/00", "H01L33/50", "b25j 9/16", "G06F3/01"]
_TEXT = st.one_of(st.none(), st.lists(st.sampled_from(_PIECES), max_size=8).map("".join))
_PROP = Corpus(name="p", codes=("A63H", "A61K8/", "B25J"), exclude_codes=("A63F13/",),
               keywords_en=("LED", "toy", "robot*", "light-emitting diode", "kelvin"),
               keywords_zh=("玩具", "灌装"))


@settings(max_examples=150, deadline=None)
@given(title=_TEXT, abstract=_TEXT, ipc=st.lists(st.sampled_from(_CODES), max_size=3))
def test_matches_equals_sql_property(title, abstract, ipc):
    expr, params = _PROP.sql_where("p")
    with duckdb.connect() as c:
        c.execute(SCHEMA)
        c.execute("INSERT INTO patents (id, title, abstract, ipc) VALUES ('x', ?, ?, ?)",
                  [title, abstract, ipc])
        got = c.execute(f"SELECT {expr} FROM patents p", params).fetchone()[0]
    assert got == _PROP.matches(title, abstract, ipc)
