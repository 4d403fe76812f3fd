"""Random Python functions over data the other Python kinds leave out, for the differential
fuzzer (construct kind "pydata"): tuples (packing, unpacking, indexing), dicts (built by
comprehensions and stores, read by `[]`, `get`, `in`, iterated), nested lists (rows built
by a comprehension or a display), list comprehensions with conditions, `sorted` with
`reverse=`, string concatenation and repetition, helpers reading a list argument (a slice,
a sorted copy, a comprehension), and names bound on some paths only (read after an `if`, a
loop that may not run, a `del`: UnboundLocalError, check `unbound`). The
cases are those of "sequences" (`constructs_sequences`)."""

from __future__ import annotations

import random

from .constructs import Construct
from .constructs_sequences import every_case, function_text

CHECKS = "assert,bounds,key,value,div,unbound"
HELPERS = {"pick": ["def pick(a: list[int], i: int) -> int:", "    return a[i]", ""],
           "first": ["def first(a: list[int]) -> int:", "    return a[0]", ""],
           "head": ["def head(a: list[int], d: int) -> int:", "    if a:", "        return a[0]", "    return d", ""]}


class _Data:
    def __init__(self, rng: random.Random):
        self.rng = rng
        self.helpers: set[str] = set()
        self.fresh = 0
        self.ints = ["k", "t", "len(xs)"]

    def name(self, stem: str) -> str:
        self.fresh += 1
        return f"{stem}{self.fresh}"

    def small(self) -> str:
        r = self.rng
        return r.choice(self.ints + [str(r.randint(-2, 3))])

    def guard(self) -> str:
        r = self.rng
        return r.choice([f"k > {r.randint(-2, 2)}", "len(xs) > 1", f"t != {r.randint(0, 2)}", "s == 'a'", "len(s) == 0",
                         f"k % 2 == {r.randint(0, 1)}", "xs and xs[0] > 0"])

    def tuples(self) -> list[str]:
        r = self.rng
        p, a, b = self.name("p"), self.name("a"), self.name("b")
        lines = [f"{p} = ({self.small()}, {self.small()}, len(s))", f"{a}, {b}, _ = {p}"]
        lines.append(r.choice([f"t = t + {p}[{r.choice(['0', '1', '2', '-1', 'k', '3'])}]", f"t = t + {a} * {b}",
                               f"{a}, {b} = {b}, {a}", f"assert {a} <= {b} or {p}[0] > {p}[1]"]))
        self.ints += [a, b]
        return lines

    def dicts(self) -> list[str]:
        r = self.rng
        d = self.name("d")
        lines = [r.choice([f"{d} = {{v: v * 2 for v in xs}}", f"{d} = {{}}", f"{d} = {{0: 1, 1: k}}",
                           f"{d} = {{v: i for i, v in enumerate(xs)}}"])]
        lines.append(r.choice([f"{d}[k] = t", f"{d}[len(s)] = 1", "pass", f"{d}[{r.randint(-1, 2)}] = k"]))
        lines.append(r.choice([f"t = t + {d}[{self.small()}]", f"t = t + {d}.get(k, -1)",
                               f"if {self.small()} in {d}:\n    t = t + {d}[k]", f"t = t + len({d})",
                               f"for key in {d}:\n    t = t + key", f"assert {d}.get(0, 0) >= 0",
                               f"t = t + sum({d}.values())"]))
        return lines

    def nested(self) -> list[str]:
        r = self.rng
        m = self.name("m")
        lines = [r.choice([f"{m} = [[0] * 2 for _ in range(2)]", f"{m} = [[0, 0], [1, k]]", f"{m} = [[k], [t, k]]"])]
        lines.append(r.choice([f"{m}[0].append(k)", f"{m}[0][0] = {self.small()}",
                               f"{m}[1][{r.choice(['0', '1', 'k'])}] = 5",
                               f"{m}[{r.choice(['0', '1', '2'])}][0] = t"]))
        lines.append(r.choice([f"assert {m}[1][0] != 5 or {m}[0][0] == 5", f"t = t + len({m}[1])",
                               f"assert len({m}[0]) == len({m}[1])", f"t = t + {m}[1][0]",
                               f"assert len(xs) <= {r.randint(2, 4)}", f"assert {m}[0] != {m}[1]"]))
        return lines

    def comprehension(self) -> list[str]:
        r = self.rng
        c = self.name("c")
        cond = r.choice(["", " if v > 0", " if v != k", " if v % 2 == 0"])
        lines = [f"{c} = [{r.choice(['v', 'v * 2', 'v - k', 'v * v'])} for v in xs{cond}]"]
        lines.append(r.choice([f"t = t + sum({c})", f"t = t + {c}[0]", f"t = t + {c}[-1] if {c} else t",
                               f"assert len({c}) <= len(xs)", f"assert sum({c}) >= {r.randint(-2, 1)}",
                               f"t = t + max({c})", f"assert all(v >= 0 for v in {c})"]))
        return lines

    def sorting(self) -> list[str]:
        r = self.rng
        o = self.name("o")
        lines = [r.choice([f"{o} = sorted(xs)", f"{o} = sorted(xs, reverse=True)", f"{o} = xs[:]\n{o}.sort()"])]
        lines.append(r.choice([f"assert {o}[0] <= {o}[-1]", f"assert len({o}) == len(xs)",
                               f"t = t + {o}[{r.choice(['0', '1', '-1'])}]", f"assert {o} == xs or len(xs) > 1",
                               f"assert xs == sorted(xs) or {o} != xs"]))
        return lines

    def strings(self) -> list[str]:
        r = self.rng
        w = self.name("w")
        lines = [r.choice([f"{w} = s + 'ab'", f"{w} = s * 2", f"{w} = 'x' + s", f"{w} = s[::-1]"])]
        lines.append(r.choice([f"t = t + len({w})", f"assert {w}[{r.choice(['0', '-1', 'k', '1'])}] != 'b'",
                               f"t = t + {w}.count('a')", f"assert {w} != 'aa'", f"t = t + {w}.find('b')"]))
        return lines

    def unbound(self) -> list[str]:
        """A name bound on some paths only, read after them."""
        r = self.rng
        u = self.name("u")
        form = r.choice(["if", "ifelse", "for", "while", "del", "try"])
        if form == "if":
            lines = [f"if {self.guard()}:", f"    {u} = {self.small()}"]
        elif form == "ifelse":
            lines = [f"if {self.guard()}:", f"    {u} = 1", "else:", f"    {u} = k"]
        elif form == "for":
            lines = ["for v in xs:", f"    {u} = v"]
        elif form == "while":
            lines = ["j = 0", "while j < k:", f"    {u} = j", "    j += 1"]
        elif form == "del":
            lines = [f"{u} = k", f"if {self.guard()}:", f"    del {u}"]
        else:
            lines = ["try:", f"    {u} = xs[{r.choice(['0', 'k', '-1'])}]", "except IndexError:", "    pass"]
        if r.random() < 0.4:
            lines += [f"if {self.guard()}:", f"    t = t + {u}"]
        else:
            lines.append(f"t = t + {u}")
        return lines

    def helper(self) -> list[str]:
        r = self.rng
        name = r.choice(list(HELPERS))
        self.helpers.add(name)
        lst = r.choice(['xs', 'xs[1:]', 'sorted(xs)', '[k]', '[v for v in xs if v > 0]'])
        if name == "pick":
            return [f"t = t + pick({lst}, {r.choice(['0', 'k', '-1', 'len(xs) - 1', '1'])})"]
        if name == "first":
            return [f"t = t + first({lst})"]
        return [f"t = t + head({lst}, {self.small()})"]


def py_data(rng: random.Random) -> Construct:
    """A function of the "pydata" kind (module docstring)."""
    st = _Data(rng)
    body = ["t = 0"]
    makers = [st.tuples, st.dicts, st.nested, st.comprehension, st.sorting, st.strings, st.unbound, st.unbound,
              st.helper]
    for make in rng.sample(makers, rng.randint(2, 4)):
        body += [part for line in make() for part in line.split("\n")]
    body.append(f"assert t != {rng.randint(-1, 5)}")
    body.append("return t")
    text = function_text(body)
    helpers = [line for name in sorted(st.helpers) for line in HELPERS[name]]
    if helpers:
        head, rest = text.split("\n\n\n", 1)
        text = head + "\n\n\n" + "\n".join(helpers) + "\n\n" + rest
    return Construct("pydata", "py", text, "f", CHECKS, every_case())
