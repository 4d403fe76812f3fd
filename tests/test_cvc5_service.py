"""cvc5's re-checks answered by the parse helper (`crosscheck.cvc5_service`): the same second opinion
as cvc5 in the worker's own process, a refutation there still stops a yes, and the worker asks
cvc5 itself whenever the helper cannot answer."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import pytest
import z3

from verifier.crosscheck import cvc5_native, cvc5_service
from verifier.crosscheck import recheck as recheck_module
from verifier.crosscheck.recheck import recheck
from verifier.deadline import function_deadline
from verifier.load import load_program
from verifier.proving import prove_function
from verifier.result import Verdict

SOURCE = "void f(unsigned x, unsigned y) {\n    __VERIFIER_assert(x + y == y + x);\n}\n"


def obligation(claim_holds: bool) -> str:
    """z3's SMT-LIB text of a bit-vector obligation: unsatisfiable when `claim_holds`."""
    x, y = z3.BitVecs("x y", 32)
    solver = z3.Solver()
    solver.add(x + y != (y + x if claim_holds else x))
    return solver.to_smt2()


@pytest.fixture(autouse=True)
def no_helper_left(monkeypatch):
    """Each test starts without a helper and without remembered answers, and ends its helper."""
    monkeypatch.setattr(recheck_module, "_ANSWERS", {})
    monkeypatch.setattr(recheck_module, "_UNDECIDED", {})
    cvc5_service.detach()
    yield
    cvc5_service.detach()


def serving(answer=None) -> cvc5_service.Client:
    """Fork a helper serving cvc5 (whose answer is `answer(text, timeout_s, logic)` instead of cvc5's when
    given) and ask it from now on."""
    requests, answers = os.pipe(), os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            os.close(requests[1])
            os.close(answers[0])
            if answer is not None:
                cvc5_native.cvc5_unsat = answer
            cvc5_service.serve(requests[0], answers[1])
        finally:
            os._exit(0)
    os.close(requests[0])
    os.close(answers[1])
    client = cvc5_service.Client(pid, requests[1], answers[0])
    cvc5_service.attach(client)
    return client


def gone(pid: int) -> bool:
    try:
        return os.waitpid(pid, os.WNOHANG) != (0, 0)
    except ChildProcessError:
        return True


#: a worker's view: the helper forked for f.c parses it and serves cvc5; this process re-checks an
#: obligation of each answer and one cvc5 rejects, and says whether it ever imported cvc5
WORKER = """
import json, os, sys
from pathlib import Path
os.chdir(sys.argv[1])
Path("f.c").write_text(sys.argv[2])
from verifier import parse_ahead
from verifier.crosscheck.recheck import recheck
parse_ahead.start("f.c")
assert parse_ahead.take("f.c", None, None) is not None
yes, no = recheck([sys.argv[3]]), recheck([sys.argv[4]])
rejected = recheck(["(declare-fun x () Int)(assert (> x y))(check-sat)"])
print(json.dumps({"yes": yes.checked_by, "no": no.refuted_by, "rejected": rejected.notes,
                  "cvc5 here": "cvc5" in sys.modules or "libcvc5" in Path("/proc/self/maps").read_text()}))
"""


def test_the_helper_gives_cvc5s_answers_and_the_worker_never_imports_cvc5(tmp_path):
    p = subprocess.run([sys.executable, "-c", WORKER, str(tmp_path), SOURCE, obligation(True), obligation(False)],
                       capture_output=True, text=True, timeout=120)
    seen = json.loads(p.stdout)
    assert seen["yes"] == ["z3", "cvc5"] and seen["no"] == ["z3", "cvc5"]
    assert any(note.startswith("cvc5: RuntimeError") for note in seen["rejected"]), seen
    assert seen["cvc5 here"] is False


def test_a_refutation_by_the_helper_still_stops_the_yes(tmp_path, monkeypatch):
    """The certificate is re-checked through the helper: its cvc5 refuting it leaves the check unknown."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "f.c").write_text(SOURCE)
    program = load_program("f.c")
    checks = ("assert",)
    serving(lambda text, timeout_s, logic="ALL": False)
    (refuted,) = prove_function(program, "f", checks, function_deadline(checks, 20))
    assert refuted.verdict == Verdict.UNKNOWN and "cvc5" in refuted.reason
    cvc5_service.detach()
    monkeypatch.setattr(recheck_module, "_ANSWERS", {})
    serving()
    (proved,) = prove_function(program, "f", checks, function_deadline(checks, 20))
    assert proved.verdict == Verdict.YES and proved.certificate.checked_by == ["z3", "cvc5"]


def test_a_helper_that_does_not_answer_in_time_is_ended_and_gives_no_answer():
    client = serving(lambda text, timeout_s, logic="ALL": time.sleep(60))
    began = time.monotonic()
    assert cvc5_service.ask(obligation(True), 0.3, "QF_BV") is None
    assert time.monotonic() - began < 0.3 + cvc5_service.GRACE_S + 2.0
    assert not client.alive and gone(client.pid) and not cvc5_service.available()


def test_a_gone_helper_leaves_the_recheck_to_cvc5_here():
    client = serving()
    os.kill(client.pid, 9)
    os.waitpid(client.pid, 0)
    assert recheck([obligation(True)], timeout_s=10).checked_by == ["z3", "cvc5"]
    assert not cvc5_service.available()


def test_a_process_forked_from_the_worker_asks_cvc5_itself():
    """A lane forked from the worker must not use the worker's pipes: the helper is not its to ask."""
    serving()
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            unavailable = cvc5_service.ask(obligation(True), 5, "QF_BV") is cvc5_service.UNAVAILABLE
            os.write(write_end, b"u" if unavailable and not cvc5_service.available() else b"a")
        finally:
            os._exit(0)
    os.close(write_end)
    said = os.read(read_end, 1)
    os.close(read_end)
    os.waitpid(pid, 0)
    assert said == b"u"
    assert cvc5_service.ask(obligation(True), 5, "QF_BV") is True  # the worker's own query is answered
