"""Regressions for what the differential fuzzer (bench/bench_fuzz.py) turned up."""

from __future__ import annotations

import multiprocessing as mp
import os
import signal
import time
from pathlib import Path
from types import SimpleNamespace

import pytest
import z3

from verifier.engines.invariants import horn


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not os.path.exists("/proc/self/stat"), reason="needs Linux's /proc")
def test_spacer_child_dies_with_its_lane(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Spacer on bit-vectors runs in a forked child of the lane; the portfolio kills a lane at
    its deadline, and the child used to run on as an orphan (seen by the dozen in a fuzz run,
    each a solver using a core). It now ends with the lane."""
    marker = tmp_path / "spacer.pid"

    def spacer_ignoring_its_timeout(hc, deadline):
        marker.write_text(str(os.getpid()))
        while True:
            time.sleep(0.05)

    monkeypatch.setattr(horn, "_solve_here", spacer_ignoring_its_timeout)
    clauses = SimpleNamespace(preds={0: z3.Function("inv", z3.BitVecSort(8), z3.BoolSort())})
    lane = mp.get_context("fork").Process(target=horn.solve, args=(clauses, time.monotonic() + 60), daemon=True)
    lane.start()
    for _ in range(200):
        if marker.exists() and marker.read_text():
            break
        time.sleep(0.05)
    spacer = int(marker.read_text())
    assert _alive(spacer)
    lane.kill()
    lane.join()
    for _ in range(100):
        if not _alive(spacer):
            break
        time.sleep(0.05)
    survived = _alive(spacer)
    if survived:  # not left behind by the test either
        os.kill(spacer, signal.SIGKILL)
    assert not survived
