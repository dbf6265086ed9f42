"""The report as HTML (Jinja2), PDF (WeasyPrint) or Excel, from a map bundle.

HTML is one self-contained file: the stylesheet is inlined and the figures are PNG data
URIs, so nothing is fetched when it is opened or printed. The PDF embeds the CJK fonts.
"""
from __future__ import annotations

import base64
import datetime as dt
from pathlib import Path

from landscape.maps import MapBundle, read_bundle
from landscape.report.content import ReportModel, build_model
from landscape.report.navigation import region_refusal
from landscape.report.strings import tr

TEMPLATES = Path(__file__).with_name("templates")
FORMATS = (".pdf", ".html", ".xlsx")
TOC = ("summary", "method", "map", "areas", "breakdown", "applicants", "alerts", "white_spaces", "effects",
       "region", "innovators", "talent", "quality", "path", "appendix")
#: Chapters laid out by the template's generic block layout (the navigation's).
BLOCK_SECTIONS = ("region", "innovators", "talent", "quality", "path")


class ReportError(Exception):
    """A report cannot be made (unknown format, missing optional package). One sentence."""


def _need(module: str):
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError as err:
        raise ReportError(f"making reports needs {module.split('.')[0]}; install the report extra: "
                          "pip install 'landscape[report]'.") from err


def _data_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def draw_figures(model: ReportModel) -> dict[str, str]:
    """The report's figures as data URIs, by name (``map``, ``trend_total``, ...)."""
    from landscape.report import figures

    _need("matplotlib")
    d, lang, out = model.data, model.lang, {}
    if len(d.get("points", ())):
        png, hidden = figures.map_png(d)
        out["map"] = _data_uri(png)
        if hidden:
            names = tr("list_sep", lang).join(d["labels"].get(a, str(a)) for a in hidden)
            model.sections["map"].notes.append(tr("map.no_labels", lang, areas=names))
    if d.get("trends_total") is not None and len(d["trends_total"]):
        out["trend_total"] = _data_uri(figures.total_trend_png(d["trends_total"], d["complete"], lang))
        out["trend_areas"] = _data_uri(figures.small_multiples_png(d["trends_areas"], d["labels"], d["colours"],
                                                                   d["complete"]))
    if d.get("top_applicants") is not None and len(d["top_applicants"]):
        out["applicants"] = _data_uri(figures.applicants_png(d["top_applicants"], lang, d.get("home", "CN")))
    if d.get("branch_years"):
        out["branches"] = _data_uri(figures.branches_png(d["branch_years"], d["branch_colours"], d["complete"],
                                                         lang))
    if d.get("effects") is not None:
        out["effects"] = _data_uri(figures.effects_png(d["effects"]))
    if d.get("specialisation") is not None and len(d["specialisation"]):
        out["specialisation"] = _data_uri(figures.specialisation_png(d["specialisation"], d["position_colours"],
                                                                     d["position_words"]))
    return out


def render_html(model: ReportModel, figures: dict[str, str] | None = None) -> str:
    """The HTML of a report model (figures drawn here unless given)."""
    jinja2 = _need("jinja2")
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)),
                             autoescape=jinja2.select_autoescape(["html", "j2"]),
                             trim_blocks=False, lstrip_blocks=False)
    figures = draw_figures(model) if figures is None else figures
    # A chapter the map has no data for (the breakdown) is left out, and the numbers follow.
    toc = [(key, model.sections[key].title if key in model.sections else tr("sec.summary", model.lang))
           for key in TOC if key == "summary" or key in model.sections]
    number = {key: i for i, (key, _) in enumerate(toc, start=1)}
    # A part's heading goes above its first chapter that the report has.
    parts = {}
    for key, title, intro, keys in model.parts:
        first = next((k for k in keys if k in model.sections), None)
        if first is not None:
            parts[first] = {"key": key, "title": title, "intro": intro}
    return env.get_template("report.html.j2").render(
        r=model, fig=figures, toc=toc, no=number, parts=parts,
        blocks=[k for k in BLOCK_SECTIONS if k in model.sections],
        css=(TEMPLATES / "report.css").read_text(encoding="utf-8"),
        html_lang="zh-Hans" if model.lang == "zh" else "en", t=lambda key, **kw: tr(key, model.lang, **kw))


def report_html(bundle: MapBundle, lang: str = "zh", *, date: dt.date | None = None) -> str:
    """The report of ``bundle`` as one self-contained HTML page.

    Parameters
    ----------
    bundle : MapBundle
        A map read with ``landscape.maps.read_bundle``.
    lang : {"zh", "en"}
        The report's language.
    date : datetime.date, optional
        The date printed on the report (default today).

    Returns
    -------
    str
    """
    return render_html(build_model(bundle, lang, date=date))


def html_to_pdf(html: str) -> bytes:
    """PDF bytes of a self-contained HTML page (WeasyPrint; fonts embedded)."""
    weasyprint = _need("weasyprint")
    return weasyprint.HTML(string=html, base_url=str(TEMPLATES)).write_pdf()


def report_pdf_bytes(bundle: MapBundle, lang: str = "zh", *, date: dt.date | None = None) -> bytes:
    """The report of ``bundle`` as PDF (A4, table of contents with page numbers, CJK fonts embedded)."""
    return html_to_pdf(report_html(bundle, lang, date=date))


def report_xlsx_bytes(bundle: MapBundle, lang: str = "zh") -> bytes:
    """The report's tables as an Excel workbook, one sheet per table, headers in ``lang``."""
    from landscape.report.excel import workbook

    return workbook(bundle, lang)


def write_report(workspace, map_name: str, out_path, lang: str = "zh", *, date: dt.date | None = None,
                 region: str | None = None) -> Path:
    """Write the report of the map ``map_name`` to ``out_path``; the format follows its suffix.

    Parameters
    ----------
    workspace : str or Path
        The workspace folder (``WORKSPACE/maps/<name>/``).
    map_name : str
        The map to report on.
    out_path : str or Path
        ``.pdf``, ``.html`` or ``.xlsx``; its folder is created if needed.
    lang : {"zh", "en"}
        The report's language.
    region : str, optional
        The region the report must be of: the map has to have been navigated for it
        (``landscape navigate``), else a :class:`ReportError` says what to run.

    Returns
    -------
    Path
        ``out_path``.
    """
    out = Path(out_path)
    suffix = out.suffix.lower()
    if suffix not in FORMATS:
        raise ReportError(f"{out.name}: unknown report format {suffix or '(none)'!r}; "
                          f"name the file .pdf, .html or .xlsx.")
    if lang not in ("zh", "en"):
        raise ReportError(f"unknown report language {lang!r}; use zh or en.")
    bundle = read_bundle(Path(workspace), map_name)
    if region is not None and (refusal := region_refusal(bundle, region)) is not None:
        raise ReportError(refusal)
    if suffix == ".xlsx":
        data = report_xlsx_bytes(bundle, lang)
    else:
        html = report_html(bundle, lang, date=date)
        data = html.encode("utf-8") if suffix == ".html" else html_to_pdf(html)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.tmp")
    tmp.write_bytes(data)
    tmp.replace(out)
    return out
