"""How fast the app's map is in a real browser: page load to a rendered map, and a filter change
to the updated map, for synthetic maps of 5k and 50k patents (random blobs: the browser's work
depends on the number of points, not on what they say).

    .venv/bin/python bench/app.py [--sizes 5000,50000] [--repeat 3]

Needs Chromium at /usr/bin/chromium and the ``app`` and ``test`` extras (streamlit, plotly,
playwright). Prints a table (copy it to bench/RESULTS.md with the command and the machine's load).
"""
from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
CODES = ["A63H33/04", "B29C45/17", "H01L33/64", "B25J9/16", "G06N3/08", "F21V29/70"]


def synthetic_bundle(workspace: Path, name: str, n: int, n_areas: int = 24, seed: int = 0) -> None:
    """A map bundle of ``n`` random patents in ``n_areas`` Gaussian blobs (no models: not placeable)."""
    from landscape.maps import MapBundle, write_bundle

    rng = np.random.default_rng(seed)
    centres = rng.uniform(-12, 12, size=(n_areas, 2))
    sizes = rng.dirichlet(np.full(n_areas, 2.0)) * n
    area = np.repeat(np.arange(n_areas), np.maximum(1, sizes.astype(int)))[:n]
    area = np.concatenate([area, rng.integers(0, n_areas, n - len(area))])
    xy = centres[area] + rng.normal(scale=rng.uniform(0.6, 1.6, n_areas)[area, None], size=(n, 2))
    year = rng.integers(2000, 2025, n)
    applicants = [f"APPLICANT {i:03d}" for i in range(400)]
    who = rng.zipf(1.6, n) % len(applicants)
    ids = [f"CN{100000000 + i}A" for i in range(n)]
    points = pd.DataFrame({
        "id": ids, "title": [f"Synthetic patent {i} about area {a}" for i, a in enumerate(area)],
        "x": xy[:, 0].astype(np.float32), "y": xy[:, 1].astype(np.float32),
        "cluster": area.astype(np.int32), "area": area.astype(np.int32), "topic": area.astype(np.int32),
        "year": year.astype(np.int32), "applicant": [applicants[w] for w in who],
        "applicants": [[applicants[w]] for w in who], "country": rng.choice(["CN", "US", "EP", "JP"], n),
        "lang": "en", "doc_type": rng.choice(["invention", "utility model"], n),
        "codes": [[CODES[a % len(CODES)]] for a in area]})
    clusters = pd.DataFrame({
        "id": np.arange(n_areas), "size": np.bincount(area, minlength=n_areas),
        "label_en": [f"area {a} / term {a}" for a in range(n_areas)],
        "label_zh": [f"领域{a}/术语{a}" for a in range(n_areas)],
        "terms_en": [[f"area {a}", f"term {a}"] for a in range(n_areas)],
        "terms_zh": [[f"领域{a}", f"术语{a}"] for a in range(n_areas)],
        "top_codes": [[{"code": CODES[a % len(CODES)][:4], "level": "subclass", "share": 1.0}] for a in range(n_areas)],
        "top_code_titles": [[] for _ in range(n_areas)], "representative_ids": [[] for _ in range(n_areas)],
        "growth": 0.0, "x": centres[:, 0], "y": centres[:, 1],
        "top_applicants": [[] for _ in range(n_areas)]})
    documents = pd.DataFrame({"id": ids, "title": points["title"], "abstract": "Synthetic abstract.",
                              "filing_date": pd.to_datetime(year.astype(str) + "-06-01")})
    manifest = {"name": name, "records": n, "years": [2000, 2024], "last_complete_year": 2022,
                "title_en": f"Synthetic {n:,}", "title_zh": f"合成 {n:,}"}
    write_bundle(workspace, MapBundle(name=name, manifest=manifest, points=points, clusters=clusters),
                 extra_tables={"documents": documents})


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(workspace: Path) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    env = dict(os.environ, LANDSCAPE_WORKSPACE=str(workspace), LANDSCAPE_LANG="en")
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
                             "--server.address", "127.0.0.1", "--server.port", str(port),
                             "--browser.gatherUsageStats", "false"], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.read().strip() == b"ok":
                    return proc, url
        except OSError:
            time.sleep(0.3)
    proc.terminate()
    raise TimeoutError("streamlit did not start")


# The number of patents Plotly has drawn in the map (its full data, after rendering).
_DRAWN = """n => { const gd = document.querySelector('.stPlotlyChart .js-plotly-plot');
  if (!gd || !gd._fullData) return false;
  let s = 0;
  for (const t of gd._fullData) if (t.meta && t.meta.kind === 'points') s += (t._length || (t.x ? t.x.length : 0));
  return s === n; }"""


def _drawn(page, n: int) -> None:
    """Wait until the map holds ``n`` points, then two animation frames: the browser has drawn them."""
    page.wait_for_function(_DRAWN, arg=n, timeout=180_000, polling="raf")
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")


def measure(url: str, name: str, n: int, expected_filtered: int, repeat: int) -> dict:
    from playwright.sync_api import expect, sync_playwright  # noqa: F401

    loads, after_load, filters = [], [], []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for i in range(repeat + 1):  # the first round warms the server's caches (bundle read)
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            t0 = time.perf_counter()
            page.goto(f"{url}/?map={name}")  # returns at the page's load event
            t_loaded = time.perf_counter()
            _drawn(page, n)
            load = time.perf_counter() - t0
            since_load = time.perf_counter() - t_loaded
            expect(page.get_by_text(f"Showing {n:,} of {n:,} patents")).to_be_visible()
            page.wait_for_selector('[data-testid="stStatusWidget"]', state="detached", timeout=180_000)
            box = page.get_by_role("textbox", name="IPC / CPC prefix")
            box.fill("A63H")
            t0 = time.perf_counter()
            box.press("Enter")
            _drawn(page, expected_filtered)
            flt = time.perf_counter() - t0
            expect(page.get_by_text(f"Showing {expected_filtered:,} of {n:,} patents")).to_be_visible()
            if i:
                loads.append(load)
                after_load.append(since_load)
                filters.append(flt)
            page.close()
        browser.close()
    return {"load": statistics.median(loads), "after_load": statistics.median(after_load),
            "filter": statistics.median(filters)}


def server_side(workspace: Path, name: str) -> dict:
    """Python time to build the map figure and the size of the JSON the browser receives."""
    import plotly.io as pio

    from landscape import views
    from landscape.maps import read_bundle

    b = read_bundle(workspace, name)
    views.map_figure(b.points.head(100), b.clusters, "en")  # imports and first-call costs
    t0 = time.perf_counter()
    fig = views.map_figure(b.points, b.clusters, "en")
    build = time.perf_counter() - t0
    t0 = time.perf_counter()
    spec = pio.to_json(fig, validate=False)
    return {"figure_s": build, "json_s": time.perf_counter() - t0, "json_mb": len(spec) / 1e6}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="5000,50000")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    rows = []
    with tempfile.TemporaryDirectory(prefix="landscape-bench-app-") as tmp:
        ws = Path(tmp)
        for n in sizes:
            synthetic_bundle(ws, f"synthetic{n}", n)
        proc, url = start(ws)
        try:
            for n in sizes:
                name = f"synthetic{n}"
                from landscape.maps import read_bundle
                pts = read_bundle(ws, name).points
                filtered = int(pts["codes"].map(lambda c: c[0].startswith("A63H")).sum())
                row = {"patents": n, **server_side(ws, name), **measure(url, name, n, filtered, args.repeat)}
                rows.append(row)
                print(json.dumps(row), flush=True)
        finally:
            proc.terminate()
            proc.wait(15)
    lines = ["| patents | navigation → map drawn (s) | page loaded → map drawn (s) | filter → map redrawn (s) "
             "| figure build (s) | figure JSON (MB) |", "|---|---|---|---|---|---|"]
    lines += [f"| {r['patents']:,} | {r['load']:.2f} | {r['after_load']:.2f} | {r['filter']:.2f} | {r['figure_s']:.2f} "
              f"| {r['json_mb']:.1f} |" for r in rows]
    table = "\n".join(lines)
    print(table)
    print(f"load average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
