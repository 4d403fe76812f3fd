"""A forked child and its message channel without multiprocessing (`verifier.forking`): what a worker's
parent relies on, as `multiprocessing`'s fork context gives it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from verifier.forking import Forked, channel_pair, wait


def echo(conn, other_end) -> None:
    """Send back every message until None, then end."""
    other_end.close()
    while (message := conn.recv()) is not None:
        conn.send(("echo", message))


def test_messages_go_both_ways_whole_and_in_order_even_past_a_pipes_buffer():
    parent, child = channel_pair()
    proc = Forked(echo, (child, parent))
    proc.start()
    child.close()
    big = list(range(200_000))  # some MB pickled: many pipe buffers' worth
    for message in ("a", big, {"k": (1, 2)}):
        parent.send(message)
        assert wait([parent], 30) == [parent]
        assert parent.recv() == ("echo", message)
    parent.send(None)
    proc.join(30)
    assert proc.exitcode == 0 and not proc.is_alive()
    assert parent.poll(1)  # the child's end closed: readable, and nothing more comes
    with pytest.raises(EOFError):
        parent.recv()
    parent.close()
    assert parent.closed
    with pytest.raises(OSError):
        parent.send("late")


def fail() -> None:
    raise ValueError("a bug in the work")


def stop_with_3() -> None:
    raise SystemExit(3)


def sleep_long() -> None:
    time.sleep(60)


def test_the_exit_code_says_how_the_child_ended(capfd):
    ended = []
    for target in (lambda: None, fail, stop_with_3):
        proc = Forked(target)
        proc.start()
        proc.join(30)
        ended.append(proc.exitcode)
    assert ended == [0, 1, 3]
    assert "ValueError: a bug in the work" in capfd.readouterr().err  # its traceback, as multiprocessing prints it
    proc = Forked(sleep_long)
    proc.start()
    proc.join(0.2)
    assert proc.is_alive() and proc.exitcode is None  # still running past a join's timeout
    proc.kill()
    proc.join(30)
    assert proc.exitcode == -signal.SIGKILL and not proc.is_alive()


def fork_a_sleeper(pid_file: str) -> None:
    """Start a grandchild (as a worker forks engine lanes) that outlives this child, then end."""
    grandchild = os.fork()
    if grandchild == 0:
        time.sleep(60)
        os._exit(0)
    with open(pid_file, "w") as f:
        f.write(str(grandchild))


def test_the_sentinel_waits_for_what_the_child_forked_too(tmp_path):
    proc = Forked(fork_a_sleeper, (str(tmp_path / "pid"),))
    proc.start()
    deadline = time.monotonic() + 30
    while not (tmp_path / "pid").exists() and time.monotonic() < deadline:
        time.sleep(0.01)
    grandchild = int((tmp_path / "pid").read_text())
    try:
        began = time.monotonic()
        proc.join()  # without a timeout the child alone is waited for, not the grandchild holding the sentinel
        assert time.monotonic() - began < 30 and wait([proc.sentinel], 0) == []
        assert not proc.is_alive() and proc.exitcode == 0
    finally:
        os.kill(grandchild, signal.SIGKILL)
    assert wait([proc.sentinel], 30) == [proc.sentinel]


def test_the_child_reads_no_standard_input_and_its_buffered_output_is_written_once(tmp_path):
    """stdin is /dev/null in the child; what the parent had buffered is flushed before the fork."""
    script = f"""
import sys
sys.path.insert(0, {os.getcwd()!r})
from verifier.forking import Forked
def child():
    print("child read", repr(sys.stdin.read()))
sys.stdout.write("buffered before the fork; ")
proc = Forked(child)
proc.start()
proc.join(30)
print("exit", proc.exitcode)
"""
    done = subprocess.run([sys.executable, "-c", script], input="secret", capture_output=True, text=True,
                          timeout=60)
    assert done.stdout.count("buffered before the fork") == 1
    assert "child read ''" in done.stdout and "exit 0" in done.stdout
