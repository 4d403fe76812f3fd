"""Random Python functions over lists, strings and dicts for the differential fuzzer
(construct kind "sequences"): a `list[int]` and a `str` parameter, both short and over a
small alphabet (every one of them run, `oracle_text`), slices, negative indices, `+`,
`append`/`pop`, `sum`/`min`/`max`/`len`, `index`/`count`/`find`, a dict filled from the
list, `try`/`except` with a handler that catches the error or one that does not, loops
and assertions."""

from __future__ import annotations

import itertools
import random

from .constructs import Construct

CHECKS = "assert,bounds,key,value,div"
#: list values and string letters: every list of at most LIST_LEN of them is a case
VALUES, LETTERS, LIST_LEN, TEXT_LEN = range(-1, 3), ("a", "b"), 3, 2  # LETTERS: consecutive
KS = range(-3, 4)
#: text of the operations the engines read as loops (each needs an invariant; a timeout costs every answer)
LOOPING = ("sum(", "min(", "max(", ".count(", ".index(", ".find(", " in ", "sorted(", "for ", "== '", "!= '")


class _Sequences:
    def __init__(self, rng: random.Random):
        self.rng = rng
        self.lists = ["xs"]
        self.texts = ["s"]
        self.dict = False
        self.loops = rng.random() < 0.35  # else no operation of LOOPING

    def choose(self, options: list):
        """One of `options` (strings or lists of lines), leaving out loops unless this function has some."""
        plain = [o for o in options if self.loops or not any(m in line for line in ([o] if isinstance(o, str) else o)
                                                              for m in LOOPING)]
        return self.rng.choice(plain or options)

    def index(self, name: str) -> str:
        r = self.rng
        return r.choice(["k", "-k", "-1", "0", "1", f"len({name}) - 1", f"-len({name})", "k % 2", "t", "k - 1",
                         f"len({name}) - k", f"(k if k < len({name}) else 0)", f"(-1 if {name} else 0)"])

    def bound(self) -> str:
        return self.rng.choice(["", "1", "-1", "k", "-k", "2", "t", "None"])

    def number(self, depth: int = 1) -> str:
        r = self.rng
        lst, txt = r.choice(self.lists), r.choice(self.texts)
        leaves = ["k", "t", str(r.randint(-2, 3)), f"len({lst})", f"len({txt})", f"{lst}[{self.index(lst)}]"]
        if depth <= 0 or r.random() < 0.35:
            return r.choice(leaves)
        form = r.choice(["+", "-", "*", "//", "%", "ord", "dict", "?:"]
                        + (["sum", "min", "max", "count", "index", "find"] if self.loops else []))
        if form in ("+", "-", "*", "//", "%"):
            return f"({self.number(depth - 1)} {form} {self.number(depth - 1)})"
        if form == "sum":
            return f"sum({lst})"
        if form in ("min", "max"):
            return f"{form}({lst})" if r.random() < 0.7 else f"{form}({lst}, default={r.randint(-1, 2)})"
        if form == "count":
            return r.choice([f"{lst}.count({self.number(0)})", f"{txt}.count({self.letter()})"])
        if form == "index":
            return f"{lst}.index({r.choice(['k', '0', '2', 't'])})"
        if form == "find":
            return f"{txt}.find({self.letter()})"
        if form == "ord":
            return f"ord({txt}[{self.index(txt)}])"
        if form == "dict" and self.dict:
            return r.choice(["d[k]", f"d.get(k, {r.randint(-1, 2)})", f"d[{lst}[{self.index(lst)}]]"])
        return f"({self.number(depth - 1)} if {self.condition()} else {self.number(depth - 1)})"

    def letter(self) -> str:
        return repr(self.rng.choice(LETTERS + ("ab",)))

    def text(self) -> str:
        r = self.rng
        txt = r.choice(self.texts)
        return self.choose([f"{txt}[{self.bound()}:{self.bound()}]", f"{txt}[::-1]", f"{txt} + {self.letter()}",
                         f"{self.letter()} + {txt}", f"{txt}[{self.index(txt)}]", f"{txt} * 2"])

    def sequence(self) -> str:
        r = self.rng
        lst = r.choice(self.lists)
        return self.choose([f"{lst}[{self.bound()}:{self.bound()}]", f"{lst}[::-1]", f"{lst} + [k]", f"[t] + {lst}",
                         f"sorted({lst})", f"{lst}[:]", f"[v * 2 for v in {lst}]", f"[v for v in {lst} if v != k]"])

    def condition(self) -> str:
        r = self.rng
        lst, txt = r.choice(self.lists), r.choice(self.texts)
        return self.choose([f"k > {r.randint(-2, 2)}", f"t != {r.randint(-1, 2)}", f"len({lst}) > {r.randint(0, 2)}",
                         f"k in {lst}", f"{self.letter()} in {txt}", f"{txt} == {self.letter()}", f"{lst}",
                         f"not {txt}", "k in d" if self.dict else "t == 0"])

    def assertion(self) -> str:
        r = self.rng
        lst, txt = r.choice(self.lists), r.choice(self.texts)
        first, number = f"t != {r.randint(-2, 3)}", self.number(1)  # (draws in the seeds' earlier order)
        return self.choose([first, f"{number} {r.choice(['<', '>=', '!='])} {r.randint(-1, 3)}",
                         f"len({lst}) <= {r.randint(1, 4)}", f"{txt} != {self.letter()}",
                         f"{txt}[{self.index(txt)}] == {self.letter()}", f"{lst}[{self.index(lst)}] >= t"])

    def statement(self, depth: int = 0) -> list[str]:
        r = self.rng
        roll = r.random()
        if roll < 0.25:
            return [f"t = {self.number(r.randint(0, 2))}"]
        if roll < 0.35 and depth == 0:  # names bound at the top level only: always bound when read
            name, value = f"ys{len(self.lists)}", self.sequence()
            self.lists.append(name)
            return [f"{name} = {value}"]
        if roll < 0.42 and depth == 0:
            name = f"w{len(self.texts)}"
            text = self.text()
            if "[" in text and ":" not in text:  # one character: keep it a string
                text = f"({text}) * 1"
            self.texts.append(name)
            return [f"{name} = {text}"]
        if roll < 0.52:
            lst = r.choice(self.lists)
            return [r.choice([f"{lst}[{self.index(lst)}] = {self.number(1)}", f"{lst}.append({self.number(0)})",
                              f"t = {lst}.pop()", f"t = {lst}.pop(0)", f"{lst}.insert(0, k)"])]
        if roll < 0.6:
            return [f"assert {self.assertion()}"]
        if roll < 0.7 and not self.dict and depth == 0:
            self.dict = True
            lst = r.choice(self.lists)
            return self.choose([["d = {}", f"for v in {lst}:", f"    d[v] = {r.choice(['k', 'v * 2', 't', 'len(d)'])}"],
                             [f"d = {{v: i for i, v in enumerate({lst})}}"], ["d = {k: t, 0: 1}"]])
        if roll < 0.82 and depth == 0:
            risky = r.choice([f"t = {self.number(1)}", f"t = {r.randint(1, 7)} // (k - {r.randint(-1, 2)})"])
            caught = r.choice(["IndexError", "ZeroDivisionError", "KeyError", "ValueError", "LookupError",
                               "(IndexError, ZeroDivisionError)", "Exception"])
            return ["try:", f"    {risky}", f"except {caught}:", f"    t = {r.randint(-3, 3)}"]
        if roll < 0.9 and depth == 0 and self.loops:
            lst = r.choice(self.lists)
            body = r.choice([["    t = t + v"], ["    if v == k:", "        t = t + 1"],
                             [f"    t = max(t, v * {r.randint(-1, 2)})"]])
            if r.random() < 0.5:
                return [f"for v in {lst}:", *body]
            return [f"for i in range(len({lst})):", f"    {lst}[i] = {lst}[i] + {r.choice(['k', '1', 'i'])}"]
        if depth == 0:
            then = [line for _ in range(r.randint(1, 2)) for line in self.statement(1)]
            return [f"if {self.condition()}:", *("    " + line for line in then)]
        return [f"t = {self.number(1)}"]


def py_sequences(rng: random.Random) -> Construct:
    """A function of the "sequences" kind (module docstring)."""
    st = _Sequences(rng)
    body = ["t = 0"]
    for _ in range(rng.randint(3, 7)):
        body += st.statement()
    body += [f"assert {st.assertion()}", "return t"]
    return Construct("sequences", "py", function_text(body), "f", CHECKS, every_case())


def function_text(body: list[str]) -> str:
    """The module of `f(xs, k, s)`: assumptions bounding its parameters to the cases, then `body`."""
    head = [f"assume(len(xs) <= {LIST_LEN})"]  # straight-line assumptions: no loop for the engines to see past
    head += [f"assume(len(xs) <= {j} or {VALUES[0]} <= xs[{j}] <= {VALUES[-1]})" for j in range(LIST_LEN)]
    head += [f"assume({KS[0]} <= k <= {KS[-1]})", f"assume(len(s) <= {TEXT_LEN})"]
    low, high = ord(LETTERS[0]), ord(LETTERS[-1])  # ord: a string comparison would be a loop for the engines
    head += [f"assume(len(s) <= {j} or {low} <= ord(s[{j}]) <= {high})" for j in range(TEXT_LEN)]
    return ("from verifier import assume\n\n\ndef f(xs: list[int], k: int, s: str) -> int:\n"
            + "\n".join("    " + line for line in head + body) + "\n")


def every_case() -> list[tuple[list[int], int, str]]:
    """Every argument triple of `f`: each short list, small k and short string."""
    lists = [list(c) for n in range(LIST_LEN + 1) for c in itertools.product(VALUES, repeat=n)]
    texts = ["".join(c) for n in range(TEXT_LEN + 1) for c in itertools.product(LETTERS, repeat=n)]
    return [(xs, k, s) for xs in lists for k in KS for s in texts]
