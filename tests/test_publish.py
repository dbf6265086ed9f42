"""Publishing a map whole: kills at every stage of build and analyse never leave a listed,
partial map; a map changed after it was written is refused with one sentence.

The kills are real: ``LANDSCAPE_TEST_KILL_AT=STAGE`` makes ``landscape build`` / ``analyse``
SIGKILL itself at that stage (``landscape.publish.kill_point``), in a subprocess, on a small
map of hand-written Lens rows built with the TF-IDF embedder. The runs are started together
(one per workspace copy) and the tests below read what each left.
"""
from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from landscape.cli import main
from landscape.maps import BundleError, list_bundles, read_bundle, update_bundle
from landscape.publish import VERSIONS, map_lock

ROOT = Path(__file__).resolve().parents[1]
WORDS = {"A63H33/04": ["building block", "magnet", "snap fit", "toy brick", "child", "stacking"],
         "H01L33/64": ["light emitting diode", "heat sink", "lamp", "luminous flux", "phosphor", "street light"],
         "B29C45/17": ["injection mould", "polymer melt", "cavity", "resin", "cooling channel", "ejector pin"]}
UNTIL = 2018  # the backtest's split: about 110 records before it, 40 after

# Where build stops, in order. The analysis tables' own stages are read from the built map.
BUILD_STAGES = ["embedded", "laid-out", "clustered", "labelled", "writing-tables", "sealed", "between-renames"]
ANALYSE_STAGES = ["copied", "sealed", "between-renames"]


def write_export(path: Path) -> Path:
    """150 Lens rows, three technologies with their own words, filed 2010-2021."""
    rng = np.random.default_rng(0)
    with open(path, "w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(["Display Key", "Jurisdiction", "Title", "Abstract", "Application Date", "Publication Date",
                      "Publication Year", "Applicants", "IPCR Classifications", "Document Type", "Legal Status"])
        for t, (code, words) in enumerate(WORDS.items()):
            for i in range(50):
                year = 2010 + i % 12
                out.writerow([f"US {9000000 + 1000 * t + i} B2", "US", " ".join(rng.choice(words, 4)).capitalize(),
                              "A device with " + ", ".join(rng.choice(words, 5)) + ".", f"{year}-03-01",
                              f"{year + 1}-05-01", year + 1, f"MAKER {t} INC", code, "Granted Patent", "ACTIVE"])
    return path


def landscape(*args, kill_at: str | None = None) -> subprocess.CompletedProcess:
    """``landscape ARGS`` in a fresh process running this checkout."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
               HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1")
    env.pop("LANDSCAPE_TEST_KILL_AT", None)
    if kill_at:
        env["LANDSCAPE_TEST_KILL_AT"] = kill_at
    return subprocess.run([sys.executable, "-m", "landscape.cli", *map(str, args)], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=600)


def build_args(ws: Path, name: str = "toys"):
    return ("build", "--input", ws.parent / "lens.csv", "--name", name, "--model", "tfidf", "--workspace", ws)


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    """A workspace with the map ``toys`` built and analysed by ``landscape build``."""
    base = tmp_path_factory.mktemp("publish")
    write_export(base / "lens.csv")
    ws = base / "ws"
    done = landscape(*build_args(ws))
    assert done.returncode == 0, done.stderr[-2000:]
    return ws


def analysis_tables(ws: Path) -> list[str]:
    return sorted(read_bundle(ws, "toys").manifest["analysis"]["counts"])


def scenarios(template: Path) -> dict[str, tuple]:
    """Every kill: (command, stage) by a label."""
    tables = [f"analysis:{t}" for t in analysis_tables(template)]
    # Each analysis table is killed in `analyse` (cheaper than `build`, same writer); `build`
    # is killed in its first one.
    out = {f"build@{s}": ("build", s) for s in BUILD_STAGES + tables[:1]}
    out.update({f"analyse@{s}": ("analyse", s) for s in ANALYSE_STAGES + tables})
    out.update({"new-map@sealed": ("new-map", "sealed"), "as-of@sealed": ("as-of", "sealed"),
                "backtest@writing-tables": ("backtest", "writing-tables")})
    return out


def run_killed(template: Path, label: str, command: str, stage: str, base: Path) -> dict:
    ws = base / label.replace("@", "-").replace(":", "-") / "ws"
    shutil.copytree(template.parent, ws.parent)
    args = {"build": build_args(ws), "new-map": build_args(ws, "fresh"),
            "analyse": ("analyse", "--map", "toys", "--workspace", ws),
            "as-of": ("analyse", "--map", "toys", "--as-of", "2020-06-30", "--workspace", ws),
            "backtest": ("backtest", "--map", "toys", "--until", UNTIL, "--draws", 5, "--workspace", ws)}[command]
    done = landscape(*args, kill_at=stage)
    return {"ws": ws, "returncode": done.returncode, "stderr": done.stderr[-2000:],
            "left": sorted(p.name for p in (ws / "maps").iterdir() if p.name.startswith(".")
                           and not p.name.endswith(".lock") and p.name != VERSIONS)}


@pytest.fixture(scope="module")
def killed(template, tmp_path_factory) -> dict[str, dict]:
    """What each kill left, by label; the runs go two or more at a time."""
    base = tmp_path_factory.mktemp("killed")
    jobs = scenarios(template)
    with ThreadPoolExecutor(max_workers=max(2, min(4, os.cpu_count() or 2))) as pool:
        futures = {label: pool.submit(run_killed, template, label, cmd, stage, base)
                   for label, (cmd, stage) in jobs.items()}
        return {label: f.result() for label, f in futures.items()}


def assert_listed_whole(ws: Path, template: Path, expected: list[str]) -> None:
    """``landscape maps`` lists exactly ``expected``, each readable, checked and analysed, and
    ``toys`` is the version built before the kill."""
    result = CliRunner().invoke(main, ["maps", "--workspace", str(ws), "--json"], catch_exceptions=False)
    rows = json.loads(result.output)
    assert [r["name"] for r in rows] == expected
    assert not [r for r in rows if "error" in r], rows
    before = read_bundle(template, "toys")
    for name in expected:
        b = read_bundle(ws, name)
        assert b.manifest["files"] == before.manifest["files"]  # the previous version, byte for byte
        for table in before.manifest["analysis"]["counts"]:
            assert b.table(table) is not None, table


def assert_next_write_cleans(ws: Path) -> None:
    update_bundle(ws, "toys", manifest={"note": "written after a kill"})
    left = [p.name for p in (ws / "maps").iterdir() if p.name.startswith(".") and not p.name.endswith(".lock")
            and p.name != VERSIONS]  # the kept earlier versions are meant to stay
    assert left == []
    assert read_bundle(ws, "toys").manifest["note"] == "written after a kill"


def check(killed: dict, label: str, template: Path, expected=("toys",)) -> dict:
    run = killed[label]
    assert run["returncode"] == -9, f"{label} was not killed at its stage: {run['stderr']}"
    assert_listed_whole(run["ws"], template, list(expected))
    assert_next_write_cleans(run["ws"])
    return run


@pytest.mark.slow
@pytest.mark.parametrize("stage", BUILD_STAGES + ["first analysis table"])
def test_killed_build_leaves_the_previous_version_listed(killed, template, stage):
    if stage == "first analysis table":
        stage = f"analysis:{analysis_tables(template)[0]}"
    run = check(killed, f"build@{stage}", template)
    if stage not in ("embedded", "laid-out", "clustered", "labelled"):
        assert run["left"], "the kill fell after the new version was started: something must be left to clean"


@pytest.mark.slow
@pytest.mark.parametrize("stage", ANALYSE_STAGES + ["every analysis table"])
def test_killed_analyse_leaves_the_previous_version_listed(killed, template, stage):
    stages = [f"analysis:{t}" for t in analysis_tables(template)] if stage == "every analysis table" else [stage]
    for s in stages:
        run = check(killed, f"analyse@{s}", template)
        assert run["left"], s


@pytest.mark.slow
def test_killed_between_renames_is_put_back_by_the_next_reader(killed, template):
    run = killed["build@between-renames"]
    # Killed with the old version aside and the new one not yet in: only hidden folders.
    assert any(n.endswith(".old") for n in run["left"]) and any(".tmp-" in n for n in run["left"])


@pytest.mark.slow
def test_killed_first_build_lists_nothing(killed, template):
    run = killed["new-map@sealed"]
    assert run["returncode"] == -9, run["stderr"]
    assert "fresh" not in list_bundles(run["ws"]) and not (run["ws"] / "maps" / "fresh").exists()
    assert_listed_whole(run["ws"], template, ["toys"])


@pytest.mark.slow
def test_killed_as_of_keeps_the_old_time_window_and_next_analyse_cleans(killed, template):
    run = check(killed, "as-of@sealed", template)
    ws = run["ws"]
    old_window = read_bundle(ws, "toys").manifest["time_window"]
    # A kill again, then a real `landscape analyse --as-of` afterwards: it cleans and publishes.
    (ws / "maps" / ".toys.tmp-left").mkdir()
    result = CliRunner().invoke(main, ["analyse", "--map", "toys", "--as-of", "2020-06-30", "--workspace", str(ws),
                                       "--json"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert not (ws / "maps" / ".toys.tmp-left").exists()
    b = read_bundle(ws, "toys")
    assert b.manifest["time_window"]["cutoff"] == "2020-06-30" != old_window["cutoff"]
    assert b.manifest["last_complete_year"] == b.manifest["time_window"]["last_complete_year"]
    assert b.manifest["last_complete_year"] < old_window["last_complete_year"]


@pytest.mark.slow
def test_backtest_trial_map_is_never_listed(killed, template):
    run = killed["backtest@writing-tables"]
    assert run["returncode"] == -9, run["stderr"]
    assert [n for n in run["left"] if n.startswith(f"._backtest-toys-{UNTIL}.tmp-")], run["left"]
    assert list_bundles(run["ws"]) == ["toys"]
    assert_next_write_cleans(run["ws"])


# --------------------------------------------------------------------------- writers and readers

@pytest.fixture
def ws(template, tmp_path) -> Path:
    shutil.copytree(template.parent, tmp_path / "copy")
    return tmp_path / "copy" / "ws"


def test_a_second_writer_waits_for_the_first(ws):
    done = threading.Event()
    with map_lock(ws / "maps", "toys"):
        writer = threading.Thread(target=lambda: (update_bundle(ws, "toys", manifest={"by": "second"}), done.set()))
        writer.start()
        time.sleep(0.5)
        assert not done.is_set()  # held off by the lock
        assert "by" not in read_bundle(ws, "toys").manifest
    writer.join(30)
    assert done.is_set() and read_bundle(ws, "toys").manifest["by"] == "second"


def test_a_reader_during_the_swap_waits_for_the_new_version(ws):
    maps = ws / "maps"
    shutil.copytree(maps / "toys", maps / ".toys.tmp-new")
    got = {}
    with map_lock(maps, "toys"):
        (maps / "toys").rename(maps / ".toys.old")  # a writer between its two renames
        reader = threading.Thread(target=lambda: got.update(b=read_bundle(ws, "toys")))
        reader.start()
        time.sleep(0.3)
        assert reader.is_alive()  # waiting, not failing and not reading the hidden folders
        (maps / ".toys.tmp-new").rename(maps / "toys")
    reader.join(10)
    assert got["b"].path == maps / "toys"


def test_leftovers_of_a_map_being_written_are_not_touched(ws):
    maps = ws / "maps"
    (maps / ".toys.tmp-busy").mkdir()
    with map_lock(maps, "toys"):  # another process writing toys
        shutil.copytree(maps / "toys", maps / "other")
        update_bundle(ws, "other", manifest={"x": 1})  # a write of another map sweeps leftovers
        assert (maps / ".toys.tmp-busy").exists()
    update_bundle(ws, "other", manifest={"x": 2})
    assert not (maps / ".toys.tmp-busy").exists()


@pytest.mark.parametrize("next_write", ["same map", "another map"])
def test_a_write_after_a_kill_between_the_renames_puts_the_old_version_back(ws, next_write):
    maps = ws / "maps"
    before = read_bundle(ws, "toys").manifest["files"]
    shutil.copytree(maps / "toys", maps / "other")
    shutil.copytree(maps / "toys", maps / ".toys.tmp-killed")
    (maps / "toys").rename(maps / ".toys.old")  # the state a kill between the renames leaves
    update_bundle(ws, "toys" if next_write == "same map" else "other", manifest={"after": 1})
    assert sorted(p.name for p in maps.iterdir() if not p.name.endswith(".lock") and p.name != VERSIONS) == [
        "other", "toys"]
    assert read_bundle(ws, "toys").manifest["files"] == before


def test_a_map_name_must_be_a_plain_folder_name(ws):
    for bad in (".hidden", "a/b", "..", ""):
        with pytest.raises(ValueError, match="cannot name a map"):
            update_bundle(ws, bad, manifest={})


# --------------------------------------------------------------------------- tampering

def flip_byte(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("file", ["points.parquet", "white_spaces.parquet", "embeddings.npy"])
def test_one_changed_byte_is_refused(ws, file):
    read_bundle(ws, "toys")  # hashed once in this process: the cache must not hide the change
    flip_byte(ws / "maps" / "toys" / file)
    sentence = f"map 'toys': {file} changed after the map was written; rebuild it or copy the map again."
    with pytest.raises(BundleError) as err:
        read_bundle(ws, "toys")
    assert str(err.value) == sentence
    # A fresh process catches it too, and `landscape maps` says so instead of a traceback.
    done = landscape("maps", "--workspace", ws, "--json")
    assert done.returncode == 0 and json.loads(done.stdout) == [{"name": "toys", "error": sentence}]


def test_a_change_after_reading_is_refused_when_the_file_is_read(ws):
    b = read_bundle(ws, "toys")
    flip_byte(ws / "maps" / "toys" / "alerts.parquet")
    with pytest.raises(BundleError, match="alerts.parquet changed after the map was written"):
        b.table("alerts")


def test_a_deleted_or_added_file_is_refused(ws):
    toys = ws / "maps" / "toys"
    (toys / "notes.parquet").write_bytes(b"PAR1")
    with pytest.raises(BundleError, match=r"^map 'toys': notes.parquet was added after the map was written; "
                                          r"rebuild it or copy the map again\.$"):
        read_bundle(ws, "toys")
    (toys / "notes.parquet").unlink()
    (toys / "evil.pkl").write_bytes(b"cos\nsystem\n")  # a pickle is refused by its name, before any check
    with pytest.raises(BundleError, match=r"^map 'toys' carries evil.pkl, a file that could run code"):
        read_bundle(ws, "toys")
    (toys / "evil.pkl").unlink()
    (toys / "trends.parquet").unlink()
    with pytest.raises(BundleError, match=r"^map 'toys': trends.parquet was deleted after the map was written; "):
        read_bundle(ws, "toys")


def test_a_manifest_without_file_hashes_is_refused(ws):
    path = ws / "maps" / "toys" / "manifest.json"
    manifest = json.loads(path.read_text())
    path.write_text(json.dumps({k: v for k, v in manifest.items() if k != "files"}))
    with pytest.raises(BundleError, match="built by an older landscape; rebuild the map"):
        read_bundle(ws, "toys")


def test_the_manifest_lists_every_file_with_its_hash(ws):
    import hashlib

    toys = ws / "maps" / "toys"
    files = read_bundle(ws, "toys").manifest["files"]
    assert sorted(files) == sorted(p.name for p in toys.iterdir() if p.name != "manifest.json")
    for name, entry in files.items():
        data = (toys / name).read_bytes()
        assert entry == {"sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)}


def test_analyse_refuses_a_changed_map_and_leaves_it_as_it_was(ws):
    flip_byte(ws / "maps" / "toys" / "points.parquet")
    result = CliRunner().invoke(main, ["analyse", "--map", "toys", "--workspace", str(ws)])
    assert result.exit_code != 0 and "points.parquet changed after the map was written" in result.output
    assert "Traceback" not in result.output
    assert [p.name for p in (ws / "maps").iterdir() if ".tmp-" in p.name] == []
