"""Random C programs over control flow and structured data for the differential fuzzer
(construct kind "control"): a `switch` inside a loop whose cases `break` (out of the switch)
or `continue` (the loop) or fall through, `do { } while` with `continue` (which goes to the
condition) and `break`, `goto` forwards, backwards (a loop) and out of nested loops,
recursive helpers over an array and a length (sum, fill, max) called with a length that may
be too long, and an array of structs with an array field read and written by index, through
`&bs[i]` and through a pointer moved forwards into the last struct's array (a pointer
that leaves a field but stays inside `bs` is undefined too, but no sanitizer sees it: the
generator draws none). Two int inputs, every
pair of their small ranges run (`oracle_text`, gcc -fsanitize=address,undefined)."""

from __future__ import annotations

import itertools
import random

from .constructs import C_LIST_HEADER, Construct

HELPERS = {
    "rsum": ["int rsum(int *v, int n) {", "  if (n <= 0) {", "    return 0;", "  }",
             "  return v[n - 1] + rsum(v, n - 1);", "}"],
    "rfill": ["void rfill(int *v, int i, int n, int val) {", "  if (i >= n) {", "    return;", "  }",
              "  v[i] = val + i;", "  rfill(v, i + 1, n, val);", "}"],
    "rmax": ["int rmax(int *v, int n) {", "  if (n <= 1) {", "    return v[0];", "  }", "  int m = rmax(v, n - 1);",
             "  return m > v[n - 1] ? m : v[n - 1];", "}"],
    "steps": ["int steps(int k) {", "  if (k <= 0) {", "    return 0;", "  }", "  return 1 + steps(k - 2);", "}"],
}
CHECKS = "assert,overflow,div,shift,bounds"


class _Control:
    """One program's state while it is drawn."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.n = rng.randint(2, 4)  # int a[n]
        self.helpers: set[str] = set()
        self.labels = 0
        self.looped = False  # a loop drawn already

    def index(self, size: int) -> str:
        r = self.rng
        safe = [str(r.randint(0, size - 1)), f"(x > 0 && x < {size} ? x : 0)", f"(unsigned int) y % {size}U"]
        risky = ["x", "y", f"{size} - y", "x + 1", "i", "s"]
        return r.choice(safe) if r.random() < 0.8 else r.choice(risky)

    def place(self) -> str:
        """An int lvalue: a local, an array element or a struct field."""
        r = self.rng
        return r.choice(["s", "t", "s", f"a[{self.index(self.n)}]", f"bs[{self.index(2)}].v[{self.index(3)}]",
                         f"bs[{self.index(2)}].lo", "sp->v[1]", "*q"])

    def value(self, depth: int = 1) -> str:
        r = self.rng
        leaves = ["x", "y", "s", "t", "i", str(r.randint(-2, 5)), f"a[{self.index(self.n)}]",
                  f"bs[{self.index(2)}].v[{self.index(3)}]", "sp->lo", f"q[{r.choice(['0', '1', 'y'])}]"]
        if depth <= 0 or r.random() < 0.35:
            return r.choice(leaves)
        return f"({self.value(depth - 1)} {r.choice(['+', '-', '*', '+'])} {self.value(depth - 1)})"

    def condition(self) -> str:
        r = self.rng
        return r.choice([f"x > {r.randint(-1, 2)}", f"y != {r.randint(-1, 2)}", f"s < {r.randint(0, 6)}",
                         f"t == {r.randint(0, 2)}", f"i == {r.randint(0, 2)}", "x == y", "(i + x) % 2 == 0",
                         f"a[0] > {r.randint(-1, 2)}"])

    def simple(self) -> str:
        r = self.rng
        return f"{self.place()} {r.choice(['=', '+=', '-='])} {self.value(r.randint(0, 1))};"

    def block(self) -> list[str]:
        r = self.rng
        roll = r.random()
        # loop bounds mostly constant: a bound from the inputs needs an invariant, and a timeout costs every answer
        bound = r.choice(["3", "2", str(self.n), "3", "y" if r.random() < 0.3 else "2"])
        loop = roll < 0.58 and not 0.32 <= roll < 0.42  # the forms below that loop (a forward goto does not)
        if loop and self.looped:
            return self.switch()  # one loop per program: verify needs an invariant for each
        self.looped = self.looped or loop
        if roll < 0.18:  # switch in a loop: break leaves the switch, continue the loop
            cases = sorted(r.sample(range(-1, 4), r.randint(2, 3)))
            on = r.choice(['x + i', 'i', 'y - i', 's % 3', 'x'])
            lines = [f"for (i = 0; i < {bound}; i++) {{", f"  switch ({on}) {{"]
            for value in cases:
                end = r.choice(["break;", "break;", "continue;", ""])  # "": falls through
                lines += [f"  case {value}:", f"    {self.simple()}"] + ([f"    {end}"] if end else [])
            if r.random() < 0.6:
                lines += ["  default:", f"    {self.simple()}", f"    {r.choice(['break;', 'continue;'])}"]
            return lines + ["  }", f"  t = t + {r.randint(1, 3)};", "}"]
        if roll < 0.32:  # do-while: continue jumps to the condition
            jump = r.choice(["continue;", "break;"])
            return ["i = 0;", "do {", "  i++;", f"  if ({self.condition()}) {{", f"    {jump}", "  }",
                    f"  {self.simple()}", f"}} while (i < {bound});"]
        if roll < 0.42:  # goto forwards over a statement
            self.labels += 1
            label = f"skip{self.labels}"
            return [f"if ({self.condition()}) {{", f"  goto {label};", "}", self.simple(), f"{label}:",
                    f"t = t + {r.randint(1, 2)};"]
        if roll < 0.5:  # goto backwards: a loop
            self.labels += 1
            label = f"again{self.labels}"
            return ["i = 0;", f"{label}:", self.simple(), "i++;", f"if (i < {bound}) {{", f"  goto {label};", "}"]
        if roll < 0.58:  # goto out of nested loops
            self.labels += 1
            label = f"done{self.labels}"
            return ["for (i = 0; i < 3; i++) {", "  for (j = 0; j < 3; j++) {",
                    f"    if ({self.condition()} && j > 0) {{", f"      goto {label};", "    }", "    s = s + j;",
                    "  }", "}", f"{label}:", "t = t + i;"]
        if roll < 0.72:
            return [self.call()]
        if roll < 0.8:
            return [f"sp = &bs[{self.index(2)}];", f"{r.choice(['sp->lo', 'sp->v[0]', 't'])} = {self.value(1)};"]
        if roll < 0.86:
            return [f"q = {r.choice(['q + 1', '&bs[1].v[0]', '&bs[1].v[2]', 'q + y'])};"]
        if roll < 0.93:
            return [f"__VERIFIER_assert({self.assertion()});"]
        return [self.simple()]

    def switch(self) -> list[str]:
        """A switch outside loops: cases that break or fall through, maybe a default."""
        r = self.rng
        lines = [f"switch ({r.choice(['x', 'y', 'x - y', 's'])}) {{"]
        for value in sorted(r.sample(range(-1, 4), r.randint(1, 3))):
            lines += [f"case {value}:", f"  {self.simple()}"] + (["  break;"] if r.random() < 0.6 else [])
        if r.random() < 0.5:
            lines += ["default:", f"  {self.simple()}"]
        return lines + ["}"]

    def call(self) -> str:
        r = self.rng
        name = r.choice(list(HELPERS))
        self.helpers.add(name)
        array, size = "a", self.n  # (verify takes no struct field as an array argument)
        length = r.choice([str(size), str(size), str(size), str(size - 1), str(size + 1), "y", "(x > 0 ? x : 1)"])
        if name == "rsum":
            return f"s = rsum({array}, {length});"
        if name == "rfill":
            return f"rfill({array}, {r.choice(['0', '1', 'y'])}, {length}, {r.choice(['x', '1', 's'])});"
        if name == "rmax":
            return f"t = rmax({array}, {length});"
        return f"t = steps({r.choice(['x', 'y', 's', '5'])});"

    def assertion(self) -> str:
        r = self.rng
        return r.choice([f"s != {r.randint(-2, 8)}", f"t {r.choice(['<=', '>', '!='])} {r.randint(0, 8)}",
                         f"a[{r.randint(0, self.n - 1)}] >= {r.randint(-1, 2)}",
                         f"bs[{r.randint(0, 1)}].v[{r.randint(0, 2)}] != {r.randint(0, 3)}", "s + t >= x",
                         f"i {r.choice(['<=', '!='])} {r.randint(1, 4)}", f"*q != {r.randint(-1, 2)}"])


def c_control(rng: random.Random) -> Construct:
    """A program of the "control" kind (module docstring)."""
    st = _Control(rng)
    lo, hi = rng.choice([(-2, 3), (-1, 2), (0, 4)])
    ylo, yhi = rng.choice([(-1, 3), (0, 3), (-2, 2)])
    inits = ", ".join(str(rng.randint(-1, 4)) for _ in range(st.n))
    segs = ", ".join(f"{{{rng.randint(-1, 3)}, {{{', '.join(str(rng.randint(-1, 3)) for _ in range(3))}}}}}"
                     for _ in range(2))
    body = ["int x = __VERIFIER_nondet_int();", f"__VERIFIER_assume(x >= {lo} && x <= {hi});",
            "int y = __VERIFIER_nondet_int();", f"__VERIFIER_assume(y >= {ylo} && y <= {yhi});",
            "int s = 0;", "int t = 0;", "int i = 0;", "int j = 0;", f"int a[{st.n}] = {{{inits}}};",
            f"struct seg bs[2] = {{{segs}}};", f"struct seg *sp = &bs[{rng.randint(0, 1)}];",
            f"int *q = &bs[1].v[{rng.choice([0, 0, 1, 2])}];"]
    for _ in range(rng.randint(2, 5)):
        body += st.block()
    body += [f"__VERIFIER_assert({st.assertion()});", "return 0;"]
    header = list(C_LIST_HEADER[:6]) + ["struct seg {", "  int lo;", "  int v[3];", "};"]
    for name in sorted(st.helpers):
        header += HELPERS[name]
    text = "\n".join(header + ["int main(void) {"] + ["  " + line for line in body] + ["}"]) + "\n"
    cases = list(itertools.product(range(lo, hi + 1), range(ylo, yhi + 1)))
    return Construct("control", "c", text, "main", CHECKS, cases)
