"""Subscriptions (``WORKSPACE/subscriptions.toml``): checked field by field with one sentence
naming the file, subscriber and field; written through a rename without losing anyone; any
text round-trips; the commands add, update, list and remove subscribers."""
from __future__ import annotations

import json
import os

import pytest
import push_bundle as P
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from landscape.cli import main
from landscape.push import subscriptions as S


def sub(**kw) -> S.Subscriber:
    return S.check({"name": "某玩具厂", "email": "ip@example.cn", **kw})


@pytest.mark.parametrize("raw, says", [
    ({"email": "ip@example"}, "subscriber '某玩具厂': email 'ip@example' is not an e-mail address"),
    ({"email": "ip example.cn"}, "email 'ip example.cn' is not an e-mail address"),
    ({"lang": "fr"}, "lang must be zh or en, not 'fr'"),
    ({"areas": [3, -1]}, "areas must be area numbers"),
    ({"areas": ["x"]}, "areas must be area numbers"),
    ({"codes": ["A63H 33/00", "磁力"]}, "codes: '磁力' is not an IPC/CPC code prefix"),
    ({"keywords": "遥控", "rivals": [3]}, "rivals must be a list of texts"),
    ({"colour": "red"}, "unknown field 'colour'"),
    ({"name": " "}, "a subscriber has no name"),
])
def test_each_field_is_checked_in_one_sentence(raw, says):
    with pytest.raises(S.SubscriptionError, match=says) as err:
        S.check({"name": "某玩具厂", "email": "ip@example.cn", **raw}, source="subscriptions.toml")
    assert str(err.value).startswith("subscriptions.toml") and str(err.value).count(". ") == 0


def test_fields_are_tidied():
    s = sub(keywords=["磁力积木", " 磁力积木 ", "遥控"], codes=["a63h 33/04"], areas=["3", 7, 3])
    assert (s.keywords, s.codes, s.areas, s.lang) == (("磁力积木", "遥控"), ("A63H33/04",), (3, 7), "zh")


def test_areas_and_branches_are_named_against_the_map():
    with pytest.raises(S.SubscriptionError, match=r"areas: the map has no area 9 \(its areas: 0, 1, 2, 3\)"):
        S.check({"name": "a", "email": "a@b.cn", "areas": [1, 9]}, areas=[0, 1, 2, 3, -1], branches=["toys"])
    with pytest.raises(S.SubscriptionError, match="branches: the map has no branch 'cars'"):
        S.check({"name": "a", "email": "a@b.cn", "branches": ["cars"]}, areas=[0], branches=["toys", "lighting"])


def test_duplicate_names_and_file_names_are_refused(tmp_path):
    with pytest.raises(S.SubscriptionError, match="two subscribers are called 'toy co'"):
        S.write_subscriptions(tmp_path, [sub(name="Toy Co"), sub(name="toy co")])
    with pytest.raises(S.SubscriptionError, match="give the same digest file name"):
        S.write_subscriptions(tmp_path, [sub(name="Toy Co"), sub(name="Toy/Co")])
    assert not (tmp_path / S.FILE).exists()


def test_a_broken_file_is_one_sentence_naming_it(tmp_path):
    path = tmp_path / S.FILE
    path.write_text('[[subscriber]]\nname = "a"\nemail = ', encoding="utf-8")
    with pytest.raises(S.SubscriptionError, match=f"^{path}: not valid TOML"):
        S.read_subscriptions(tmp_path)
    path.write_text('[[subscriber]]\nname = "a"\nemail = "a@b.cn"\nlang = "de"\n', encoding="utf-8")
    with pytest.raises(S.SubscriptionError, match=f"^{path}: subscriber 'a': lang must be zh or en"):
        S.read_subscriptions(tmp_path)


def test_saving_keeps_the_others_and_a_failed_write_loses_nothing(tmp_path, monkeypatch):
    for s in P.SUBSCRIBERS:
        S.save_subscriber(tmp_path, S.check(s))
    assert not S.save_subscriber(tmp_path, S.check(dict(P.SUBSCRIBERS[1], email="new@toyco.example")))
    subs = S.read_subscriptions(tmp_path)
    assert [s.name for s in subs] == [s["name"] for s in P.SUBSCRIBERS]
    assert subs[1].email == "new@toyco.example" and subs[0] == S.check(P.SUBSCRIBERS[0])
    S.save_subscriber(tmp_path, S.check(dict(P.SUBSCRIBERS[2], name="Lamp Company")), old_name="Lamp Co")
    assert [s.name for s in S.read_subscriptions(tmp_path)][2] == "Lamp Company"
    before = (tmp_path / S.FILE).read_bytes()

    def broken(*a):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken)
    with pytest.raises(OSError):
        S.save_subscriber(tmp_path, sub(name="Another"))
    assert (tmp_path / S.FILE).read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []
    monkeypatch.undo()
    assert S.remove_subscriber(tmp_path, "toy co").name == "Toy Co"
    with pytest.raises(S.SubscriptionError, match="no subscriber called 'Toy Co'"):
        S.remove_subscriber(tmp_path, "Toy Co")


text = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=20).filter(lambda v: v.split())


@settings(max_examples=60, deadline=None)
@given(name=text, keywords=st.lists(text, max_size=4), applicants=st.lists(text, max_size=3),
       areas=st.lists(st.integers(0, 500), max_size=4))
def test_any_text_round_trips(tmp_path_factory, name, keywords, applicants, areas):
    ws = tmp_path_factory.mktemp("rt")
    s = S.check({"name": name, "email": "a@b.cn", "keywords": keywords, "applicants": applicants, "areas": areas})
    S.write_subscriptions(ws, [s])
    assert S.read_subscriptions(ws) == [s]


def run(ws, *args):
    return CliRunner().invoke(main, [*args, "--workspace", str(ws)])


def test_the_commands(tmp_path):
    P.write_workspace(tmp_path)
    r = run(tmp_path, "subscribe", "--name", "某玩具厂", "--email", "ip@example.cn", "--applicant", "某玩具",
            "--keywords", "磁力积木，遥控", "--areas", "0,1", "--map", "toys")
    assert r.exit_code == 0 and r.output.startswith("Added 某玩具厂"), r.output
    r = run(tmp_path, "subscribe", "--name", "某玩具厂", "--rivals", "新星玩具", "--lang", "en", "--json")
    assert json.loads(r.output)["subscriber"] == {
        "name": "某玩具厂", "email": "ip@example.cn", "lang": "en", "applicants": ["某玩具"], "rivals": ["新星玩具"],
        "keywords": ["磁力积木", "遥控"], "areas": [0, 1], "map": "toys"}
    r = run(tmp_path, "subscribe", "--name", "某玩具厂", "--areas", "0,12")
    assert r.exit_code == 2 and "areas: the map has no area 12" in r.output
    r = run(tmp_path, "subscribe", "--name", "Toy Co")
    assert r.exit_code == 2 and "new subscriber: give --email" in r.output
    r = run(tmp_path, "subscribe", "--name", "Toy Co", "--email", "x@y.example", "--map", "nope")
    assert r.exit_code == 2 and "no map called 'nope'" in r.output and "Traceback" not in r.output
    assert "某玩具厂 <ip@example.cn> [en, map toys]" in run(tmp_path, "subscriptions").output
    r = run(tmp_path, "unsubscribe", "--name", "某玩具厂")
    assert r.exit_code == 0 and json.loads(run(tmp_path, "subscriptions", "--json").output)["subscribers"] == []
