"""Random C programs over integer conversions for the differential fuzzer (construct kind
"integers"): locals of every narrow type (`unsigned char`, `signed char`, `short`,
`unsigned short`, `long`, `unsigned int`) written by plain and compound assignments and by
`++`/`--` (implicit conversions back to the narrow type: wrap-around, no undefined
behaviour), promotions (`unsigned short * unsigned short` overflows `int`), comparisons
between signed and unsigned operands (`x < u`, `x < sizeof(int)`), shifts by variable
amounts, `/` and `%` with negative operands and `INT_MIN / -1`, then assertions over the
results. Three typed inputs, every triple of their small ranges run (`oracle_text`, gcc
-fsanitize=address,undefined)."""

from __future__ import annotations

import itertools
import random

from .constructs import C_LIST_HEADER, Construct

#: nondet function suffix -> (C type, domains its input is drawn from)
INPUTS = {"int": ("int", [(-3, 3), (-1, 2), (2147483646, 2147483647), (-2147483648, -2147483647)]),
          "uint": ("unsigned int", [(0, 3), (4294967294, 4294967295), (2147483647, 2147483648)]),
          "char": ("char", [(-2, 2), (126, 127), (-128, -127)]),
          "uchar": ("unsigned char", [(0, 3), (254, 255)]),
          "short": ("short", [(-2, 2), (32766, 32767), (-32768, -32767)]),
          "ushort": ("unsigned short", [(0, 2), (65534, 65535)])}
#: the narrow locals every program declares (initialised from the inputs), by C type
LOCALS = {"c": "unsigned char", "sc": "signed char", "h": "short", "w": "unsigned short", "l": "long",
          "v": "unsigned int", "r": "int"}
SUFFIX = {"unsigned int": "U", "long": "L"}
CHECKS = "assert,overflow,div,shift,bounds"


class _Integers:
    """One program's state while it is drawn."""

    def __init__(self, rng: random.Random):
        self.rng = rng

    def leaf(self) -> str:
        r = self.rng
        return r.choice(["x", "y", "z"] + list(LOCALS) + [str(r.randint(-3, 9)),
                                                           r.choice(["255", "65535", "2147483647", "4294967295U",
                                                                     "-1L", "1U", "31", "32", "128"])])

    def value(self, depth: int = 1) -> str:
        r = self.rng
        if depth <= 0 or r.random() < 0.25:
            return self.leaf()
        left, right = self.value(depth - 1), self.value(depth - 1)
        form = r.choice(["+", "-", "*", "shift", "shift", "cast", "compare", "compare", "unary", "&", "|", "^",
                         "?:", "divneg", r.choice(["/", "%"])])
        if form == "shift":
            amount = r.choice(["y", "z", "(y & 31)", "(z & 7)", "(int) c", "sc", "1", "31", "(unsigned) y % 33U",
                               "(y & 15)"])
            return f"({r.choice([left, '1', '1U', '1L', 'x', 'w', 'c', 'sc'])} {r.choice(['<<', '>>'])} {amount})"
        if form == "cast":
            return f"({r.choice(list(LOCALS.values()) + ['_Bool'])}) ({left})"
        if form == "compare":
            return f"({self.comparison()})"
        if form == "unary":
            return f"({r.choice(['-', '~', '!'])}{r.choice([left, 'c', 'w', 'v', 'sc'])})"
        if form == "?:":
            return f"({self.comparison()} ? {left} : {right})"
        if form == "divneg":  # truncation towards zero, remainders with the dividend's sign, INT_MIN / -1
            return f"({r.choice([left, 'x', '-7', 'lo', 'h', 'sc'])} {r.choice(['/', '%'])} " \
                   f"{r.choice(['-2', '(-3)', 'y', '(x | 1)', '-1', '(sc | 2)', '(y - 1)'])})"
        return f"({left} {form} {right})"

    def comparison(self) -> str:
        r = self.rng
        signed = r.choice(["x", "sc", "h", "l", "r", "-1", "(x - 2)", "y"])
        other = r.choice(["u", "v", "c", "w", "z", "1U", "sizeof(int)", "0U", "(unsigned char) x", "2147483648U",
                          "(long) v", "y"])
        pair = [signed, other] if r.random() < 0.5 else [other, signed]
        return f"{pair[0]} {r.choice(['<', '<=', '>', '>=', '==', '!='])} {pair[1]}"

    def statement(self, depth: int = 0) -> list[str]:
        r = self.rng
        roll = r.random()
        target = r.choice(list(LOCALS))
        if roll < 0.3:
            return [f"{target} = {self.value(r.randint(1, 3))};"]
        if roll < 0.5:
            op = r.choice(["+=", "-=", "*=", "/=", "%=", "<<=", ">>=", "&=", "|=", "^="])
            operand = r.choice(["y", "z", "(y & 7)", "1", "3"]) if op in ("<<=", ">>=") else self.value(1)
            if op in ("/=", "%=") and r.random() < 0.7:
                operand = r.choice(["y", "3", "(x | 1)", "-2", "(z + 1)"])
            return [f"{target} {op} {operand};"]
        if roll < 0.6:
            forms = [f"{target}++;", f"{target}--;", f"++{target};", f"--{target};"]
            if target != "r":  # `r = r++` would be undefined
                forms += [f"r = {target}++ + {r.randint(0, 2)};", f"r = --{target};"]
            return [r.choice(forms)]
        if roll < 0.78:
            return [f"__VERIFIER_assert({self.assertion()});"]
        if roll < 0.9 and depth == 0:
            body = [line for _ in range(r.randint(1, 2)) for line in self.statement(1)]
            other = [line for _ in range(r.randint(0, 1)) for line in self.statement(1)]
            lines = [f"if ({self.comparison()}) {{", *("  " + line for line in body)]
            return lines + (["} else {", *("  " + line for line in other)] if other else []) + ["}"]
        if depth == 0:  # a short loop over a narrow counter
            counter = r.choice(["c", "sc", "w"])
            bound = r.choice(["3", "y", "(int) z", "x"])
            return [f"for (i = 0; i < {bound} && i < 4; i++) {{", f"  {counter} {r.choice(['+=', '-=', '*='])} "
                    f"{r.choice(['x', 'y', '100', 'i', '(int) w'])};", "}"]
        return [f"r = {self.value(2)};"]

    def assertion(self) -> str:
        r = self.rng
        return r.choice([f"{self.comparison()}", f"{r.choice(list(LOCALS))} {r.choice(['!=', '>=', '<'])} "
                         f"{r.choice(['0', '1', '-1', '255', '127', '-128', 'x', 'y'])}",
                         "x / 2 * 2 + x % 2 == x", f"x % {r.choice(['3', '-3', 'y'])} >= 0",
                         f"r {r.choice(['!=', '<=', '>'])} {r.randint(-2, 9)}", f"(int) c + sc != {r.randint(0, 3)}",
                         f"({self.value(1)}) != {r.randint(-1, 3)}"])


def c_integers(rng: random.Random) -> Construct:
    """A program of the "integers" kind (module docstring)."""
    st = _Integers(rng)
    body, cases_per_input, externs = [], [], set()
    for name in ("x", "y", "z"):
        suffix = rng.choice(list(INPUTS)) if name != "x" else rng.choice(["int", "int", "short", "char"])
        c_type, domains = INPUTS[suffix]
        lo, hi = rng.choice(domains) if rng.random() < 0.3 else domains[0]  # edges: mostly fail early
        externs.add(suffix)
        literal = SUFFIX.get(c_type, "")
        bounds = [f"({value}{literal})" if value < 0 else f"{value}{literal}" for value in (lo, hi)]
        if c_type == "int" and lo == -2147483648:
            bounds[0] = "(-2147483647 - 1)"
        body += [f"{c_type} {name} = __VERIFIER_nondet_{suffix}();",
                 f"__VERIFIER_assume({name} >= {bounds[0]} && {name} <= {bounds[1]});"]
        cases_per_input.append(range(lo, hi + 1))
    inits = {"c": "x", "sc": "y", "h": "(short) (x * 3)", "w": "z", "l": "x", "v": "(unsigned int) y", "r": "0"}
    body += [f"{c_type} {name} = {rng.choice([inits[name], '0', inits[name]])};" for name, c_type in LOCALS.items()]
    body += ["unsigned int u = 3U;", "int lo = -2147483647 - 1;", "int i = 0;"]
    for _ in range(rng.randint(4, 8)):
        body += st.statement()
    body += [f"__VERIFIER_assert({st.assertion()});", "return 0;"]
    header = (C_LIST_HEADER[:3] + [f"extern {INPUTS[s][0]} __VERIFIER_nondet_{s}(void);" for s in sorted(externs)]
              + C_LIST_HEADER[4:6])
    text = "\n".join(header + ["int main(void) {"] + ["  " + line for line in body] + ["}"]) + "\n"
    cases = [tuple(c) for c in itertools.product(*cases_per_input)]
    return Construct("integers", "c", text, "main", CHECKS, cases)
