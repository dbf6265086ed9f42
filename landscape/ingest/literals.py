"""List cells written as Python or JSON literals, read without ``eval`` and without recursion.

pandas and BigQuery exports write repeated fields as the text of a literal:
``['A63H33/04', 'B65B1/00']``, ``["A", "B"]``, ``[{'text': 'Toy', 'language': 'en'}]``.
:func:`ast.literal_eval` reads those, but a hostile cell makes it raise RecursionError or
MemoryError (``[`` + 3,000 ``-`` + ``1]``) or take gigabytes (a 4 MB literal), and an
exception there used to lose the whole file. :func:`parse_list` reads the same literals with
one loop over tokens and an explicit stack: linear time, nesting capped at
:data:`MAX_DEPTH`, size capped at :data:`MAX_CHARS` and :data:`MAX_VALUES`, and None for
anything that is not such a literal. It never raises.
"""
from __future__ import annotations

import re
import unicodedata

#: Deepest nesting read; the outer list is depth 1. Real cells nest two or three deep.
MAX_DEPTH = 8
#: Longest literal read (characters); longer text is not parsed as a literal.
MAX_CHARS = 1_000_000
#: Most values (items, keys and containers together) in one literal.
MAX_VALUES = 250_000
#: A number with more characters than this is kept as its text (Python refuses to turn
#: text of more than 4,300 digits into an int).
_MAX_NUMBER_CHARS = 4000

# One token after optional whitespace. Possessive quantifiers (*+) keep an unterminated
# string from backtracking; every alternative starts with a different character class.
_TOKEN = re.compile(r"""
    \s*+
    (?:
        (?P<open>[\[({])
      | (?P<close>[\])}])
      | (?P<comma>,)
      | (?P<colon>:)
      | [uU]?(?P<str>'(?:[^'\\\n]|\\.)*+'|"(?:[^"\\\n]|\\.)*+")
      | (?P<num>[-+]?(?:\d(?:_?\d)*+(?:\.(?:\d(?:_?\d)*+)?)?|\.\d(?:_?\d)*+)(?:[eE][-+]?\d(?:_?\d)*+)?(?![\w.]))
      | (?P<name>[-+]?(?:inf|nan|Infinity|NaN)(?!\w)|True|False|None|true|false|null)(?!\w)
    )""", re.VERBOSE | re.DOTALL)
_NAMES = {"True": True, "true": True, "False": False, "false": False, "None": None, "null": None}
_ESCAPE = re.compile(r"\\(?:x([0-9a-fA-F]{2})|u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8})|([0-7]{1,3})|N\{([^}\n]{1,100})\}"
                     r"|(\n)|(.))", re.DOTALL)
# Python's escapes; JSON's are the same but for "\/", which Python keeps as written.
_SIMPLE_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "\\": "\\", "'": "'", '"': '"',
                   "b": "\b", "f": "\f", "v": "\v", "a": "\a"}
_SURROGATES = re.compile("[\ud800-\udfff]")
_CLOSERS = {"[": "]", "(": ")", "{": "}"}


def _unescape(m: re.Match) -> str:
    hex2, hex4, hex8, octal, name, newline, other = m.groups()
    if newline is not None:
        return ""  # a backslash at the end of a line continues the string
    if name is not None:
        try:
            return unicodedata.lookup(name)
        except KeyError:
            return m.group()
    code = hex2 or hex4 or hex8
    if code is not None:
        value = int(code, 16)
    elif octal is not None:
        value = int(octal, 8)
    else:
        return _SIMPLE_ESCAPES.get(other, "\\" + other)  # an unknown escape stays as written
    return chr(value) if value <= 0x10FFFF else "\ufffd"


def _string(token: str) -> str:
    body = token[1:-1]
    if "\\" in body:
        body = _ESCAPE.sub(_unescape, body)
        if _SURROGATES.search(body):
            # JSON writes characters outside the BMP as a surrogate pair (\ud83d\ude00): join
            # the pairs; a lone surrogate cannot be stored and becomes U+FFFD.
            body = body.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    return body


def _number(token: str):
    if len(token) > _MAX_NUMBER_CHARS:
        return token
    text = token.replace("_", "")
    try:
        if any(c in text for c in ".eE"):
            return float(text)
        return int(text)
    except ValueError:
        return token


class _Frame:
    __slots__ = ("out", "closer", "is_dict", "expect", "key", "commas")

    def __init__(self, opener: str):
        self.is_dict = opener == "{"
        self.out = {} if self.is_dict else []
        self.closer = _CLOSERS[opener]
        # item: a value (or a key) or the closer; sep: a comma or the closer; colon; value
        self.expect = "item"
        self.key = None
        self.commas = 0

    def value(self):
        # "(x)" is x, as in Python; "(x,)" and "()" are tuples, read as lists.
        if self.closer == ")" and not self.commas and len(self.out) == 1:
            return self.out[0]
        return self.out


def parse_list(text: str) -> list | None:
    """The list a Python-literal or JSON list cell holds, or None when it holds none.

    Reads strings (single or double quoted, with escapes), numbers, ``True/False/None``
    (and JSON's ``true/false/null``), ``nan``/``inf``, and lists, tuples (read as lists)
    and dicts nested up to :data:`MAX_DEPTH` deep. None for anything else: an expression,
    a set, deeper nesting, more than :data:`MAX_CHARS` characters or :data:`MAX_VALUES`
    values, text that is not a list at the top.

    >>> parse_list("['A63H33/04', 'B65B1/00']")
    ['A63H33/04', 'B65B1/00']
    >>> parse_list("[{'text': 'Toy', 'language': 'en'}]")
    [{'text': 'Toy', 'language': 'en'}]
    >>> parse_list("[" + "-" * 3000 + "1]") is None
    True
    """
    if not isinstance(text, str) or len(text) > MAX_CHARS:
        return None
    s = text.strip()
    if not (s.startswith("[") and s.endswith("]")):
        return None
    stack: list[_Frame] = []
    values = 0
    pos, end = 0, len(s)
    while pos < end:
        m = _TOKEN.match(s, pos)
        if m is None:
            return None
        pos = m.end()
        kind = m.lastgroup
        frame = stack[-1] if stack else None
        if kind == "open":
            if frame is None and pos != 1:
                return None  # a second value after the outer list
            if frame is not None and frame.expect not in ("item", "value"):
                return None
            if len(stack) >= MAX_DEPTH or (frame is not None and frame.is_dict and frame.expect == "item"):
                return None  # too deep, or a container as a dict key
            stack.append(_Frame(m.group("open")))
            continue
        if frame is None:
            return None  # anything but whitespace after the outer list closed
        if kind == "close":
            if m.group("close") != frame.closer or frame.expect not in ("item", "sep"):
                return None
            stack.pop()
            value = frame.value()
        elif kind == "comma":
            if frame.expect != "sep":
                return None
            frame.expect = "item"
            frame.commas += 1
            continue
        elif kind == "colon":
            if not frame.is_dict or frame.expect != "colon":
                return None
            frame.expect = "value"
            continue
        elif kind == "str":
            value = _string(m.group("str"))
        elif kind == "num":
            value = _number(m.group("num"))
        else:
            name = m.group("name")
            value = _NAMES[name] if name in _NAMES else float(name.replace("Infinity", "inf"))
        values += 1
        if values > MAX_VALUES:
            return None
        if not stack:
            result = value
            if s[pos:].strip():
                return None
            return result if isinstance(result, list) else None
        parent = stack[-1]
        if parent.is_dict and parent.expect == "item":
            if kind == "close":
                return None  # a container as a key
            parent.key, parent.expect = value, "colon"
        elif parent.is_dict and parent.expect == "value":
            parent.out[parent.key] = value
            parent.expect = "sep"
        elif not parent.is_dict and parent.expect == "item":
            parent.out.append(value)
            parent.expect = "sep"
        else:
            return None
    return None  # the text ended inside a container
