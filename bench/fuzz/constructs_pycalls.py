"""Random Python functions calling helpers the way benchmark translators write the calls, for the
differential fuzzer (construct kind "pycalls"): default parameter values (int and bool constants),
keyword arguments in any order (evaluated as written, left to right, whatever the parameter
order), keyword-only parameters, helpers returning a tuple the caller unpacks (`q, r = div(a, b)`,
`divmod`), `print(...)` statements whose arguments may fail (an index, a division) with `sep=` and
`end=`, and arguments with effects (`ws.pop()`, `ws.append(...)` before a call). Every pair of the
two inputs' small ranges is run under CPython (`oracle_text`)."""

from __future__ import annotations

import itertools
import random

from .constructs import Construct

CHECKS = "assert,bounds,div,value"


class _Calls:
    def __init__(self, rng: random.Random):
        self.rng = rng
        self.defaults = (rng.choice([0, 1, 2, -1]), rng.choice([1, 3, 0]))
        self.keyword_only = rng.random() < 0.3
        self.values = ["x", "y", "r"]

    def helpers(self) -> list[str]:
        b, c = self.defaults
        star = "*, " if self.keyword_only else ""
        body = self.rng.choice(["a * 10 + b - c", "a - b * c", "(a + b) // c", "a % c + b", "a if b else c"])
        split = self.rng.choice(["a // b, a % b", "b, a", "a + b, a - b", "min(a, b), max(a, b)"])
        return [f"def h(a: int, {star}b: int = {b}, c: int = {c}, flag: bool = False) -> int:",
                "    if flag:", "        return -a", f"    return {body}", "", "",
                "def t(a: int, b: int) -> tuple[int, int]:", f"    return {split}", "", ""]

    def operand(self) -> str:
        r = self.rng
        return r.choice(self.values + [str(r.randint(-2, 3)), "ws[0]", "len(ws)"])

    def call_h(self) -> str:
        """h(...) with a positional `a` or not, the others as keywords in a drawn order, some omitted."""
        r = self.rng
        named = [("b", self.operand()), ("c", self.operand()), ("flag", r.choice(["True", "False", "x > y"]))]
        named = [p for p in named if r.random() < 0.6]
        if not self.keyword_only and named and named[0][0] == "b" and r.random() < 0.5:
            positional = [self.operand(), named.pop(0)[1]]  # b passed by position
        else:
            positional = [self.operand()] if r.random() < 0.6 else []
            if not positional:
                named.append(("a", self.operand()))
        r.shuffle(named)
        return "h(" + ", ".join(positional + [f"{k}={v}" for k, v in named]) + ")"

    def statement(self) -> list[str]:
        r = self.rng
        roll = r.random()
        if roll < 0.3:
            return [f"r = {self.call_h()}"]
        if roll < 0.5:
            how = r.choice([f"t({self.operand()}, {self.operand()})", f"t(b={self.operand()}, a={self.operand()})",
                            f"divmod({self.operand()}, {self.operand()})"])
            return [f"q, s = {how}", r.choice(["r = q - s", "r = r + q", "q, s = s, q", "r = s"])]
        if roll < 0.65:  # arguments with effects, evaluated left to right as written
            return [r.choice(["ws.append(x)", "ws.append(r)", "ws.pop()", "pass"]),
                    f"r = h(b=ws.pop(), a=ws.pop(){', c=len(ws)' if r.random() < 0.5 else ''})"]
        if roll < 0.85:
            args = r.sample(["'v'", "ws[y]", "r // y", "x", "[x, r]", "q if x > 0 else s", f"{self.call_h()}"],
                            r.randint(1, 3))
            options = r.choice(["", ", sep=': '", ", end=''", ", sep='', end='\\n'"])
            return [f"print({', '.join(args)}{options})"]
        return ["if x > y:", f"    r = {self.call_h()}", "else:", f"    r = {self.call_h()}"]


def py_calls(rng: random.Random) -> Construct:
    """A function of the "pycalls" kind (module docstring)."""
    st = _Calls(rng)
    lo, hi = rng.choice([(-2, 2), (0, 3), (-3, 1)])
    lines = ["from verifier import assume", "", ""] + st.helpers() + [
        "def f(x: int, y: int) -> int:", f"    assume({lo} <= x <= {hi})", f"    assume({lo} <= y <= {hi})",
        "    ws = [x, y, 1]", "    r = 0", "    q, s = 1, 2"]
    for _ in range(rng.randint(2, 5)):
        lines += ["    " + line for line in st.statement()]
    fact = rng.choice(["r != 3", "r >= 0", "r <= 10", "len(ws) >= 1", "q * s != 2", "r != q", "r % 2 == 0",
                       "r != x * 10 + y"])
    lines += [f"    assert {fact}", "    return r"]
    cases = list(itertools.product(range(lo, hi + 1), repeat=2))
    return Construct("pycalls", "py", "\n".join(lines) + "\n", "f", CHECKS, cases)
