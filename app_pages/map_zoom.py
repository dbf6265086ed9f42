"""The Map page's parts for big maps: the filter choices computed once per bundle, and the
close-up (an area chosen, or a box drawn on the density picture) that brings points back."""
from __future__ import annotations

import streamlit as st

from landscape import views
from landscape.i18n import t
from landscape.maps import MapBundle


@st.cache_resource(show_spinner=False, max_entries=6)
def _choices(path: str, stamp: tuple, _b: MapBundle) -> dict:
    # Counting a million applicants' lists takes seconds: once per bundle version, not per rerun.
    pts = _b.points
    return {"applicants": views.top_applicants(pts, 300), "country": views.options(pts, "country"),
            "doc_type": views.options(pts, "doc_type")}


@st.cache_resource(show_spinner=False, max_entries=6)
def _boxes(path: str, stamp: tuple, _b: MapBundle) -> dict:
    return views.area_boxes(_b.points)


def _key(b: MapBundle) -> tuple[str, tuple]:
    from app_pages.common import bundle_stamp

    return (str(b.path), bundle_stamp(b.path) if b.path is not None else ())


def map_choices(b: MapBundle) -> dict:
    """The map filters' options (top applicants, offices, document types) of bundle ``b``."""
    return _choices(*_key(b), b)


def _clear_box() -> None:
    st.session_state.pop("f_box", None)
    st.session_state["f_view_n"] = st.session_state.get("f_view_n", 0) + 1  # a fresh chart, no old selection


def _whole_map() -> None:
    _clear_box()
    st.session_state["f_zoom"] = None


def map_zoom(b: MapBundle, labels: dict[int, str], lang: str):
    """The close-up the reader chose: ``(view, focus)``, the axis ranges (x0, x1, y0, y1) or None
    for the whole map, and the area a close-up is about (its patents, a bool array) or None.
    A box drawn on the density picture comes first, else an area picked in the "Close up" box."""
    boxes = _boxes(*_key(b), b)
    area_ids = [int(a) for a in b.clusters.sort_values("size", ascending=False)["id"] if int(a) in boxes]
    row = st.container(horizontal=True, vertical_alignment="bottom")
    with row:
        choice = st.selectbox(t("bigmap.zoom", lang), [None] + area_ids, key="f_zoom", on_change=_clear_box,
                              format_func=lambda a: t("bigmap.whole", lang) if a is None else labels.get(a, str(a)),
                              width=420)
        box = st.session_state.get("f_box")
        if box is not None or choice is not None:
            st.button(t("bigmap.reset", lang), on_click=_whole_map, icon=":material/zoom_out_map:", key="f_reset")
    if box is not None:
        return tuple(box), None
    if choice is None or choice not in boxes:
        return None, None
    return boxes[choice], (b.points["area"] == choice).to_numpy()


def zoom_to_box(event) -> None:
    """A box drawn on the density picture becomes the close-up (the page reruns once more)."""
    boxes = (event.selection.get("box") if event else None) or []
    for box in boxes:
        xs, ys = box.get("x") or [], box.get("y") or []
        if len(xs) == 2 and len(ys) == 2 and xs[0] != xs[1] and ys[0] != ys[1]:
            st.session_state["f_box"] = (min(xs), max(xs), min(ys), max(ys))
            st.session_state["f_view_n"] = st.session_state.get("f_view_n", 0) + 1
            st.rerun()
