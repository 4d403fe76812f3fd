"""`verify equiv` and what a function changes besides its result: C's writes through a pointer, array or
struct-pointer parameter and the globals it assigns, Python's changes to a list or dict argument. What both sides
can be lined up on is compared (`effects.outputs`); what cannot (a dict changed in place, a Python list parameter
rebound after it may have changed) is never a yes (``*p = 1`` and ``*p = 2`` once "agreed on every input")."""

from __future__ import annotations

import shutil

import pytest

from verifier import equiv
from verifier.equivalence.effects import outputs
from verifier.equivalence.targets import load_target
from verifier.result import Verdict

needs_gcc = pytest.mark.skipif(shutil.which("gcc") is None, reason="gcc is needed to run C")

C_SOURCE = """\
struct s { int x; int y; };
void set_one(int *p) { *p = 1; }
void set_two(int *p) { *p = 2; }
void copy_y(struct s *q) { q->x = q->y; }
void copy_x(struct s *q) { q->y = q->x; }
int sum(int *a, int n) { int s = 0; for (int i = 0; i < n; i++) s += a[i]; return s; }
int total(int *a, int n) { return sum(a, n); }
int first(int *a, int n) { if (n > 0) return a[0]; return 0; }
int zero_all(int *a, int n) { int *e = a + n; for (int *r = a; r < e; r++) *r = 0; return n; }
int just_n(int *a, int n) { return n; }
"""

PY_SOURCE = """\
def push_one(xs: list[int]) -> int:
    xs.append(1)
    return 0


def push_two(xs: list[int]) -> int:
    xs.append(2)
    return 0


def put_one(d: dict[str, int]) -> int:
    d["k"] = 1
    return 0


def stripped(s: str) -> int:
    s = s.strip()
    return len(s)
"""


GLOBAL_SOURCE = """\
int calls;
int count(int x) { calls++; return x; }
"""

READ_SOURCE = """\
int limit = 10;
int read(int x) { return x < limit ? x : limit; }
"""


@pytest.fixture
def files(tmp_path):
    (tmp_path / "m.c").write_text(C_SOURCE)
    (tmp_path / "m.py").write_text(PY_SOURCE)
    (tmp_path / "g.c").write_text(GLOBAL_SOURCE)
    (tmp_path / "r.c").write_text(READ_SOURCE)
    return tmp_path


@needs_gcc
@pytest.mark.parametrize("a, b, name", [("set_one", "set_two", "p"), ("copy_y", "copy_x", "q->x")])
def test_c_functions_that_write_through_a_parameter_are_never_equal_by_their_results(files, a, b, name):
    (r,) = equiv(f"{files}/m.c:{a}", f"{files}/m.c:{b}", timeout=20)
    assert r.verdict != Verdict.YES
    if r.verdict == Verdict.UNKNOWN and "in place" in r.reason:
        assert f"the argument {name} is changed (line" in r.reason, r.reason


@needs_gcc
def test_functions_in_two_files_that_change_a_global_differently_are_never_equal_by_results(files):
    (files / "g2.c").write_text(GLOBAL_SOURCE.replace("calls++", "calls += 2"))
    (r,) = equiv(f"{files}/g.c:count", f"{files}/g2.c:count", timeout=20)
    assert r.verdict != Verdict.YES, r


@needs_gcc
def test_a_change_is_not_called_a_yes_under_partial_either(files):
    """Agreeing whenever both end is no yes under --partial for a function that changes its argument."""
    (r,) = equiv(f"{files}/m.c:zero_all", f"{files}/m.c:just_n", timeout=20)
    assert r.verdict != Verdict.YES
    assert "a yes under --partial" not in f"{r.message} {r.reason}", (r.message, r.reason)


def test_a_python_list_changed_in_place_is_never_equal_by_results(files):
    (r,) = equiv(f"{files}/m.py:push_one", f"{files}/m.py:push_two", timeout=20)
    assert r.verdict != Verdict.YES, r


def _target(files, spec):
    path, _, function = spec.rpartition(":")
    return load_target(f"{files}/{spec}", "bv" if path.endswith(".c") else "math", str(files))


@pytest.mark.parametrize("spec, compared, missing", [
    ("m.c:set_one", ["the argument p"], None), ("m.c:copy_y", ["the argument q->x"], None),
    ("m.c:total", [], None), ("m.c:first", [], None), ("g.c:count", ["the global calls"], None),
    ("r.c:read", [], None), ("m.py:push_one", ["the argument xs"], None),
    ("m.py:put_one", [], ("the argument d", 12)), ("m.py:stripped", [], None),
])
def test_what_a_function_changes_is_compared_or_missing_with_its_line(files, spec, compared, missing):
    """Reading an argument, passing it to a function that only reads it, or rebinding an immutable one
    changes nothing the caller sees; a write, or a call that writes, does: compared when both sides can be
    lined up, else missing with the line of the change."""
    t = _target(files, spec)
    found = outputs(t.program, t.function, t.program, t.function)
    assert [o.label for o in found.compared] == compared
    assert (found.missing and (found.missing[0], found.missing[1].line)) == missing


REBINDING = """\
def rare_rebind(xs: list[int]) -> int:
    if len(xs) == 5 and xs[2] == 77777:
        xs = xs + [1]
    else:
        xs.append(1)
    return 0


def append_one(xs: list[int]) -> int:
    xs.append(1)
    return 0


def rebind_copy(xs: list[int]) -> int:
    xs = xs + [1]
    return len(xs)


def plus_one(xs: list[int]) -> int:
    return len(xs) + 1


def sorted_then_append(xs: list[int]) -> int:
    xs = sorted(xs)
    xs.append(0)
    return len(xs)
"""


def test_a_python_list_parameter_rebound_on_a_rare_path_is_not_compared_by_its_final_value(tmp_path):
    """``xs = xs + [1]`` leaves the caller's list as it was, ``xs.append(1)`` changes it: the two differ only
    on ``[., ., 77777, ., .]``, where rare_rebind rebinds. The final value of ``xs`` is not what the caller
    sees, so no yes (it was one: both final values are ``xs + [1]``)."""
    (tmp_path / "r.py").write_text(REBINDING)
    module: dict = {}
    exec(REBINDING, module)  # CPython: the caller's lists differ after the calls on the rare input
    left, right = [0, 0, 77777, 0, 0], [0, 0, 77777, 0, 0]
    module["rare_rebind"](left), module["append_one"](right)
    assert left != right
    (r,) = equiv(f"{tmp_path}/r.py:rare_rebind", f"{tmp_path}/r.py:append_one", timeout=20)
    assert r.verdict != Verdict.YES
    assert "the argument xs (rebound at line 3)" in r.reason, r.reason


@pytest.mark.parametrize("function", ["rebind_copy", "sorted_then_append"])
def test_a_python_list_parameter_rebound_first_is_no_change_for_the_caller(tmp_path, function):
    """Rebound before anything changes it, the caller's list stays as it was: nothing to compare, whatever
    the function then does to its new list."""
    (tmp_path / "r.py").write_text(REBINDING)
    t = _target(tmp_path, f"r.py:{function}")
    found = outputs(t.program, t.function, t.program, t.function)
    assert found.compared == [] and found.missing is None
    if function == "rebind_copy":
        (r,) = equiv(f"{tmp_path}/r.py:rebind_copy", f"{tmp_path}/r.py:plus_one", timeout=20)
        assert r.verdict == Verdict.YES, (r.reason, r.message)
