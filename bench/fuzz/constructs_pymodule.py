"""Random Python modules for the differential fuzzer (construct kind "pymodule"): module-level
constants (ints, a tuple, a list) read by `f` and its helpers, globals a helper changes
(`global count; count += n`, a global list appended to), dataclass records and plain classes
with `__init__` and methods (fields read and written, through an alias or a copy), recursive
helpers over ints and lists, and builtins (`abs`, `min`/`max`, `sum`, `any`/`all`,
`enumerate`, `zip`, `reversed`, `divmod`, `str`, `bool`). `f(xs, k, s)` is run on the cases
of "sequences" (`constructs_sequences`), each in a fresh module (`oracle_text` execs the
module anew per case, as verify reads every call of `f` from the module's initial state)."""

from __future__ import annotations

import random
import re

from .constructs import Construct
from .constructs_sequences import CHECKS, every_case, function_text

#: the module's pieces before `f`, each written only when `f` uses its name (the first word)
PIECES = {
    "dataclass": ["from dataclasses import dataclass"],
    "LIMIT": ["LIMIT = {limit}"],
    "TABLE": ["TABLE = ({t0}, {t1}, {t2})"],
    "WEIGHTS": ["WEIGHTS = [{t2}, {t0}]"],
    "count": ["count = {start}"],
    "history": ["history = []"],
    "P": ["@dataclass", "class P:", "    a: int", "    b: int = {b}"],
    "Box": ["class Box:", "    def __init__(self, v: int):", "        self.v = v", "        self.items = []", "",
            "    def add(self, x: int) -> int:", "        self.items.append(x)", "        self.v = self.v + x",
            "        return len(self.items)"],
    "bump": ["def bump(n: int) -> int:", "    global count", "    count += n", "    return count"],
    "note": ["def note(n: int) -> int:", "    history.append(n)", "    return len(history)"],
    "rsum": ["def rsum(v: list[int], i: int) -> int:", "    if i >= len(v):", "        return 0",
             "    return v[i] + rsum(v, i + 1)"],
    "down": ["def down(n: int) -> int:", "    if n <= {base}:", "        return {start}",
             "    return down(n - {step}) + n"],
}
#: the pieces each piece needs
NEEDS = {"P": ["dataclass"], "bump": ["count"], "note": ["history"]}

class _Module:
    def __init__(self, rng: random.Random):
        self.rng = rng
        self.records: list[str] = []
        self.boxes: list[str] = []
        #: the module pieces this program may use (a few, so that some programs stay inside the subset)
        self.allowed = set(rng.sample(sorted(PIECES), rng.randint(1, 5)))

    def pick(self, options: list[str]) -> str:
        """One of `options` naming only allowed pieces ("k" if none does)."""
        fit = [o for o in options if all(n in self.allowed for n in PIECES if re.search(rf"\b{n}\b", o))]
        return self.rng.choice(fit or ["k"])

    def small(self) -> str:
        return str(self.rng.randint(-2, 3))

    def number(self, depth: int = 1) -> str:
        r = self.rng
        leaves = ["k", "t", "LIMIT", "count", "len(history)", f"TABLE[{r.choice(['0', '-1', 'k % 3', 'k'])}]",
                  "len(xs)", self.small(), "WEIGHTS[0]"]
        leaves += [f"{p}.{r.choice('ab')}" for p in self.records] + [f"{b}.v" for b in self.boxes]
        leaves += [f"len({b}.items)" for b in self.boxes]
        if depth <= 0 or r.random() < 0.3:
            return self.pick(leaves)
        form = r.choice(["+", "-", "builtin", "builtin", "call", "call"])
        if form in "+-":
            return f"({self.number(depth - 1)} {form} {self.number(depth - 1)})"
        if form == "builtin":
            n = self.number(depth - 1)
            divisor = r.choice(['2', '-3', 'LIMIT'])
            return self.pick([f"abs({n})", f"min({n}, {self.number(0)})", f"max(xs, default={self.small()})",
                             "sum(xs)", "sum(TABLE)", f"divmod({n}, {divisor})[{r.randint(0, 1)}]",
                             f"len(str({n}))", f"int(any(v > {n} for v in xs))", "int(all(v != k for v in xs))",
                             "sum(i * v for i, v in enumerate(xs))", "sum(a * b for a, b in zip(xs, TABLE))",
                             "list(reversed(xs))[0]" if r.random() < 0.3 else f"int(bool({n}))"])
        start = r.choice(['0', '1', 'k'])
        return self.pick([f"bump({self.number(0)})", f"note({self.number(0)})", f"rsum(xs, {start})",
                         f"down({self.number(0)})", f"rsum(list(TABLE), {r.choice(['0', '2'])})"]
                        + [f"{b}.add({self.number(0)})" for b in self.boxes])

    def statement(self) -> list[str]:
        r = self.rng
        roll = r.random()
        if roll < 0.3:
            return [f"t = {self.number(r.randint(1, 2))}"]
        if roll < 0.42 and len(self.records) < 3 and "P" in self.allowed:
            name = f"p{len(self.records)}"
            if self.records and r.random() < 0.6:
                src = r.choice(self.records)
                line = f"{name} = {r.choice([src, f'P({src}.a, {src}.b)', src])}"
            else:
                made = [f"P({self.number(0)})", f"P({self.number(0)}, {self.number(0)})", "P(b=k, a=t)"]
                line = f"{name} = {r.choice(made)}"
            self.records.append(name)
            return [line]
        if roll < 0.5 and len(self.boxes) < 2 and "Box" in self.allowed:
            name = f"q{len(self.boxes)}"
            line = f"{name} = {r.choice([f'Box({self.number(0)})', self.boxes[0] if self.boxes else 'Box(k)'])}"
            self.boxes.append(name)
            return [line]
        if roll < 0.65 and (self.records or self.boxes):
            targets = [f"{p}.{r.choice('ab')}" for p in self.records] + [f"{b}.v" for b in self.boxes]
            return [f"{r.choice(targets)} {r.choice(['=', '+=', '-='])} {self.number(1)}"]
        if roll < 0.72:
            return [self.pick([f"xs.append({self.number(0)})", "WEIGHTS.append(k)", f"history.append({self.number(0)})",
                              f"xs = [v + {self.small()} for v in xs]"])]
        if roll < 0.85:
            return [f"assert {self.assertion()}"]
        then = [line for _ in range(r.randint(1, 2)) for line in self.statement()]
        return [f"if {self.condition()}:", *("    " + line for line in then)]

    def condition(self) -> str:
        return f"{self.number(1)} {self.rng.choice(['<', '>=', '==', '!='])} {self.number(0)}"

    def assertion(self) -> str:
        r = self.rng
        return self.pick([f"{self.number(1)} {r.choice(['<', '>=', '!='])} {self.small()}", f"t != {self.small()}",
                         f"count {r.choice(['<=', '!='])} {r.randint(0, 4)}", f"len(history) < {r.randint(1, 3)}",
                         self.condition()])


def py_module(rng: random.Random) -> Construct:
    """A module of the "pymodule" kind (module docstring)."""
    st = _Module(rng)
    body = ["t = 0"]
    for _ in range(rng.randint(3, 7)):
        body += st.statement()
    body += [f"assert {st.assertion()}", "return t"]
    t = [rng.randint(-1, 3) for _ in range(3)]
    used = {name for name in PIECES if re.search(rf"\b{name}\b", "\n".join(body))}
    used |= {need for name in used for need in NEEDS.get(name, [])}
    pieces = [PIECES[name] for name in PIECES if name in used]
    header = "\n" + "\n\n\n".join("\n".join(lines) for lines in pieces) + "\n\n\n"
    header = header.format(limit=rng.randint(1, 3), t0=t[0], t1=t[1], t2=t[2], start=rng.randint(0, 2),
                                      b=rng.randint(-1, 2), base=rng.randint(-1, 1), step=rng.randint(1, 2))
    text = function_text(body).replace("from verifier import assume\n\n\n", "from verifier import assume\n" + header)
    return Construct("pymodule", "py", text, "f", CHECKS, every_case())
