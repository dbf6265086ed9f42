"""A mixed-language map laid out in the English model's geometry.

The multilingual encoder (USE) puts Chinese and English in one space, but its neighbourhoods
follow technology less well than the English model's (MiniLM): on the same records, areas
agreed with the patents' codes at AMI 0.232 (USE) vs 0.261 (USE mapped to MiniLM) on the
multilingual waste-heat set and 0.458 vs 0.513 on a Chinese + English mix, and the mapped
map kept the languages as mixed (bench/bilingual.py, bench/RESULTS.md). A map's own English
records have both vectors, so a ridge regression from USE vectors to MiniLM vectors is fitted
on them and applied to every record: Chinese records land where their English counterparts
would. Only the layout and the clustering use the mapped vectors; search and placement keep
the USE vectors (the mapping cost title retrieval: recall@1 0.75 -> 0.63 in the same bench).

Each language's mean vector is taken away first (``centre_languages``): USE puts a language's
records around a point of their own, and a ridge fitted on English records alone carries that
offset into the English space, so Chinese records kept to one side. Centred first, the
languages mixed as the codes say they should: on the Chinese + English mix, cross-language
agreement over same-subclass pairs 0.87 / 0.91 / 0.61 (seeds 42, 1, 2) against 0.53 / 0.31 /
0.32 mapped uncentred, AMI of areas with the language 0.03-0.05 against 0.08-0.13, AMI with the
codes even (0.50 mean of the three against 0.49); on the multilingual waste-heat set AMI with
the codes 0.02-0.03 lower (0.243 mean against 0.266) for agreement 0.96-1.07 against 0.90-0.99
(bench/bilingual.py, bench/RESULTS.md).

Then each other language is turned onto English (``fit_turns``, ``apply_turns``): an orthogonal map
fitted on pairs of records that are each other's nearest neighbour across the two languages,
refitted as the pairs improve, with no codes or translations needed. Over ten draws of the
Chinese + English mix, pooled cross-language agreement rose from 0.78 (five draws under 0.8)
to 0.87 (three under), AMI with the codes even (0.491 against 0.496, sd 0.02), the English
records' AMI 0.91 of an English-only map's (0.89 before); on the multilingual waste-heat set
AMI with the codes 0.235 against 0.243 (bench/bilingual.py, bench/RESULTS.md).

Both steps assume the languages write about the same subjects; that Chinese and English set is
balanced per subclass by construction. Where they do not (Chinese computing filings beside
English chemistry ones, or only some subclasses shared, or the demo's Chinese titles beside
English abstracts), centring and turning push unrelated patents together: AMI with the subclass
0.448 -> 0.206 on the disjoint cut, 0.420 -> 0.364 on the partial one, 0.233 -> 0.189 on the LED
demo map (bench/content_overlap.py). So they run only where ``content_overlap`` says the
languages cover the same subjects; elsewhere the ridge maps the vectors as they are.
"""
from __future__ import annotations

import numpy as np

from landscape.embed.base import l2_normalise
from landscape.embed.registry import ENGLISH_ONLY_SHARE

#: English records needed to fit the mapping: below this a ridge from 512 to 384 dimensions
#: fits noise (the bench fitted on 150-300 records and held out as many).
MIN_ENGLISH = 200
#: English records embedded with MiniLM for the fit at most: enough for a stable ridge, and it
#: bounds the extra time (MiniLM reads ~7-40 texts/s on 2 cores, models/README.md).
MAX_FIT = 1500
#: A held-out mean cosine below this means the mapping does not carry the English geometry
#: (the bench measured 0.60-0.72); the map then keeps the USE vectors.
MIN_COSINE = 0.45
#: Ridge penalties tried (RidgeCV picks one per map; the bench's fits chose 1-10).
ALPHAS = (0.01, 0.1, 1.0, 10.0)
#: With English text (own or an export's translation) for at least this share of the records,
#: the map is laid out by that English text itself and only the rest are mapped: the share at
#: which ``--model auto`` takes the English model for an English corpus.
PIVOT_SHARE = ENGLISH_ONLY_SHARE
#: Where each record's layout vector comes from: its own English text, the export's English
#: translation of it, or its own text's multilingual vector mapped into the English space.
LAYOUT_TEXTS = ("own", "translation", "mapped")
#: A language needs this many records for a mean of its own; rarer ones (and records of no
#: known language) are centred on the mean of all records.
MIN_LANGUAGE = 30


def centre_languages(vectors: np.ndarray, langs) -> tuple[np.ndarray, dict]:
    """Each row minus its language's mean vector, renormalised, and the records per language
    that had a mean of their own."""
    langs = np.asarray([str(lang or "") for lang in langs])
    centred = np.asarray(vectors, dtype=np.float32) - vectors.mean(axis=0, dtype=np.float64).astype(np.float32)
    own = {}
    for lang, count in zip(*np.unique(langs, return_counts=True)):
        if lang and count >= MIN_LANGUAGE:
            rows = langs == lang
            centred[rows] = vectors[rows] - vectors[rows].mean(axis=0, dtype=np.float64).astype(np.float32)
            own[str(lang)] = int(count)
    return l2_normalise(centred), own


#: Records per language the turn looks for mutual nearest neighbours among (seeded sample):
#: bounds the similarity matrix (5,000 x 5,000) on a map of any size.
MAX_TURN = 5000
#: Rounds of finding pairs and refitting the turn; the bench's pairs settled within five.
TURN_ROUNDS = 5
#: Fewer mutual pairs than this and the turn is not fitted (the language stays as centred).
MIN_PAIRS = 10


def fit_turns(centred: np.ndarray, langs, languages, seed: int = 42) -> tuple[dict, dict]:
    """Per language of ``languages`` other than English, the orthogonal map (a matrix) that
    turns its ``centred`` vectors onto English, and the mutual pairs it was fitted on.

    A record and an English record that are each other's nearest (cosine) across the two
    languages make a pair; the turn that best carries one side of the pairs onto the other
    (Procrustes, held towards no turn where the pairs say nothing) is fitted, then the pairs
    are found again in the turned space, ``TURN_ROUNDS`` times, as unsupervised
    word-translation methods refine theirs. Each language searches a seeded sample of at most
    ``MAX_TURN`` records. Needs English among ``languages``; a language with fewer than
    ``MIN_PAIRS`` pairs gets no turn."""
    langs = np.asarray([str(lang or "") for lang in langs])
    turns, pairs = {}, {}
    if "en" not in languages:
        return turns, pairs
    rng = np.random.default_rng(seed)

    def sample(lang):
        rows = np.flatnonzero(langs == lang)
        return centred[np.sort(rng.permutation(rows)[:MAX_TURN])]

    E = sample("en")
    for lang in sorted(set(languages) - {"en"}):
        Z = sample(lang)
        for _ in range(TURN_ROUNDS):
            sims = (Z if lang not in turns else Z @ turns[lang]) @ E.T
            nearest_en, nearest_back = sims.argmax(axis=1), sims.argmax(axis=0)
            mutual = np.flatnonzero(nearest_back[nearest_en] == np.arange(len(Z)))
            if len(mutual) < MIN_PAIRS:
                break
            # a few hundred pairs do not span 512 dimensions: the identity, weighted as much as
            # the pairs together, keeps the directions they leave out where they are
            both = Z[mutual].T.astype(np.float64) @ E[nearest_en[mutual]]
            u, _, vt = np.linalg.svd(both + np.eye(len(both)) * len(mutual) / len(both))
            turns[lang], pairs[lang] = (u @ vt).astype(np.float32), int(len(mutual))
    return turns, pairs


def apply_turns(vectors: np.ndarray, langs, turns: dict) -> np.ndarray:
    """``vectors`` with each language's rows turned by its matrix in ``turns`` and
    renormalised, in place (a million 512-d rows are 2 GB: no copy of the whole)."""
    langs = np.asarray([str(lang or "") for lang in langs])
    for lang, turn in turns.items():
        rows = langs == lang
        vectors[rows] = l2_normalise(vectors[rows] @ turn)
    return vectors


#: Records per side the content check compares at most (seeded samples).
MAX_OVERLAP = 1000
#: Below this content overlap the languages are not aligned (see ``content_overlap``): on
#: Chinese and English records of the same subclasses it measured 0.74-0.78 (ten draws), where
#: some subclasses differed 0.66-0.70, and with no subclass shared 0.45-0.47
#: (bench/content_overlap.py).
SHARED_CONTENT = 0.72


def content_overlap(centred: np.ndarray, langs, seed: int = 42) -> float:
    """How much the English and the other records write about the same things, from the
    vectors alone: a record's nearest record in the other group, as a share of its nearest
    in its own group (same number of candidates), averaged both ways; nan with too few
    records on a side. About 0.8 where the two groups cover the same subjects, under 0.5 where
    they share none.

    Centring and turning the languages onto each other assume they cover the same subjects;
    where they do not, they push unrelated patents together (Chinese computing filings among
    English chemistry ones: AMI with the subclass 0.48 -> 0.21, bench/content_overlap.py)."""
    langs = np.asarray([str(lang or "") for lang in langs])
    rng = np.random.default_rng(seed)
    english, other = rng.permutation(np.flatnonzero(langs == "en")), rng.permutation(np.flatnonzero(langs != "en"))

    def ratio(mine, theirs):
        k = min(len(mine) // 2, len(theirs), MAX_OVERLAP)
        if k < 2:
            return float("nan")
        a, b, t = centred[mine[:k]], centred[mine[k:2 * k]], centred[theirs[:k]]
        return float((a @ t.T).max(axis=1).mean() / (a @ b.T).max(axis=1).mean())

    both = [r for r in (ratio(other, english), ratio(english, other)) if not np.isnan(r)]
    return float(np.mean(both)) if both else float("nan")


def fit_mapping(source: np.ndarray, target: np.ndarray, seed: int = 42):
    """A ridge regression from ``source`` to ``target`` rows (alpha chosen by cross-validation on
    four fifths of the rows), and how well it predicts the held-out fifth: mean cosine to the
    true target vector."""
    from sklearn.linear_model import RidgeCV

    rows = np.random.default_rng(seed).permutation(len(source))
    held = rows[: max(1, len(rows) // 5)]
    train = rows[len(held):]
    ridge = RidgeCV(alphas=ALPHAS).fit(source[train], target[train])
    cosine = float(np.sum(l2_normalise(ridge.predict(source[held])) * l2_normalise(target[held]), axis=1).mean())
    return ridge, {"fitted_on": int(len(train)), "held_out": int(len(held)), "alpha": float(ridge.alpha_),
                   "held_out_cosine": round(cosine, 4)}


def english_geometry(vectors: np.ndarray, texts: list[str], langs, *, english_embedder, cache=None,
                     seed: int = 42, english_texts: list[str] | None = None
                     ) -> tuple[np.ndarray | None, dict, np.ndarray | None]:
    """The map's vectors in ``english_embedder``'s space, or None; a note saying what was done
    and why (for the manifest); and per record which text its layout vector comes from
    (``LAYOUT_TEXTS``), or None when the map keeps its own vectors.

    ``langs`` are the records' language codes. ``english_texts`` is each record's English text,
    its own or a translation the export carries ("" where none; default: the texts of the
    English records). The fit's rows are records with English text, at most ``MAX_FIT`` of them
    drawn with ``seed``; where the languages cover the same subjects (``content_overlap`` at
    least ``SHARED_CONTENT``) every language is centred on its own mean and turned onto English
    before the fit and the mapping (``centre_languages``, ``fit_turns``). Where at
    least ``PIVOT_SHARE`` of the records have English text and some of it is translated, the
    records are laid out by their English text itself (the pivot) and only the rest are mapped. Returns None (the map keeps its own vectors) with
    fewer than ``MIN_ENGLISH`` records with English text, with no other language, or when the
    held-out fit is poor.
    """
    from landscape.embed.cache import embed_texts

    langs = [str(lang or "") for lang in langs]
    if english_texts is None:
        english_texts = [t if lang == "en" else "" for t, lang in zip(texts, langs)]
    has_english = np.array([bool(t and t.strip()) for t in english_texts])
    english = np.flatnonzero(has_english)
    if len(english) < MIN_ENGLISH:
        return None, {"used": False, "why": f"{len(english):,} records have English text; the mapping needs "
                                            f"{MIN_ENGLISH}"}, None
    if all(lang == "en" for lang in langs):
        return None, {"used": False, "why": "every record is English"}, None
    translated = has_english & np.array([lang != "en" for lang in langs])
    centred, own_means = centre_languages(vectors, langs)
    overlap = content_overlap(centred, langs, seed)
    aligned = not overlap < SHARED_CONTENT  # too few records to tell (nan): aligned, as before the check
    if aligned:
        turns, turned = fit_turns(centred, langs, own_means, seed)
        source = apply_turns(centred, langs, turns)
    else:  # not alike enough: the languages keep their places, mapped as they are
        source, own_means, turned = np.asarray(vectors, dtype=np.float32), {}, {}
    pivot = bool(translated.any()) and has_english.mean() >= PIVOT_SHARE
    rows = english if pivot else np.sort(np.random.default_rng(seed).permutation(english)[:MAX_FIT])
    target, _ = embed_texts([english_texts[i] for i in rows], english_embedder, cache)
    sample = np.sort(np.random.default_rng(seed).permutation(len(rows))[:MAX_FIT])  # every row when fewer
    ridge, fit = fit_mapping(source[rows[sample]], target[sample], seed)
    note = {"from": english_embedder.name, **fit, "content_overlap": None if np.isnan(overlap) else round(overlap, 3),
            "aligned": bool(aligned),
            "centred_per_language": own_means, "turned_onto_english": turned}
    if pivot:  # English text lays its record out itself; only the records without any are mapped
        mapped = np.empty((len(texts), target.shape[1]), dtype=np.float32)
        mapped[rows] = l2_normalise(target)
        if (~has_english).any():
            mapped[~has_english] = l2_normalise(ridge.predict(source[~has_english]).astype(np.float32))
        layout_text = np.where(translated, "translation", np.where(has_english, "own", "mapped")).astype(object)
        return mapped, {"used": True, "pivot": True, **note, "translated": int(translated.sum()),
                        "mapped": int((~has_english).sum())}, layout_text
    if fit["held_out_cosine"] < MIN_COSINE:
        return None, {"used": False, **note,
                      "why": f"the mapping predicted held-out English vectors at cosine {fit['held_out_cosine']:.2f} "
                             f"(below {MIN_COSINE})"}, None
    mapped = l2_normalise(ridge.predict(source).astype(np.float32))
    return mapped, {"used": True, **note}, np.full(len(texts), "mapped", dtype=object)


def describe(note: dict) -> str:
    """The manifest's sentence on how ``english_geometry`` laid the map out ("" when it did not)."""
    if note.get("pivot"):
        return (f" The map is laid out by the records' English text with all-MiniLM-L6-v2: "
                f"{note['translated']:,} records by the English translation the export carries, "
                f"{note['mapped']:,} without English text mapped from their own (points.layout_text says "
                "which); search and placement use the multilingual vectors of the records' own text.")
    if not note.get("used"):
        return ""
    if note.get("aligned", True):
        turned = ", ".join(f"{lang} ({n:,} pairs)" for lang, n in note.get("turned_onto_english", {}).items())
        how = ("each language's vectors centred on their own mean"
               + (f", {turned} turned onto English by mutual nearest neighbours" if turned else ""))
    else:
        how = (f"the languages left where they are, because their records are not alike enough to align "
               f"(content overlap {note['content_overlap']:.2f}, below {SHARED_CONTENT}: other subjects, or "
               "titles beside abstracts; aligning would push unlike patents together)")
    return (f" The map is laid out in the English model's geometry: {how}, then a mapping to "
            f"all-MiniLM-L6-v2's, fitted on {note['fitted_on']:,} of the English records (held-out cosine "
            f"{note['held_out_cosine']:.2f}); search and placement use the multilingual vectors.")
