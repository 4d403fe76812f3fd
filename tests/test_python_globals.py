"""Module globals that helpers change through ``global`` (`verifier.frontends.python_globals`), and the
replay worker's fresh module per call (`verifier.crosscheck.py_worker`).

Fast tier. The differential test runs every function of
`tests/programs/py_competition/globals_state.py` from a freshly run module under CPython and through
the lowered IR on Hypothesis-generated ints and demands the same outcome; the others pin what stays
unsupported, two verdicts with their replayed counterexample, and the worker's fresh module.
"""

from __future__ import annotations

import typing
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from verifier.cfa import build_cfa
from verifier.crosscheck.py_worker import PyWorker
from verifier.frontends.python import load_python, parse_python
from verifier.result import Verdict

from .helpers import prove_source
from .python_runs import cpython_outcome, ir_outcome

PROGRAM = Path(__file__).parent / "programs" / "py_competition" / "globals_state.py"
_LOADED = load_python(PROGRAM)
_CODE = compile(PROGRAM.read_text(), str(PROGRAM), "exec")


@pytest.mark.parametrize("name", sorted(_LOADED.functions))
@settings(max_examples=40, derandomize=True, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_functions_changing_globals_behave_like_cpython_from_a_fresh_module(name, data):
    fn = _LOADED.functions[name]
    assert not fn.unsupported, fn.unsupported
    namespace: dict = {"__name__": "globals_state"}
    exec(_CODE, namespace)  # a fresh module: the globals at their start values
    func = namespace[name]
    args = {p: data.draw(st.integers(-4, 9), label=p) for p in typing.get_type_hints(func) if p != "return"}
    assert ir_outcome(build_cfa(_LOADED, name), args) == cpython_outcome(func, args)


def test_a_function_records_the_globals_it_changes_through_its_calls():
    assert set(_LOADED.functions["nested"].globals_written) == {"count"}
    assert set(_LOADED.functions["stale"].globals_written) == {"total"}
    assert not _LOADED.functions["reader"].globals_written.keys() - {"count"}


@pytest.mark.parametrize("source, message", [
    ("g = 0\n\ndef f(n: int) -> int:\n    global g\n    g += 1\n    return f(n - 1) if n > 0 else g\n",
     "recursive call of 'f'"),
    ("g = []\n\ndef f(n: int) -> int:\n    global g\n    g = n\n    return g\n", "global statement of 'g'"),
    ("def f(n: int) -> int:\n    global g\n    g = n\n    return g\n", "global statement of 'g'"),
    ("g = 0\ng = 1\n\ndef f(n: int) -> int:\n    global g\n    g = n\n    return g\n",
     "global statement of 'g'"),
    ("g = 0\n\ndef f(n: int) -> int:\n    global g\n    del g\n    return n\n", "'g' is bound by the module-level"),
    ("g = 0\n\ndef h() -> None:\n    global g\n    g = 1\n\ndef f(g: int) -> int:\n    h()\n    return g\n",
     "the parameter 'g' of 'f'"),
    ("g = 0\n\ndef h(xs: list[int]) -> None:\n    global g\n    g = len(xs)\n\ndef f(n: int) -> int:\n"
     "    h([n])\n    return g\n", "non-scalar variable"),
    ("g = 0\n\ndef h() -> None:\n    global g\n    g = [1]\n\ndef f(n: int) -> int:\n    return 0\n",
     "holds a value other than an int"),
    ("cells = [0] * 3\n\ndef f(n: int) -> int:\n    ys = cells\n    ys[0] = n\n    return cells[0]\n",
     "the module list 'cells' used other than"),
    ("cells = [0] * 3\n\ndef f(n: int) -> int:\n    s = 0\n    for v in cells:\n        s += v\n    return s\n",
     "the module list 'cells' used other than"),
    ("cells = [0] * 3\n\ndef h(xs: list[int]) -> int:\n    return len(xs)\n\ndef f(n: int) -> int:\n"
     "    return h(cells)\n", "the module list 'cells' used other than"),
    ("cells = [0] * 3\n\ndef f(n: int) -> int:\n    cells.append(n)\n    return cells[0]\n",
     "the module list 'cells' used other than"),
    ("cells = [0] * 3\n\ndef g(n: int) -> int:\n    cells = [n]\n    return cells[0]\n\ndef f(n: int) -> int:\n"
     "    return cells[0]\n", "'cells' is bound by the module-level assignment"),
], ids=["recursion", "list start value", "no module binding", "bound twice", "deleted", "parameter named like it",
        "list parameter", "list assigned",
        "list aliased", "list iterated", "list passed", "list appended", "list rebound in a function"])
def test_globals_the_model_would_get_wrong_stay_unsupported(source, message):
    functions = parse_python(source, "t.py").functions
    reasons = [fn.unsupported for fn in functions.values() if fn.unsupported]
    assert any(message in r for r in reasons), reasons


FLAG = """
flag = 0


def check(x: int) -> None:
    global flag
    if x > 1000:
        flag = 1


def main(x: int) -> int:
    check(x)
    assert flag == 0
    return 0
"""

COUNTER = """
counter = 0


def tick() -> int:
    global counter
    counter += 1
    return counter


def main(n: int) -> int:
    if n < 0 or n > 50:
        return 0
    for _ in range(n):
        tick()
    assert counter == n
    return counter
"""


def test_a_helper_setting_a_global_is_a_replayed_no(tmp_path):
    results = [r for r in prove_source(tmp_path, FLAG, suffix=".py", check="assert", function="main", timeout=20)]
    no = next(r for r in results if r.check == "assert")
    assert no.verdict == Verdict.NO, (no.verdict, no.reason)
    assert no.counterexample is not None and no.counterexample.confirmed
    assert no.counterexample.inputs["x"] > 1000


def test_a_counter_a_helper_increments_is_proved(tmp_path):
    results = prove_source(tmp_path, COUNTER, suffix=".py", check="assert", function="main", timeout=20)
    verdicts = [r.verdict for r in results if r.check == "assert"]
    assert verdicts == [Verdict.YES], [(r.verdict, r.reason) for r in results]


@pytest.mark.parametrize("source", [
    "c = 0\n\n\ndef main(x: int) -> int:\n    global c\n    c += x\n    assert c <= 5\n    return c\n",
    "seen = []\n\n\ndef main(x: int) -> int:\n    seen.append(x)\n    return len(seen) * x\n",
    "def main(x: int, acc: list = []) -> int:\n    acc.append(x)\n    return len(acc) * x\n",
    "from collections import deque\nq = deque()\n\n\ndef main(x: int) -> int:\n    q.append(x)\n"
    "    return len(q) * x\n",
], ids=["global", "module list", "mutable default", "imported class's instance"])
def test_the_replay_worker_runs_each_call_on_a_fresh_module(tmp_path, source):
    path = tmp_path / "state.py"
    path.write_text(source)
    worker = PyWorker(str(path), "main")
    try:
        worker.start()
        replies = [worker.call({"x": 3}, 10) for _ in range(3)]
    finally:
        worker.close()
    assert replies == [{"status": "return", "value": 3}] * 3, replies
