"""Pairs of small integer functions for `verify equiv` (fuzz kind "equivmut"): side a is a
random function of `a` and `b` (assignments, if/else, a loop of at most 4 iterations, a
return; both parameters guarded to [-4, 4], every other input returns 0), side b the same
function with one change: none, a rewrite that keeps every result (`e` as `e * 1`, an
if/else with its test negated and its branches swapped, `a - b` as `-(b - a)`) or a
mutation that may not (`e` as `e + e`, a constant one off, an operator or comparison
swapped, a loop bound one off, a statement dropped). C/C, Python/Python, or C against its Python translation
(`/` and `%` truncate in C and floor in Python). The truth is every (a, b) in [-5, 5]
run on both sides (gcc -fsanitize=undefined, CPython)."""

from __future__ import annotations

import random
import re
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

RANGE = range(-5, 6)


@dataclass
class MutantPair:
    a: str  # defines f
    b: str  # defines g
    lang_a: str
    lang_b: str
    change: str


class _Body:
    def __init__(self, rng: random.Random):
        self.rng = rng

    def expr(self, names: list[str], depth: int = 1):
        r = self.rng
        if depth <= 0 or r.random() < 0.3:
            return ("var", r.choice(names)) if r.random() < 0.7 else ("const", r.randint(-2, 4))
        op = r.choice(["+", "-", "*", "+", "-", "/", "%", "?:"])
        if op in ("/", "%"):
            return ("bin", op, self.expr(names, depth - 1), ("const", r.choice([2, 3, -2])))
        if op == "?:":
            return ("ite", self.cond(names), self.expr(names, depth - 1), self.expr(names, depth - 1))
        return ("bin", op, self.expr(names, depth - 1), self.expr(names, depth - 1))

    def cond(self, names: list[str]):
        r = self.rng
        return ("cmp", r.choice(["<", "<=", ">", ">=", "==", "!="]), ("var", r.choice(names)),
                self.expr(names, 0))

    def statements(self, names: list[str], depth: int = 0) -> list:
        r = self.rng
        out = []
        for _ in range(r.randint(1, 3)):
            roll = r.random()
            if roll < 0.55 or depth > 0:
                out.append(("assign", r.choice(["s", "t"]), self.expr(names, r.randint(1, 2))))
            elif roll < 0.8:
                out.append(("if", self.cond(names), self.statements(names, depth + 1),
                            self.statements(names, depth + 1) if r.random() < 0.6 else []))
            else:
                bound = r.choice([("var", "a"), ("var", "b"), ("const", r.randint(1, 4))])
                out.append(("loop", bound, self.statements(names + ["i"], depth + 1)))
        return out


def _walk(node):
    """Every node of a statement or expression tree, depth first (lists included)."""
    if isinstance(node, list):
        for item in node:
            yield from _walk(item)
        return
    if not isinstance(node, tuple):
        return
    yield node
    for child in node[1:]:
        if isinstance(child, (tuple, list)):
            yield from _walk(child)


def _replace(node, target, new):
    """`node` with the subtree `target` (by identity) replaced by `new`."""
    if node is target:
        return new
    if isinstance(node, list):
        return [_replace(item, target, new) for item in node]
    if isinstance(node, tuple):
        return tuple(_replace(child, target, new) if isinstance(child, (tuple, list)) else child for child in node)
    return node


SWAPS = {"+": "-", "-": "+", "*": "+", "<": "<=", "<=": "<", ">": ">=", ">=": ">", "==": "!=", "!=": "==", "/": "%",
         "%": "/"}
NEGATED = {"<": ">=", "<=": ">", ">": "<=", ">=": "<", "==": "!=", "!=": "=="}


def mutate(rng: random.Random, body: list) -> tuple[list, str]:
    """`body` changed once (module docstring), and the name of the change."""
    nodes = list(_walk(body))
    change = rng.choice(["none", "double", "negate-if", "flip-sub", "const", "op", "bound", "drop", "op", "const"])
    if change == "double":
        exprs = [n for n in nodes if n[0] in ("var", "bin", "const")]
        target = rng.choice(exprs)
        return _replace(body, target, ("bin", "+", target, target)) if rng.random() < 0.5 else \
            _replace(body, target, ("bin", "*", target, ("const", 1))), change
    if change == "negate-if":
        ifs = [n for n in nodes if n[0] == "if"]
        if ifs:
            target = rng.choice(ifs)
            _, (_, op, left, right), then, other = target
            return _replace(body, target, ("if", ("cmp", NEGATED[op], left, right), other, then)), change
    if change == "flip-sub":
        subs = [n for n in nodes if n[0] == "bin" and n[1] == "-"]
        if subs:
            target = rng.choice(subs)
            return _replace(body, target, ("neg", ("bin", "-", target[3], target[2]))), change
    if change == "const":
        consts = [n for n in nodes if n[0] == "const"]
        if consts:
            target = rng.choice(consts)
            value = target[1] + rng.choice([1, -1])
            return _replace(body, target, ("const", value if value != 0 or target[1] > 0 else 2)), change
    if change == "op":
        ops = [n for n in nodes if n[0] in ("bin", "cmp")]
        if ops:
            target = rng.choice(ops)
            return _replace(body, target, (target[0], SWAPS[target[1]], *target[2:])), change
    if change == "bound":
        loops = [n for n in nodes if n[0] == "loop"]
        if loops:
            target = rng.choice(loops)
            return _replace(body, target, ("loop", ("bin", "+", target[1], ("const", 1)), target[2])), change
    if change == "drop":
        top = [i for i, n in enumerate(body) if n[0] == "assign"]
        if top:
            i = rng.choice(top)
            return body[:i] + body[i + 1:], change
    return body, "none"


def expression(e, language: str) -> str:
    kind = e[0]
    if kind == "var":
        return e[1]
    if kind == "const":
        return str(e[1]) if e[1] >= 0 else f"({e[1]})"
    if kind == "neg":
        return f"(-{expression(e[1], language)})"
    if kind == "ite":
        c, x, y = (expression(part, language) for part in e[1:])
        return f"({c} ? {x} : {y})" if language == "c" else f"({x} if {c} else {y})"
    left, right = expression(e[2], language), expression(e[3], language)
    op = "//" if e[1] == "/" and language == "py" else e[1]
    return f"({left} {op} {right})"


def statements(body: list, language: str, indent: int) -> list[str]:
    pad = "  " * indent if language == "c" else "    " * indent
    out = []
    for s in body:
        if s[0] == "assign":
            out.append(f"{pad}{s[1]} = {expression(s[2], language)}" + (";" if language == "c" else ""))
        elif s[0] == "if":
            cond = expression(s[1], language)
            if language == "c":
                out += [f"{pad}if ({cond}) {{", *statements(s[2], language, indent + 1), f"{pad}}} else {{",
                        *statements(s[3], language, indent + 1), f"{pad}}}"]
            else:
                out += [f"{pad}if {cond}:", *(statements(s[2], language, indent + 1) or [pad + "    pass"]),
                        f"{pad}else:", *(statements(s[3], language, indent + 1) or [pad + "    pass"])]
        else:
            bound = expression(s[1], language)
            if language == "c":
                out += [f"{pad}for (int i = 0; i < {bound}; i++) {{", *statements(s[2], language, indent + 1),
                        f"{pad}}}"]
            else:
                out += [f"{pad}for i in range({bound}):",
                        *(statements(s[2], language, indent + 1) or [pad + "    pass"])]
    return out


def function(name: str, body: list, result, language: str) -> str:
    guard = "a < -4 or a > 4 or b < -4 or b > 4"
    if language == "c":
        lines = [f"int {name}(int a, int b) {{", f"  if ({guard.replace(' or ', ' || ')}) return 0;",
                 "  int s = 0;", "  int t = 1;", *statements(body, "c", 1), f"  return {expression(result, 'c')};", "}"]
    else:
        lines = [f"def {name}(a: int, b: int) -> int:", f"    if {guard}:", "        return 0", "    s = 0",
                 "    t = 1", *statements(body, "py", 1), f"    return {expression(result, 'py')}"]
    return "\n".join(lines) + "\n"


def generate_mutant_pair(seed: int, language: str = "c") -> MutantPair:
    """The pair of `seed`: `language` "c" or "py" for both sides, or "mixed" (C against Python)."""
    rng = random.Random(f"equivmut-{seed}")
    lang_a = "c" if language in ("c", "mixed") else "py"
    lang_b = "py" if language in ("py", "mixed") else "c"
    st = _Body(rng)
    body = st.statements(["a", "b", "s", "t"])
    result = rng.choice([("var", "s"), ("var", "t"), ("bin", "+", ("var", "s"), ("var", "t")),
                         ("bin", "-", ("var", "s"), ("var", "a"))])
    changed, change = mutate(rng, body)
    return MutantPair(function("f", body, result, lang_a), function("g", changed, result, lang_b), lang_a, lang_b,
                      change)


def _py_results(text: str, name: str) -> dict[tuple[int, int], object]:
    space: dict = {}
    exec(text, space)
    out: dict[tuple[int, int], object] = {}
    for a in RANGE:
        for b in RANGE:
            try:
                out[(a, b)] = space[name](a, b)
            except Exception as e:  # noqa: BLE001 - an exception is one of the observable results
                out[(a, b)] = type(e).__name__
    return out


def _c_results(text: str, name: str) -> dict[tuple[int, int], object] | None:
    """Every (a, b) of `RANGE` run; None if some run is undefined (UBSan)."""
    main = ("#include <stdio.h>\nint main(void) {\n"
            f"  for (int a = {RANGE[0]}; a <= {RANGE[-1]}; a++)\n"
            f"    for (int b = {RANGE[0]}; b <= {RANGE[-1]}; b++) printf(\"%d %d %d\\n\", a, b, {name}(a, b));\n"
            "  return 0;\n}\n")
    with tempfile.TemporaryDirectory(prefix="fuzz-equivmut-") as tmp:
        source, binary = Path(tmp, "side.c"), Path(tmp, "side")
        source.write_text(text + main)
        subprocess.run(["gcc", "-O0", "-w", "-fsanitize=undefined", "-fno-sanitize-recover=all", str(source),
                        "-o", str(binary)], check=True, capture_output=True)
        done = subprocess.run([str(binary)], capture_output=True, text=True, timeout=60)
    if done.returncode != 0 or "runtime error" in done.stderr:
        return None
    return {(a, b): v for a, b, v in (map(int, line.split()) for line in done.stdout.splitlines()
                                      if re.match(r"-?\d+ -?\d+ -?\d+$", line))}


def mutant_truth(pair: MutantPair) -> tuple[str, dict[tuple[int, int], tuple[object, object]]]:
    """"equal", "different" or "undefined" (a C side's undefined behaviour), and each input's results."""
    sides = [(_c_results if lang == "c" else _py_results)(text, name)
             for text, name, lang in ((pair.a, "f", pair.lang_a), (pair.b, "g", pair.lang_b))]
    if sides[0] is None or sides[1] is None:
        return "undefined", {}
    rows = {k: (sides[0][k], sides[1].get(k)) for k in sides[0]}
    return ("equal" if all(x == y for x, y in rows.values()) else "different"), rows


def mutant_errors(results: list, status: str, rows: dict) -> list[str]:
    """A yes unless every input gives equal results, a no if they all do, a no whose witness
    gives equal results."""
    wrong = []
    for r in results:
        verdict = r.verdict.value
        if verdict == "yes" and status != "equal":
            wrong.append(f"wrong yes: equiv; runs are {status}")
        if verdict == "no" and status == "equal":
            wrong.append("wrong no: equiv; every input gives equal results")
        if verdict == "no" and status == "different" and r.counterexample is not None:
            key = (r.counterexample.inputs.get("a"), r.counterexample.inputs.get("b"))
            if key in rows and rows[key][0] == rows[key][1]:
                wrong.append(f"wrong no: equiv; witness {key} gives equal results {rows[key]}")
    return wrong
