"""The app in a real browser: ``streamlit run app.py`` on the planted test maps, driven by
Playwright with the system Chromium. Screenshots go to ``test-artifacts/`` (gitignored)."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from test_app import ROOT, make_app_workspace

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]

playwright = pytest.importorskip("playwright.sync_api")
pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"no Chromium at {CHROMIUM}")]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(workspace: Path, log: Path, lang: str = "en", timeout: float = 90) -> tuple[subprocess.Popen, str]:
    """``streamlit run app.py`` on a free port; returns once its health check answers."""
    port = _free_port()
    env = dict(os.environ, LANDSCAPE_WORKSPACE=str(workspace), LANDSCAPE_LANG=lang)
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
         "--server.address", "127.0.0.1", "--server.port", str(port), "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with {proc.returncode}:\n{log.read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.read().strip() == b"ok":
                    return proc, url
        except OSError:
            time.sleep(0.3)
    stop_server(proc)
    raise TimeoutError(f"streamlit did not answer within {timeout:.0f} s:\n{log.read_text()[-2000:]}")


def stop_server(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)


def settle(page, timeout: float = 60_000) -> None:
    """Wait until the app has finished its run (the "Running…" widget is gone)."""
    page.wait_for_timeout(300)
    page.wait_for_selector('[data-testid="stStatusWidget"]', state="detached", timeout=timeout)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    ws = make_app_workspace(tmp_path_factory.getbasetemp() / "app")
    ARTIFACTS.mkdir(exist_ok=True)
    proc, url = start_server(ws, ARTIFACTS / "streamlit-server.log")
    try:
        yield url, ws
    finally:
        stop_server(proc)


@pytest.fixture()
def page(server):
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            pg = browser.new_page(viewport={"width": 1400, "height": 1600})
            pg.set_default_timeout(60_000)
            yield pg
        finally:
            browser.close()


def test_map_filter_and_language_in_the_browser(server, page):
    from playwright.sync_api import expect

    from landscape.maps import read_bundle

    url, ws = server
    pts = read_bundle(ws, "planted").points
    page.goto(f"{url}/?map=planted")
    page.wait_for_selector(".stPlotlyChart .main-svg", timeout=90_000)
    settle(page)
    expect(page.locator("h1")).to_have_text("Patent map")
    total = len(pts)
    expect(page.get_by_text(f"Showing {total} of {total} patents")).to_be_visible()
    # the WebGL points and the area labels are drawn
    assert page.locator(".stPlotlyChart canvas").count() >= 1
    assert page.locator(".stPlotlyChart .annotation-text").count() >= 3
    page.screenshot(path=str(ARTIFACTS / "browser-map-en.png"))

    # a filter: IPC/CPC prefix
    led = int(pts["codes"].map(lambda c: any(x.startswith("H01L33") for x in c)).sum())
    box = page.get_by_role("textbox", name="IPC / CPC prefix")
    box.fill("H01L33")
    box.press("Enter")
    expect(page.get_by_text(f"Showing {led} of {total} patents")).to_be_visible(timeout=30_000)
    settle(page)
    page.screenshot(path=str(ARTIFACTS / "browser-map-filtered.png"))

    # the language
    page.get_by_text("中文", exact=True).click()
    expect(page.locator("h1")).to_have_text("专利地图", timeout=30_000)
    expect(page.get_by_text(f"显示 {led} / {total} 件专利")).to_be_visible()  # the filter survived
    settle(page)
    page.wait_for_selector(".stPlotlyChart .main-svg")
    labels = page.locator(".stPlotlyChart .annotation-text").all_text_contents()
    assert any("\u4e00" <= ch <= "\u9fff" for text in labels for ch in text), labels
    page.screenshot(path=str(ARTIFACTS / "browser-map-zh.png"))

    # another page through the navigation
    page.get_by_role("link", name="技术领域").click()
    expect(page.locator("h1")).to_have_text("技术领域", timeout=30_000)
    settle(page)
    expect(page.locator('[data-testid="stDataFrame"]').first).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "browser-areas-zh.png"))


def test_my_invention_in_the_browser(server, page):
    from playwright.sync_api import expect

    url, _ = server
    page.goto(f"{url}/invention?map=planted")
    expect(page.locator("h1")).to_have_text("Where does my invention land?", timeout=90_000)
    settle(page)
    page.get_by_role("textbox", name="Description of the invention").fill("A toy brick with a magnet for stacking, snap fit")
    page.get_by_role("button", name="Place it on the map").click()
    page.wait_for_selector(".stPlotlyChart .main-svg", timeout=120_000)
    settle(page, timeout=120_000)
    expect(page.get_by_text("It lands in the area")).to_be_visible()
    expect(page.locator(".stPlotlyChart .annotation-text", has_text="Your invention")).to_have_count(1)
    page.screenshot(path=str(ARTIFACTS / "browser-invention-en.png"))


def test_box_select_lists_the_patents_of_a_region(server, page):
    from playwright.sync_api import expect

    url, ws = server
    page.goto(f"{url}/?map=planted")
    page.wait_for_selector(".stPlotlyChart .main-svg", timeout=90_000)
    settle(page)
    page.locator(".stPlotlyChart").first.hover()
    page.locator('.modebar-btn[data-title="Box Select"]').first.click()
    box = page.locator(".stPlotlyChart .nsewdrag").first.bounding_box()
    page.mouse.move(box["x"] + 3, box["y"] + 3)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] - 3, box["y"] + box["height"] - 3, steps=10)
    page.mouse.up()
    from landscape.maps import read_bundle
    total = len(read_bundle(ws, "planted").points)
    expect(page.get_by_text(f"{total} patents in the selected region")).to_be_visible(timeout=30_000)
    settle(page)
    page.screenshot(path=str(ARTIFACTS / "browser-box-select.png"))
