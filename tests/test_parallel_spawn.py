"""Programs started from a background thread (a C harness build) while other threads fork (lanes)."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time

import pytest

from verifier.crosscheck.spawn import SPAWNING, run_to_file


def test_a_fork_waits_while_a_program_is_being_started():
    """Else the forked process could keep the starting thread's pipes open (a build waited seconds for a lane)."""
    held = threading.Event()

    def hold() -> None:
        with SPAWNING:
            held.set()
            time.sleep(0.3)

    holder = threading.Thread(target=hold)
    holder.start()
    held.wait()
    start = time.monotonic()
    pid = os.fork()
    if pid == 0:
        os._exit(0)
    waited = time.monotonic() - start
    os.waitpid(pid, 0)
    holder.join()
    assert waited >= 0.2


def test_run_to_file_gives_the_status_and_both_streams():
    code, output = run_to_file([sys.executable, "-c", "import sys; print('out'); sys.exit('err')"], timeout=30)
    assert code == 1 and output.split() == ["out", "err"]


def test_run_to_file_kills_a_program_past_its_timeout():
    start = time.monotonic()
    with pytest.raises(subprocess.TimeoutExpired):
        run_to_file(["sleep", "30"], timeout=0.2)
    assert time.monotonic() - start < 5
