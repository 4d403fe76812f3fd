"""Random termination programs for the differential fuzzer (kind "terminates", C and Python):
loops whose end needs a lexicographic or multiphase ranking, nested loops with phases, parity
and Collatz-like steps (C's truncating `/` and `%` against Python's floor), counters of narrow
C types that wrap (`unsigned char`, `signed char`, `short`), bit operations (`k & (k - 1)`,
shifts, `(k << 1) | 1`, odd products of unsigned values), `do`/`for`/`goto` loops, `break`
and `continue`, C `switch` with fallthrough, and recursion (countdowns by steps, subtractive
and remainder gcd, mutual recursion, McCarthy-91-like).

Inputs are bounded by assumptions to small ranges, so verify's question and the ground truth
(`oracle_term`: every input run, a repeated state at a loop head or a repeated argument tuple
on the call chain is a run that goes forever) are about the same inputs: a yes where some input
cycles is wrong, and so is a no where every input stops.

Each program is written once with tick marks: `TICK<vars>` before a loop condition and
`ENTER<args>` at the top of a recursive function; `strip_ticks` gives the text verify reads,
`oracle_term` the text it runs."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

#: C types of the inputs, with the ranges drawn for them (every value is run)
C_TYPES = {"int": [(-3, 4), (0, 6), (-4, 1)], "unsigned char": [(0, 6), (250, 255), (0, 3)],
           "signed char": [(-3, 3), (120, 127), (-128, -124)], "short": [(-3, 3), (32763, 32767)],
           "unsigned int": [(0, 5)]}
PY_RANGES = [(-3, 4), (0, 6), (-4, 1), (-2, 2)]
TICK = re.compile(r"TICK<([^>]*)>")
ENTER = re.compile(r"ENTER<(\w+):([^>]*)>")


@dataclass
class TermProgram:
    """A generated program: its text with tick marks, its language and every input to run."""
    language: str
    marked: str
    entry: str
    cases: list[tuple[int, ...]]

    @property
    def text(self) -> str:
        return strip_ticks(self.marked)


def strip_ticks(marked: str) -> str:
    text = TICK.sub("", marked)
    return "\n".join(line for line in text.splitlines() if not ENTER.search(line)) + "\n"


class _Draw:
    def __init__(self, rng: random.Random, language: str):
        self.rng = rng
        self.c = language == "c"
        self.type = rng.choice(["int"] * 4 + list(C_TYPES)) if self.c else "int"
        self.names = ["x", "y", "z"][:rng.randint(1, 3)]
        self.ranges = [rng.choice(C_TYPES[self.type] if self.c else PY_RANGES) for _ in self.names]
        self.locals = ["i", "j"]
        self.functions: list[list[str]] = []

    # -- pieces -----------------------------------------------------------------------------

    def var(self) -> str:
        return self.rng.choice(self.names)

    def const(self, lo: int = -2, hi: int = 3) -> str:
        return str(self.rng.randint(lo, hi))

    def div(self, a: str, b: str) -> str:
        return f"{a} / {b}" if self.c else f"{a} // {b}"

    def step(self, v: str) -> str:
        """A new value for `v` that usually heads somewhere."""
        r = self.rng
        choices = [f"{v} - {r.randint(1, 3)}", f"{v} + {r.randint(-1, 2)}", self.div(v, str(r.choice([2, 3, -2]))),
                   f"{v} - {self.var()}", f"{v} + {self.var()}", f"{v} % {r.choice([2, 3, 5])}", f"-{v}",
                   f"{v} * 2", f"{v} >> 1", f"{v} & {r.randint(0, 7)}", f"{v} - 1"]
        return r.choice(choices)

    def cond(self, v: str | None = None) -> str:
        r = self.rng
        v = v or self.var()
        simple = [f"{v} > {self.const(-1, 2)}", f"{v} != {self.const(-1, 2)}", f"{v} >= {self.const(-1, 2)}",
                  f"{v} < {self.var()}", f"{v} % 2 == {r.choice([0, 1])}" if r.random() < 0.3 else f"{v} > 0"]
        c = r.choice(simple)
        if r.random() < 0.2:
            c = f"{c} {'&&' if self.c else 'and'} {r.choice(simple)}"
        return c

    def assign(self, v: str, e: str, ind: str) -> str:
        return f"{ind}{v} = {e};" if self.c else f"{ind}{v} = {e}"

    def ticked(self, cond: str, vs: list[str]) -> str:
        return f"TICK<{','.join(vs)}>({cond})"

    # -- loop shapes ------------------------------------------------------------------------

    def while_loop(self, cond: str, body: list[str], ind: str, vs: list[str]) -> list[str]:
        if self.c:
            return [f"{ind}while ({self.ticked(cond, vs)}) {{"] + body + [f"{ind}}}"]
        return [f"{ind}while {self.ticked(cond, vs)}:"] + body

    def any_loop(self, cond: str, body: list[str], ind: str, vs: list[str]) -> list[str]:
        """A while loop, or (C) the same loop as a `for`, a guarded `do` or a `goto`."""
        shape = self.rng.choice(["while", "while", "for", "do", "goto"]) if self.c else "while"
        if shape == "for":
            return [f"{ind}for (; {self.ticked(cond, vs)};) {{"] + body + [f"{ind}}}"]
        if shape == "do":
            return ([f"{ind}if ({cond}) {{", f"{ind}  do {{"] + ["  " + b for b in body]
                    + [f"{ind}  }} while ({self.ticked(cond, vs)});", f"{ind}}}"])
        if shape == "goto":
            label = f"L{len(self.functions)}{self.rng.randint(0, 999)}"
            return [f"{ind}{label}:", f"{ind}if ({self.ticked(cond, vs)}) {{"] + body + [f"{ind}  goto {label};",
                                                                                         f"{ind}}}"]
        return self.while_loop(cond, body, ind, vs)

    # -- programs ---------------------------------------------------------------------------

    def body(self) -> list[str]:
        """The statements of main / f over the inputs and the locals i, j."""
        family = self.rng.choice(["countdown", "lex", "multiphase", "nested", "parity", "breaks", "wrap", "bits",
                                  "recursion", "recursion", "switch" if self.c else "lex"])
        return getattr(self, "f_" + family)()

    def vs(self) -> list[str]:
        return self.names + self.locals

    def f_countdown(self) -> list[str]:
        v = self.var()
        body = [self.assign(v, self.step(v), "    ")]
        if self.rng.random() < 0.5:
            w = self.var()
            body.append(self.assign(w, self.step(w), "    "))
        return self.any_loop(self.cond(v), body, "  ", self.vs())

    def f_lex(self) -> list[str]:
        x, y = self.var(), self.var()
        r = self.rng
        inner = [self.assign(y, f"{y} - {r.randint(0, 2)}", "      ")]
        other = [self.assign(x, f"{x} - {r.randint(0, 2)}", "      "),
                 self.assign(y, r.choice([self.const(0, 3), f"{y} + {r.randint(0, 3)}", x]), "      ")]
        if self.c:
            body = [f"    if ({y} > {self.const(-1, 1)}) {{"] + inner + ["    } else {"] + other + ["    }"]
        else:
            body = [f"    if {y} > {self.const(-1, 1)}:"] + inner + ["    else:"] + other
        return self.any_loop(f"{x} > {self.const(-1, 1)}", body, "  ", self.vs())

    def f_multiphase(self) -> list[str]:
        x, y = self.var(), self.var()
        body = [self.assign(x, f"{x} + {y}", "    "), self.assign(y, f"{y} - {self.rng.randint(0, 2)}", "    ")]
        if self.rng.random() < 0.5:
            body.reverse()
        return self.any_loop(f"{x} > {self.const(-1, 1)}", body, "  ", self.vs())

    def f_nested(self) -> list[str]:
        r, n = self.rng, self.var()
        inner_cond = r.choice([f"j < {n}", "j < i", "j > 0", f"j != {n}"])
        inner = self.while_loop(inner_cond, [self.assign("j", f"j + {r.choice([1, 1, 2, -1])}", "      ")],
                                "    ", self.vs())
        body = [self.assign("j", r.choice(["0", "i", n, f"i - {n}"]), "    ")] + inner
        body.append(self.assign("i", f"i + {r.choice([1, 1, 2, 0])}", "    "))
        if r.random() < 0.3:
            body.append(self.assign(n, self.step(n), "    "))
        return [self.assign("i", r.choice(["0", self.var()]), "  ")] + self.any_loop(
            f"i < {self.var()}", body, "  ", self.vs())

    def f_parity(self) -> list[str]:
        v, r = self.var(), self.rng
        odd = r.choice([f"{v} - 1", f"{v} + 1", f"3 * {v} + 1", f"{v} - 3", f"{v} + {self.var()}"])
        even = self.div(v, "2")
        if self.c:
            body = [f"    if ({v} % 2 == 0) {{", self.assign(v, even, "      "), "    } else {",
                    self.assign(v, odd, "      "), "    }"]
        else:
            body = [f"    if {v} % 2 == 0:", self.assign(v, even, "      "), "    else:", self.assign(v, odd, "      ")]
        return self.any_loop(r.choice([f"{v} != 1", f"{v} > 1", f"{v} != 0", f"{v} > 0"]), body, "  ", self.vs())

    def f_breaks(self) -> list[str]:
        v, w, r = self.var(), self.var(), self.rng
        ind = "    "
        if self.c:
            body = [f"    if ({self.cond(w)}) {{", self.assign(w, self.step(w), "      "),
                    f"      {r.choice(['continue', 'break'])};", "    }", self.assign(v, self.step(v), ind),
                    f"    if ({self.cond(v)}) break;"]
            return self.while_loop("1", body, "  ", self.vs())
        body = [f"    if {self.cond(w)}:", self.assign(w, self.step(w), "      "),
                f"      {r.choice(['continue', 'break'])}", self.assign(v, self.step(v), ind),
                f"    if {self.cond(v)}:", "      break"]
        return self.while_loop("True", body, "  ", self.vs())

    def f_wrap(self) -> list[str]:
        """A counter of a narrow type (C) running up to or down from an input."""
        r, n = self.rng, self.var()
        if not self.c:
            return self.f_countdown()
        counter = r.choice(["unsigned char", "signed char", "short", "unsigned short"])
        self.locals.append("k")
        op = r.choice([f"k < {n}", f"k <= {n}", f"k != {n}", f"k >= {n}"])
        step = r.choice(["k++", "k--", "k += 2", "k -= 3"]) if r.random() < 0.7 else "k = k * 2 + 1"
        start = r.choice(["0", n, "250", "-2"])
        return [f"  {counter} k = {start};", f"  for (; {self.ticked(op, self.vs())}; {step}) {{", "    j = j + 1;",
                "  }"]

    def f_bits(self) -> list[str]:
        """A variable changed by bit operations or by wrapping products: no linear ranking function,
        but (C) a bounded number of iterations from any state, or a cycle (`k >> 1` of a negative
        value, an odd unsigned `k * 3`, `(k << 1) | 1`, `k ^ j`; in Python `k & (k - 1)` of a
        negative value never reaches 0)."""
        r, v = self.rng, self.var()
        self.locals.append("k")
        step = r.choice(["k & (k - 1)", "k << 1", "k >> 1", "k * 2", "k * 3", "k + 2", "(k << 1) | 1", "k ^ j",
                         "k - (k & 1)", "k | (k + 1)", "k >> 1 | k & 1" if self.c else "k >> 1 | (k & 1)"])
        cond = r.choice(["k != 0", "k > 0", "k != 0 && k != 1" if self.c else "k != 0 and k != 1", "k % 2 == 1",
                         "k != -1", "k < 100"])
        j = self.assign("j", r.choice(["1", "3", v, f"{v} + 1"]), "  ")
        if self.c:
            t = r.choice(["unsigned char", "unsigned char", "unsigned int", "signed char", "int", "unsigned short"])
            return [j, f"  {t} k = {v};"] + self.while_loop(cond, [self.assign("k", step, "    ")], "  ", self.vs())
        return [j, "  k = " + v] + self.while_loop(cond, [self.assign("k", step, "    ")], "  ", self.vs())

    def f_switch(self) -> list[str]:
        v, r = self.var(), self.rng
        cases = []
        for value in sorted(r.sample(range(-1, 4), r.randint(1, 3))):
            cases += [f"    case {value}:", self.assign(v, self.step(v), "      ")]
            if r.random() < 0.6:
                cases.append("      break;")
        cases += ["    default:", self.assign(v, r.choice([f"{v} - 1", f"{v} + 1", f"{v} / 2"]), "      ")]
        body = [f"    switch ({v} % {r.choice([3, 4, 5])}) {{"] + cases + ["    }"]
        return self.any_loop(self.cond(v), body, "  ", self.vs())

    def f_recursion(self) -> list[str]:
        r = self.rng
        shape = r.choice(["down", "gcdsub", "gcdmod", "mutual", "mc", "two"])
        args = self.names[:2] if shape in ("gcdsub", "gcdmod", "two") and len(self.names) >= 2 else self.names[:1]
        if shape in ("gcdsub", "gcdmod", "two") and len(args) < 2:
            shape = "down"
        self.functions.append(self.recursive(shape))
        if shape == "mutual":
            self.functions.append(self.recursive("mutual2"))
        call = f"g({', '.join(args)})"
        return [self.assign("i", call, "  ")]

    def recursive(self, shape: str) -> list[str]:
        """A recursive function g (and h for mutual recursion) over int parameters a (, b)."""
        r, c = self.rng, self.c
        base = r.choice(["a <= 0", "a == 0", "a < 1", "a <= 1", "a == 1"])
        k = r.randint(1, 3)
        bodies = {
            "down": (["a"], base, "0", f"g(a - {k}) + 1"),
            "two": (["a", "b"], base, "b", f"g(a - {k}, b + 1)" if r.random() < 0.5 else f"g(b, a - {k})"),
            "gcdsub": (["a", "b"], r.choice(["a == b", "b == 0", "a == 0 || b == 0" if c else "a == 0 or b == 0"]),
                       "a", None),
            "gcdmod": (["a", "b"], "b == 0", "a", f"g(b, {'a % b'})"),
            "mutual": (["a"], base, "1", f"h(a - {k})"),
            "mutual2": (["a"], base, "0", f"g(a - {r.randint(0, 2)})"),
            "mc": (["a"], f"a > {r.randint(2, 6)}", f"a - {r.randint(1, 3)}", f"g(g(a + {r.randint(1, 3)}))"),
        }
        params, stop, result, recurse = bodies[shape]
        name = "h" if shape == "mutual2" else "g"
        ind = "  "
        if c:
            lines = [f"int {name}({', '.join('int ' + p for p in params)}) {{", f"  ENTER<{name}:{','.join(params)}>",
                     f"  if ({stop}) return {result};"]
            if recurse is None:
                lines += ["  if (a > b) return g(a - b, b);", "  return g(a, b - a);"]
            else:
                lines.append(f"  return {recurse};")
            return lines + ["}"]
        lines = [f"ENTER<{name}:{','.join(params)}>", f"def {name}({', '.join(params)}):", f"{ind}if {stop}:",
                 f"{ind}  return {result}"]
        if recurse is None:
            lines += [f"{ind}if a > b:", f"{ind}  return g(a - b, b)", f"{ind}return g(a, b - a)"]
        else:
            lines.append(f"{ind}return {recurse}")
        return lines


def generate_term(seed: int, language: str) -> TermProgram:
    """The termination program of `seed` in `language` ("c" or "py")."""
    d = _Draw(random.Random(f"terminates-{language}-{seed}"), language)
    body = d.body()
    cases = _product(d.ranges)
    if d.c:
        lines = ["extern int __VERIFIER_nondet_int(void);", "extern void __VERIFIER_assume(int);"]
        for f in d.functions:
            lines += f
        lines += ["int main(void) {", f"  {d.type} " + ", ".join(d.names) + ";"]
        for name, (lo, hi) in zip(d.names, d.ranges):
            lines += [f"  {name} = __VERIFIER_nondet_int();", f"  __VERIFIER_assume({name} >= {lo} && {name} <= {hi});"]
        lines += ["  int i = 0, j = 0;"] + body + ["  return 0;", "}"]
        return TermProgram("c", "\n".join(lines) + "\n", "main", cases)
    lines = ["from verifier import assume", ""]
    for f in d.functions:
        lines += f + [""]
    lines += [f"def f({', '.join(d.names)}):"]
    lines += [f"  assume({lo} <= {name} <= {hi})" for name, (lo, hi) in zip(d.names, d.ranges)]
    lines += ["  i = 0", "  j = 0"] + body + ["  return i"]
    return TermProgram("py", "\n".join(lines) + "\n", "f", cases)


def _product(ranges: list[tuple[int, int]]) -> list[tuple[int, ...]]:
    cases: list[tuple[int, ...]] = [()]
    for lo, hi in ranges:
        cases = [c + (v,) for c in cases for v in range(lo, hi + 1)]
    return cases
