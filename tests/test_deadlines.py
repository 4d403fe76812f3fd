"""--timeout is one deadline per function: a run that did not finish is unknown
(reason timeout) for every check asked, never yes and never cached; parsing,
encoding, re-checking and replay all count against it; ^C leaves no process behind."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import verifier.proving as proving
from verifier.cache import Cache, Entry
from verifier.cfa import build_cfa
from verifier.config import DEFAULT_CHECKS
from verifier.registry import CHECK_LANGUAGE
from verifier.encode import encode
from verifier.load import load_program
from verifier.parallel import Task, run_tasks
from verifier.portfolio import PortfolioAnswer
from verifier.result import Location, Result, Verdict, overall_verdict

#: wall-clock allowance on top of --timeout (+10%) for interpreter start-up on a loaded CI machine
STARTUP_SLACK_S = 1.5

#: the default checks a C program can fail
C_CHECKS = [c for c in DEFAULT_CHECKS if CHECK_LANGUAGE.get(c, "c") == "c"]


def verify(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "verifier.cli", *args], capture_output=True, text=True, cwd=cwd,
                          timeout=120)


def _cancelling_main(lines: int) -> str:
    """The issue's program: x stays 0 through `lines` lines of +1 -1, then `assert(x == 1)` fails."""
    return "int main(void) {\n  int x = 0;\n" + "  x = x + 1; x = x - 1;\n" * lines + "  assert(x == 1);\n  return 0;\n}\n"


def test_a_timeout_before_any_check_is_built_is_unknown_for_each_kind_and_not_cached(tmp_path):
    (tmp_path / "F.c").write_text(_cancelling_main(2000))
    p = verify("prove", "F.c", "--timeout", "1", "--jobs", "1", "--format", "json", cwd=tmp_path)
    doc = json.loads(p.stdout)
    assert p.returncode == 3 and doc["verdict"] == "unknown", doc
    assert sorted(r["check"] for r in doc["results"]) == sorted(C_CHECKS)
    assert all(r["verdict"] == "unknown" and r["reason"].startswith("timeout") for r in doc["results"]), doc
    assert not list((tmp_path / ".verify_cache").rglob("*.json"))  # a timeout is never an answer to keep


def test_engines_stopped_before_describing_the_checks_give_unknown_timeout(tmp_path, monkeypatch):
    monkeypatch.setattr(proving, "analyse", lambda *args, **kwargs: PortfolioAnswer(timed_out=True))
    path = tmp_path / "f.c"
    path.write_text("int f(int x, int y) { return x / y; }\n")
    results = proving.prove_paths([str(path)], None, DEFAULT_CHECKS, None, 5.0)
    assert sorted(r.check for r in results) == sorted(C_CHECKS)
    assert all(r.verdict == Verdict.UNKNOWN and r.reason.startswith("timeout") for r in results)


def test_the_cache_never_stores_a_timeout(tmp_path):
    cache = Cache(tmp_path)
    timed_out = Result("assert", "a.c:main", Location("a.c", 3, 3), Verdict.UNKNOWN,
                       reason="timeout: no engine decided this check within 1s (try --timeout 4)")
    cache.put("k" * 64, Entry([timed_out]))
    assert cache.get("k" * 64) is None


RATIO = """\
int ratio(int a, int b) {
    if (b > 0 && b < 10 && a >= 0 && a < 1000) {
        return a / b + (a << 2);
    }
    return 0;
}
"""


def _sites(path: str) -> set[tuple[str, str, int, int]]:
    """Every check the default run asks about: (function, kind, line, column)."""
    program = load_program(path, None)
    return {(name, site.kind, site.loc.line, site.loc.column)
            for name in program.functions
            for key, site in encode(build_cfa(program, name)).checks.items() if key[0] in DEFAULT_CHECKS}


@settings(max_examples=3, derandomize=True, database=None, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(timeout=st.floats(min_value=0.05, max_value=0.6))
@example(timeout=5.0)
def test_no_verdict_is_yes_unless_every_check_it_covers_carries_its_certificate(tmp_path, timeout):
    path = tmp_path / "ratio.c"
    path.write_text(RATIO)
    (outcome,) = run_tasks([Task(str(path), None, DEFAULT_CHECKS, None, timeout)], jobs=1)
    results = outcome.results
    for r in results:
        if r.verdict == Verdict.YES:
            assert r.certificate is not None and "z3" in r.certificate.checked_by, r
        if r.verdict == Verdict.UNKNOWN:
            assert r.reason, r
    if overall_verdict(results) == Verdict.YES:
        answered = {(r.target.rsplit(":", 1)[1], r.check, r.location.line, r.location.column) for r in results}
        assert _sites(str(path)) <= answered
    assert results, "a run always answers something for the checks asked"


def test_parsing_a_large_file_counts_against_the_timeout(tmp_path):
    """~700 kB: parsing alone takes many times --timeout; the run still ends on time, in little memory."""
    (tmp_path / "big.c").write_text(_cancelling_main(30_000))
    measure = ("import resource, subprocess, sys, time; start = time.monotonic(); "
               "p = subprocess.run(sys.argv[1:], capture_output=True, text=True); "
               "print(p.returncode, time.monotonic() - start, "
               "resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, p.stdout.replace(chr(10), ' '))")
    p = subprocess.run([sys.executable, "-c", measure, sys.executable, "-m", "verifier.cli", "prove", "big.c",
                        "--timeout", "1.5", "--jobs", "1", "--no-cache", "--format", "json"],
                       capture_output=True, text=True, cwd=tmp_path, timeout=300)
    code, elapsed, max_rss_kb, out = p.stdout.split(" ", 3)
    assert int(code) == 3, out
    assert all(r["reason"].startswith("timeout") for r in json.loads(out)["results"])
    assert float(elapsed) < 1.5 * 1.1 + STARTUP_SLACK_S
    assert int(max_rss_kb) < 1 << 20  # kB: under 1 GB


def test_what_is_decided_by_the_deadline_is_kept_and_the_rest_is_unknown_timeout(tmp_path):
    path = tmp_path / "collatz.c"
    path.write_text("""\
int main(void) {
    int n = __VERIFIER_nondet_int();
    int k = 1000 / (n | 1);
    __VERIFIER_assume(n > 0 && n < 1000);
    int steps = 0;
    while (n != 1) {
        if (n % 2 == 0) n = n / 2; else n = 3 * n + 1;
        steps++;
    }
    __VERIFIER_assert(steps <= 200);
    return k;
}
""")
    start = time.monotonic()
    results = proving.prove_paths([str(path)], None, ("assert", "div-by-zero"), None, 2.0)
    assert time.monotonic() - start < 2.0 * 1.1 + STARTUP_SLACK_S
    by_check = {r.check: r for r in results if r.location.line in (3, 10)}
    kept = by_check["div-by-zero"]
    assert kept.verdict == Verdict.YES and "z3" in kept.certificate.checked_by, kept.reason
    assert by_check["assert"].verdict == Verdict.UNKNOWN and by_check["assert"].reason.startswith("timeout")


def _settles_one_check_then_hangs(task, send):
    found = Result("div-by-zero", f"{task.path}:f", Location(task.path, 2, 12), Verdict.NO, engine="bmc")
    still_open = Result("assert", f"{task.path}:f", Location(task.path, 3, 5), Verdict.UNKNOWN,
                        reason="timeout: cross-checking this answer did not finish within 0.5s")
    send(("functions", "bv", [("f", task.path, 1, 1)]))
    send(("start", "f"))
    send(("partial", "f", [found, still_open]))
    if task.path == "crash.c":
        os._exit(1)
    time.sleep(3600)


def test_a_worker_stopped_mid_function_keeps_what_it_had_settled():
    timed_out, crashed = run_tasks([Task("a.c", None, ("assert", "div-by-zero"), None, 0.5),
                                    Task("crash.c", None, ("assert", "div-by-zero"), None, 0.5)],
                                   jobs=2, work=_settles_one_check_then_hangs)
    for outcome in (timed_out, crashed):
        assert outcome.transient  # never cached
        assert [(r.check, r.verdict) for r in outcome.results] == [("div-by-zero", Verdict.NO),
                                                                   ("assert", Verdict.UNKNOWN)]
    assert timed_out.results[1].reason.startswith("timeout: cross-checking")
    assert crashed.results[1].reason == "solver: worker crashed (exit status 1)"


SLOW_LOOP = """\
int main(void) {
    unsigned x = __VERIFIER_nondet_uint();
    unsigned y = 0;
    while (x > 0) {
        y = y + 3 * x;
        x = x - 1;
        if (y == 12345677) { y = y ^ x; }
    }
    __VERIFIER_assert(y != 77777777);
    return 0;
}
"""


def _process_table() -> dict[int, tuple[int, str]]:
    """pid -> (parent pid, state) of every process, from /proc."""
    table = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue
            table[int(entry)] = (int(fields[1]), fields[0])
    return table


def _descendants(pid: int) -> set[int]:
    table = _process_table()
    found, todo = set(), [pid]
    while todo:
        parent = todo.pop()
        children = [p for p, (ppid, _) in table.items() if ppid == parent]
        found.update(children)
        todo.extend(children)
    return found


def test_interrupt_leaves_no_process_behind_and_says_one_line(tmp_path):
    (tmp_path / "slow.c").write_text(SLOW_LOOP)
    proc = subprocess.Popen([sys.executable, "-m", "verifier.cli", "prove", "slow.c", "--timeout", "60",
                             "--jobs", "1", "--no-cache"], cwd=tmp_path, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)
    started = set()
    end = time.monotonic() + 30
    while len(started) < 3 and time.monotonic() < end:  # a worker and its engine lanes
        started |= _descendants(proc.pid)
        time.sleep(0.05)
    assert len(started) >= 3, started
    os.killpg(proc.pid, signal.SIGINT)  # what ^C in a terminal does
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 130 and err == "verify: interrupted\n" and out == ""
    table = _process_table()
    assert not [pid for pid in started if pid in table], [(pid, table[pid]) for pid in started if pid in table]


def test_sigterm_to_the_parent_alone_stops_every_worker_and_says_one_line(tmp_path):
    (tmp_path / "slow.c").write_text(SLOW_LOOP)
    proc = subprocess.Popen([sys.executable, "-m", "verifier.cli", "prove", "slow.c", "--timeout", "60",
                             "--jobs", "2", "--no-cache"], cwd=tmp_path, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)
    started = set()
    end = time.monotonic() + 30
    while len(started) < 3 and time.monotonic() < end:
        started |= _descendants(proc.pid)
        time.sleep(0.05)
    assert len(started) >= 3, started
    proc.send_signal(signal.SIGTERM)  # what `timeout` does: the workers lead their own groups
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 128 + signal.SIGTERM and err == "verify: terminated\n" and out == ""
    time.sleep(0.5)  # a worker left behind would still be there (or a zombie under init)
    table = _process_table()
    assert not [pid for pid in started if pid in table], [(pid, table[pid]) for pid in started if pid in table]


def test_a_reader_that_goes_away_gets_no_traceback(tmp_path):
    (tmp_path / "a.c").write_text("int main(void) { int x = __VERIFIER_nondet_int(); return x / 2; }\n" * 1)
    proc = subprocess.Popen([sys.executable, "-m", "verifier.cli", "prove", "a.c", "--no-cache", "--jobs", "1"],
                            cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    proc.stdout.close()  # `| head -0`: nothing is read
    err = proc.stderr.read()
    proc.wait(timeout=60)
    assert "Traceback" not in err and "Error" not in err, err
    assert proc.returncode == 128 + signal.SIGPIPE


def test_an_interrupted_or_unexpected_status_never_passes_a_hook():
    from verifier.hooks import worst_status

    assert worst_status([0, 130, 0]) == 130  # ^C during `verify policy ...`
    assert worst_status([0, 5]) == 5
    assert worst_status([3, 1, 2]) == 2
    assert worst_status([0, 0, 0]) == 0


def test_exploring_around_a_confirmed_no_never_outlives_its_budget(tmp_path):
    # x's nearest neighbours need up to 2^31 increments: one such run must not
    # take the replay's whole 2 s timeout (it made the worker miss its deadline)
    from verifier.crosscheck.replay import EXPLORE_SECONDS, replay_and_explore
    from verifier.deadline import Deadline

    path = tmp_path / "jump.c"
    path.write_text("int main() { int x; for (;;) { x++; if (x > 3) goto end; } end: return x; }\n")
    program = load_program(str(path))
    replay_and_explore(program, program.functions["main"], {}, [0], "overflow", 1, Deadline.after(10))  # compiled
    start = time.monotonic()
    confirmed, _, explored = replay_and_explore(program, program.functions["main"], {}, [2**31 - 1], "overflow", 1,
                                                Deadline.after(10))
    assert confirmed and explored is not None
    assert time.monotonic() - start < 3 * EXPLORE_SECONDS + 0.3


def test_a_late_non_termination_re_check_leaves_no_time_for_the_replay_and_says_timeout(tmp_path, monkeypatch):
    import verifier.crosscheck.recheck as recheck_module
    from verifier.terminating import termination_result

    path = tmp_path / "steps.c"
    path.write_text("int main(){int x = __VERIFIER_nondet_int(); while (x != 0) { if (x > 0) x = x - 2; "
                    "else x = x + 2; } return 0;}\n")
    program = load_program(str(path), "math")
    real, timeout = recheck_module.recheck, 2.0
    start = time.monotonic()

    def slow_recheck(texts, timeout_s):  # the re-check's answer comes just before the deadline
        checked = real(texts, timeout_s=timeout_s)
        time.sleep(max(0.0, start + timeout - 0.1 - time.monotonic()))
        return checked
    monkeypatch.setattr(recheck_module, "recheck", slow_recheck)
    result = termination_result(program, "main", timeout)
    elapsed = time.monotonic() - start
    assert result.verdict == Verdict.UNKNOWN and result.reason.startswith("timeout"), (result.verdict, result.reason)
    assert elapsed < timeout * 1.1 + 0.3, elapsed


def test_the_commands_clock_starts_with_its_process_however_long_loading_took(monkeypatch):
    """--timeout counts start-up as the user's clock does: a `verify` process that took 5 s to load on a busy
    machine has 5 s less; a library caller's long-running process (pytest here) starts its clock now."""
    import time

    from verifier import deadline

    monkeypatch.setattr(deadline, "process_age", lambda: 5.0)
    monkeypatch.setattr(deadline, "_COMMAND_STARTED", [])
    assert abs(deadline.command_start() - time.monotonic()) < 0.5
    monkeypatch.setattr(deadline.sys, "argv", ["/usr/local/bin/verify", "prove", "f.c"])
    assert abs(deadline.command_start() - (time.monotonic() - 5.0)) < 0.5
