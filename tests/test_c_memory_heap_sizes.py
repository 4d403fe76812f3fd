"""`malloc(e)` of any size expression (``bv``): the whole elements that fit in
``(size_t)e`` bytes, checked against gcc's AddressSanitizer."""

from __future__ import annotations

import shutil

import pytest

from verifier.frontends.c import parse_c
from verifier.result import Verdict

from .helpers import only, prove_source

needs_gcc = pytest.mark.skipif(shutil.which("gcc") is None, reason="gcc is needed to replay C")

SOURCE = """\
#include <stdlib.h>
int f(unsigned long size) {
    GUARD
    int *p = (int *)malloc(size + 0);
    if (!p) return 0;
    p[1] = 5;
    free(p);
    return 0;
}
"""


@needs_gcc
def test_a_write_past_a_block_of_any_size_is_a_replayed_bounds_no(tmp_path):
    r = only(prove_source(tmp_path, SOURCE.replace("GUARD", ""), check="bounds"), "bounds", 6)
    assert r.verdict == Verdict.NO and r.counterexample.confirmed
    assert r.counterexample.inputs["size"] < 8


def test_a_block_big_enough_for_the_write_is_proved(tmp_path):
    source = SOURCE.replace("GUARD", "if (size < 8 || size > 64) return 0;")
    r = only(prove_source(tmp_path, source, check="bounds"), "bounds", 6)
    assert r.verdict == Verdict.YES


def test_any_malloc_size_stays_unsupported_under_math_semantics():
    f = parse_c(SOURCE.replace("GUARD", ""), "t.c", semantics="math").functions["f"]
    assert "malloc size 'size + 0'" in f.unsupported and f.unsupported_loc.line == 4


WRAPPING = """\
extern void *malloc(unsigned long size);
extern void free(void *ptr);
int f(COUNT n) {
    if (n < 2) return 0;
    int *p = malloc(n * sizeof(int));
    if (!p) return 0;
    p[1] = 1;
    free(p);
    return 0;
}
"""


@needs_gcc
def test_a_count_times_sizeof_that_wraps_in_size_t_is_a_replayed_bounds_no(tmp_path):
    wide = only(prove_source(tmp_path, WRAPPING.replace("COUNT", "unsigned long"), check="bounds", name="wide"),
                "bounds", 7)
    narrow = only(prove_source(tmp_path, WRAPPING.replace("COUNT", "int"), check="bounds", name="narrow"), "bounds", 7)
    # n = 2**62 + ... makes n * 4 wrap to a block of fewer than two ints: gcc's run overflows it
    assert wide.verdict == Verdict.NO and wide.counterexample.confirmed
    assert wide.counterexample.inputs["n"] * 4 % 2**64 < 8
    assert narrow.verdict == Verdict.YES
