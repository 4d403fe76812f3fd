"""The Python replay worker forked from the prover (`verifier.crosscheck.py_fork`).

A forked worker must answer as a fresh interpreter does: the same replies as
``python -c`` and as CPython calling the function directly; a fork is refused
where it could differ (a module beside the user's shadows one already loaded
here, another thread runs); a launched worker runs none of the user's code
until it is started; a call that never returns is stopped.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from verifier.crosscheck import py_fork
from verifier.crosscheck.py_fork import can_fork_for
from verifier.crosscheck.py_worker import PyWorker

SOURCE = '''
def f(x: int, y: int) -> int:
    if x > 100:
        assert y != 7
    return x // (y - 2)
'''


@pytest.fixture(autouse=True)
def only_this_tests_threads(monkeypatch):
    """Threads running before the test (pytest-xdist's own, in a worker) are not
    the prover's: the fork rule is counted on the threads the test starts."""
    before = set(threading.enumerate())
    monkeypatch.setattr(py_fork.threading, "active_count", lambda: 1 + len(set(threading.enumerate()) - before))


def _direct(x: int, y: int) -> dict:
    """What CPython does with the call, in the worker's reply vocabulary (status, failure kind)."""
    namespace: dict = {}
    exec(SOURCE, namespace)
    try:
        return {"status": "return", "value": namespace["f"](x, y)}
    except AssertionError:
        return {"status": "fail", "failure": "assert"}
    except ZeroDivisionError:
        return {"status": "fail", "failure": "div-by-zero"}


def _essence(reply: dict) -> dict:
    return {k: reply[k] for k in ("status", "value", "failure") if k in reply}


def test_a_forked_worker_answers_as_python_c_and_as_cpython(tmp_path):
    path = tmp_path / "prog.py"
    path.write_text(SOURCE)
    forked, fresh = PyWorker(str(path), "f", fork=True), PyWorker(str(path), "f")
    try:
        assert forked.start() == "" and fresh.start() == ""
        assert forked.forked and not fresh.forked

        @settings(max_examples=30, derandomize=True, database=None, deadline=None)
        @given(st.integers(-5, 200), st.integers(-3, 9))
        def same(x: int, y: int) -> None:
            a, b = forked.call({"x": x, "y": y}, 5.0), fresh.call({"x": x, "y": y}, 5.0)
            assert a == b and _essence(a) == _direct(x, y)
            if a["status"] == "fail":
                assert a["line"] == (4 if a["failure"] == "assert" else 5)

        same()
    finally:
        forked.close()
        fresh.close()


def test_no_fork_when_a_module_beside_the_users_shadows_a_loaded_one(tmp_path):
    path = tmp_path / "prog.py"
    path.write_text("import hypothesis\n\ndef g() -> int:\n    return hypothesis.MARK\n")
    assert can_fork_for(str(path))
    (tmp_path / "hypothesis.py").write_text("MARK = 41\n")  # hypothesis is loaded here (this test imports it)
    assert not can_fork_for(str(path))
    worker = PyWorker(str(path), "g", fork=True)
    try:
        assert worker.start() == "" and not worker.forked
        assert worker.call({}, 5.0) == {"status": "return", "value": 41}  # the user's module, as in a fresh Python
    finally:
        worker.close()


def test_no_fork_while_another_thread_runs(tmp_path):
    path = tmp_path / "prog.py"
    path.write_text(SOURCE)
    release = threading.Event()
    other = threading.Thread(target=release.wait)
    other.start()
    try:
        assert not can_fork_for(str(path))
    finally:
        release.set()
        other.join()
    assert can_fork_for(str(path))


def test_a_launched_worker_runs_no_user_code_until_started(tmp_path):
    marker = tmp_path / "imported"
    path = tmp_path / "prog.py"
    path.write_text(f"open({str(marker)!r}, 'w').close()\n\ndef h(x: int) -> int:\n    return x + 1\n")
    worker = PyWorker(str(path), "h", fork=True)
    try:
        assert worker.launch() == "" and not worker.running
        time.sleep(0.2)
        assert not marker.exists()
        assert worker.start() == "" and worker.running and marker.exists()
        assert worker.call({"x": 4}, 5.0) == {"status": "return", "value": 5}
    finally:
        worker.close()


def test_a_forked_call_that_never_returns_is_stopped_and_the_worker_reaped(tmp_path):
    path = Path(tmp_path / "spin.py")
    path.write_text("def spin(n: int) -> int:\n    while True:\n        n += 1\n")
    worker = PyWorker(str(path), "spin", per_call_s=0.2, fork=True)
    try:
        assert worker.start() == ""
        assert worker.forked
        pid = worker.pid
        assert worker.call({"n": 1}, 10.0) == {"status": "timeout"}  # the worker's own alarm
        assert worker.running  # and it takes the next call
    finally:
        worker.close()
    assert not Path(f"/proc/{pid}").exists()  # killed and waited for: no zombie left behind
