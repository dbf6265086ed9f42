"""landscape.ingest.literals.parse_list: the list cells pandas and BigQuery write, read safely."""
from __future__ import annotations

import ast
import json
import math
import time
import warnings

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from landscape.ingest.literals import MAX_CHARS, MAX_DEPTH, parse_list


@pytest.mark.parametrize(
    "text, expected",
    [
        ("['A63H33/04', 'B65B1/00']", ["A63H33/04", "B65B1/00"]),  # pandas str(list)
        ('["A63H33/04", "B65B1/00"]', ["A63H33/04", "B65B1/00"]),  # JSON
        ("[]", []),
        ("  [ 'a' ,\n 'b' , ]  ", ["a", "b"]),  # spaces, a newline, a trailing comma
        ("[{'text': 'Toy', 'language': 'en'}, {'text': '玩具', 'language': 'zh'}]",
         [{"text": "Toy", "language": "en"}, {"text": "玩具", "language": "zh"}]),
        ('[{"code": "A63H33/04", "inventive": true, "first": false, "tree": null}]',
         [{"code": "A63H33/04", "inventive": True, "first": False, "tree": None}]),
        ("[{'name': 'ACME', 'country_code': 'US'}]", [{"name": "ACME", "country_code": "US"}]),
        ("[1, -2, 3.5, 1e3, -1.5E-2, True, None]", [1, -2, 3.5, 1000.0, -0.015, True, None]),
        ("[[1, [2, [3]]], {'a': [{'b': {}}]}]", [[1, [2, [3]]], {"a": [{"b": {}}]}]),
        ("['it\\'s', \"say \\\"hi\\\"\", 'tab\\there', 'caf\\xe9', '\\u4e2d', 'a\\\\b']",
         ["it's", 'say "hi"', "tab\there", "café", "中", "a\\b"]),
        ('["\\ud83d\\ude00"]', ["😀"]),  # JSON's surrogate pair is one character
        ('["\\ud800"]', ["\ufffd"]),  # a lone surrogate cannot be stored
        ("[u'legacy', U'prefix']", ["legacy", "prefix"]),
        ("[('a', 1), ()]", [["a", 1], []]),  # tuples read as lists
        ("[(1)]", [1]),  # parentheses alone make no tuple
        ("[" + "9" * 20000 + "]", ["9" * 20000]),  # past Python's int limit: kept as text
    ],
)
def test_parse_list_reads_export_cells(text, expected):
    assert parse_list(text) == expected


def test_nan_and_infinity_as_pandas_and_json_write_them():
    out = parse_list("[nan, inf, -inf, NaN, Infinity]")
    assert math.isnan(out[0]) and math.isnan(out[3])
    assert out[1] == out[4] == math.inf and out[2] == -math.inf


@pytest.mark.parametrize(
    "text",
    [
        "", "A63H33/04", "'a'", "{'a': 1}", "(1, 2)", "[1][2]", "[1 2]", "[,]", "[1,,2]", "['a' 'b']",
        "[1:2]", "[{'a'}]", "[{1, 2}]", "[{[1]: 2}]", "[{'a': }]", "[b'x']", "[x]", "[__import__('os')]",
        "[1 + 2]", "[--1]", "[1j]", "[0x10]", "['a]", "['a\nb']", "[1] # note", "['numpy' 'array']",
        "[1, 2", "1, 2]", "[{'a': 1]", "[(1]", "[1)", "[" + "[" * 20 + "]" * 20 + "]",
    ],
)
def test_not_a_list_literal_is_none(text):
    assert parse_list(text) is None


def test_non_text_is_none():
    assert parse_list(None) is None
    assert parse_list(["a"]) is None
    assert parse_list(b"['a']") is None


def test_depth_cap():
    def nested(depth):
        return "[" * depth + "1" + "]" * depth

    assert parse_list(nested(MAX_DEPTH)) is not None
    assert parse_list(nested(MAX_DEPTH + 1)) is None


@pytest.mark.parametrize(
    "text",
    [
        "[" + "-" * 3000 + "1]",  # RecursionError in ast.literal_eval, MemoryError beyond
        "[" + "-" * 300_000 + "1]",
        "[" * 3000 + "]" * 3000,
        "[" * 200_000,
        "[" + "{'text': [" * 5000 + "]}" * 5000 + "]",
        "[" + "(" * 50_000 + ")" * 50_000 + "]",
        "['" + "x" * (MAX_CHARS - 10) + "]",  # an unterminated string: no backtracking
        "['" + "\\'" * 400_000 + "]",
        "[" + "1," * 300_000 + "]",  # more values than MAX_VALUES
        "[" + ", ".join(["'A63H33/04'"] * 400_000) + "]",  # 4.8 MB: over MAX_CHARS
    ],
    ids=["minus-3000", "minus-300k", "brackets-3000", "open-200k", "dicts-5000", "parens-50k",
         "unterminated", "escapes", "many-values", "4.8MB"],
)
def test_hostile_cells_are_refused_fast(text):
    t0 = time.perf_counter()
    assert parse_list(text) is None
    assert time.perf_counter() - t0 < 1.0


def test_large_real_literal_is_linear():
    text = "[" + ", ".join(["{'text': 'a toy', 'language': 'en'}"] * 20_000) + "]"  # 740 KB
    t0 = time.perf_counter()
    out = parse_list(text)
    assert len(out) == 20_000 and out[-1] == {"text": "a toy", "language": "en"}
    assert time.perf_counter() - t0 < 2.0


# --------------------------------------------------------------------------- properties

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-10**30, 10**30),
    st.floats(allow_nan=False), st.text(max_size=12),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=5), inner, max_size=3)),
    max_leaves=20,
)


def _depth(v) -> int:
    if isinstance(v, list):
        return 1 + max((_depth(x) for x in v), default=0)
    if isinstance(v, dict):
        return 1 + max((_depth(x) for x in v.values()), default=0)
    return 0


def _no_surrogates(v) -> bool:
    text = json.dumps(v, ensure_ascii=False)
    return not any(0xD800 <= ord(c) <= 0xDFFF for c in text)


@settings(max_examples=300, derandomize=True)
@given(st.lists(values, max_size=5))
def test_reads_back_python_repr_and_json(value):
    if _depth(value) > MAX_DEPTH or not _no_surrogates(value):
        return
    assert parse_list(repr(value)) == value
    assert parse_list(json.dumps(value)) == value
    assert parse_list(json.dumps(value, ensure_ascii=False)) == value


def _as_lists(v):
    if isinstance(v, (list, tuple)):
        return [_as_lists(x) for x in v]
    if isinstance(v, dict):
        return {k: _as_lists(x) for k, x in v.items()}
    if isinstance(v, str) and any(0xD800 <= ord(c) <= 0xDFFF for c in v):
        return v.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    return v


@settings(max_examples=500, derandomize=True)
@given(st.text(alphabet="[](){},:'\"\\ 01-.e_xuNTrueFalsNonabn\n", max_size=30).map(lambda s: "[" + s + "]"))
def test_never_raises_and_agrees_with_ast_where_both_read(text):
    out = parse_list(text)  # must not raise
    if out is None:
        return
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            expected = ast.literal_eval(text.strip())
        except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
            return  # we read a little more than Python (JSON's true/false/null, nan)
    if isinstance(expected, list):
        assert repr(out) == repr(_as_lists(expected))  # repr: nan == nan
