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


def _fork_from_another_thread_while_starting(monkeypatch) -> tuple[list[int], list[threading.Thread]]:
    """Make every program start meet a fork from another thread: the moment the old
    code's pipes to the program were open in this process (the forked child lives 3 s)."""
    forked: list[int] = []
    forking: list[threading.Thread] = []
    start_child = subprocess.Popen._execute_child

    def fork_then_start(self, *args, **kwargs):
        def fork() -> None:
            pid = os.fork()
            if pid == 0:
                time.sleep(3)
                os._exit(0)
            forked.append(pid)

        other = threading.Thread(target=fork)
        forking.append(other)
        other.start()
        other.join(0.2)  # forked by now unless a start holds the fork back (`SPAWNING`)
        return start_child(self, *args, **kwargs)

    monkeypatch.setattr(subprocess.Popen, "_execute_child", fork_then_start)
    return forked, forking


@pytest.mark.parametrize("stdin", [None, b"1 2 3\n"])
def test_a_harness_run_is_not_held_up_by_a_process_forked_while_it_starts(monkeypatch, stdin):
    """`run_harness` (the equivalence sampler's, the replays') from a thread while lanes fork:
    its streams are files, so a forked lane holds none of them open."""
    from verifier.crosscheck.c_harness import run_harness

    forked, forking = _fork_from_another_thread_while_starting(monkeypatch)
    start = time.monotonic()
    proc = run_harness("/bin/sh", ["-c", "cat; echo done >&2"], timeout_s=30, stdin=stdin)
    took = time.monotonic() - start
    for thread in forking:  # a fork held back while the program started happens now
        thread.join()
    for pid in forked:
        os.kill(pid, 9)
        os.waitpid(pid, 0)
    assert forked and took < 2.0
    assert proc.returncode == 0 and proc.stdout == (stdin or b"") and proc.stderr == b"done\n"


def test_a_harness_run_past_its_timeout_is_killed_and_keeps_its_output():
    from verifier.crosscheck.c_harness import run_harness

    with pytest.raises(subprocess.TimeoutExpired) as stopped:
        run_harness("/bin/sh", ["-c", "echo started; exec sleep 30"], timeout_s=0.3)
    assert stopped.value.stdout == b"started\n"


def test_a_harness_run_gets_a_big_stack_and_this_process_keeps_its_own():
    """Deep finite recursion in the user's code is no crash; the limit is raised for the run only."""
    import resource

    from verifier.crosscheck.c_harness import run_harness

    before = resource.getrlimit(resource.RLIMIT_STACK)
    proc = run_harness("/bin/sh", ["-c", "ulimit -s"], timeout_s=30, stack_bytes=64 << 20)
    shown = proc.stdout.decode().strip()
    assert resource.getrlimit(resource.RLIMIT_STACK) == before
    hard = before[1]
    wanted_kib = 64 << 10 if hard == resource.RLIM_INFINITY else min(64 << 10, hard // 1024)
    assert shown == "unlimited" or int(shown) >= wanted_kib
