"""Pairs of functions over data for `verify equiv` (fuzz kind "equivdata"): side a changes its
list or array argument in place and returns data, side b is the same function with one change
that may keep every observable (a rewrite: `xs += [k]` as `xs.extend([k])`, `t += e` as
`t = t + e`) or not (a constant one off, a statement dropped or swapped with the next, an
in-place change as a rebinding `xs = xs + [k]` the caller does not see, a copy `ys = xs[:]`
as an alias `ys = xs`, a first rebinding `xs = xs[:]` that keeps the caller's list as
`xs = xs` or dropped). Python: `f(xs: list[int], k: int)` returning a list, a tuple or an
int; C: `int f(int *a, int n, int k)` (the array has n elements, the competition's convention)
and a global it may assign. Lengths above 3 and k outside [-3, 3] return at once, so the truth
runs every length up to 3 with items in [-1, 2] and every k: the result and the argument's
final contents (and the global's) of both sides (CPython; gcc -fsanitize=address,undefined,
each call from the global's initial value); a pair where some run does not end (a list walked
while it grows) or is undefined is left out of the truth."""

from __future__ import annotations

import itertools
import json
import random
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ITEMS, KS, MAX_LEN = range(-1, 3), range(-3, 4), 3


@dataclass
class DataPair:
    a: str  # defines f
    b: str  # defines g
    language: str
    change: str


def _inputs() -> list[tuple[list[int], int]]:
    lists = [list(c) for n in range(MAX_LEN + 1) for c in itertools.product(ITEMS, repeat=n)]
    return [(xs, k) for xs in lists for k in KS]


# ----------------------------------------------------------------------------- bodies

def _py_statements(rng: random.Random) -> list[str]:
    """Statements over xs (the argument), ys (a new list or an alias) and t."""
    pool = ["xs.append(k)", "xs += [t]", "ys.append(k * 2)", "t = t + len(xs)", "t += k",
            "if len(xs) > 1:\n    xs[1] = xs[0] + k", "if xs:\n    t = t + xs.pop()", "xs.insert(0, t)",
            "xs.reverse()", "for v in xs:\n    ys.append(v - 1)", "for v in ys:\n    t = t + v",
            "if len(xs) > 0:\n    xs[-1] = t", "ys = ys + [t]", "xs.sort()", "ys.extend(xs)",
            "if k > 0:\n    xs.append(1)", "t = t * 2 - len(ys)", "xs[:0] = [k]" if rng.random() < 0.2 else "t -= 1"]
    first = rng.choice(["ys = []", "ys = xs[:]", "ys = list(xs)", "ys = [k]"])
    body = [first] + [rng.choice(pool) for _ in range(rng.randint(2, 5))]
    if rng.random() < 0.3:  # the parameter rebound first: the caller's list is never changed
        body.insert(0, rng.choice(["xs = xs[:]", "xs = sorted(xs)", "xs = xs + [k]", "xs = [v * 2 for v in xs]"]))
    return body


def _c_statements(rng: random.Random) -> list[str]:
    pool = ["for (int i = 0; i < n; i++) a[i] = a[i] + k;", "if (n > 0) a[0] = t;", "t = t + k;",
            "if (n > 1) { int w = a[0]; a[0] = a[1]; a[1] = w; }", "for (int i = 0; i < n; i++) t = t + a[i];",
            "G = G + k;", "if (n > 2) a[2] = a[1] * 2;", "t = t * 2 - n;", "G = t;",
            "for (int i = n - 1; i > 0; i--) a[i] = a[i - 1];", "if (k > 0 && n > 0) a[n - 1] = k;", "t += G;"]
    return [rng.choice(pool) for _ in range(rng.randint(2, 5))]


def _mutate(rng: random.Random, body: list[str], language: str) -> tuple[list[str], str]:
    changed = list(body)
    i = rng.randrange(len(changed))
    rewrites = {"xs += [t]": "xs.extend([t])", "t += k": "t = k + t", "ys = xs[:]": "ys = [v for v in xs]",
                "t = t + k;": "t += k;", "ys.append(k * 2)": "ys += [k + k]", "t -= 1": "t = t - 1",
                "xs.append(k)": "xs.insert(len(xs), k)", "ys = list(xs)": "ys = xs[::1]",
                "xs.insert(0, t)": "xs[:0] = [t]", "ys.extend(xs)": "ys += xs",
                "for v in xs:\n    ys.append(v - 1)": "ys += [v - 1 for v in xs]",
                "for v in ys:\n    t = t + v": "t = t + sum(ys)", "t = t + len(xs)": "t += len(xs[:])",
                "if xs:\n    t = t + xs.pop()": "if len(xs) > 0:\n    t = t + xs.pop(-1)",
                "for (int i = 0; i < n; i++) a[i] = a[i] + k;": "for (int i = n - 1; i >= 0; i--) a[i] += k;",
                "if (n > 1) { int w = a[0]; a[0] = a[1]; a[1] = w; }":
                    "if (n > 1) { a[0] = a[0] ^ a[1]; a[1] = a[0] ^ a[1]; a[0] = a[0] ^ a[1]; }",
                "for (int i = 0; i < n; i++) t = t + a[i];": "for (int i = n; i > 0; i--) t += a[i - 1];",
                "G = G + k;": "G += k;", "G = t;": "G = t + 0;", "t = t * 2 - n;": "t = t + t - n;",
                "if (n > 2) a[2] = a[1] * 2;": "if (n >= 3) a[2] = a[1] + a[1];",
                "t += G;": "t = G + t;", "xs = xs[:]": "xs = list(xs)", "xs = sorted(xs)": "xs = sorted(xs[:])"}
    mutations = {"xs.append(k)": "xs = xs + [k]", "xs += [t]": "xs = xs + [t]", "ys = xs[:]": "ys = xs",
                 "ys = list(xs)": "ys = xs", "xs.sort()": "xs = sorted(xs)", "xs.reverse()": "xs = xs[::-1]",
                 "G = G + k;": "G = G - k;", "if (n > 0) a[0] = t;": "if (n > 0) a[0] = t + 1;",
                 "for (int i = 0; i < n; i++) a[i] = a[i] + k;": "for (int i = 1; i < n; i++) a[i] = a[i] + k;",
                 "ys.extend(xs)": "ys = ys + xs", "xs = xs + [k]": "xs += [k]", "xs = xs[:]": "xs = xs",
                 "xs = sorted(xs)": "xs.sort()"}
    roll = rng.random()
    if roll < 0.1:
        return changed, "none"
    if roll < 0.45:
        options = [j for j, s in enumerate(changed) if s in rewrites]
        if options:
            j = rng.choice(options)
            changed[j] = rewrites[changed[j]]
            return changed, f"rewrite {body[j]!r}"
    if roll < 0.75:
        options = [j for j, s in enumerate(changed) if s in mutations]
        if options:
            j = rng.choice(options)
            changed[j] = mutations[changed[j]]
            return changed, f"mutation {body[j]!r}"
    if roll < 0.85 and i + 1 < len(changed) and i > 0:
        changed[i], changed[i + 1] = changed[i + 1], changed[i]
        return changed, f"swap {body[i]!r} with the next"
    if i > 0 or language == "c" or body[0].startswith("xs = "):
        del changed[i]
        return changed, f"drop {body[i]!r}"
    return changed, "none"


def _py_function(name: str, body: list[str], result: str) -> str:
    lines = [f"def {name}(xs: list[int], k: int) -> {_PY_RESULTS[result]}:",
             f"    if len(xs) > {MAX_LEN} or k < -3 or k > 3:", f"        return {_PY_EARLY[result]}", "    t = 0"]
    for s in body:
        lines += ["    " + part for part in s.split("\n")]
    return "\n".join(lines + [f"    return {result}"]) + "\n"


_PY_RESULTS = {"ys": "list[int]", "xs": "list[int]", "xs[::-1]": "list[int]", "(t, len(ys))": "tuple[int, int]",
               "t": "int", "ys[:2]": "list[int]"}
_PY_EARLY = {"ys": "[]", "xs": "[]", "xs[::-1]": "[]", "(t, len(ys))": "(0, 0)", "t": "0", "ys[:2]": "[]"}


def _c_function(name: str, body: list[str], result: str) -> str:
    lines = [f"int {name}(int *a, int n, int k) {{", f"  if (n > {MAX_LEN} || k < -3 || k > 3) return 0;",
             "  int t = 0;"]
    return "\n".join(lines + ["  " + s for s in body] + [f"  return {result};", "}"]) + "\n"


def generate_data_pair(seed: int, language: str) -> DataPair:
    rng = random.Random(f"equivdata-{language}-{seed}")
    if language == "py":
        body, result = _py_statements(rng), rng.choice(list(_PY_RESULTS))
        changed, change = _mutate(rng, body, language)
        return DataPair(_py_function("f", body, result), _py_function("g", changed, result), "py", change)
    body, result = _c_statements(rng), rng.choice(["t", "t + G", "n > 0 ? a[0] : t"])
    changed, change = _mutate(rng, body, language)
    glob = "int G = 0;\n"
    return DataPair(glob + _c_function("f", body, result), glob + _c_function("g", changed, result), "c", change)


# ----------------------------------------------------------------------------- truth

_PY_RUN = r"""
import json, resource, signal, sys
resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
text, name, inputs = json.loads(sys.stdin.read())
class Timeout(Exception): pass
def stop(*_): raise Timeout()
signal.signal(signal.SIGALRM, stop)
code = compile(text, "<side>", "exec")
out = []
for xs, k in inputs:
    space = {}
    exec(code, space)
    arg = list(xs)
    signal.setitimer(signal.ITIMER_REAL, 0.5)
    try:
        r = space[name](arg, k)
        r = list(r) if isinstance(r, tuple) else r
    except (Timeout, MemoryError):
        r, arg = "Timeout", None
    except Exception as e:
        r = type(e).__name__
    signal.setitimer(signal.ITIMER_REAL, 0)
    out.append([r, arg])
    if r == "Timeout":
        break  # the pair is left out: no need to run the rest
print(json.dumps(out))
"""

_C_MAIN = r"""
#include <stdio.h>
int main(void) {
  static const int cases[][5] = { %s };
  for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    int n = cases[i][0], k = cases[i][1];
    int *a = malloc(n ? n * sizeof(int) : 1);
    for (int j = 0; j < n; j++) a[j] = cases[i][2 + j];
    G = 0;
    int r = %s(a, n, k);
    printf("%%d %%d", r, G);
    for (int j = 0; j < n; j++) printf(" %%d", a[j]);
    printf("\n");
    free(a);
  }
  return 0;
}
"""


def _py_side(text: str, name: str, inputs: list) -> list | None:
    done = subprocess.run([sys.executable, "-c", _PY_RUN], input=json.dumps([text, name, inputs]),
                          capture_output=True, text=True, timeout=600)
    return json.loads(done.stdout) if done.returncode == 0 else None


def _c_side(text: str, name: str, inputs: list) -> list | None:
    rows = ", ".join("{" + ", ".join(map(str, [len(xs), k] + xs + [0] * (MAX_LEN - len(xs)))) + "}"
                     for xs, k in inputs)
    with tempfile.TemporaryDirectory(prefix="fuzz-equivdata-") as tmp:
        source, binary = Path(tmp, "side.c"), Path(tmp, "side")
        source.write_text("#include <stdlib.h>\n" + text + _C_MAIN % (rows, name))
        subprocess.run(["gcc", "-O0", "-w", "-fsanitize=address,undefined", "-fno-sanitize-recover=all",
                        str(source), "-o", str(binary)], check=True, capture_output=True)
        done = subprocess.run([str(binary)], capture_output=True, text=True, timeout=120,
                              env={"ASAN_OPTIONS": "detect_leaks=0", "PATH": "/usr/bin:/bin"})
    if done.returncode != 0 or "runtime error" in done.stderr:
        return None
    return [line.split() for line in done.stdout.splitlines()]


def data_truth(pair: DataPair) -> tuple[str, dict]:
    """"equal", "different" or "undefined" (a C side's undefined behaviour), and each input's
    (f's observables, g's observables)."""
    inputs = _inputs()
    side = _py_side if pair.language == "py" else _c_side
    a, b = side(pair.a, "f", inputs), side(pair.b, "g", inputs)
    if a is None or b is None or any(row[0] == "Timeout" for row in a + b):
        return "undefined", {}  # (a run that does not end: a list growing as it is walked)
    rows = {json.dumps(i): (x, y) for i, x, y in zip(inputs, a, b)}
    if len(rows) < len(inputs):
        return "undefined", {}
    return ("equal" if all(x == y for x, y in rows.values()) else "different"), rows


def data_errors(results: list, status: str, rows: dict) -> list[str]:
    """A yes where some input's observables differ; a no whose witness (when in the domain run)
    gives equal observables."""
    wrong = []
    for r in results:
        if r.verdict.value == "yes" and status == "different":
            first = next(k for k, (x, y) in rows.items() if x != y)
            wrong.append(f"wrong yes: equiv; on {first}: f {rows[first][0]}, g {rows[first][1]}")
        if r.verdict.value == "no" and r.counterexample is not None:
            inputs = r.counterexample.inputs
            xs = inputs.get("xs", inputs.get("a"))
            key = json.dumps([xs, inputs.get("k")]) if isinstance(xs, list) else None
            if key in rows and rows[key][0] == rows[key][1]:
                wrong.append(f"wrong no: equiv; witness {key} gives equal observables {rows[key][0]}")
    return wrong
