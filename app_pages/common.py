"""What every page shares: the workspace, the language, the chosen map (read once and cached),
its analysis tables, the page header and the download buttons."""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pandas as pd
import streamlit as st

from landscape import views
from landscape.i18n import LANGS, default_lang, t
from landscape.maps import MANIFEST, BundleError, MapBundle, list_bundles, maps_dir, read_bundle
from landscape.rules.years import TimeWindow

#: Widget keys of the pages' filters: cleared when another map is chosen (its options differ).
FILTER_PREFIXES = ("f_", "area_", "ws_", "alert_", "rule_", "tr_", "inv_", "bd_", "rg_")


def workspace() -> Path:
    """``streamlit run app.py -- --workspace DIR``, else ``$LANDSCAPE_WORKSPACE``, else ``./workspace``."""
    argv = sys.argv[1:]
    for i, arg in enumerate(argv):
        if arg == "--workspace" and i + 1 < len(argv):
            return Path(argv[i + 1])
        if arg.startswith("--workspace="):
            return Path(arg.split("=", 1)[1])
    return Path(os.environ.get("LANDSCAPE_WORKSPACE") or "workspace")


def lang() -> str:
    return st.session_state.get("lang") or default_lang()


def _manifest(name: str) -> dict:
    try:
        return json.loads((maps_dir(workspace()) / name / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def map_title(name: str, language: str, manifest: dict | None = None) -> str:
    """The corpus title in ``language`` with the map's name, e.g. ``玩具 (toys)``."""
    m = manifest if manifest is not None else _manifest(name)
    title = m.get(f"title_{language}") or m.get("title_en")
    return f"{title} ({name})" if title and title.lower() != name.lower() else name


def _reset_filters() -> None:
    for key in list(st.session_state):
        if isinstance(key, str) and key.startswith(FILTER_PREFIXES):
            del st.session_state[key]


def sidebar(maps: list[str]) -> str:
    """The language switch and the map selector; returns the language."""
    # A link may name the map and language: ?map=toys&lang=zh
    asked = st.query_params.get("lang")
    if "lang" not in st.session_state:
        st.session_state["lang"] = asked if asked in LANGS else default_lang()
    with st.sidebar:
        st.radio("语言 / Language", list(LANGS), format_func=LANGS.get, key="lang", horizontal=True)
        language = st.session_state["lang"]
        if maps:
            if st.session_state.get("map") not in maps:
                asked = st.query_params.get("map")
                st.session_state["map"] = asked if asked in maps else maps[0]
            st.selectbox(t("side.map", language), maps, key="map", on_change=_reset_filters,
                         format_func=lambda n: map_title(n, language))
            st.query_params["map"] = st.session_state["map"]
    return language


def bundle_stamp(path: Path) -> tuple:
    """What changes when a bundle is rebuilt (the cache key next to the path)."""
    out = []
    for name in (MANIFEST, "points.parquet", "clusters.parquet"):
        try:
            out.append((path / name).stat().st_mtime_ns)
        except OSError:
            out.append(0)
    return tuple(out)


@st.cache_resource(show_spinner=False, max_entries=6)
def load_bundle(workspace_dir: str, name: str, stamp: tuple) -> MapBundle:
    return read_bundle(Path(workspace_dir), name)


@st.cache_resource(show_spinner=False, max_entries=24)
def _table(path: str, name: str, stamp: int, _b: MapBundle) -> pd.DataFrame:
    return _b.table(name)  # checked against the bundle's manifest, like every file of it


def bundle(language: str) -> MapBundle:
    """The map chosen in the sidebar; a clear message (and the page stops) when it is broken."""
    name = st.session_state.get("map")
    ws = workspace()
    try:
        if not name:
            raise BundleError(t("bundle.none_chosen", language))
        return load_bundle(str(ws), name, bundle_stamp(maps_dir(ws) / name))
    except BundleError as err:
        st.error(t("bundle.broken", language, name=name, error=str(err)))
        st.info(t("bundle.broken_hint", language, name=name))
        st.stop()


def table(b: MapBundle, name: str) -> pd.DataFrame | None:
    """An analysis table of the bundle (white_spaces, alerts, trends, documents...), or None."""
    path = b.path / f"{name}.parquet" if b.path is not None else None
    if path is None or not path.exists():
        return None
    try:
        return _table(str(b.path), name, path.stat().st_mtime_ns, b)
    except (OSError, ValueError, BundleError) as err:
        st.warning(t("bundle.table_broken", lang(), table=name, error=str(err)))
        return None


@st.cache_resource(show_spinner=False, max_entries=3)
def placer(workspace_dir: str, name: str, stamp: tuple):
    """The bundle, the map's embedder loaded and its search index (model, vectors, texts),
    kept per bundle version: reading them and loading an embedding model take seconds, a
    query then a fraction of one."""
    from landscape.place import SearchIndex, place

    b = read_bundle(Path(workspace_dir), name)
    embedder, index = b.model().embedder(), SearchIndex.of(b)
    # Models load their weights and jieba its dictionary on first use: here, not in the first query.
    place(b, ["预热 warm-up"], k=1, embedder=embedder, index=index)
    return b, embedder, index


def header(b: MapBundle, language: str, title_key: str) -> None:
    st.title(t(title_key, language))
    m = b.manifest
    built = str(m.get("built_at", ""))[:10]
    years = m.get("years") or ["?", "?"]
    window = TimeWindow.from_manifest(m, years=b.points["year"])
    st.caption(t("header.caption", language, map=map_title(b.name, language, m), n=len(b.points),
                 areas=len(b.clusters), first=years[0], last=years[1], built=built,
                 basis=window.label(language), cutoff=window.cutoff_text(language)))
    unit = views.unit_sentence(m, language)
    if unit:
        st.caption(unit)
    for sentence in views.data_warnings(m, language):
        st.warning(sentence, icon=":material/info:")


def language_balance(b: MapBundle, language: str) -> None:
    """The map's language and text mix, and a warning where its areas split by either (nothing
    for maps analysed before it was recorded)."""
    text = views.balance_text(b.manifest, language)
    if text is None:
        return
    st.caption(text.mix)
    if text.warning:
        st.warning(text.verdict, icon=":material/translate:")
    elif text.verdict:
        st.caption(text.verdict)


def coverage(b: MapBundle, language: str) -> None:
    """The data-coverage table in an expander (which fields the map's patents have)."""
    table = views.coverage_table(b.manifest, language)
    if table is None:
        return
    with st.expander(t("coverage.title", language)):
        st.caption(t("coverage.caption", language))
        st.dataframe(table, hide_index=True, width="stretch")


def downloads(df, basename: str, language: str, key: str, sheet: str | None = None) -> None:
    """Excel and CSV buttons for one table (headers already in ``language``). The files are made
    when a button is clicked (a callable), so a big table costs nothing until then; ``df`` may
    itself be a callable that makes the table (a million rows take seconds to tabulate)."""
    table = df if callable(df) else (lambda: df)
    row = st.container(horizontal=True)
    row.download_button(t("dl.excel", language), lambda: views.to_excel({sheet or basename: table()}),
                       file_name=f"{basename}.xlsx", key=f"dl_xlsx_{key}", icon=":material/download:",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", on_click="ignore")
    row.download_button(t("dl.csv", language), lambda: views.to_csv(table()), file_name=f"{basename}.csv",
                       mime="text/csv", key=f"dl_csv_{key}", icon=":material/download:", on_click="ignore")


def percent_view(df: pd.DataFrame, columns: list[str], signed: bool = True) -> tuple[pd.DataFrame, dict]:
    """``df`` with the given fraction columns as whole percents for display (0.253 -> "+25%"),
    and the column settings that print them; downloads keep the fractions."""
    out = df.copy()
    config = {}
    for col in columns:
        if col in out:
            out[col] = pd.to_numeric(out[col], errors="coerce") * 100
            config[col] = st.column_config.NumberColumn(format="%+.0f%%" if signed else "%.0f%%")
    return out, config


def chart_config(b: MapBundle, what: str) -> dict:
    """Plotly's toolbar: PNG download named after the map, scroll to zoom, no logo."""
    return {"toImageButtonOptions": {"format": "png", "filename": f"{b.name}-{what}", "scale": 2},
            "displaylogo": False, "scrollZoom": True}


def maps_available() -> list[str]:
    return list_bundles(workspace())
