"""The language of a record's text: script counts first (Han, kana, Hangul, Cyrillic …), then
py3langid among the Latin-script languages patent text comes in, English unless another clearly
wins. Pure; reads at most :data:`MAX_LANGUAGE_CHARS` of a text."""
from __future__ import annotations

import re
import unicodedata

from landscape.ingest.cells import _missing

#: Characters of a text the language is detected from: the first 20,000 say it.
MAX_LANGUAGE_CHARS = 20_000

# Latin-script languages patent text realistically comes in; restricting the classifier
# stops short technical titles from coming out as Catalan, Latin or Pidgin.
_LATIN_LANGS = frozenset(("en", "de", "fr", "es", "it", "nl", "pt", "sv", "da", "fi", "pl", "ru", "tr", "id", "ms"))
_SCRIPTS = {
    "hangul": ((0x1100, 0x11FF), (0x3130, 0x318F), (0xA960, 0xA97F), (0xAC00, 0xD7FF)),
    "kana": ((0x3040, 0x30FF), (0x31F0, 0x31FF), (0xFF66, 0xFF9F)),
    "han": ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x3134F)),
    "cyrillic": ((0x0400, 0x052F),),
    "greek": ((0x0370, 0x03FF), (0x1F00, 0x1FFF)),
    "arabic": ((0x0600, 0x06FF), (0x0750, 0x077F), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF)),
    "thai": ((0x0E00, 0x0E7F),),
    "latin": ((0x0041, 0x024F), (0x1E00, 0x1EFF)),
}
_MAJORITY_SCRIPTS = (("cyrillic", "ru"), ("greek", "el"), ("arabic", "ar"), ("thai", "th"))
_langid = None  # the py3langid identifier, loaded on first use (it takes half a second)


def _char_class(ranges) -> str:
    return "[" + "".join(f"\\U{lo:08x}-\\U{hi:08x}" for lo, hi in ranges) + "]"


# One compiled character class per script: counting with findall runs in C, which matters
# because every imported record is classified (a Python loop per character took 1 ms each).
_SCRIPT_RE = {name: re.compile(_char_class(ranges)) for name, ranges in _SCRIPTS.items()}
_LETTER_RE = re.compile(r"[^\W\d_]")
_ASCII_LETTER_RE = re.compile(r"[A-Za-z]")
# Patent text in Latin script is mostly English, and short titles ("Robot control") are
# ambiguous: another language must beat English by this log-probability margin to win.
_ENGLISH_MARGIN = 10.0


def _identifier():
    global _langid
    if _langid is None:
        # Our own instance: set_languages on py3langid's shared one would affect others.
        from py3langid.langid import MODEL_FILE, LanguageIdentifier

        # 0.4 renamed the loader; pyproject allows 0.3, which only has from_pickled_model.
        load = getattr(LanguageIdentifier, "from_model_file", None)
        identifier = (load or LanguageIdentifier.from_pickled_model)(MODEL_FILE)
        # py3langid 0.4 keeps its feature table in float16 and numpy casts the rows each text
        # uses to float32 before scoring: cast once (28 MB more) and scoring takes a third
        # of the time, with the same float32 scores.
        table = getattr(identifier, "nb_ptc", None)
        if getattr(table, "dtype", None) == "float16":
            identifier.nb_ptc = table.astype("float32")
        _langid = identifier
    return _langid


def detect_language(text: str | None) -> str | None:
    """ISO 639-1 code of the text's language (zh, en, ja, ko, ru, de, fr, ...), None if empty.

    Script decides first, since it is reliable on short titles: any Hangul is ``ko``, any kana
    ``ja``, Han as 30 % or more of the letters ``zh``. Latin text goes to py3langid restricted
    to the usual patent languages; other scripts to py3langid unrestricted. None when the
    text has no letters.
    """
    if _missing(text):
        return None
    text = str(text)[:MAX_LANGUAGE_CHARS]
    if text.isascii():
        # ASCII is its own NFKC form and every letter of it is Latin: the script counts
        # below would only confirm that (they took a third of an import's time).
        return _latin_language(text.lower()) if _ASCII_LETTER_RE.search(text) else None
    text = unicodedata.normalize("NFKC", text)
    letters = len(_LETTER_RE.findall(text))
    if not letters:
        return None
    counts = {name: len(rx.findall(text)) for name, rx in _SCRIPT_RE.items()}
    if counts.get("hangul"):
        return "ko"
    if counts.get("kana"):
        return "ja"
    if counts.get("han", 0) >= 0.3 * letters:
        return "zh"
    for script, lang in _MAJORITY_SCRIPTS:
        if counts.get(script, 0) > letters / 2:
            return lang
    # Lower-cased: all-caps titles (Lens) otherwise look like no language at all.
    if counts.get("latin", 0) >= letters / 2:
        return _latin_language(text.lower())
    return _identifier().rank(text.lower())[0][0]


def _latin_language(lowered: str) -> str:
    """The language of Latin-script text among :data:`_LATIN_LANGS`, English unless another clearly wins."""
    latin = [(lang, score) for lang, score in _identifier().rank(lowered) if lang in _LATIN_LANGS]
    english = dict(latin)["en"]
    return latin[0][0] if latin[0][1] - english > _ENGLISH_MARGIN else "en"
