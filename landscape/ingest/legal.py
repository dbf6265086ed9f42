"""Legal status (法律状态) and legal events (法律事件) from the words exports write.

Pure functions, no I/O. Two kinds of cell arrive:

* a status word: PatSnap/incoPat ``有效`` / ``失效`` / ``审中`` / ``未确认`` / ``PCT指定期内``;
  Lens ``ACTIVE`` / ``PENDING`` / ``DISCONTINUED`` / ``PATENTED``; Google ``Active`` /
  ``Expired - Fee Related``; Orbit and Derwent ``ALIVE`` / ``DEAD``;
* a list of events: PatSnap's ``法律状态/事件`` (``授权; 权利转移; 质押``), CNIPA's
  ``实质审查的生效`` / ``专利权的终止``, English ``Assignment`` / ``Security interest``.

:func:`legal_events` finds the events (one of :data:`landscape.schema.LEGAL_EVENTS`);
:func:`legal_status` reads a status word, or else decides the status from the events.
"""
from __future__ import annotations

import re

from landscape.ingest.values import MAX_CHARS, MAX_ITEMS, cell_items, cell_text

# Status words, in the form _status_key() gives (lower case, no spaces or punctuation).
# Only words that are a status and never an event: "授权; 权利转移" is decided by its events.
_STATUS_WORDS = {
    "active": "有效 有效专利 专利权维持 active alive inforce patented valid",
    "pending": "审中 在审 审查中 待审 pending pctdesignatedperiod pct指定期内 pct有效期内 "
               "pct进入指定国指定期内",
    "inactive": "失效 inactive dead discontinued notinforce pctdesignatedexpiration pct指定期满 "
                "pct有效期满 pct未进入指定国指定期满",
    "unknown": "未确认 不确定 待定 未知 unknown undetermined unconfirmed",
}
_STATUS = {word: status for status, words in _STATUS_WORDS.items() for word in words.split()}
# Words that are a status only when they fill the cell: some Chinese platforms write 有效/无效
# for valid/invalid, while in PatSnap's event list 无效 is an invalidity request.
_CELL_STATUS = {"无效": "inactive"}

# Event phrases ("|"-separated) in the form _event_text() gives (lower case, runs of
# spaces and dashes as one space), each with the event it names. Two names are internal:
# "invalidated" (all claims, an end) and "withdrawn_granted" (a grant withdrawn) are
# reported as invalidation and withdrawn. None marks a phrase that only looks like an
# event ("anticipated expiration" is a forecast, "no opposition filed" the absence of
# one): matching it consumes the words so the shorter phrase inside does not match.
_EVENT_PHRASES = {
    "published": "公开|公布|published|publication|laid open",
    "examination": "实质审查|实审|examination|examining|substantive examination|request for examination"
                   "|final rejection|non final rejection",
    "granted": "授权|granted|grant|patented|issued|patent granted|publication of grant",
    "rejected": "驳回|rejected|rejection|refused|refusal",
    "withdrawn": "撤回|视为撤回|withdrawn|withdrawal|deemed withdrawn",
    "withdrawn_granted": "withdrawn after issue",
    "abandoned": "放弃|视为放弃|避免重复授权|避免重复授权放弃|避重放弃|避免重复授予专利权|abandoned|abandonment"
                 "|discontinued|discontinuation",
    "lapsed": "未缴年费|未缴费|年费终止|专利权终止|专利权的终止|权利终止|终止|lapsed|lapse|lapses|ceased"
              "|cessation|fee related|expired fee related|non payment|nonpayment|failure to pay",
    "expired": "期限届满|届满|届满终止|期限届满终止|有效期届满|expired|expiry|expiration|expired lifetime",
    "revoked": "撤销|revoked|revocation",
    "invalidation": "无效宣告|宣告无效|无效|部分无效|invalidation|invalidity|invalid procedure|nullity"
                    "|inter partes review|post grant review",
    "invalidated": "全部无效|全部无效宣告|declared invalid",
    "reexamination": "复审|reexamination|re examination|ex parte reexamination|appeal",
    "transfer": "权利转移|转移|转让|专利权人变更|权利人变更|申请人变更|transfer|transferred|assignment"
                "|assigned|reassignment|assignors interest|change of ownership|change of owner",
    "license": "许可|实施许可|license|licence|licensed|licensing",
    "pledge": "质押|出质|质权|pledge|pledged|security interest|security agreement|secured party|mortgage",
    "litigation": "诉讼|侵权|异议|litigation|lawsuit|opposition|infringement",
    "restored": "恢复|权利恢复|restored|restoration|reinstated|reinstatement|revived|revival"
                "|re establishment|reestablishment",
    "pct_national_phase": "进入国家阶段|国家阶段|进入指定国|national phase|national stage",
    None: "anticipated expiration|adjusted expiration|expiration date|intention to grant"
          "|no opposition filed|未进入|著录事项变更|著录项目变更",
}
_PHRASES = {phrase: event for event, text in _EVENT_PHRASES.items() for phrase in text.split("|")}
_PUBLIC = {"invalidated": "invalidation", "withdrawn_granted": "withdrawn"}


def _alternation(phrases) -> str:
    # Longest first: at one position "视为撤回" must win over "撤回".
    return "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))


# The English group's boundaries sit outside the alternation, which lets the regex engine
# skip positions by first character: ten times faster on a long cell than per-phrase checks.
_EVENT_RE = re.compile(
    # 著录事项变更(申请人): a bibliographic change of the applicant is a transfer.
    r"(?P<owner>著录(?:事项|项目)变更\W{0,3}(?:申请人|专利权人|权利人))|"
    + _alternation(p for p in _PHRASES if not p.isascii())
    # English words must stand alone: "grant" is not in "grantee".
    + r"|(?<![a-z])(?:" + _alternation(p for p in _PHRASES if p.isascii()) + r")(?![a-z])"
)


def _event_text(raw) -> str | None:
    """Lower-cased NFKC text of a cell or list, with runs of spaces, dashes and underscores as one space."""
    items = cell_items(raw, limit=MAX_ITEMS)
    parts = [cell_text(i) for i in items] if items is not None else [cell_text(raw)]
    text = "; ".join(p for p in parts if p)
    if not text:
        return None
    # New lines separate entries (a status word may stand on its own line).
    text = re.sub(r"[\r\n\u2028\u2029]+", ";", text.lower())
    return re.sub(r"[\s\-_‐–—]+", " ", text)


def _internal_events(text: str) -> list[str]:
    """Events (internal names) in order of first appearance."""
    out: list[str] = []
    for m in _EVENT_RE.finditer(text):
        event = "transfer" if m.group("owner") else _PHRASES[m.group()]
        if event is not None and event not in out:
            out.append(event)
    return out


def legal_events(raw) -> list[str]:
    """The legal events named in a cell, in order of first appearance, each once.

    Chinese (``公开``, ``实质审查``, ``授权``, ``驳回``, ``视为撤回``, ``未缴年费``,
    ``期限届满``, ``全部无效``, ``复审``, ``权利转移``, ``著录事项变更(申请人)``,
    ``实施许可``, ``质押``, ``诉讼``, ``恢复``, ``进入国家阶段``) and English (``granted``,
    ``assignment``, ``security interest``, ``opposition``, ``Expired - Fee Related``,
    ``reinstated``, ``national phase``) words both count; CNIPA's long forms
    (``发明专利申请公布后的视为撤回``) give every event they name. A US final rejection is
    an office action, so it counts as examination, not rejection. Empty when nothing is
    recognised.
    """
    text = _event_text(raw)
    if not text:
        return []
    events = (_PUBLIC.get(e, e) for e in _internal_events(text))
    return list(dict.fromkeys(events))


def _status_key(piece: str) -> str:
    return re.sub(r"[\W_]+", "", piece)


# What each event says about the status. Ends that cannot be undone first.
_FINAL = {"expired", "revoked", "invalidated", "withdrawn_granted"}
_RESTORABLE = {"lapsed", "abandoned"}
_APPLICATION_ENDS = {"rejected", "withdrawn"}
_PENDING = {"published", "examination", "reexamination", "pct_national_phase"}
# Registered licences and pledges, suits and invalidity requests concern granted rights;
# a transfer may be of an application, so it says nothing on its own.
_GRANTED_ONLY = {"license", "pledge", "litigation", "invalidation"}


def _status_from_events(events: list[str]) -> str | None:
    """The status the events lead to, whatever order the export lists them in."""
    def after_last(later: set[str], ends: set[str]) -> bool:
        last_end = max(i for i, e in enumerate(events) if e in ends)
        return any(e in later for e in events[last_end + 1:])

    present = set(events)
    if present & _FINAL:
        return "inactive"
    granted = "granted" in present or bool(present & _GRANTED_ONLY)
    if present & _RESTORABLE:
        if not after_last({"restored"}, _RESTORABLE):
            return "inactive"
        return "active" if granted else "pending"
    if granted:
        return "active"  # a rejection or withdrawal before a grant was overturned
    if present & _APPLICATION_ENDS:
        return "pending" if after_last({"reexamination", "restored"}, _APPLICATION_ENDS) else "inactive"
    if present & _PENDING:
        return "pending"
    return None


def legal_status(raw) -> str | None:
    """``active``, ``pending``, ``inactive`` or ``unknown`` (see :data:`landscape.schema.LEGAL_STATUSES`).

    A status word decides first, the first one in the cell if several: ``有效``,
    ``ACTIVE``, ``PATENTED``, ``ALIVE`` -> active (Orbit and Derwent call pending
    applications alive too; the export's other columns tell them apart); ``审中``,
    ``PENDING``, ``PCT指定期内`` -> pending; ``失效``, ``INACTIVE``, ``DEAD``,
    ``DISCONTINUED``, ``PCT指定期满`` -> inactive; ``未确认``, ``UNKNOWN`` -> unknown.

    Otherwise the events decide (:func:`legal_events`): the furthest stage reached wins,
    so the rule holds whether the export lists events oldest or newest first.

    1. An end that cannot be undone (expiry, revocation, full invalidation) -> inactive.
    2. A lapse or abandonment -> inactive, unless restored after it.
    3. A grant -> active (an earlier rejection was overturned); so do a licence, pledge,
       suit or invalidity request, which only granted rights have.
    4. A rejection or withdrawal -> inactive, unless reexamination or restoration follows.
    5. Publication, examination, PCT national phase -> pending.

    Transfers alone say nothing (applications change hands too). None when nothing in
    the cell is recognised.

    Text with one value per line is a family cell (Orbit, Espacenet: one line per member,
    the publication itself first), so its first line decides when it says anything:
    ``GRANTED\nPENDING`` is active.
    """
    if isinstance(raw, str) and "\n" in raw.strip():
        first_line = raw.lstrip()[:MAX_CHARS].split("\n", 1)[0]
        status = _status_of(_event_text(first_line))
        if status is not None:
            return status
    return _status_of(_event_text(raw))


def _status_of(text: str | None) -> str | None:
    if not text:
        return None
    if _status_key(text) in _CELL_STATUS:
        return _CELL_STATUS[_status_key(text)]
    for piece in re.split(r"[;；|,，、]", text)[:MAX_ITEMS]:
        status = _STATUS.get(_status_key(piece))
        if status is not None:
            return status
    return _status_from_events(_internal_events(text))
