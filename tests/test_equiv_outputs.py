"""`verify equiv` compares what a caller sees besides the value returned: arguments changed in place (C arrays
and pointers, struct pointer fields; Python lists), the globals a C function assigns, and a Python function's
returned list, tuple or str. Each yes is checked against real runs on Hypothesis-chosen inputs, each no by
running both functions on its witness (gcc, CPython); in the integer reading, array elements are read within
their C type's range (a ``unsigned char`` element was any integer: a spurious difference)."""

from __future__ import annotations

import copy
import shutil
import subprocess
import textwrap
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from verifier.equivalence import equiv
from verifier.equivalence.effects import outputs
from verifier.load import load_program
from verifier.result import Verdict

needs_gcc = pytest.mark.skipif(shutil.which("gcc") is None, reason="gcc is needed to run C")

SWAP_TEMP = "void f(int *p, int *q) { int t = *p; *p = *q; *q = t; }\n"
SWAP_XOR = "void g(int *p, int *q) { *p = *p ^ *q; *q = *p ^ *q; *p = *p ^ *q; }\n"
REVERSE = """\
void f(int *a, int n) {
    int i = 0, j = n - 1;
    while (i < j) { int t = a[i]; a[i] = a[j]; a[j] = t; i++; j--; }
}
"""
REVERSE_SHORT = """\
void g(int *a, int n) {
    for (int k = 0; k + 1 < n / 2; k++) { int t = a[k]; a[k] = a[n - 1 - k]; a[n - 1 - k] = t; }
}
"""
FILL = "void f(int *a, int n) { for (int i = 0; i < n; i++) a[i] = 7; }\n"
FILL_UNROLLED = """\
void g(int *a, int n) {
    int i = 0;
    while (i + 1 < n) { a[i] = 7; a[i + 1] = 7; i += 2; }
    if (i < n) a[i] = 7;
}
"""


def write(folder: Path, name: str, text: str) -> str:
    path = folder / name
    path.write_text(textwrap.dedent(text))
    return str(path)


def run_c_pair(folder: Path, a: str, b: str, arrays: list[list[int]], scalars: list[int]) -> tuple[list, list]:
    """Both C functions ``f`` and ``g`` (of `a`, `b`) called for real on copies of `arrays` (each passed as an
    ``int *``, in order, then `scalars`); the arrays after each call."""
    driver = folder / "driver.c"
    sizes = [len(x) for x in arrays]
    decls = "".join(f"static int fa{k}[] = {{{', '.join(map(str, x)) or '0'}}}, ga{k}[] = "
                    f"{{{', '.join(map(str, x)) or '0'}}};\n" for k, x in enumerate(arrays))
    args_f = ", ".join([f"fa{k}" for k in range(len(arrays))] + [str(s) for s in scalars])
    args_g = ", ".join([f"ga{k}" for k in range(len(arrays))] + [str(s) for s in scalars])
    prints = "".join(f'    for (int i = 0; i < {n}; i++) printf("%d ", {p}{k}[i]);\n    printf("\\n");\n'
                     for p in ("fa", "ga") for k, n in enumerate(sizes))
    driver.write_text(f"#include <stdio.h>\n{decls}"
                      f"void f(); void g();\nint main(void) {{\n    f({args_f});\n    g({args_g});\n{prints}"
                      f"    return 0;\n}}\n")
    binary = folder / "driver"
    subprocess.run(["gcc", "-w", "-O0", "-o", str(binary), str(driver), a, b], check=True)
    lines = subprocess.run([str(binary)], capture_output=True, text=True, check=True).stdout.splitlines()
    values = [[int(v) for v in line.split()] for line in lines]
    return values[:len(arrays)], values[len(arrays):]


# ---------------------------------------------------------------------- C arguments


@needs_gcc
def test_a_swap_through_a_temporary_equals_the_xor_swap_and_runs_agree(tmp_path):
    a, b = write(tmp_path, "a.c", SWAP_TEMP), write(tmp_path, "b.c", SWAP_XOR)
    (r,) = equiv(a, b, timeout=10)
    assert r.verdict == Verdict.YES, r.reason
    assert "distinct objects" in r.certificate.assumes
    for x, y in [(1, 2), (-5, 7), (2**31 - 1, -2**31)]:
        left, right = run_c_pair(tmp_path, a, b, [[x], [y]], [])
        assert left == right == [[y], [x]]


@needs_gcc
def test_an_in_place_reversal_that_stops_early_differs_on_the_array_it_leaves(tmp_path):
    a, b = write(tmp_path, "a.c", REVERSE), write(tmp_path, "b.c", REVERSE_SHORT)
    (r,) = equiv(a, b, timeout=10)
    assert r.verdict == Verdict.NO and r.counterexample.confirmed, r.reason
    inputs = r.counterexample.inputs
    left, right = run_c_pair(tmp_path, a, b, [list(inputs["a"])], [inputs["n"]])
    assert left != right
    assert "leaves argument 1" in r.message


@needs_gcc
def test_a_fill_loop_equals_it_unrolled_by_two_on_hypothesis_arrays(tmp_path):
    a, b = write(tmp_path, "a.c", FILL), write(tmp_path, "b.c", FILL_UNROLLED)
    (r,) = equiv(a, b, timeout=10)
    assert r.verdict == Verdict.YES, r.reason

    @settings(max_examples=3, deadline=None, database=None)
    @given(st.lists(st.integers(-2**31, 2**31 - 1), max_size=5))
    def agree(xs):
        left, right = run_c_pair(tmp_path, a, b, [xs], [len(xs)])
        assert left == right

    agree()


@needs_gcc
def test_a_store_of_a_product_equals_the_store_of_a_running_sum(tmp_path):
    """Strength reduction into an array: the coupling invariant needs ``v == 3 * i + 1``, which the runs of
    the product guess (they were not run at all for array inputs)."""
    a = write(tmp_path, "a.c", "void f(long *a, int n) {\n"
                               "    for (int i = 0; i < n && i < 1000; i++) a[i] = 3L * i + 1;\n}\n")
    b = write(tmp_path, "b.c", """\
        void g(long *a, int n) {
            long v = 1;
            for (int i = 0; i < n && i < 1000; i++) { a[i] = v; v += 3; }
        }
    """)
    (r,) = equiv(a, b, timeout=10)
    assert r.verdict == Verdict.YES, r.reason
    assert r.engine.startswith("product(lockstep)")


@needs_gcc
def test_setting_a_pointer_to_one_or_two_is_a_replayed_no(tmp_path):
    a = write(tmp_path, "a.c", "void f(int *p) { *p = 1; }\n")
    b = write(tmp_path, "b.c", "void g(int *p) { *p = 2; }\n")
    (r,) = equiv(a, b, timeout=10)
    assert r.verdict == Verdict.NO and r.counterexample.confirmed, r.reason
    assert r.counterexample.outputs == {"A": "no value, leaves argument 1 = [1]",
                                        "B": "no value, leaves argument 1 = [2]"}


# ---------------------------------------------------------------------- C globals


@needs_gcc
def test_a_global_assigned_alike_is_a_yes_and_assigned_otherwise_a_replayed_no(tmp_path):
    a = write(tmp_path, "a.c", "int last;\nint f(int x) { last = x; return x * 2; }\n")
    same = write(tmp_path, "b.c", "int last;\nint g(int x) { last = x + 0; return x + x; }\n")
    other = write(tmp_path, "c.c", "int last;\nint g(int x) { if (x < 100) last = x; else last = x + 1; "
                                   "return x + x; }\n")
    (yes,) = equiv(a, same, timeout=10)
    assert yes.verdict == Verdict.YES, yes.reason
    (no,) = equiv(a, other, timeout=10)
    assert no.verdict == Verdict.NO and no.counterexample.confirmed, no.reason
    assert no.counterexample.inputs["x"] >= 100
    assert "leaves global last" in no.message


def test_a_global_only_one_side_keeps_is_never_a_yes(tmp_path):
    a = write(tmp_path, "a.c", "int calls;\nint f(int x) { calls = 1; return x; }\n")
    b = write(tmp_path, "b.c", "int g(int x) { return x; }\n")
    (r,) = equiv(a, b, timeout=10)
    assert r.verdict == Verdict.UNKNOWN
    assert "the global calls is changed (line 2) and not compared" in r.reason


# ---------------------------------------------------------------------- element ranges


@needs_gcc
def test_an_unsigned_char_element_is_below_256_in_the_integer_reading(tmp_path):
    """The old answer was unknown: unrolling found an element 256, which no C array holds (no replay)."""
    a = write(tmp_path, "a.c", """\
        int f(unsigned char *s, int n) {
            if (n < 1) return 1;
            return s[0] < 256 && s[0] >= 0;
        }
    """)
    b = write(tmp_path, "b.c", "int g(unsigned char *s, int n) { return 1; }\n")
    (r,) = equiv(a, b, timeout=10)
    assert r.verdict == Verdict.YES, r.reason


@needs_gcc
def test_a_signed_char_difference_is_found_with_an_element_in_range(tmp_path):
    a = write(tmp_path, "a.c", "int f(signed char *s, int n) { if (n < 1) return 0; return s[0] > 100; }\n")
    b = write(tmp_path, "b.c", "int g(signed char *s, int n) { if (n < 1) return 0; return s[0] > 126; }\n")
    (r,) = equiv(a, b, timeout=10)
    assert r.verdict == Verdict.NO and r.counterexample.confirmed, r.reason
    assert 100 < r.counterexample.inputs["s"][0] <= 126


# ---------------------------------------------------------------------- Python


def _load(path: str, name: str):
    namespace: dict = {}
    exec(compile(Path(path).read_text(), path, "exec"), namespace)
    return namespace[name]


def test_python_in_place_increments_agree_and_a_skipped_element_is_a_no(tmp_path):
    a = write(tmp_path, "a.py", """\
        def f(xs: list[int]) -> None:
            for i in range(len(xs)):
                xs[i] += 1
    """)
    b = write(tmp_path, "b.py", """\
        def g(xs: list[int]) -> None:
            i = 0
            while i < len(xs):
                xs[i] = xs[i] + 1
                i += 1
    """)
    c = write(tmp_path, "c.py", """\
        def g(xs: list[int]) -> None:
            i = 1
            while i < len(xs):
                xs[i] = xs[i] + 1
                i += 1
    """)
    (yes,) = equiv(a, b, timeout=10)
    assert yes.verdict == Verdict.YES, yes.reason
    f, g, h = _load(a, "f"), _load(b, "g"), _load(c, "g")

    @settings(max_examples=30, deadline=None, database=None)
    @given(st.lists(st.integers()))
    def agree(xs):
        left, right = copy.copy(xs), copy.copy(xs)
        f(left), g(right)
        assert left == right

    agree()
    (no,) = equiv(a, c, timeout=10)
    assert no.verdict == Verdict.NO and no.counterexample.confirmed, no.reason
    xs = list(no.counterexample.inputs["xs"])
    left, right = list(xs), list(xs)
    f(left), h(right)
    assert left != right


def test_python_a_list_whose_length_alone_changes_is_compared(tmp_path):
    a = write(tmp_path, "a.py", "def f(xs: list[int]) -> int:\n    if len(xs) > 0:\n        xs.pop()\n    return 0\n")
    b = write(tmp_path, "b.py", "def g(xs: list[int]) -> int:\n    return 0\n")
    (r,) = equiv(a, b, timeout=10)
    assert r.verdict == Verdict.NO and r.counterexample.confirmed, r.reason
    assert len(r.counterexample.inputs["xs"]) > 0


def test_python_returned_lists_agree_and_a_short_reversed_copy_is_a_no(tmp_path):
    a = write(tmp_path, "a.py", """\
        def f(xs: list[int]) -> list[int]:
            out = []
            for x in xs:
                out.append(2 * x + 1)
            return out
    """)
    b = write(tmp_path, "b.py", "def g(xs: list[int]) -> list[int]:\n    return [x + x + 1 for x in xs]\n")
    (yes,) = equiv(a, b, timeout=10)
    assert yes.verdict == Verdict.YES, yes.reason
    f, g = _load(a, "f"), _load(b, "g")

    @settings(max_examples=30, deadline=None, database=None)
    @given(st.lists(st.integers()))
    def agree(xs):
        assert f(list(xs)) == g(list(xs))

    agree()
    c = write(tmp_path, "c.py", """\
        def f(xs: list[int]) -> list[int]:
            return xs[::-1]
    """)
    d = write(tmp_path, "d.py", """\
        def g(xs: list[int]) -> list[int]:
            out = []
            for i in range(1, len(xs)):
                out.append(xs[len(xs) - i])
            return out
    """)
    (no,) = equiv(c, d, timeout=10)
    assert no.verdict == Verdict.NO and no.counterexample.confirmed, no.reason
    xs = list(no.counterexample.inputs["xs"])
    assert _load(c, "f")(list(xs)) != _load(d, "g")(list(xs))


def test_python_a_returned_list_that_may_be_none_is_not_compared(tmp_path):
    """A path that returns None sets no ``$result``: unknown, never a yes."""
    a = write(tmp_path, "a.py", """\
        from typing import Optional
        def f(n: int) -> Optional[tuple[int, int]]:
            if n > 5:
                return None
            return (n, n)
    """)
    b = write(tmp_path, "b.py", """\
        from typing import Optional
        def g(n: int) -> Optional[tuple[int, int]]:
            return (n, n)
    """)
    (r,) = equiv(a, b, timeout=10)
    assert r.verdict != Verdict.YES, r


def test_python_a_global_assigned_is_not_compared(tmp_path):
    a = write(tmp_path, "a.py", "counter = 0\ndef f(x: int) -> int:\n    global counter\n    counter += 1\n"
                                "    return x\n")
    b = write(tmp_path, "b.py", "counter = 0\ndef f(x: int) -> int:\n    global counter\n    counter += 2\n"
                                "    return x\n")
    (r,) = equiv(a, b, timeout=10)
    assert r.verdict == Verdict.UNKNOWN
    assert "the global counter is changed" in r.reason


# ---------------------------------------------------------------------- what is lined up


def test_outputs_line_up_changed_arguments_globals_and_results(tmp_path):
    c = load_program(write(tmp_path, "m.c", """\
        struct s { int x; int y; };
        int seen;
        void f(int *a, int n, struct s *q) { a[0] = n; q->x = 1; seen = 2; }
        int g(int *a, int n) { return a[0]; }
    """), "bv", None)
    both = outputs(c, "f", c, "f")
    assert [(o.key, o.a.name, o.a.length) for o in both.compared] == [
        ("arg0", "a", "a#len"), ("arg2", "q->x", None), ("global seen", "seen", None)]
    assert both.missing is None
    assert outputs(c, "g", c, "g").compared == []
    py = load_program(write(tmp_path, "m.py", """\
        def f(xs: list[int]) -> list[int]:
            xs.append(1)
            return xs


        def g(d: dict[int, int]) -> int:
            d[1] = 2
            return 0
    """), None, None)
    found = outputs(py, "f", py, "f")
    assert [(o.key, o.a.name, o.a.length) for o in found.compared] == [
        ("arg0", "xs", "xs#len"), ("result", "$result", "$result#len")]
    assert found.missing is None
    dicts = outputs(py, "g", py, "g")
    assert dicts.compared == [] and dicts.missing is not None and dicts.missing[0] == "the argument d"


# ---------------------------------------------------------------------- answers against real runs


@pytest.mark.parametrize("left, right", [((0, 2, 1), (0, 2, 1)), ((1, 1, 1), (0, 1, 1)), ((0, 2, -1), (0, 2, 1))])
def test_in_place_updates_are_answered_as_python_runs_them(tmp_path, left, right):
    """``xs[i] = xs[i] * k + c`` from index s on, as a for and as a while loop: a yes agrees on Hypothesis lists,
    a no's witness tells the two apart when CPython runs them."""
    (s1, k1, c1), (s2, k2, c2) = left, right
    a = write(tmp_path, "a.py", f"""\
        def f(xs: list[int]) -> None:
            for i in range({s1}, len(xs)):
                xs[i] = xs[i] * {k1} + {c1}
    """)
    b = write(tmp_path, "b.py", f"""\
        def g(xs: list[int]) -> None:
            i = {s2}
            while i < len(xs):
                xs[i] = xs[i] * {k2} + {c2}
                i += 1
    """)
    (r,) = equiv(a, b, timeout=10)
    f, g = _load(a, "f"), _load(b, "g")

    def after(h, xs):
        copied = list(xs)
        h(copied)
        return copied

    assert r.verdict == (Verdict.YES if left == right else Verdict.NO), r.reason
    if r.verdict == Verdict.YES:
        @settings(max_examples=50, deadline=None, database=None)
        @given(st.lists(st.integers()))
        def agree(xs):
            assert after(f, xs) == after(g, xs)

        agree()
    else:
        xs = list(r.counterexample.inputs["xs"])
        assert after(f, xs) != after(g, xs)
