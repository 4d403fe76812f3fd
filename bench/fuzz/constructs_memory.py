"""Random C programs over arrays and pointers for the differential fuzzer (construct kind
"memory"): a local array, maybe a global array written only in `main`, a `malloc`/`calloc`
buffer, an array of structs, a pointer into one of them moved by arithmetic, helpers taking
an array and its length or writing through `&t`, indices built from `?:`, `&`, `%` and
shifts, signed/unsigned mixes and narrowing casts, edge constants that overflow, and a
`free` that some inputs read past. Two inputs, every pair of their small ranges run
(`oracle_text`, gcc -fsanitize=address,undefined)."""

from __future__ import annotations

import itertools
import random

from .constructs import C_LIST_HEADER, Construct

HELPERS = {
    "sum": ["int sum(int *v, int n) {", "  int s = 0;", "  int k;", "  for (k = 0; k < n; k++) {",
            "    s = s + v[k];", "  }", "  return s;", "}"],
    "pick": ["int pick(int *v, int n, int j) {", "  return v[j] * 2;", "}"],
    "get": ["int get(int *v, int j) {", "  return v[j];", "}"],  # j is no length, whatever the convention says
    "bump": ["void bump(int *c) {", "  *c = *c + 1;", "}"],
    "swap": ["void swap(int *l, int *r) {", "  int tmp = *l;", "  *l = *r;", "  *r = tmp;", "}"],
    "scale": ["void scale(int *v, int n, int by) {", "  int k;", "  for (k = 0; k < n; k++) {",
              "    v[k] = v[k] * by;", "  }", "}"],
}
#: more helpers for the "memcalls" kind: two arrays, a length beside other int parameters, none at all
CALL_HELPERS = {
    "copy": ["void copy(int *d, int *s, int n) {", "  int k;", "  for (k = 0; k < n; k++) {", "    d[k] = s[k];", "  }",
             "}"],
    "find": ["int find(int *v, int n, int key) {", "  int k;", "  for (k = 0; k < n; k++) {", "    if (v[k] == key) {",
             "      return k;", "    }", "  }", "  return -1;", "}"],
    "put": ["void put(int *v, int n, int j, int val) {", "  if (j >= 0 && j < n) {", "    v[j] = val;", "  }", "}"],
    "first": ["int first(int *v) {", "  return v[0] + v[1];", "}"],
}
LOOPING = ("sum", "scale", "copy", "find")  # helpers with a loop (drawn only by programs with loops)
CHECKS = "assert,overflow,div,shift,bounds,null,free,use-after-free"


class _Memory:
    """One program's state while it is drawn: the arrays in scope and their sizes."""

    def __init__(self, rng: random.Random, pool: dict[str, list[str]] = HELPERS, loops: float = 0.3):
        self.rng = rng
        self.pool = pool  # the helpers calls are drawn from
        self.n = rng.randint(2, 5)  # a[n]
        self.g = rng.randint(2, 4) if rng.random() < 0.4 else 0  # global g[g]
        self.k = rng.randint(1, 4) if rng.random() < 0.6 else 0  # heap b[k]
        self.calloc = rng.random() < 0.4
        self.m = rng.randint(2, 3) if rng.random() < 0.3 else 0  # struct pt ps[m]
        self.p = rng.choice(["a", "b"] if self.k else ["a"]) if rng.random() < 0.6 else ""
        self.p_offset = 0
        self.helpers: set[str] = set()
        self.freed = False
        self.loops = rng.random() < loops  # a loop needs an invariant, and its timeout costs every answer

    # -- expressions ----------------------------------------------------------------------

    def index(self, size: int) -> str:
        """Mostly in bounds; some draws leave the array on some inputs."""
        r = self.rng
        safe = [str(r.randint(0, size - 1)), f"(x & {size - 1})" if size in (2, 4) else f"(y > 0 ? y - 1 : 0) % {size}",
                f"(x < {size} && x >= 0 ? x : {size - 1})", f"(unsigned int) x % {size}U",
                f"(y >= 0 && y < {size} ? y : 0)"]
        risky = ["x", "y", f"x + {r.randint(1, 2)}", f"(x > 1 ? x : {size})", f"(x >> 1) + {r.randint(0, 1)}",
                 f"(y < 2 ? {size - 1} : y)", f"{size} - y", "t", "i"]
        return r.choice(safe) if r.random() < 0.6 else r.choice(risky)

    def element(self) -> str:
        """An element read (of an array in scope)."""
        r = self.rng
        options = self.array_places()
        if self.p and not (self.p == "b" and self.freed):
            options += [f"p[{r.choice(['0', '1', '-1', 'y', 'x - 1'])}]", "*p", f"*(p + {r.choice(['1', 'y'])})"]
        return r.choice(options)

    def array_places(self) -> list[str]:
        """An element of each array in scope (`a`, and `g`, `b`, `ps` when there), indices drawn."""
        options = [f"a[{self.index(self.n)}]"]
        if self.g:
            options.append(f"g[{self.index(self.g)}]")
        if self.k and not self.freed:
            options.append(f"b[{self.index(self.k)}]")
        if self.m:
            options.append(f"ps[{self.index(self.m)}].{self.rng.choice('xy')}")
        return options

    def value(self, depth: int = 1) -> str:
        r = self.rng
        leaves = ["x", "y", "t", "(int) u", str(r.randint(-3, 9)), self.element()]
        if depth <= 0 or r.random() < 0.3:
            return r.choice(leaves)
        left, right = self.value(depth - 1), self.value(depth - 1)
        form = r.choice(["+", "-", "*", "/", "%", "<<", ">>", "edge", "unsigned", "narrow", "?:", "&", "^"])
        if form == "edge":
            return f"({left} {r.choice(['+', '-', '*'])} {r.choice(['big', 'half', 'low'])})"
        if form == "unsigned":  # computed in unsigned int (wraps), converted back
            return f"(int) (u {r.choice(['*', '-', '+', '>>', '<<'])} {r.choice(['3U', '(unsigned int) y', '1U'])})"
        if form == "narrow":
            narrow = r.choice(['unsigned char', 'short', 'signed char'])
            return f"({narrow}) ({left} * {r.choice(['c100', 'c3000', '7'])})"
        if form == "?:":
            return f"({self.condition()} ? {left} : {right})"
        if form in ("<<", ">>"):
            return f"({left} {form} {r.choice(['y', '2', 'x', '(y & 7)', '31'])})"
        return f"({left} {form} {right})"

    def condition(self) -> str:
        r = self.rng
        return r.choice([f"x > {r.randint(-1, 3)}", f"y != {r.randint(-1, 2)}", f"t < {r.randint(-2, 6)}",
                         f"u > {r.randint(0, 3)}U", "u < y", "x == y", f"a[0] == {r.randint(0, 2)}",
                         f"(x & 1) == {r.randint(0, 1)}", f"x * y > {r.randint(-2, 4)}"])

    # -- statements -----------------------------------------------------------------------

    def target(self) -> str:
        r = self.rng
        options = self.array_places()
        options[1:1] = ["t", "t"]
        if self.p and not (self.p == "b" and self.freed):
            options += [f"p[{r.choice(['0', '1', 'y', '-1'])}]", "*p"]
        return r.choice(options)

    def statement(self, depth: int = 0) -> list[str]:
        r = self.rng
        roll = r.random()
        if roll < 0.35:
            op = r.choice(["=", "=", "+=", "-=", "*="])
            return [f"{self.target()} {op} {self.value(r.randint(0, 2))};"]
        if roll < 0.5:
            return [f"__VERIFIER_assert({self.assertion()});"]
        if roll < 0.6 and depth == 0:
            body = [line for _ in range(r.randint(1, 2)) for line in self.statement(1)]
            return [f"if ({self.condition()}) {{", *("  " + line for line in body), "}"]
        if roll < 0.65 and depth == 0 and self.loops:
            array, size = r.choice([("a", self.n)] + ([("b", self.k)] if self.k and not self.freed else [])
                                   + ([("g", self.g)] if self.g else []))
            bound = r.choice([str(size), str(size), str(size - 1), f"{size} + (x > 2)", "y", f"(x < {size} ? x : 0)"])
            step = r.choice(["x", "1", "i", "y * i", f"{array}[i] * 2"])
            return [f"for (i = 0; i < {bound}; i++) {{", f"  {array}[i] = {array}[i] + {step};", "}"]
        if roll < 0.8:
            return [self.call()]
        if roll < 0.88 and self.p and not (self.p == "b" and self.freed):
            return [f"p = p + {r.choice(['1', '-1', '1', 'y', '(x > 0)'])};"]
        if roll < 0.94 and self.m:
            return [f"ps[{self.index(self.m)}] = ps[{self.index(self.m)}];"]
        return [f"t = {self.value(2)};"]

    def call(self) -> str:
        r = self.rng
        pool = CALL_HELPERS if self.pool is not HELPERS and r.random() < 0.6 else self.pool  # memcalls: mostly new
        name = r.choice([h for h in pool if self.loops or h not in LOOPING])
        self.helpers.add(name)
        if name in ("bump",):
            return "bump(&t);"
        if name == "swap":
            return "swap(&t, &i);" if r.random() < 0.5 else "swap(&i, &t);"
        array, size = r.choice([("a", self.n)] + ([("b", self.k)] if self.k and not self.freed else []))
        length = r.choice([str(size), str(size), str(size - 1), "1"])
        if name == "sum":
            return f"t = sum({array}, {length});"
        if name == "get":
            return f"t = get({array}, {self.index(size)});"
        if name == "pick":
            return f"t = pick({array}, {length}, {r.choice(['0', 'y', '1', f'({length}) - 1'])});"
        if name == "scale":
            return f"scale({array}, {length}, {r.choice(['x', '2', 'y', '-1'])});"
        return self.other_call(name, array, length)

    def other_call(self, name: str, array: str, length: str) -> str:
        """A call of one of `CALL_HELPERS`."""
        r = self.rng
        if name == "copy":
            other = r.choice(["a"] + (["b"] if self.k and not self.freed else []) + (["g"] if self.g else []))
            return f"copy({array}, {other}, {length});" if r.random() < 0.5 else f"copy({other}, {array}, {length});"
        if name == "find":
            return f"t = find({array}, {length}, {r.choice(['x', 'y', '1', 't'])});"
        if name == "put":
            return f"put({array}, {length}, {r.choice(['x', 'y', '0', 't'])}, {self.value(1)});"
        return f"t = first({array});"

    def assertion(self) -> str:
        r = self.rng
        first = f"t != {r.randint(-2, 8)}"  # (the draws in the order of the seeds' earlier runs)
        return r.choice([first, f"{self.element()} {r.choice(['<', '>=', '!='])} {r.randint(-1, 9)}",
                         f"t {r.choice(['<=', '>'])} x + y", "u != 2U", f"i <= {r.randint(0, 5)}",
                         f"a[{r.randint(0, self.n - 1)}] >= 0"])


def c_memory(rng: random.Random, kind: str = "memory") -> Construct:
    """A program of the "memory" kind (module docstring); of the "memcalls" kind, with
    `CALL_HELPERS` too and loops more often."""
    st = _Memory(rng, HELPERS | CALL_HELPERS, 0.6) if kind == "memcalls" else _Memory(rng)
    lo, hi = rng.choice([(-2, 4), (-1, 3), (0, 5)])
    ylo, yhi = rng.choice([(-1, 3), (0, 2), (-2, 2)])
    body = ["int x = __VERIFIER_nondet_int();", f"__VERIFIER_assume(x >= {lo} && x <= {hi});",
            "int y = __VERIFIER_nondet_int();", f"__VERIFIER_assume(y >= {ylo} && y <= {yhi});",
            "unsigned int u = x;" if rng.random() < 0.5 else "unsigned int u = (unsigned int) y * 2U;",
            "int t = 0;", "int i = 0;",
            # edge constants in variables: gcc folds `(e * C1) * C2` even at -O0, and the overflow with it
            "int big = 2147483647;", "int half = 1073741824;", "int low = -2147483647 - 1;", "int c100 = 100;",
            "int c3000 = 3000;",
            f"int a[{st.n}] = {{{', '.join(str(rng.randint(-1, 4)) for _ in range(rng.randint(1, st.n)))}}};"]
    if st.m:
        inits = ", ".join(f"{{{rng.randint(-1, 3)}, {rng.randint(0, 3)}}}" for _ in range(st.m))
        body.append(f"struct pt ps[{st.m}] = {{{inits}}};")
    if st.k:
        if st.calloc:
            body.append(f"int *b = calloc({st.k}, sizeof(int));")
        else:
            body.append(f"int *b = malloc({st.k} * sizeof(int));")
        body += ["if (b == 0) {", "  return 0;", "}"]
        if not st.calloc:  # every element set before any read
            body += [f"b[{j}] = {rng.choice([str(j), 'x', f'{j} * y', '1'])};" for j in range(st.k)]
    if st.p:
        size = st.n if st.p == "a" else st.k
        start = rng.randint(0, size - 1)
        forms = [f"int *p = {st.p} + {start};"] + ([f"int *p = &a[{start}];"] if st.p == "a" else [])
        body.append(rng.choice(forms))
    for _ in range(rng.randint(3, 7)):
        body += st.statement()
    if st.k:
        body.append("free(b);")
        st.freed = True
        if rng.random() < 0.35:  # a read after the free, on some inputs (through p too)
            read = "*p" if st.p == "b" and rng.random() < 0.5 else "b[0]"
            body += [f"if ({st.condition()}) {{", f"  t = {read};", "}"]
        elif rng.random() < 0.15:
            body += [f"if ({st.condition()}) {{", "  free(b);", "}"]
    body += [f"__VERIFIER_assert({st.assertion()});", "return 0;"]
    header = list(C_LIST_HEADER) + ["extern void *calloc(unsigned long n, unsigned long size);",
                                    "struct pt {", "  int x;", "  int y;", "};"]
    if st.g:
        header.append(f"int g[{st.g}];")
    for name in sorted(st.helpers):
        header += st.pool[name]
    text = "\n".join(header + ["int main(void) {"] + ["  " + line for line in body] + ["}"]) + "\n"
    cases = list(itertools.product(range(lo, hi + 1), range(ylo, yhi + 1)))
    return Construct(kind, "c", text, "main", CHECKS, cases)
