"""Recursive-versus-loop recurrence pairs for `verify equiv`: side a computes a linear
recurrence (order 1 or 2, a constant term) by recursion, side b by a loop that is either the
same recurrence or one mutation away from it (a bound one step off, a coefficient, a base or
the returned variable). Both sides return 0 outside `0 <= n <= G`, so running every n in
`-1 .. G + 1` under gcc -fsanitize=undefined is the whole truth: equal, different, or
undefined (an overflow on some n, where neither a yes nor a no can be checked concretely)."""

from __future__ import annotations

import random
import re
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Pair:
    a: str  # defines rec and f
    b: str  # defines g
    guard: int
    mutation: str
    language: str = "c"


def generate_pair(seed: int, language: str = "c") -> Pair:
    """The pair of `seed`, in C or Python ("py": unbounded ints, so never undefined)."""
    rng = random.Random(f"equiv-{seed}")
    order = rng.choice([1, 2, 2])
    c1, c2, k = rng.choice([1, 1, 2, 3]), rng.choice([0, 1, 1, 2]), rng.choice([0, 0, 1, -1])
    p, q = rng.choice([0, 1, 2]), rng.choice([1, 2])
    guard = rng.choice([5, 10, 20, 30, 40] if order == 1 else [5, 10, 20, 25])
    if language == "py":
        guard = min(guard, 18)  # the recursion is exponential
    mutation = rng.choice(["none", "none", "bound", "coefficient", "base", "returned"])
    m1 = c1 + 1 if mutation == "coefficient" else c1
    start_p = p + 1 if mutation == "base" else p
    first = 1 if mutation == "returned" and order == 1 else 0
    last = "n + 1" if mutation == "bound" else "n"
    result = "y" if mutation == "returned" and order == 2 else "x"
    step = f"{c1} * rec(n - 1)" + (f" + {c2} * rec(n - 2)" if order == 2 else "") + f" + {k}"
    update = f"{m1} * x + {k}" if order == 1 else f"{m1} * y + {c2} * x + {k}"
    if language == "py":
        bases = ["    if n <= 0:", f"        return {p}"] + (["    if n == 1:", f"        return {q}"] if order == 2 else [])
        a = "\n".join(["def rec(n: int) -> int:", *bases, f"    return {step}", "", "",
                       "def f(n: int) -> int:", f"    if n < 0 or n > {guard}:", "        return 0",
                       "    return rec(n)"]) + "\n"
        init = [f"    x = {start_p}"] + ([f"    y = {q}"] if order == 2 else [])
        body = [f"        x = {update}"] if order == 1 else [f"        x, y = y, {update}"]
        b = "\n".join(["def g(n: int) -> int:", f"    if n < 0 or n > {guard}:", "        return 0", *init,
                       f"    for i in range({first}, {last}):", *body, f"    return {result}"]) + "\n"
        return Pair(a, b, guard, mutation, language)
    bases = [f"  if (n <= 0) return {p};"] + ([f"  if (n == 1) return {q};"] if order == 2 else [])
    a = "\n".join(["int rec(int n) {", *bases, f"  return {step};", "}",
                   f"int f(int n) {{ if (n < 0 || n > {guard}) return 0; return rec(n); }}"]) + "\n"
    cmp = "<=" if mutation == "bound" else "<"
    if order == 1:
        body = [f"  int x = {start_p};", f"  for (int i = {first}; i {cmp} n; i++) {{", f"    x = {update};", "  }"]
    else:
        body = [f"  int x = {start_p}, y = {q};", f"  for (int i = 0; i {cmp} n; i++) {{",
                f"    int t = {update};", "    x = y;", "    y = t;", "  }"]
    b = "\n".join(["int g(int n) {", f"  if (n < 0 || n > {guard}) return 0;", *body, f"  return {result};",
                   "}"]) + "\n"
    return Pair(a, b, guard, mutation)


def truth(pair: Pair) -> tuple[str, dict[int, tuple[int, int]]]:
    """"equal", "different" or "undefined" from every n in -1 .. guard + 1, and each n's two
    results (every other n returns 0 on both sides)."""
    if pair.language == "py":
        space: dict = {}
        exec(pair.a + pair.b, space)
        rows = {n: (space["f"](n), space["g"](n)) for n in range(-1, pair.guard + 2)}
        return ("equal" if all(x == y for x, y in rows.values()) else "different"), rows
    main = ("#include <stdio.h>\nint main(void) {\n"
            f"  for (int n = -1; n <= {pair.guard + 1}; n++) printf(\"%d %d %d\\n\", n, f(n), g(n));\n"
            "  return 0;\n}\n")
    with tempfile.TemporaryDirectory(prefix="fuzz-equiv-") as tmp:
        source, binary = Path(tmp, "pair.c"), Path(tmp, "pair")
        source.write_text(pair.a + pair.b + main)
        subprocess.run(["gcc", "-O0", "-w", "-fsanitize=undefined", "-fno-sanitize-recover=all", str(source),
                        "-o", str(binary)], check=True, capture_output=True)
        done = subprocess.run([str(binary)], capture_output=True, text=True, timeout=60)
    rows = {n: (x, y) for n, x, y in (map(int, line.split()) for line in done.stdout.splitlines()
                                      if re.match(r"-?\d+ -?\d+ -?\d+$", line))}
    if done.returncode != 0 or "runtime error" in done.stderr:
        return "undefined", rows
    return ("equal" if all(x == y for x, y in rows.values()) else "different"), rows


def equiv_errors(pair: Pair, results: list, status: str, rows: dict[int, tuple[int, int]]) -> list[str]:
    """A yes unless every n gives equal results, a no if they all do, and a no whose witness n
    gives equal results when run."""
    wrong = []
    for r in results:
        verdict = r.verdict.value
        if verdict == "yes" and status != "equal":
            wrong.append(f"wrong yes: equiv; runs are {status}")
        if verdict == "no" and status == "equal":
            wrong.append("wrong no: equiv; every n gives equal results")
        if verdict == "no" and status == "different" and r.counterexample is not None:
            n = r.counterexample.inputs.get("n")
            if isinstance(n, int) and rows.get(n, (0, 0))[0] == rows.get(n, (0, 0))[1]:
                wrong.append(f"wrong no: equiv; witness n = {n} gives equal results {rows.get(n, (0, 0))}")
    return wrong
