"""Random C programs in the style of the SV-COMP array and integer categories for the
differential fuzzer (construct kind "arrays"): two typed nondet inputs
(`__VERIFIER_nondet_uint`, `_char`, `_uchar`, `_short`, `_int`) bounded by assumes, an array
of a drawn element type (local or global) filled by a loop, nested loops over it (a bubble
pass, pairwise counts, a 2-D matrix filled and read), an unsigned counter that stops by
wrapping, casts between widths, shifts, an accumulator that may overflow, indices that may
leave the array, and assertions over the result. Every pair of the inputs' small ranges is
run (`oracle_text`, gcc -fsanitize=address,undefined)."""

from __future__ import annotations

import itertools
import random

from .constructs import C_LIST_HEADER, Construct

#: nondet function suffix -> (C type, domains its input is drawn from)
INPUTS = {"int": ("int", [(-2, 3), (0, 4), (2147483645, 2147483647)]),
          "uint": ("unsigned int", [(0, 5), (4294967294, 4294967295)]),
          "char": ("char", [(-3, 2), (125, 127)]),
          "uchar": ("unsigned char", [(0, 4), (253, 255)]),
          "short": ("short", [(-2, 3), (32766, 32767)])}
ELEMENTS = ["int", "int", "unsigned int", "short", "unsigned char", "char", "long"]
CHECKS = "assert,overflow,div,shift,bounds"


class _Arrays:
    """One program's state while it is drawn."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.n = rng.randint(2, 4)
        self.elem = rng.choice(ELEMENTS)
        self.glob = rng.random() < 0.3  # the array is a global (zero-filled)
        self.rows, self.cols = (rng.randint(2, 3), rng.randint(2, 3)) if rng.random() < 0.35 else (0, 0)
        self.used: set[str] = set()  # locals the body declares

    def small(self) -> str:
        """An operand: an input, a counter or a small constant."""
        r = self.rng
        return r.choice(["x", "y", "i", "s", str(r.randint(0, 7)), "(int) y", f"({self.elem}) x"])

    def value(self, depth: int = 1) -> str:
        r = self.rng
        if depth <= 0 or r.random() < 0.3:
            return r.choice([self.small(), f"a[{self.index()}]"])
        left, right = self.value(depth - 1), self.value(depth - 1)
        form = r.choice(["+", "-", "*", "<<", ">>", "cast", "wrap", "%", "&"])
        if form == "cast":
            return f"({r.choice(['unsigned char', 'short', 'unsigned int', 'long', 'char'])}) ({left})"
        if form == "wrap":  # unsigned arithmetic, converted back
            return f"(int) ((unsigned int) {left} {r.choice(['-', '*', '+'])} {r.choice(['1U', '4294967295U', 'x'])})"
        if form in ("<<", ">>"):
            return f"({left} {form} {r.choice(['i', '1', 'y', '(y & 7)', '31', '(int) x'])})"
        if form == "%":
            return f"({left} % {r.choice(['3', 'y', '(y + 1)', str(self.n)])})"
        return f"({left} {form} {right})"

    def index(self) -> str:
        """Mostly in bounds; some draws leave the array on some inputs."""
        r, n = self.rng, self.n
        safe = [str(r.randint(0, n - 1)), f"(unsigned int) x % {n}U", f"(unsigned char) (y + 250) % {n}",
                f"(x > 0 && x < {n} ? x : 0)"]
        risky = ["x", "y", f"{n} - y", "(int) x + 1", f"(unsigned char) y % {n + 1}", "i"]
        return r.choice(safe) if r.random() < 0.75 else r.choice(risky)

    def block(self) -> list[str]:
        r, n = self.rng, self.n
        roll = r.random()
        if roll < 0.2:
            bound = r.choice([str(n), str(n), str(n), f"{n} - 1", f"{n} + 1", "(int) y"])
            return [f"for (i = 0; i < {bound}; i++) {{", f"  a[i] = {self.value(2)};", "}"]
        if roll < 0.35:  # a bubble pass (the inner bound may read one past the end)
            inner = r.choice([f"j + 1 < {n} - i"] * 3 + [f"j < {n} - i", f"j + 1 < {n}"])
            cmp = r.choice([">", "<", ">="])
            self.used.add("j")
            return [f"for (i = 0; i < {n}; i++) {{", f"  for (j = 0; {inner}; j++) {{",
                    f"    if (a[j] {cmp} a[j + 1]) {{", f"      {self.elem} tmp = a[j];", "      a[j] = a[j + 1];",
                    "      a[j + 1] = tmp;", "    }", "  }", "}"]
        if roll < 0.5:  # an accumulator over the array
            op = r.choice(["+", "+", "*", "-"])
            return [f"for (i = 0; i < {n}; i++) {{", f"  s = s {op} a[i];", "}"]
        if roll < 0.6:  # pairs i < j
            self.used.add("j")
            cond = r.choice(["a[i] == a[j]", "a[i] < a[j]", "a[i] + a[j] > x"])
            return [f"for (i = 0; i < {n}; i++) {{", f"  for (j = i + 1; j < {n}; j++) {{",
                    f"    if ({cond}) {{", "      s++;", "    }", "  }", "}"]
        if roll < 0.7:  # an unsigned counter that stops by wrapping past 0
            return [f"for (k = {n - 1}U; k < {n}U; k--) {{", f"  a[k] = a[k] {r.choice(['+', '-', '^'])} (int) k;",
                    "}"]
        if roll < 0.8 and self.rows:
            rows, cols = self.rows, self.cols
            self.used.add("j")
            read_i = r.choice(["x", "y", str(rows - 1), f"(unsigned int) x % {rows}U"])
            read_j = r.choice(["y", "i", str(cols - 1), f"(y >= 0 && y < {cols} ? y : 0)"])
            inner = r.choice([str(cols), str(cols), "i + 1"])
            cell = f"i * {cols} + j {r.choice(['+', '*', '-'])} {self.small()}"
            return [f"for (i = 0; i < {rows}; i++) {{", f"  for (j = 0; j < {inner}; j++) {{", f"    m[i][j] = {cell};",
                    "  }", "}", f"s = s + m[{read_i}][{read_j}];"]
        if roll < 0.9:
            return [f"a[{self.index()}] {r.choice(['=', '+=', '*=', '<<='])} {self.value(2)};"]
        return [f"s = {self.value(2)};"]

    def assertion(self) -> str:
        r, n = self.rng, self.n
        return r.choice([f"a[0] <= a[{n - 1}]", f"s != {r.randint(-1, 6)}", f"a[{self.index()}] >= 0",
                         f"s <= {r.randint(0, 20)}", f"a[{r.randint(0, n - 1)}] != {r.randint(0, 5)}",
                         "s >= 0 || x < 0", f"(unsigned char) s != {r.randint(0, 3)}"])


def c_arrays(rng: random.Random) -> Construct:
    """A program of the "arrays" kind (module docstring)."""
    st = _Arrays(rng)
    (xs, (xt, xdoms)), (ys, (yt, ydoms)) = rng.choice(list(INPUTS.items())), rng.choice(list(INPUTS.items()))
    (xlo, xhi), (ylo, yhi) = rng.choice(xdoms), rng.choice(ydoms)
    suffix = {"unsigned int": "U"}
    body = [f"{xt} x = __VERIFIER_nondet_{xs}();",
            f"__VERIFIER_assume(x >= {xlo}{suffix.get(xt, '')} && x <= {xhi}{suffix.get(xt, '')});",
            f"{yt} y = __VERIFIER_nondet_{ys}();",
            f"__VERIFIER_assume(y >= {ylo}{suffix.get(yt, '')} && y <= {yhi}{suffix.get(yt, '')});",
            "int i = 0;", "int s = 0;"]
    if not st.glob:
        inits = ", ".join(str(rng.randint(-1, 5)) for _ in range(rng.randint(1, st.n)))
        body.append(f"{st.elem} a[{st.n}] = {{{inits}}};")
    if st.rows:
        body.append(f"int m[{st.rows}][{st.cols}] = {{0}};")
    blocks = [line for _ in range(rng.randint(2, 4)) for line in st.block()]
    declared = ["unsigned int k = 0;"] if any("k--" in line for line in blocks) else []
    declared += ["int j = 0;"] if "j" in st.used else []
    body += declared + blocks + [f"__VERIFIER_assert({st.assertion()});", "return 0;"]
    header = (C_LIST_HEADER[:3] + [f"extern {INPUTS[s][0]} __VERIFIER_nondet_{s}(void);" for s in sorted({xs, ys})]
              + C_LIST_HEADER[4:6])  # the competition header without the list declarations
    if st.glob:
        header.append(f"{st.elem} a[{st.n}];")
    text = "\n".join(header + ["int main(void) {"] + ["  " + line for line in body] + ["}"]) + "\n"
    cases = list(itertools.product(range(xlo, xhi + 1), range(ylo, yhi + 1)))
    return Construct("arrays", "c", text, "main", CHECKS, cases)
