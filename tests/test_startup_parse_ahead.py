"""The helper that parses a cold `verify prove FILE.c`'s file while the first worker imports the engines."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from verifier import parse_ahead
from verifier.crosscheck import cvc5_service
from verifier.errors import InputError
from verifier.load import load_program
from verifier.parallel import Task, run_tasks

REPO = Path(__file__).resolve().parents[1]
SOURCE = "void f(unsigned x, unsigned y) {\n    __VERIFIER_assert(x + y == y + x);\n}\n"


@pytest.fixture
def source(tmp_path, monkeypatch):
    """f.c in an otherwise empty project directory (no [tool.verify]: default settings)."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "f.c").write_text(SOURCE)
    return "f.c"


def helper_gone(pid: int) -> bool:
    """Has the helper been collected (no zombie left)?"""
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


def _wait_until_sent(pid: int, wait_s: float = 60.0) -> None:
    """Wait until helper `pid` has sent its program: it then waits for cvc5 queries, blocked in a read
    (the only read it blocks in)."""
    end = time.monotonic() + wait_s
    while time.monotonic() < end:
        with open(f"/proc/{pid}/syscall") as f:
            if f.read().split()[0] == "0":
                return
        time.sleep(0.02)
    raise AssertionError("the helper did not send its program")


@pytest.fixture(autouse=True)
def no_helper_left():
    """A helper a test leaves serving cvc5 is ended."""
    yield
    cvc5_service.detach()


def test_the_program_parsed_ahead_is_the_one_the_worker_would_parse(source):
    pid = parse_ahead.start(source)
    program = parse_ahead.take(source, None, None)
    assert program is not None and program == load_program(source)
    assert program.functions["f"].loc.line == 1
    assert parse_ahead.take(source, None, None) is None  # taken once
    assert cvc5_service.available()  # the helper serves cvc5 now, until the worker lets it go
    cvc5_service.detach()
    assert helper_gone(pid) and not cvc5_service.available()


@pytest.mark.parametrize("change", ["settings", "edit", "path", "syntax error"])
def test_the_worker_parses_itself_unless_path_settings_and_bytes_are_the_helpers(source, change):
    if change == "syntax error":
        with open(source, "w") as f:
            f.write("void f( {\n")
    pid = parse_ahead.start(source)
    if change == "edit":
        _wait_until_sent(pid)  # parsed and sent: now the file changes
        with open(source, "a") as f:
            f.write("int g(void) { return 1; }\n")
    asked = ("other.c" if change == "path" else source, "wrap" if change == "settings" else None, None)
    assert parse_ahead.take(*asked) is None
    assert cvc5_service.available() == (change != "path")  # a helper of the file serves cvc5 all the same
    cvc5_service.detach()
    assert helper_gone(pid)
    if change == "syntax error":  # the worker's own parse gives the error, as it always did
        with pytest.raises(InputError, match="f.c"):
            load_program(source)


def test_only_one_source_file_named_without_parsing_options_is_parsed_ahead(source, tmp_path):
    (tmp_path / "g.c").write_text(SOURCE)
    assert parse_ahead.guess_source(["--timeout", "60", "--no-cache", "f.c"]) == "f.c"
    assert parse_ahead.guess_source(["f.c", "g.c"]) is None
    assert parse_ahead.guess_source(["--int-semantics", "wrap", "f.c"]) is None
    assert parse_ahead.guess_source(["--data-model=ILP32", "f.c"]) is None
    assert parse_ahead.guess_source(["missing.c"]) is None and parse_ahead.guess_source(["."]) is None
    assert parse_ahead.guess_source(["f.c:f"], termination=True) == "f.c"


#: when `_speaks_late`'s worker says its first word
WORD_AFTER_S = 0.1


def _speaks_late(task, send) -> None:
    """A worker's work whose first word (``functions``) comes after `WORD_AFTER_S`, with work left after it."""
    time.sleep(WORD_AFTER_S)
    send(("functions", None, []))
    time.sleep(0.3)  # the command hears the first word alone


def _says_nothing(task, send) -> None:
    """A worker's work that ends at once: its first word is its last."""


@pytest.mark.parametrize("work", [_speaks_late, _says_nothing])
def test_the_commands_own_imports_wait_for_a_workers_first_word_and_are_skipped_when_it_is_its_last(work):
    """`run_tasks(while_waiting=...)` (the report's imports) does not compete with a worker starting
    and the helper parsing its file: it runs after the worker's first message, while work remains."""
    heard: list[float] = []
    began = time.monotonic()
    (outcome,) = run_tasks([Task("f.c", None, ("assert",), None, 10.0)], 1, work=work,
                           while_waiting=lambda: heard.append(time.monotonic() - began))
    assert outcome.results == [] and outcome.error is None and not outcome.internal
    if work is _speaks_late:
        assert len(heard) == 1 and heard[0] >= WORD_AFTER_S
    else:
        assert heard == []


BUGGY = ("extern int __VERIFIER_nondet_int(void);\n"
         "int main(void) {\n  int a[4];\n  int n = __VERIFIER_nondet_int();\n"
         "  if (n >= 0 && n <= 4) { a[n] = n + 1; }\n  __VERIFIER_assert(n != 3);\n  return 0;\n}\n")


def test_with_replay_the_helper_sends_the_replay_harnesses_the_worker_would_build(tmp_path, monkeypatch):
    """--exit-first: the helper builds main's harness texts; the replayers of the program it sent take them
    as built (no parse, no build here), those of any other program object build their own."""
    from verifier.crosscheck import replay_c

    monkeypatch.chdir(tmp_path)
    (tmp_path / "bug.c").write_text(BUGGY)
    fresh = replay_c.CReplayer(load_program("bug.c"), "main")
    assert fresh.harness and fresh.plain_harness and not fresh.error
    pid = parse_ahead.start("bug.c", replay=True)
    program = parse_ahead.take("bug.c", None, None)
    assert program is not None and helper_gone(pid)

    def no_building(*args, **kwargs):
        raise AssertionError("built again")

    monkeypatch.setattr(replay_c, "harness_unit", no_building)
    taken = replay_c.CReplayer(program, "main")
    assert (taken.harness, taken.notes, taken.plain_harness, taken.error) == (
        fresh.harness, fresh.notes, fresh.plain_harness, "")
    other = replay_c.CReplayer(load_program("bug.c"), "main")  # equal, but not the object offered
    assert other.harness == "" and "built again" in other.error


def test_the_function_named_on_the_command_line_is_the_one_whose_harness_is_built_ahead():
    assert parse_ahead.guess_function(["--check", "assert", "--function", "g", "f.c"]) == "g"
    assert parse_ahead.guess_function(["--function=h", "-x", "f.c"]) == "h"
    assert parse_ahead.guess_function(["-x", "f.c"]) is None


def test_the_helper_parses_with_the_project_settings_read_before_it_is_forked(source, tmp_path):
    """`[tool.verify]` is read in the process that forks the helper (tomllib and hashlib, which the
    command loads too, are then loaded once, not again in the helper); the program the helper sends
    was parsed with those settings and is taken by a task that carries them."""
    (tmp_path / "pyproject.toml").write_text('[tool.verify]\nint-semantics = "wrap"\ndata-model = "ILP32"\n')
    probe = ("import sys\nfrom verifier import parse_ahead\nfrom verifier.crosscheck import cvc5_service\n"
             "assert 'tomllib' not in sys.modules and 'hashlib' not in sys.modules\n"
             "assert parse_ahead.start('f.c') is not None\n"
             "print('tomllib' in sys.modules, 'hashlib' in sys.modules)\n"
             "assert parse_ahead.take('f.c', 'wrap', 'ILP32') is not None\ncvc5_service.detach()\n")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=tmp_path, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(REPO)})
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["True", "True"]
    pid = parse_ahead.start(source)
    program = parse_ahead.take(source, "wrap", "ILP32")
    assert program is not None and program == load_program(source, "wrap", "ILP32")
    assert program.semantics == "wrap"
    cvc5_service.detach()
    assert helper_gone(pid)


def test_a_rejected_tool_verify_starts_no_helper_and_the_command_says_why(source, tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.verify]\nint-semantics = "saturating"\n')
    assert parse_ahead.start(source) is None and not parse_ahead.helper_running()
    done = subprocess.run([sys.executable, "-m", "verifier.cli", "prove", "--no-cache", source], capture_output=True,
                          text=True, cwd=tmp_path, timeout=120, env={**os.environ, "PYTHONPATH": str(REPO)})
    assert done.returncode == 2 and "int-semantics" in done.stderr and "Traceback" not in done.stderr


#: run as the `verify` command, noting at each fork which of `SHARED` this process has loaded
FORK_PROBE = """
import os, runpy, sys
SHARED = {shared!r}
real_fork = os.fork
def noting_fork():
    loaded = ",".join(name for name in SHARED if name in sys.modules)
    with open({log!r}, "a") as f:
        f.write(f"{{os.getpid()}} {{loaded}}\\n")
    return real_fork()
os.fork = noting_fork
sys.argv = ["verify", "prove", *{options!r}, "f.c"]
runpy.run_module("verifier.cli", run_name="__main__", alter_sys=True)
"""


@pytest.mark.parametrize("options", [(), ("--no-cache",)])
def test_what_two_of_a_cold_proves_processes_load_is_loaded_before_they_are_forked(source, tmp_path, options):
    """The helper (forked first) and the worker each find loaded what they would otherwise load again beside
    the command: tempfile with shutil and random, threading (Lark, z3), the project's settings (tomllib),
    fractions (z3, cvc5), ctypes (z3, and the command's own `reaping`) and, when the command hashes the file
    for its result cache, hashlib (Lark's too; with --no-cache the helper alone loads it); not multiprocessing,
    which none needs (the worker is forked without it, `forking`, and a loop-free function forks no lane)."""
    (tmp_path / "pyproject.toml").write_text('[tool.verify]\ntimeout = 60\n')
    shared = ["tempfile", "shutil", "random", "threading", "tomllib", "hashlib", "fractions", "ctypes"]
    log = tmp_path / "forks.txt"
    probe = FORK_PROBE.format(shared=[*shared, "multiprocessing"], log=str(log), options=options)
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=tmp_path, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(REPO)})
    assert done.returncode == 0 and "1 yes" in done.stdout, done.stdout + done.stderr
    forks = [line.split(" ", 1) for line in log.read_text().splitlines()]
    command = forks[0][0]  # the first process that forks: the command
    helper, worker = [loaded.strip().split(",") for pid, loaded in forks if pid == command][:2]
    if "--no-cache" in options:
        shared.remove("hashlib")
    assert helper == shared and worker == shared


def test_with_exit_first_the_project_settings_are_read_before_the_worker_is_forked(source, tmp_path):
    """With --exit-first the worker forks the parsing helper itself, with the settings of [tool.verify] the
    command read before forking it (the worker does not load tomllib and read the file again)."""
    (tmp_path / "pyproject.toml").write_text('[tool.verify]\ntimeout = 60\n')
    (tmp_path / "bug.c").write_text(BUGGY)
    log = tmp_path / "forks.txt"
    probe = FORK_PROBE.format(shared=["tomllib", "verifier.config"], log=str(log), options=("-x",)).replace(
        '"f.c"]', '"bug.c"]')
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=tmp_path, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(REPO)})
    assert done.returncode == 1 and "1 no" in done.stdout, done.stdout + done.stderr
    forks = [line.split(" ", 1) for line in log.read_text().splitlines()]
    command = forks[0][0]
    assert forks[0][1].strip() == "tomllib,verifier.config"  # the command's first fork: the worker
    assert any(pid != command for pid, _ in forks)  # the worker forked the helper
