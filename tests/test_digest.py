"""Digests of a hand-made watched map (``push_bundle``): the planted new entrant and surge reach
the subscribers who follow that area or rival, in Chinese and in English, with the reasons each
patent is listed; a subscriber with unrelated interests gets none of it; one with nothing new
gets a short "nothing new" digest; ids are stable; the HTML fetches nothing."""
from __future__ import annotations

import datetime as dt
import re

import pytest
import push_bundle as P
from markupsafe import escape

from landscape.maps import read_bundle
from landscape.push.digest import DigestError, digest_for, map_news, render, write_digests
from landscape.push.subscriptions import check

DAY = dt.date(2026, 11, 3)
PLANTED_ZH = ("新星玩具有限公司 新进入「遥控车」领域", "「遥控车」领域申请激增")
PLANTED_EN = ("新星玩具有限公司 is new in 'Remote-control cars'", "Filings in 'Remote-control cars' surged")
ENTRANT_IDS = {"CN300002A", "CN300003A", "CN300004A", "CN300005A"}


@pytest.fixture(scope="module")
def ws(tmp_path_factory):
    ws = tmp_path_factory.mktemp("push")
    P.write_workspace(ws)
    return ws


@pytest.fixture(scope="module")
def written(ws):
    out = write_digests(ws, read_bundle(ws, "toys"), [check(s) for s in P.SUBSCRIBERS], today=DAY)
    return {w.digest.subscriber.name: w for w in out}


def test_the_planted_entrant_and_surge_reach_the_right_subscribers_in_both_languages(written):
    zh, en = written["某玩具厂"], written["Toy Co"]
    for w, planted in ((zh, PLANTED_ZH), (en, PLANTED_EN)):
        assert [c["text"].startswith(p) for c, p in zip(w.digest.rivals, planted)] == [True, True]
        assert all(p in w.text and str(escape(p)) in w.html for p in planted)
        assert ENTRANT_IDS <= {p["id"] for p in w.digest.patents}
    assert "竞争对手动向" in zh.text and "Rivals' moves" in en.text
    assert "竞争对手 新星玩具有限公司（关注“新星玩具”）" in zh.text
    assert "rival 新星玩具有限公司 (you watch “新星玩具”); in 'Remote-control cars'" in en.text


def test_each_patent_says_why_it_is_there(written):
    by_id = {p["id"]: p for p in written["某玩具厂"].digest.patents}
    mine = by_id["CN300001A"]
    assert mine["applicant"] == "汕头积木厂有限公司" and mine["date"] == "2026-10-20" and mine["title"] == "磁力积木拼接结构"
    assert mine["why"] == ["申请人 汕头积木厂有限公司（关注“汕头积木”）", "标题或摘要含关键词“磁力积木”", "位于「积木」领域"]
    lamp = written["Lamp Co"].digest.patents
    assert [p["id"] for p in lamp] == ["US300006A"]
    assert lamp[0]["why"] == ["keyword “heat sink” in the title or abstract", "code F21V29/00 (you follow F21V)",
                              "in 'LED lamps'"]


def test_unrelated_interests_get_none_of_it(written):
    lamp = written["Lamp Co"]
    assert not ENTRANT_IDS & {p["id"] for p in lamp.digest.patents}
    assert not lamp.digest.rivals
    assert [c["text"] for c in lamp.digest.changes] == ["1 new filing in 'LED lamps'."]
    assert not any(p in lamp.text or str(escape(p)) in lamp.html for p in PLANTED_EN + PLANTED_ZH)
    assert [a["text"] for a in lamp.digest.alerts] == ["Foreign applicants lead 'LED lamps'."]
    assert [w["id"] for w in lamp.digest.white_spaces] == ["W2"]


def test_nothing_new_is_a_short_digest_that_says_so(written):
    chem = written["Chem Co"]
    assert chem.digest.nothing_new and not chem.digest.patents
    assert "本期没有与您关注内容相关的新专利" in chem.text and "无新动态" in chem.digest.subject()
    assert len(chem.text.splitlines()) < 12


def test_files_ids_and_html(ws, written):
    folder = ws / "digests" / "2026-11-03" / "toys"
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"{n}.{x}" for n in ("某玩具厂", "Toy-Co", "Lamp-Co", "Chem-Co")
                                                             for x in ("html", "txt"))
    assert (folder / "某玩具厂.txt").read_text(encoding="utf-8") == written["某玩具厂"].text
    page = written["某玩具厂"].html
    assert not re.search(r"<link|<script|<img|src=|url\(|@import|https?://", page)  # nothing fetched
    assert 'lang="zh-CN"' in page and "<style" not in page  # inline styles only
    again = digest_for(map_news(read_bundle(ws, "toys")), check(P.SUBSCRIBERS[0]), today=DAY)
    assert [c["id"] for c in again.rivals] == [c["id"] for c in written["某玩具厂"].digest.rivals]
    assert render(again) == (written["某玩具厂"].html, written["某玩具厂"].text)


def test_text_is_escaped_in_html(ws):
    sub = check({"name": "<b>Evil</b> & Co", "email": "a@b.example", "lang": "en", "keywords": ["heat sink"]})
    page, text = render(digest_for(map_news(read_bundle(ws, "toys")), sub, today=DAY))
    assert "&lt;b&gt;Evil&lt;/b&gt; &amp; Co" in page and "<b>Evil</b> & Co" in text


def test_since_a_date_instead_of_the_latest_version(ws):
    news = map_news(read_bundle(ws, "toys"), since=dt.date(2026, 10, 23))
    assert set(news.new["id"]) == {"CN300004A", "CN300005A", "US300006A"}  # published on or after
    assert "since 2026-10-23" in news.since_text("en")


def test_a_map_never_watched_needs_since(tmp_path):
    P.write_workspace(tmp_path, with_added=False)
    with pytest.raises(DigestError, match=r"no watched records \(points.added_in\): run `landscape watch"):
        map_news(read_bundle(tmp_path, "toys"))
    assert len(map_news(read_bundle(tmp_path, "toys"), since=dt.date(2026, 1, 1)).new) == len(P.NEW)


def test_subscribers_of_another_map_are_skipped(ws, tmp_path):
    other = check(dict(P.SUBSCRIBERS[1], map="lamps"))
    assert write_digests(tmp_path, read_bundle(ws, "toys"), [other], today=DAY) == []
