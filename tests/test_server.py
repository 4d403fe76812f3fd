"""The warm server: `verify` forwards to it when one runs here, with the same output and exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from verifier.cache import tool_fingerprint
from verifier.client import NO_SERVER_ENV, socket_path
from verifier.server import request

VERIFY = str(Path(sys.executable).parent / "verify")
SAFE_C = "void f(unsigned x, unsigned y) {\n    __VERIFIER_assert(x + y == y + x);\n}\n"
AVERAGE_C = "int average(int a, int b) {\n    return (a + b) / 2;\n}\n"
BROKEN_C = "int f(int x) {\n    return x +;\n}\n"


def verify(*args: str, cwd: Path, served: bool = True) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != NO_SERVER_ENV}
    if not served:
        env[NO_SERVER_ENV] = "1"
    return subprocess.run([VERIFY, *args], capture_output=True, text=True, cwd=cwd, env=env, timeout=300)


def ready_status(cwd: Path) -> dict:
    """The server's status once the next request's process is forked (once the last one has ended)."""
    for _ in range(600):  # at most a minute on a loaded machine
        status = request(str(cwd), {"op": "status"})
        assert status is not None
        if status["ready"]:
            return status
        time.sleep(0.1)
    raise AssertionError("no request process forked ahead")


#: the sources' fingerprint just before each served directory's server started
STARTED_WITH: dict[Path, str] = {}


@pytest.fixture
def served_dir(tmp_path):
    (tmp_path / "safe.c").write_text(SAFE_C)
    (tmp_path / "average.c").write_text(AVERAGE_C)
    (tmp_path / "broken.c").write_text(BROKEN_C)
    STARTED_WITH[tmp_path] = tool_fingerprint()
    started = verify("server", "start", cwd=tmp_path)
    assert started.returncode == 0 and "started" in started.stdout, started.stderr
    yield tmp_path
    verify("server", "stop", cwd=tmp_path)
    assert not os.path.exists(socket_path(str(tmp_path)))


def _stable(doc: dict) -> list:
    """What must not depend on where the run happened (a counterexample's values may vary from run to run)."""
    return [(r["check"], r["target"], r["location"], r["verdict"], r["reason"], bool(r["counterexample"]),
             (r["counterexample"] or {}).get("confirmed"), sorted((r["counterexample"] or {}).get("inputs", {})))
            for r in doc["results"]]


def test_forwarded_runs_answer_as_in_process_runs(served_dir):
    assert verify("server", "start", cwd=served_dir).stdout.startswith("verify server: already running")
    _on_a_fresh_server_if_edited(served_dir, _forwarded_runs_answer_as_in_process_runs)


def _on_a_fresh_server_if_edited(served_dir: Path, check) -> None:
    """`check(served_dir)`, retried once on a fresh server if someone edits the checkout meanwhile:
    a server whose sources changed declines and stops (as it must)."""
    for attempt in range(2):
        try:
            check(served_dir)
            return
        except AssertionError:
            if attempt or tool_fingerprint() == STARTED_WITH[served_dir]:
                raise
            verify("server", "stop", cwd=served_dir)
            STARTED_WITH[served_dir] = tool_fingerprint()
            assert verify("server", "start", cwd=served_dir).returncode == 0


def _forwarded_runs_answer_as_in_process_runs(served_dir: Path) -> None:
    """Each in the process the server forked and warmed ahead, whose worker was forked before the client came."""
    for args, code in ((["safe.c"], 0), (["average.c"], 1), (["broken.c"], 2)):
        before = ready_status(served_dir)
        served = verify("prove", "--no-cache", "--format", "json", *args, cwd=served_dir)
        after = request(str(served_dir), {"op": "status"})  # the server ran it, in the process forked ahead
        assert after is not None
        assert (after["requests"], after["ahead"]) == (before["requests"] + 1, before["ahead"] + 1)
        alone = verify("prove", "--no-cache", "--format", "json", *args, cwd=served_dir, served=False)
        assert served.returncode == alone.returncode == code
        assert served.stderr == alone.stderr
        if code == 2:
            assert served.stdout == alone.stdout == "" and served.stderr.startswith("broken.c:2:")
        else:
            assert _stable(json.loads(served.stdout)) == _stable(json.loads(alone.stdout))
    text = verify("prove", "average.c", cwd=served_dir)
    assert text.returncode == 1 and "average.c:2:15" in text.stdout and "counterexample (confirmed" in text.stdout


def test_usage_errors_and_version_come_back_the_same(served_dir):
    for args in (["--version"], ["prove"], ["nosuchcommand"]):
        served, alone = verify(*args, cwd=served_dir), verify(*args, cwd=served_dir, served=False)
        assert (served.returncode, served.stdout, served.stderr) == (alone.returncode, alone.stdout, alone.stderr)


def test_without_a_server_commands_run_in_process(tmp_path):
    (tmp_path / "safe.c").write_text(SAFE_C)
    status = verify("server", "status", cwd=tmp_path)
    assert status.returncode == 1 and "none running" in status.stdout
    assert verify("server", "stop", cwd=tmp_path).returncode == 0
    run = verify("prove", "safe.c", cwd=tmp_path)
    assert run.returncode == 0 and "1 yes, 0 no, 0 unknown" in run.stdout


def test_a_server_whose_sources_changed_declines_and_stops(tmp_path, monkeypatch):
    """It would run stale code: the request is not run (the client runs it itself) and the server ends."""
    import threading

    import verifier.cache
    from verifier import client, server

    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv(NO_SERVER_ENV, raising=False)
    running = server.Server(str(tmp_path))
    thread = threading.Thread(target=running.serve, daemon=True)
    thread.start()
    assert server.request(str(tmp_path), {"op": "status"})["requests"] == 0
    monkeypatch.setattr(verifier.cache, "tool_fingerprint", lambda: "sources edited since the start")
    assert client.forward(["--version"], "verify") is None
    thread.join(5)
    assert not thread.is_alive() and running.requests == 0 and not os.path.exists(socket_path(str(tmp_path)))


def test_the_warm_up_samples_are_read_whole(tmp_path):
    """The server parses its samples at start to build the lexers' scanners: every function must be in the subset."""
    from verifier.load import load_program
    from verifier.server import WARM_SAMPLES

    for name, text in WARM_SAMPLES.items():
        (tmp_path / name).write_text(text)
        program = load_program(str(tmp_path / name), None, None)
        assert program.functions and not [f.name for f in program.functions.values() if f.unsupported]


def test_each_directory_has_its_own_short_socket_path(tmp_path):
    """One server per directory (a link to it names the same one); the path fits AF_UNIX's 108 bytes."""
    a, b = tmp_path / "a" / ("deep" * 20), tmp_path / "b" / ("deep" * 20)
    a.mkdir(parents=True)
    b.mkdir(parents=True)
    (tmp_path / "link").symlink_to(a)
    assert socket_path(str(a)) == socket_path(str(tmp_path / "link")) != socket_path(str(b))
    assert len(socket_path(str(a)).encode()) < 108


def test_a_process_forked_ahead_counts_the_timeout_from_its_request():
    """A fresh `verify` counts --timeout from its own start; a process the server forked ahead, from its request."""
    code = ("import time; time.sleep(0.3)\n"
            "from verifier.deadline import command_start, command_starts_now\n"
            "alive, request = time.monotonic() - command_start(), time.monotonic()\n"
            "command_starts_now()\n"
            "print(alive >= 0.3, command_start() >= request)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stdout.split() == ["True", "True"], done.stderr
