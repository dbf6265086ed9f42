"""A real Ray cluster of two nodes on this machine, for the tests and the bench: `ray start --head`
plus `ray start --address` for the second node, one CPU each, stopped (only its own processes)
when done.

Each `ray start` runs in a session of its own, and every process of that node (raylet, GCS,
workers) stays in it, so stopping the cluster signals exactly those sessions: never `ray stop`,
which would end every Ray on the machine, other people's included.
"""
from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _session_members(sid: int) -> list[int]:
    pids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        # After the command name: state, ppid, pgrp, session.
        if int(fields[3]) == sid and fields[0] != "Z":
            pids.append(int(stat.parent.name))
    return pids


def _stop(sessions: list[int], grace_s: float = 5.0) -> None:
    for sig in (signal.SIGTERM, signal.SIGKILL):
        for sid in sessions:
            for pid in _session_members(sid):
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.kill(pid, sig)
        deadline = time.monotonic() + grace_s
        while time.monotonic() < deadline and any(_session_members(s) for s in sessions):
            time.sleep(0.2)


def _watch(owner: int, sessions: list[int], temp: str) -> None:
    """Stop the cluster once ``owner`` has gone without stopping it (a crashed test run)."""
    while Path(f"/proc/{owner}").exists():
        time.sleep(1)
    _stop(sessions)
    shutil.rmtree(temp, ignore_errors=True)


@contextlib.contextmanager
def local_ray_cluster(nodes: int = 2, *, object_store_bytes: int = 200_000_000, env: dict | None = None):
    """Yield the address (``127.0.0.1:PORT``) of a Ray cluster of ``nodes`` nodes of one CPU.

    The workers import this checkout's ``landscape`` (PYTHONPATH), load models offline, and send
    no usage statistics. Ray writes its sockets and logs under a short temporary folder (a Unix
    socket path must stay under 108 characters), removed after.
    """
    ray = Path(sys.executable).with_name("ray")
    temp = tempfile.mkdtemp(prefix="lray", dir="/tmp")
    port = free_port()
    address = f"127.0.0.1:{port}"
    node_env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
                    RAY_USAGE_STATS_ENABLED="0", HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1",
                    TOKENIZERS_PARALLELISM="false", RAY_AUTH_MODE="disabled", **(env or {}))
    common = ["--num-cpus", "1", "--object-store-memory", str(object_store_bytes), "--temp-dir", temp,
              "--node-ip-address", "127.0.0.1", "--disable-usage-stats"]
    sessions: list[int] = []
    try:
        for i in range(nodes):
            where = (["--head", "--port", str(port), "--include-dashboard", "false"] if i == 0
                     else ["--address", address])
            proc = subprocess.Popen([str(ray), "start", *where, *common], env=node_env, start_new_session=True,
                                    stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
            sessions.append(proc.pid)
            out, _ = proc.communicate(timeout=180)
            if proc.returncode != 0:
                raise RuntimeError(f"ray start failed ({proc.returncode}):\n{out[-3000:]}")
        # A watchdog of its own session: if this process dies before the `finally` below runs,
        # the nodes do not outlive it.
        watchdog = subprocess.Popen([sys.executable, __file__, str(os.getpid()), temp, *map(str, sessions)],
                                    start_new_session=True)
        yield address
    finally:
        _stop(sessions)
        shutil.rmtree(temp, ignore_errors=True)
        with contextlib.suppress(NameError, ProcessLookupError):
            watchdog.kill()
            watchdog.wait()


if __name__ == "__main__":
    _watch(int(sys.argv[1]), [int(sid) for sid in sys.argv[3:]], sys.argv[2])
