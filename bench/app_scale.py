"""The app's Map page at 100k and 1M patents in a real browser (Chromium via Playwright): page
load to the first map view drawn, and a filter update (one technology area picked) to the map
redrawn, with the server's memory; the new page (density picture past the points limit) and the
old one (every patent a WebGL point: ``LANDSCAPE_MAP_POINTS`` set past the map's size) in the
same run.

The big maps are RESAMPLED: a real map built with the TF-IDF embedder from a real export
(default: the Lens robotics export in ../shared/corpora, ~14k patents) has its patents drawn
with replacement to the wanted size, each copy with a new id and its position jittered by a
small fraction of the map's size. Areas, labels, years, applicants are the real ones; what the
browser has to draw scales like a real map of that size.

    PYTHONPATH=. .venv/bin/python bench/app_scale.py [--sizes 100000,1000000] [--old] [--shots DIR]
    PYTHONPATH=. .venv/bin/python bench/app_scale.py --workspace /tmp/scale-1m --map NAME   # an existing map

Needs Chromium at /usr/bin/chromium and the ``app`` and ``test`` extras. Prints one JSON line
per measurement and a table (copy it to bench/RESULTS.md with the command and the machine's load).
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from app import CHROMIUM, CHROMIUM_ARGS, start  # noqa: E402  (bench/app.py: the same server start)

SOURCE = ROOT.parent / "shared" / "corpora" / "raw" / "lens-physical-ai-robotics" / "pai.csv"
if not SOURCE.exists():
    SOURCE = Path("/work/shared/corpora/raw/lens-physical-ai-robotics/pai.csv")
CARRIED = ("white_spaces", "trends", "alerts")  # small area-level tables the pages read


def build_source(workspace: Path, export: Path) -> str:
    """A real map of ``export`` built with the TF-IDF embedder (``landscape build``)."""
    subprocess.run([sys.executable, "-m", "landscape.cli", "build", "--workspace", str(workspace), "--input",
                    str(export), "--name", "source", "--model", "tfidf"], cwd=ROOT, check=True,
                   env=dict(os.environ, PYTHONPATH=str(ROOT)), stdout=subprocess.DEVNULL)
    return "source"


def resample(workspace: Path, source: str, name: str, n: int, seed: int = 0) -> None:
    """Map ``source`` resampled to ``n`` patents (new ids, jittered positions) as map ``name``."""
    from landscape.maps import MapBundle, read_bundle, write_bundle

    b = read_bundle(workspace, source)
    rng = np.random.default_rng(seed)
    pick = rng.integers(0, len(b.points), n)
    pts = b.points.iloc[pick].reset_index(drop=True)
    span = max(float(pts["x"].max() - pts["x"].min()), float(pts["y"].max() - pts["y"].min()))
    jitter = rng.normal(scale=0.004 * span, size=(n, 2)).astype(np.float32)
    pts["x"] = (pts["x"].to_numpy(np.float32) + jitter[:, 0]).astype(np.float32)
    pts["y"] = (pts["y"].to_numpy(np.float32) + jitter[:, 1]).astype(np.float32)
    pts["id"] = pts["id"].astype(str) + "-R" + pd.Series(np.arange(n)).astype(str)
    clusters = b.clusters.copy()
    sizes = pts["area"].value_counts()
    clusters["size"] = clusters["id"].map(sizes).fillna(0).astype(int)
    manifest = {**b.manifest, "name": name, "records": n,
                "resampled": f"{len(b.points):,} patents of map {source!r} drawn to {n:,} with new ids and jitter"}
    manifest = {k: v for k, v in manifest.items() if k not in ("files", "bundle_version")}
    extra = {t: b.table(t) for t in CARRIED if b.path is not None and (b.path / f"{t}.parquet").exists()}
    write_bundle(workspace, MapBundle(name=name, manifest=manifest, points=pts, clusters=clusters), extra_tables=extra)


def rss_mb(pid: int) -> tuple[float, float]:
    """(current, peak) resident memory of process ``pid`` in MB."""
    status = Path(f"/proc/{pid}/status").read_text()
    get = {line.split(":")[0]: line.split()[1] for line in status.splitlines() if line.startswith(("VmRSS", "VmHWM"))}
    return int(get["VmRSS"]) / 1024, int(get["VmHWM"]) / 1024


# The map is drawn: the count line's numbers are on the page, Plotly holds exactly ``points``
# patents, and the density picture is in the layout (and decoded) exactly when one is expected.
_DRAWN = """([points, density]) => {
  const gd = document.querySelector('.stPlotlyChart .js-plotly-plot');
  if (!gd || !gd._fullData || !gd._fullLayout) return false;
  let s = 0;
  for (const t of gd._fullData) if (t.meta && t.meta.kind === 'points') s += (t._length || 0);
  const imgs = (gd._fullLayout.images || []).filter(i => i.name === 'density');
  const svg = gd.querySelectorAll('.imagelayer image');
  return s === points && (imgs.length > 0) === density && svg.length >= imgs.length; }"""


_SOME_POINTS = """() => { const gd = document.querySelector('.stPlotlyChart .js-plotly-plot');
  return !!(gd && gd._fullData && gd._fullData.some(t => t.meta && t.meta.kind === 'points' && t._length > 0)); }"""


def drawn(page, points: int, density: bool, timeout_s: float) -> None:
    page.wait_for_function(_DRAWN, arg=[points, density], timeout=timeout_s * 1000, polling=100)
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")


def pick_area(page, label: str) -> None:
    """Choose one area in the sidebar's "Technology areas" filter."""
    box = page.locator('[data-testid="stMultiSelect"]').filter(has_text="Technology areas")
    box.locator("input").click()
    box.locator("input").fill(label[:40])
    page.get_by_role("option", name=label).first.click()


def expected(pts: pd.DataFrame, limit: int, area: int | None) -> tuple[int, bool]:
    """(points drawn, density picture shown) for the whole map or one area."""
    n = len(pts) if area is None else int((pts["area"] == area).sum())
    return (n, False) if n <= limit else (0, True)


def measure(ws: Path, name: str, *, old: bool, repeat: int, timeout_s: float, shots: Path | None) -> dict:
    from playwright.sync_api import sync_playwright

    from landscape.maps import read_bundle
    from landscape.views import area_labels, points_limit

    b = read_bundle(ws, name)
    pts = b.points
    limit = 10 ** 12 if old else points_limit()
    labels = area_labels(b.clusters, "en")
    # The filter: the biggest area, or for the new page at 1M the biggest one small enough to be
    # drawn as points (what a reader narrowing a big map sees).
    sizes = pts["area"][pts["area"] >= 0].value_counts()
    small = sizes[sizes <= points_limit()]
    area = int((small if len(small) else sizes).index[0])
    want_load, want_filter = expected(pts, limit, None), expected(pts, limit, area)
    env = {"LANDSCAPE_MAP_POINTS": str(limit)}
    os.environ.update(env)
    proc, url = start(ws)
    row = {"patents": len(pts), "page": "old (all points)" if old else "new", "area_patents": want_filter[0]
           if not want_filter[1] else int((pts["area"] == area).sum())}
    loads, filters = [], []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for i in range(repeat + 1):  # round 0 warms the server's caches (bundle read, choices)
                page = browser.new_page(viewport={"width": 1400, "height": 1100})
                try:
                    t0 = time.perf_counter()
                    page.goto(f"{url}/?map={name}&lang=en", timeout=timeout_s * 1000)
                    drawn(page, *want_load, timeout_s)
                    load = time.perf_counter() - t0
                    page.wait_for_selector('[data-testid="stStatusWidget"]', state="detached", timeout=timeout_s * 1000)
                    t0 = time.perf_counter()
                    pick_area(page, labels[area])
                    drawn(page, *want_filter, timeout_s)
                    flt = time.perf_counter() - t0
                    page.keyboard.press("Escape")  # close the options list (for the screenshot)
                except Exception as err:  # noqa: BLE001 - a timeout is a result here (the old page at 1M)
                    row["failed"] = f"round {i}: {type(err).__name__}: {str(err).splitlines()[0][:160]}"
                    break
                finally:
                    if shots is not None and i == repeat and "failed" not in row:
                        page.screenshot(path=str(shots / f"{name}-{'old' if old else 'new'}-filtered.png"))
                    page.close()
                if i:
                    loads.append(load)
                    filters.append(flt)
                row["rss_mb"], row["peak_rss_mb"] = rss_mb(proc.pid)
            browser.close()
    finally:
        proc.terminate()
        proc.wait(30)
        os.environ.pop("LANDSCAPE_MAP_POINTS", None)
    if loads:
        row["first_view_s"] = float(np.median(loads))
        row["filter_s"] = float(np.median(filters))
        row["rounds"] = len(loads)
    return row


def screenshots(ws: Path, name: str, shots: Path) -> None:
    """The big map's first view, a hover on it and a close-up on its smallest area, in English
    and Chinese."""
    from playwright.sync_api import sync_playwright

    from landscape.maps import read_bundle
    from landscape.views import area_labels

    b = read_bundle(ws, name)
    smallest = int(b.clusters.sort_values("size")["id"].iloc[0])
    proc, url = start(ws)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for lang in ("en", "zh"):
                page = browser.new_page(viewport={"width": 1400, "height": 1400})
                page.goto(f"{url}/?map={name}&lang={lang}")
                page.wait_for_selector(".stPlotlyChart .main-svg", timeout=300_000)
                page.wait_for_selector('[data-testid="stStatusWidget"]', state="detached", timeout=300_000)
                page.wait_for_timeout(1500)
                page.screenshot(path=str(shots / f"{name}-{lang}-density.png"))
                box = page.locator(".stPlotlyChart .nsewdrag").first.bounding_box()
                page.mouse.move(box["x"] + box["width"] * 0.45, box["y"] + box["height"] * 0.5)
                page.wait_for_timeout(800)
                page.screenshot(path=str(shots / f"{name}-{lang}-hover.png"))
                zoom = page.locator('[data-testid="stSelectbox"]').filter(
                    has_text="Close up" if lang == "en" else "局部放大")
                zoom.click()
                page.keyboard.type(area_labels(b.clusters, lang)[smallest][:30])
                page.keyboard.press("Enter")
                page.wait_for_function(_SOME_POINTS, timeout=300_000, polling=200)  # the close-up is drawn
                page.wait_for_selector('[data-testid="stStatusWidget"]', state="detached", timeout=300_000)
                page.wait_for_timeout(1500)
                page.screenshot(path=str(shots / f"{name}-{lang}-closeup.png"))
                page.close()
            browser.close()
    finally:
        proc.terminate()
        proc.wait(30)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="100000,1000000")
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--old", action="store_true", help="also time the old page (every patent a point)")
    ap.add_argument("--old-timeout", type=float, default=240, help="seconds the old page may take per step")
    ap.add_argument("--workspace", type=Path, help="time an existing map instead of resampled ones")
    ap.add_argument("--map", help="the existing map's name (with --workspace)")
    ap.add_argument("--source", type=Path, default=SOURCE, help="the export the resampled maps come from")
    ap.add_argument("--shots", type=Path, help="write screenshots here")
    ap.add_argument("--no-timing", action="store_true", help="screenshots only")
    args = ap.parse_args()
    if args.shots:
        args.shots.mkdir(parents=True, exist_ok=True)
    rows = []
    with tempfile.TemporaryDirectory(prefix="landscape-bench-app-scale-") as tmp:
        if args.workspace:
            ws, names = args.workspace, [args.map]
        else:
            ws = Path(tmp)
            source = build_source(ws, args.source)
            names = []
            for n in [int(s) for s in args.sizes.split(",")]:
                t0 = time.perf_counter()
                resample(ws, source, f"resampled{n}", n)
                print(f"resampled {n:,} in {time.perf_counter() - t0:.1f} s", flush=True)
                names.append(f"resampled{n}")
        for name in names:
            for old in ([] if args.no_timing else [False, True] if args.old else [False]):
                row = measure(ws, name, old=old, repeat=args.repeat,
                              timeout_s=args.old_timeout if old else 300, shots=args.shots)
                rows.append(row)
                print(json.dumps(row), flush=True)
            if args.shots:
                screenshots(ws, name, args.shots)
    lines = ["| patents | page | first map view (s) | filter: one area (s) | area's patents | server RSS (MB) "
             "| server peak RSS (MB) |", "|---|---|---|---|---|---|---|"]
    for r in rows:
        view = f"{r['first_view_s']:.2f}" if "first_view_s" in r else f"failed: {r.get('failed', '?')}"
        flt = f"{r['filter_s']:.2f}" if "filter_s" in r else "—"
        lines.append(f"| {r['patents']:,} | {r['page']} | {view} | {flt} | {r['area_patents']:,} "
                     f"| {r.get('rss_mb', 0):.0f} | {r.get('peak_rss_mb', 0):.0f} |")
    print("\n".join(lines))
    print(f"load average {os.getloadavg()[0]:.1f} (machine shared with other jobs)")


if __name__ == "__main__":
    main()
