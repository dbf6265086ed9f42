"""A map's language balance in words (``manifest["language_balance"]``, computed by
``landscape.analyse.language_balance``): the language and text mix, and whether the areas mix
them or split by them, with what to do about a split. The app's map page and the report's
method chapter show the same sentences."""
from __future__ import annotations

from dataclasses import dataclass

from landscape.rules.balance import LANGUAGE, SPLIT, TEXT_TYPE
from landscape.i18n import STRINGS, t
from landscape.rules.text import TITLE_ONLY, WITH_ABSTRACT


@dataclass(frozen=True)
class BalanceText:
    mix: str
    #: None where there is nothing to compare (one language and one text type)
    verdict: str | None
    warning: bool


def language_name(code: str, lang: str) -> str:
    """``"zh"`` -> ``"Chinese"`` / ``"中文"``; the code itself for languages without a name here."""
    return t(f"langname.{code}", lang) if f"langname.{code}" in STRINGS else code


def _figure(value, digits: int = 2) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def _figures(part: dict, key: str, lang: str) -> str:
    agreement = part.get("agreement_controlled")
    agreement = part.get("agreement") if agreement is None else agreement
    one_sided = part.get("one_sided_areas")
    return t(f"balance.fig.{key}", lang, ami=_figure(part.get("ami")), agreement=_figure(agreement),
             one_sided="—" if one_sided is None else f"{one_sided:.0%}")


def balance_text(manifest: dict, lang: str) -> BalanceText | None:
    """The mix sentence and the verdict sentence of a map in ``lang``; None for maps built and
    analysed before the language balance was recorded."""
    balance = manifest.get("language_balance")
    if not isinstance(balance, dict) or LANGUAGE not in balance:
        return None
    language, text = balance[LANGUAGE], balance[TEXT_TYPE]
    langs = sorted((language.get("counts") or {}).items(), key=lambda kv: -kv[1])
    texts = text.get("counts") or {}
    mix = t("balance.mix", lang, langs=" · ".join(f"{language_name(k, lang)} {v:,}" for k, v in langs) or "—",
            title=f"{texts.get(TITLE_ONLY, 0):,}", abstract=f"{texts.get(WITH_ABSTRACT, 0):,}")
    compared = [k for k, part in ((LANGUAGE, language), (TEXT_TYPE, text)) if part.get("verdict") != "one"]
    split = [k for k in compared if balance[k].get("verdict") == SPLIT]
    if not compared:
        return BalanceText(mix, None, False)
    figures = t("balance.sep", lang).join(_figures(balance[k], k, lang) for k in (split or compared))
    if not split:
        what = t("balance.what." + (compared[0] if len(compared) == 1 else "both"), lang)
        return BalanceText(mix, t("balance.mixed", lang, what=what, figures=figures), False)
    if len(split) == 1:
        return BalanceText(mix, t(f"balance.split_{split[0]}", lang, figures=figures), True)
    together = bool(balance.get("splits_together"))
    return BalanceText(mix, t("balance.split_both", lang, figures=figures,
                              together=t("balance.together", lang) if together else ""), True)
