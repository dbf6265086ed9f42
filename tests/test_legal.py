"""Tests for landscape.ingest.legal: legal status and events as exports write them."""
from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from landscape.ingest.legal import legal_events, legal_status
from landscape.schema import LEGAL_EVENTS, LEGAL_STATUSES


@pytest.mark.parametrize(
    "raw, expected",
    [
        # PatSnap / incoPat simple status.
        ("有效", "active"), ("失效", "inactive"), ("无效", "inactive"), ("审中", "pending"), ("在审", "pending"),
        ("未确认", "unknown"), ("PCT指定期内", "pending"), ("PCT指定期满", "inactive"),
        # Single events.
        ("授权", "active"), ("实质审查", "pending"), ("公开", "pending"), ("驳回", "inactive"),
        ("撤回", "inactive"), ("视为撤回", "inactive"), ("放弃", "inactive"), ("期限届满", "inactive"),
        ("未缴年费", "inactive"),
        # Lens.
        ("ACTIVE", "active"), ("PENDING", "pending"), ("INACTIVE", "inactive"), ("EXPIRED", "inactive"),
        ("DISCONTINUED", "inactive"), ("PATENTED", "active"), ("CEASED", "inactive"), ("UNKNOWN", "unknown"),
        # Google Patents.
        ("Active", "active"), ("Expired - Lifetime", "inactive"), ("Expired - Fee Related", "inactive"),
        ("Abandoned", "inactive"), ("Pending", "pending"), ("Withdrawn", "inactive"),
        ("Withdrawn - After Issue", "inactive"),
        # Orbit, Derwent, PatSnap English.
        ("ALIVE", "active"), ("DEAD", "inactive"), ("Granted", "active"), ("Lapsed", "inactive"),
        ("Revoked", "inactive"), ("Alive", "active"), ("Undetermined", "unknown"),
        ("PCT designated period", "pending"), ("PCT designated expiration", "inactive"),
    ],
)
def test_status_words(raw, expected):
    assert legal_status(raw) == expected


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("授权; 权利转移; 质押", "active"),  # PatSnap 法律状态/事件
        ("公开; 实质审查", "pending"),
        ("公开; 实质审查; 驳回", "inactive"),
        ("公开; 实质审查; 驳回; 复审", "pending"),  # reexamination requested after the rejection
        ("驳回; 复审; 授权", "active"),  # ... and won
        ("授权; 驳回", "active"),  # a grant overturns an earlier rejection in either order
        ("授权; 未缴年费", "inactive"),
        ("未缴年费; 授权", "inactive"),  # newest first: the furthest stage still wins
        ("授权; 未缴年费; 权利恢复", "active"),
        ("授权; 期限届满; 权利恢复", "inactive"),  # expiry cannot be undone
        ("授权; 部分无效", "active"),
        ("授权 | 无效", "active"),  # PatSnap: 无效 among events is an invalidity request
        ("授权; 全部无效", "inactive"),
        ("实施许可", "active"),  # only granted rights are licensed
        ("权利转移", None),  # applications change hands too
        ("发明专利申请公布后的视为撤回", "inactive"),  # CNIPA long form
        ("专利权的终止", "inactive"),
        ("Application granted; Assignment; Anticipated expiration", "active"),
        ("有效\n授权", "active"),
        # Orbit: one line per family member, the publication itself first.
        ("GRANTED\nPENDING", "active"), ("PENDING\nGRANTED", "pending"), ("LAPSED\r\nEXPIRED", "inactive"),
        ("\n\nPENDING\nGRANTED", "pending"), ("x\nGRANTED", "active"),
        (["公开", "实质审查", "授权"], "active"),
        ("nonsense", None), (None, None), ("", None), (float("nan"), None), (3, None), ([], None),
    ],
)
def test_status_from_events(raw, expected):
    assert legal_status(raw) == expected


def test_events_chinese():
    cell = ("公开; 实质审查; 授权; 全部无效; 复审; 权利转移; 著录事项变更(申请人); 实施许可; 出质; 诉讼; "
            "恢复; 进入国家阶段; 视为撤回; 放弃; 期限届满; 驳回; 未缴年费; 撤销")
    assert legal_events(cell) == [
        "published", "examination", "granted", "invalidation", "reexamination", "transfer", "license",
        "pledge", "litigation", "restored", "pct_national_phase", "withdrawn", "abandoned", "expired",
        "rejected", "lapsed", "revoked"]


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("发明专利申请公布后的视为撤回", ["published", "withdrawn"]),
        ("专利申请权、专利权的转移", ["transfer"]),
        ("专利实施许可合同备案的生效", ["license"]),
        ("专利权质押合同登记的生效", ["pledge"]),
        ("避免重复授予专利权的放弃", ["abandoned"]),
        ("著录事项变更", []),  # a change of address is no transfer
        ("著录项目变更 申请人", ["transfer"]),
        ("期限届满终止", ["expired"]),
        # PatSnap's own event words.
        ("撤回-视为撤回 | 撤回-主动撤回", ["withdrawn"]),
        ("避免重复授权", ["abandoned"]),
        ("全部撤销", ["revoked"]),
        ("PCT进入指定国", ["pct_national_phase"]),
        ("PCT未进入指定国", []),
        ("授权；授权；授权", ["granted"]),
    ],
)
def test_events_cnipa_forms(raw, expected):
    assert legal_events(raw) == expected


def test_events_english():
    cell = ("Application granted; Anticipated expiration; Assignment of assignors interest; "
            "Security interest; "
            "No opposition filed within time limit; Re-examination; Expired - Fee Related; Reinstated; "
            "National phase entry; Intention to grant announced; Final Rejection; Opposition; License; "
            "Reassignment; Lapse; Revocation; Inter partes review; grantee")
    # The forecast, the missing opposition and the intention to grant are no events;
    # a US final rejection is an office action; "grantee" is no grant.
    assert legal_events(cell) == [
        "granted", "transfer", "pledge", "reexamination", "lapsed", "restored", "pct_national_phase",
        "examination", "litigation", "license", "revoked", "invalidation"]


def test_events_empty():
    for raw in (None, "", "   ", float("nan"), 42, [], "有效", "ACTIVE", "Anticipated expiration"):
        assert legal_events(raw) == []


# --------------------------------------------------------------------------- properties

_words = st.sampled_from(["授权", "公开", "驳回", "复审", "恢复", "未缴年费", "granted", "lapsed", "transfer", "质押",
                          "Expired - Fee Related", "有效", "ACTIVE", "x", "权利转移"])


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.none(), st.integers(), st.floats(), st.text(), st.lists(st.text(), max_size=4),
                 st.lists(_words, max_size=8).map("; ".join)))
def test_never_raises(raw):
    assert legal_status(raw) in (*LEGAL_STATUSES, None)
    events = legal_events(raw)
    assert set(events) <= set(LEGAL_EVENTS) and len(set(events)) == len(events)


@settings(max_examples=200, deadline=None)
@given(st.lists(_words, min_size=1, max_size=8))
def test_status_ignores_event_order_without_restoration(words):
    # Exports list events oldest or newest first; without a restoration or reexamination
    # (which are "after" by nature) the status must not depend on the order.
    words = [w for w in words if w not in ("恢复", "复审", "有效", "ACTIVE")]  # status words: first wins
    assert legal_status("; ".join(words)) == legal_status("; ".join(reversed(words)))


@pytest.mark.parametrize(
    "cell",
    ["授权" * 50_000, "grant " * 20_000, "x" * 1_000_000, ";" * 1_000_000, "a " * 500_000,
     "著录事项变更(((" * 10_000, "\ud800授权" * 30_000, ["授权"] * 100_000, "\n" * 1_000_000,
     "授权\n" * 300_000, " " * 1_000_000 + "\nx"],
)
def test_hostile_cells_are_fast(cell):
    start = time.perf_counter()
    legal_status(cell)
    legal_events(cell)
    assert time.perf_counter() - start < 10  # hang guard: quadratic work on these cells takes minutes
