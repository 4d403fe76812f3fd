"""Counterexamples of C memory programs as people read them: pointer targets
instead of the frontend's object numbers and offsets."""

from __future__ import annotations

import shutil

import pytest

from verifier.frontends.c import parse_c
from verifier.pointer_values import pointer_target, show_pointers
from verifier.result import Verdict

from .helpers import only, prove_source

needs_gcc = pytest.mark.skipif(shutil.which("gcc") is None, reason="gcc is needed to replay C")

OBJECTS = {"1": ["a", True], "2": ["x", False], "3": ["heap block of line 7", True]}


@pytest.mark.parametrize("obj, off, shown", [
    (0, 0, "NULL"), (-1, 0, "uninitialised"), (1, 2, "&a[2]"), (2, 0, "&x"), (2, 1, "&x + 1"),
    (3, 0, "heap block of line 7 [0]"),
])
def test_a_pointer_target_names_its_object_and_offset(obj, off, shown):
    assert pointer_target(obj, off, OBJECTS) == shown


def test_a_pointers_two_numbers_become_one_target_and_other_values_stay():
    values = {"a": [1, 2], "p#obj": 1, "p#off": 1, "n": 5}
    assert show_pointers(values, OBJECTS) == {"a": [1, 2], "p": "&a[1]", "n": 5}


def test_the_frontend_lists_each_functions_objects():
    program = parse_c("int f(int k) {\n int a[3]; int x = 0; int *p = a; int *q = &x;\n"
                      " return k; }\n", "t.c")
    assert program.replay_facts["pointer_objects"]["f"] == {"1": ["a", True], "2": ["x", False]}


@needs_gcc
def test_a_refuted_dereference_shows_where_the_pointer_points(tmp_path):
    rs = prove_source(tmp_path, """\
    #include <stdlib.h>
    int f(int k) {
        int a[4] = {0, 1, 2, 3};
        int *p = a;
        if (k > 0 && k < 3) p = p + k;
        int *h = (int *)malloc(sizeof(int) * 2);
        if (h == 0) return 0;
        h[0] = 1;
        free(h);
        int v = *p;
        if (v == 2) return h[0];
        return 0;
    }
    """, check="use-after-free")
    r = only(rs, "use-after-free", 11)
    assert r.verdict == Verdict.NO and r.counterexample.confirmed
    last = r.counterexample.trace[-1].values
    assert last["p"] == "&a[2]" and last["h"] == "heap block of line 6 [0]"
    assert not any(k.endswith(("#obj", "#off")) for k in last)


@needs_gcc
@pytest.mark.parametrize("last, shown", [(4, False), (3, True)])
def test_an_array_is_an_input_only_if_an_element_is_read_before_it_is_written(tmp_path, last, shown):
    rs = prove_source(tmp_path, f"""\
    int main(void) {{
        int a[4];
        for (int i = 0; i < {last}; i++) a[i] = i;
        int k = __VERIFIER_nondet_int();
        if (k == 7) __VERIFIER_assert(a[3] != 3);
        return 0;
    }}
    """, check="assert")
    r = only(rs, "assert", 5)
    sources = {s.label: s.read for s in r.counterexample.nondet_sources}
    assert r.verdict == Verdict.NO and r.counterexample.confirmed
    assert sources["a (uninitialised)"] is shown
