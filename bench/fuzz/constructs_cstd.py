"""Random C programs over the standard library's memory functions and aggregate copies, for
the differential fuzzer (construct kind "cstd"): `memset` of int, char and 2-D arrays and of
structs with byte values whose ints are not the byte (`memset(a, 1, sizeof a)` makes each
int 16843009) and counts that are not a multiple of the element (`memset(a, -1, 6)`: half
an int), `memcpy` between arrays and structs with counts in bytes (`x * sizeof(int)`, `x`,
some past the end), `memmove` within one array (overlapping), struct assignment (a copy:
changing the copy leaves the original), 2-D arrays indexed by row and column (a whole 2-D
array set or copied as a block). Two int inputs; every pair of their small ranges run (`oracle_text`, gcc
-fsanitize=address,undefined)."""

from __future__ import annotations

import itertools
import random

from .constructs import C_LIST_HEADER, Construct

CHECKS = "assert,overflow,div,shift,bounds"
N, M, R, C = 4, 6, 2, 3  # int a[N], b[N]; char c[M]; int m[R][C]


class _Std:
    def __init__(self, rng: random.Random):
        self.rng = rng

    def byte(self) -> str:
        return self.rng.choice(["0", "1", "-1", "255", "x", "'z'", "0x7f", "128"])

    def count(self, elem: str, n: int, whole: str) -> str:
        r = self.rng
        return r.choice([whole, whole, f"x * sizeof({elem})", f"{r.randint(1, n)} * sizeof({elem})", "x",
                         str(r.randint(1, n * 4 if elem == "int" else n)), f"sizeof({elem}) * (y + 1)"])

    def index(self, n: int) -> str:
        r = self.rng
        return r.choice([str(r.randint(0, n - 1))] * 3 + [f"(x > 0 && x < {n} ? x : 0)", "x", "y", f"{n - 1} - y"])

    def place(self) -> str:
        r = self.rng
        return r.choice([f"a[{self.index(N)}]", f"b[{self.index(N)}]", f"m[{self.index(R)}][{self.index(C)}]",
                         f"s1.v[{self.index(3)}]", "s1.a", "s2.a", f"s2.v[{self.index(3)}]",
                         f"c[{self.index(M)}]", "t"])

    def value(self) -> str:
        r = self.rng
        leaves = [self.place(), self.place(), "x", "y", str(r.randint(-2, 5))]
        if r.random() < 0.3:
            return f"({r.choice(leaves)} {r.choice(['+', '-', '^', '&'])} {r.choice(leaves)})"
        return r.choice(leaves)

    def statement(self) -> list[str]:
        r = self.rng
        roll = r.random()
        if roll < 0.18:
            target = r.choice([("a", "int", N, "sizeof a"), ("b", "int", N, "sizeof(b)"), ("c", "char", M, "sizeof c"),
                               ("m", "int", R * C, "sizeof m"),
                               ("&s1", "int", 4, "sizeof s1"), ("s2.v", "int", 3, "sizeof s2.v"),
                               ("a + 1", "int", N - 1, "3 * sizeof(int)")])
            return [f"memset({target[0]}, {self.byte()}, {self.count(target[1], target[2], target[3])});"]
        if roll < 0.34:
            dst, src, elem, n, whole = r.choice([("a", "b", "int", N, "sizeof a"), ("b", "a", "int", N, "sizeof b"),
                                                 ("&s2", "&s1", "int", 4, "sizeof s2"),
                                                 ("s1.v", "a", "int", 3, "sizeof s1.v"),
                                                 ("a", "m", "int", N, "sizeof a"), ("c", "c + 3", "char", M - 3, "3")])
            return [f"memcpy({dst}, {src}, {self.count(elem, n, whole)});"]
        if roll < 0.42:
            return [r.choice([f"memmove(a + 1, a, {self.count('int', N - 1, '3 * sizeof(int)')});",
                              f"memmove(a, a + 1, {self.count('int', N - 1, '3 * sizeof(int)')});",
                              f"memmove(c + 1, c, {r.randint(1, M - 1)});"])]
        if roll < 0.52:
            return [r.choice(["s2 = s1;", "s1 = s2;", "s2.v[0] = s1.v[2];"])]
        if roll < 0.75:
            return [f"{self.place()} = {self.value()};"]
        if roll < 0.9:
            return [f"__VERIFIER_assert({self.assertion()});"]
        then = [line for _ in range(r.randint(1, 2)) for line in self.statement()]
        return [f"if ({self.value()} {r.choice(['<', '==', '!='])} {self.value()}) {{",
                *("  " + line for line in then), "}"]

    def assertion(self) -> str:
        r = self.rng
        return r.choice([f"{self.place()} {r.choice(['==', '!=', '<=', '>='])} {self.value()}",
                         f"{self.place()} != {r.choice(['16843009', '-1', '0', '255', '65535', '2139062143', '122'])}",
                         f"(unsigned char) c[{self.index(M)}] {r.choice(['==', '!='])} {r.choice(['255', '0', '122'])}",
                         f"{self.place()} == {self.place()}"])


def c_std(rng: random.Random) -> Construct:
    """A program of the "cstd" kind (module docstring)."""
    st = _Std(rng)
    (xlo, xhi), (ylo, yhi) = rng.choice([(0, 4), (-1, 3), (0, 2)]), rng.choice([(0, 3), (-1, 2)])
    inits = ", ".join(str(rng.randint(-1, 5)) for _ in range(rng.randint(1, N)))
    body = ["int x = __VERIFIER_nondet_int();", f"__VERIFIER_assume(x >= {xlo} && x <= {xhi});",
            "int y = __VERIFIER_nondet_int();", f"__VERIFIER_assume(y >= {ylo} && y <= {yhi});",
            "int t = 0;", f"int a[{N}] = {{{inits}}};", f"int b[{N}] = {{0}};",
            f"char c[{M}] = \"{rng.choice(['abc', 'abcde', 'zz', ''])}\";", f"int m[{R}][{C}] = {{{{1, 2}}, {{3}}}};",
            f"struct S s1 = {{{rng.randint(0, 3)}, {{1, 2, 3}}}};", "struct S s2 = {0};"]
    statements = [line for _ in range(rng.randint(3, 7)) for line in st.statement()]
    statements.append(f"__VERIFIER_assert({st.assertion()});")
    body += statements + ["return 0;"]
    header = (["#include <string.h>"] + C_LIST_HEADER[:6] + ["struct S {", "  int a;", "  int v[3];", "};"])
    text = "\n".join(header + ["int main(void) {"] + ["  " + line for line in body] + ["}"]) + "\n"
    cases = list(itertools.product(range(xlo, xhi + 1), range(ylo, yhi + 1)))
    return Construct("cstd", "c", text, "main", CHECKS, cases)
