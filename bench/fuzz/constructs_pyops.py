"""Random Python functions over the operations the "sequences" kind leaves out, for the
differential fuzzer (construct kind "pyops"): slices with steps (negative, or `k` that may be
0: ValueError), negative indices, string methods (`upper`, `strip`, `replace`,
`startswith`, `split`, `join`, `index`), dict `get`/`setdefault`/`pop`, list mutation
through an alias (`b = xs; b.append(k)`, `b += [k]` against `b = b + [k]`, `for v in [xs, b]`), `remove`,
`insert`, `del`, `reverse`, floor division and modulo with negative operands, and
`min`/`max` with `key=`. The cases are those of "sequences" (`constructs_sequences`)."""

from __future__ import annotations

import random

from .constructs import Construct
from .constructs_sequences import CHECKS, LETTERS, every_case, function_text

KEYS = ["abs", "lambda v: -v", "lambda v: v % 3", "lambda v: v // 2", "lambda v: (v - 1) * (v - 1)"]


class _Ops:
    def __init__(self, rng: random.Random):
        self.rng = rng
        self.lists = ["xs"]
        self.dict = False

    def lst(self) -> str:
        return self.rng.choice(self.lists)

    def index(self) -> str:
        return self.rng.choice(["-1", "-2", "-k", "k", "-len(xs)", "k - 2", "t", "-3"])

    def step(self) -> str:
        return self.rng.choice(["-1", "2", "-2", "3", "-1", "2", "k"])  # verify reads constant steps only

    def number(self, depth: int = 1) -> str:
        r = self.rng
        lst = self.lst()
        leaves = ["k", "t", str(r.randint(-3, 3)), f"len({lst})", f"{lst}[{self.index()}]", "len(s)"]
        if depth <= 0 or r.random() < 0.3:
            return r.choice(leaves)
        form = r.choice(["//", "%", "+", "-", "*", "key", "slice", "slice", "text", "text", "dict", "negated"])
        if form in ("//", "%"):
            return f"({self.number(depth - 1)} {form} {r.choice(['-2', '(-3)', 'k', '2', '(k - 1)', 't'])})"
        if form in ("+", "-", "*"):
            return f"({self.number(depth - 1)} {form} {self.number(depth - 1)})"
        if form == "key":
            key = r.choice(KEYS)
            return r.choice([f"{r.choice(['min', 'max'])}({lst}, key={key})",
                             f"{r.choice(['min', 'max'])}({lst}, key={key}, default={r.randint(-1, 2)})",
                             f"{r.choice(['min', 'max'])}(k, t, key={key})"])
        if form == "slice":
            return r.choice([f"len({lst}[::{self.step()}])", f"sum({lst}[::{self.step()}])",
                             f"{lst}[{r.choice(['', '1', '-1', 'k'])}::{self.step()}][0]"])
        if form == "text":
            return r.choice([f"len({self.text()})", f"{self.text()}.count({self.letter()})",
                             f"s.index({self.letter()})", f"len(s.split({self.letter()}))",
                             f"ord(s.upper()[{self.index()}])"])
        if form == "dict" and self.dict:
            return r.choice(["d.get(k, -1)", f"d.setdefault(k, {r.randint(-1, 2)})", "d.pop(k)", "d.pop(k, 0)", "d[t]",
                             "len(d)"])
        return f"(-{self.number(depth - 1)}) {r.choice(['//', '%'])} {r.choice(['-2', 'k', '3'])}"

    def letter(self) -> str:
        return repr(self.rng.choice(LETTERS + ("ab", "")))

    def text(self) -> str:
        r = self.rng
        return r.choice(["s.upper()", "s.lower()", f"s.strip({self.letter()})", f"s.replace({self.letter()}, 'c')",
                         f"s[::{self.step()}]", "'-'.join(s)", f"{self.letter()}.join([s, s])", "s.lstrip('a')",
                         f"s[{self.index()}:]"])

    def condition(self) -> str:
        r = self.rng
        return r.choice([f"k > {r.randint(-2, 2)}", f"s.startswith({self.letter()})", f"s.endswith({self.letter()})",
                         f"{self.lst()} == xs", f"len(xs) > {r.randint(0, 3)}", "k in d" if self.dict else "t < 0",
                         f"{self.text()} == {self.letter()}", f"k % 2 == {r.choice([0, 1, -1])}"])

    def statement(self, depth: int = 0) -> list[str]:
        r = self.rng
        roll = r.random()
        if roll < 0.25:
            return [f"t = {self.number(r.randint(1, 2))}"]
        if roll < 0.37 and depth == 0:  # an alias or a copy of a list in scope
            name, source = f"b{len(self.lists)}", self.lst()
            self.lists.append(name)
            line = f"{name} = {r.choice([source, source, f'{source}[:]', f'list({source})', f'{source}[::-1]'])}"
            if r.random() < 0.5:  # then change one of the two (in place, or by a new list)
                changed = r.choice([name, source])
                return [line, r.choice([f"{changed}.append(k)", f"{changed} += [t]", f"{changed} = {changed} + [k]"])]
            return [line]
        if roll < 0.6:
            lst = self.lst()
            return [r.choice([f"{lst}.append({self.number(0)})", f"{lst} += [k]", f"{lst} = {lst} + [t]",
                              f"{lst}[{self.index()}] = {self.number(0)}", f"{lst}.remove({r.choice(['k', '0', 't'])})",
                              f"{lst}.insert({self.index()}, k)", f"del {lst}[{self.index()}]", f"{lst}.reverse()",
                              f"t = {lst}.pop({self.index()})", f"{lst}.extend({lst}[::{self.step()}])",
                              f"{lst}.sort(key={r.choice(KEYS)})"])]
        if roll < 0.68 and not self.dict and depth == 0:
            self.dict = True
            return [r.choice(["d = {}", "d = {0: 1, -1: 2}", "d = {v: v * 2 for v in xs}"])]
        if roll < 0.75 and self.dict:
            return [r.choice(["d[k] = d.get(k, 0) + 1", "d[k] += 1", f"d.setdefault(t, {r.randint(0, 2)})",
                              "t = d.pop(t, -1)", "t = d[k]"])]
        if roll < 0.87:
            return [f"assert {self.assertion()}"]
        if roll < 0.92 and depth == 0:  # a loop over a display of lists: its variable is each list itself
            names = ", ".join(r.choice(self.lists) for _ in range(r.randint(1, 2)))
            return [f"for v in [{names}]:", f"    {r.choice(['v.append(k)', 'v += [t]', 't = t + len(v)'])}"]
        if depth == 0:
            then = [line for _ in range(r.randint(1, 2)) for line in self.statement(1)]
            return [f"if {self.condition()}:", *("    " + line for line in then)]
        return [f"t = {self.number(1)}"]

    def assertion(self) -> str:
        r = self.rng
        lst = self.lst()
        return r.choice([f"t != {r.randint(-2, 3)}",
                         f"{self.number(1)} {r.choice(['<', '>=', '!='])} {r.randint(-1, 3)}",
                         f"len(xs) {r.choice(['<=', '!='])} {r.randint(1, 4)}", f"{lst} == xs",
                         f"len({lst}) {r.choice(['==', '!=', '<='])} len({self.lst()})",  # sees an alias's change
                         f"{lst}[{self.index()}] >= t", f"(k // {r.choice(['-2', '2', '(-3)'])}) * 2 <= k",
                         f"k % {r.choice(['-2', '3', '(-3)'])} >= 0", f"{self.text()} != {self.letter()}"])


def py_ops(rng: random.Random) -> Construct:
    """A function of the "pyops" kind (module docstring)."""
    st = _Ops(rng)
    body = ["t = 0"]
    for _ in range(rng.randint(3, 7)):
        body += st.statement()
    body += [f"assert {st.assertion()}", "return t"]
    return Construct("pyops", "py", function_text(body), "f", CHECKS, every_case())
