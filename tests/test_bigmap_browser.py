"""A big map in the real browser: the planted map served with ``LANDSCAPE_MAP_POINTS`` below its
size (the path a million-patent map takes), driven by Playwright with the system Chromium: the
density picture is drawn, hovering it gives a count, and a filter brings the points back."""
from __future__ import annotations

import os

import pytest

from test_app import make_app_workspace
from test_app_browser import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, settle, start_server, stop_server

playwright = pytest.importorskip("playwright.sync_api")
pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not os.path.exists(CHROMIUM), reason=f"no Chromium at {CHROMIUM}")]

_STATE = """() => { const gd = document.querySelector('.stPlotlyChart .js-plotly-plot');
  if (!gd || !gd._fullData || !gd._fullLayout) return null;
  let points = 0;
  for (const t of gd._fullData) if (t.meta && t.meta.kind === 'points') points += (t._length || 0);
  return {points, density: (gd._fullLayout.images || []).filter(i => i.name === 'density').length,
          pictures: gd.querySelectorAll('.imagelayer image').length}; }"""


def test_density_picture_hover_and_points_after_a_filter(tmp_path_factory, monkeypatch):
    from landscape.maps import read_bundle
    from landscape.views import area_labels

    ws = make_app_workspace(tmp_path_factory.getbasetemp() / "app")
    b = read_bundle(ws, "planted")
    sizes = b.points.loc[b.points["area"] >= 0, "area"].value_counts()
    limit, area = int(sizes.iloc[0]), int(sizes.index[0])
    monkeypatch.setenv("LANDSCAPE_MAP_POINTS", str(limit))  # start_server passes the environment on
    ARTIFACTS.mkdir(exist_ok=True)
    proc, url = start_server(ws, ARTIFACTS / "streamlit-bigmap.log")
    try:
        with playwright.sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 1100})
            page.goto(f"{url}/?map=planted&lang=en")
            page.wait_for_selector(".stPlotlyChart .main-svg", timeout=90_000)
            settle(page)
            state = page.evaluate(_STATE)
            assert state == {"points": 0, "density": 1, "pictures": 1}
            assert page.get_by_text("drawn as a density picture").first.is_visible()
            # hovering the picture where patents are names their number: at the patent nearest
            # the middle of the map (the middle itself may be empty on some layouts)
            middle = (b.points["x"] - b.points["x"].median()) ** 2 + (b.points["y"] - b.points["y"].median()) ** 2
            xs, ys = b.points.loc[middle.idxmin(), ["x", "y"]]
            pos = page.evaluate("""([x, y]) => { const gd = document.querySelector('.stPlotlyChart .js-plotly-plot');
                const xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis, r = gd.querySelector('.nsewdrag').getBoundingClientRect();
                return [r.left + xa.l2p(x), r.top + ya.l2p(y)]; }""", [float(xs), float(ys)])
            page.mouse.move(pos[0], pos[1])
            page.wait_for_selector(".hoverlayer .hovertext", timeout=10_000)
            assert "patents" in page.locator(".hoverlayer .hovertext").first.text_content()
            page.screenshot(path=str(ARTIFACTS / "bigmap-density.png"))

            # a box drawn on the picture around the middle patent: a close-up of it, points again
            page.locator('.modebar-btn[data-title="Box Select"]').first.click()
            page.mouse.move(pos[0] - 40, pos[1] - 40)
            page.mouse.down()
            page.mouse.move(pos[0] + 40, pos[1] + 40, steps=8)
            page.mouse.up()
            page.wait_for_selector('[data-testid="stButton"] button:has-text("Back to the whole map")', timeout=60_000)
            settle(page)
            page.wait_for_function(f"() => {{ const s = ({_STATE})(); return s && s.points > 0 && s.points <= {limit}; }}",
                                   timeout=60_000)
            page.screenshot(path=str(ARTIFACTS / "bigmap-box.png"))
            page.get_by_role("button", name="Back to the whole map").click()
            page.wait_for_function(f"() => {{ const s = ({_STATE})(); return s && s.points === 0 && s.density === 1; }}",
                                   timeout=60_000)
            settle(page)

            label = area_labels(b.clusters, "en")[area]
            box = page.locator('[data-testid="stMultiSelect"]').filter(has_text="Technology areas")
            box.locator("input").click()
            box.locator("input").fill(label[:30])
            page.get_by_role("option", name=label).first.click()
            page.keyboard.press("Escape")
            page.wait_for_function(f"() => {{ const s = ({_STATE})(); return s && s.points === {limit}; }}",
                                   timeout=60_000)
            settle(page)
            assert page.evaluate(_STATE)["density"] == 0
            assert page.get_by_text(f"all {limit:,} drawn as points").first.is_visible()
            page.screenshot(path=str(ARTIFACTS / "bigmap-filtered.png"))
            browser.close()
    finally:
        stop_server(proc)
