"""Invariants over C arrays of several dimensions print as C: ``m[k][l]``, never
the flat index the engines use (a C ``m[R][C]`` is one flat array, row-major).
The printed range is read back (it is Python too once ``&&`` is ``and``) and must
name the same elements as the flat range the engines proved."""

from __future__ import annotations

import z3
from hypothesis import given, settings
from hypothesis import strategies as st

from verifier.engines.invariants.rendering import render
from verifier.frontends.c import parse_c

K, I, J = z3.Int("#k"), z3.Int("i"), z3.Int("j")
M, D = z3.Array("m", z3.IntSort(), z3.IntSort()), z3.Array("d", z3.IntSort(), z3.IntSort())
NAMES = {"i": "i", "j": "j", "m": "m", "d": "d"}
ZERO = z3.IntVal(0)


def prefix(lo, hi, body) -> z3.BoolRef:
    """As the prefix guesser builds it: forall k. lo <= k < hi -> body."""
    return z3.ForAll([K], z3.Implies(z3.And(lo <= K, K < hi), body))


def test_a_prefix_of_whole_rows_prints_as_rows_and_columns():
    text = render(prefix(ZERO, 3 * I, M[K] == K), NAMES, "c", array_dims={"m": (3,)})
    assert text == "forall k, l. 0 <= k < i && 0 <= l < 3 -> m[k][l] == 3*k + l"


def test_a_copy_between_two_matrices_prints_both_as_matrices():
    text = render(prefix(ZERO, 3 * I, D[K] == M[K]), NAMES, "c", array_dims={"m": (3,), "d": (3,)})
    assert text == "forall k, l. 0 <= k < i && 0 <= l < 3 -> d[k][l] == m[k][l]"


def test_three_dimensions_get_three_coordinates():
    text = render(prefix(ZERO, 12 * I, M[K] == 0), NAMES, "c", array_dims={"m": (3, 4)})
    assert text == "forall k, l, p. 0 <= k < i && 0 <= l < 3 && 0 <= p < 4 -> m[k][l][p] == 0"


def test_coordinates_are_named_apart_from_the_program_variables():
    names = {**NAMES, "k": "k", "l": "l"}
    text = render(prefix(ZERO, 3 * I, M[K] == 1), names, "c", array_dims={"m": (3,)})
    assert text == "forall k1, k2. 0 <= k1 < i && 0 <= k2 < 3 -> m[k1][k2] == 1"


def test_other_elements_print_as_c_subscripts_of_the_flat_position():
    assert render(M[5] == 2, NAMES, "c", array_dims={"m": (3,)}) == "m[1][2] == 2"
    assert render(M[I] == 0, NAMES, "c", array_dims={"m": (3,)}) == "m[i / 3][i % 3] == 0"
    shifted = render(prefix(ZERO, 3 * I, M[K + 1] == 0), NAMES, "c", array_dims={"m": (3,)})
    assert shifted == "forall k. 0 <= k < 3*i -> m[(k + 1) / 3][(k + 1) % 3] == 0"
    # a one-dimensional array, and Python, keep their own subscript
    assert render(prefix(ZERO, I, M[K] == 0), NAMES, "c") == "forall k. 0 <= k < i -> m[k] == 0"


@settings(max_examples=60, deadline=None, derandomize=True)
@given(cols=st.integers(1, 4), lo=st.sampled_from(["0", "i", "i + 1", "cols * i"]),
       hi=st.sampled_from(["cols * i", "cols * i + j", "i", "cols * j + 1"]),
       i=st.integers(-2, 4), j=st.integers(-2, 5))
def test_the_printed_range_names_the_elements_of_the_flat_range(cols, lo, hi, i, j):
    terms = {"0": ZERO, "i": I, "i + 1": I + 1, "cols * i": cols * I, "cols * i + j": cols * I + J,
             "cols * j + 1": cols * J + 1}
    text = render(prefix(terms[lo], terms[hi], M[K] == 7), NAMES, "c", array_dims={"m": (cols,)})
    head, body = text.removeprefix("forall ").split(". ", 1)
    guard, post = body.split(" -> ")
    assert head == "k, l" and post == "m[k][l] == 7", text
    env = {"i": i, "j": j}
    flat = range(eval(lo, {"cols": cols, **env}), eval(hi, {"cols": cols, **env}))
    picked = {(k, l) for k in range(-4, 12) for l in range(-1, cols + 1)
              if eval(guard.replace("&&", "and"), {**env, "k": k, "l": l})}
    assert picked == {divmod(f, cols) for f in flat}, (text, i, j)


def test_the_frontend_gives_the_row_shape_of_each_array_of_several_dimensions():
    program = parse_c("int g[2][3];\nint f(int m[][5], int n) {\n  int z[2][2][4];\n  int v[3];\n"
                      "  z[0][0][0] = v[0] = 1;\n  return g[1][1] + m[0][0] + z[1][1][3];\n}\n", "t.c")
    assert program.functions["f"].array_dims == {"m": (5,), "g": (3,), "z": (2, 4)}
