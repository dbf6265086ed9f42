"""The Region page in a real browser (Chromium through Playwright) on the hand-made navigated
map of ``region_tables``, in English and Chinese: the chain, the chart and the graph are drawn,
and choosing an area redraws the graph. Screenshots go to ``test-artifacts/`` (gitignored)."""
from __future__ import annotations

import pytest
import region_tables as R
from test_app_browser import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, playwright, settle, start_server, stop_server

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def region_server(tmp_path_factory):
    ws = tmp_path_factory.mktemp("region-browser")
    R.write_workspace(ws)
    ARTIFACTS.mkdir(exist_ok=True)
    proc, url = start_server(ws, ARTIFACTS / "streamlit-region.log")
    try:
        yield url
    finally:
        stop_server(proc)


@pytest.mark.parametrize("lang, chain, pick, area", [
    ("en", "World → China → 广东省 → 汕头市", "Look at one area or branch", "Remote-control cars"),
    ("zh", "全球 → 中国 → 广东省 → 汕头市", "查看单个领域或分支", "遥控车")])
def test_region_page_in_the_browser(region_server, lang, chain, pick, area):
    from playwright.sync_api import expect

    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            # Tall enough for the whole page: Streamlit scrolls inside the page, not the window.
            page = browser.new_page(viewport={"width": 1400, "height": 5200})
            page.set_default_timeout(60_000)
            page.goto(f"{region_server}/region?map=toys&lang={lang}")
            settle(page)
            expect(page.get_by_text(chain)).to_be_visible()
            charts = page.locator('[data-testid="stPlotlyChart"]')
            expect(charts).to_have_count(2, timeout=60_000)
            expect(charts.first.locator("g.bars path").first).to_be_attached()
            page.screenshot(path=str(ARTIFACTS / f"browser-region-{lang}.png"))
            # One area: its levels, leaders, core patents and links.
            page.locator('[data-testid="stSelectbox"]').filter(has_text=pick).click()
            page.keyboard.type(area)
            page.keyboard.press("Enter")
            settle(page)
            expect(page.get_by_role("combobox", name=pick)).to_have_value(area)
            page.screenshot(path=str(ARTIFACTS / f"browser-region-{lang}-area.png"))
        finally:
            browser.close()
