"""Random loop-free C programs for the exact-integer path (construct kind "exactints"):
`engines/safety/exact_ints.py` decides loop-free functions whose bit-vector encoding
multiplies or divides two variables, reading `&`, `|`, `^` as any value of their type
(`int_reading_abstract.py`). Each program is the "integers" kind's statements without its
loops, plus products of two inputs (`x * y`, `(long) x * y`, `h * h`), bitwise mixes of
signed and unsigned operands, constant shifts, narrowing casts, a loop-free helper (inlined)
and input domains next to the square roots of the types' limits (46340 * 46340 fits an
int, 46341 * 46341 does not). Every triple of the domains is run (`oracle_text`)."""

from __future__ import annotations

import itertools
import random

from .constructs import C_LIST_HEADER, Construct
from .constructs_integers import CHECKS, INPUTS, LOCALS, SUFFIX, _Integers

#: more input domains per nondet suffix: around the square roots of the limits
ROOTS = {"int": [(46339, 46341), (-46341, -46339), (-2, 2)], "uint": [(65535, 65537), (0, 2)],
         "char": [(-128, -126), (11, 13)], "short": [(181, 183), (-182, -180)], "uchar": [(15, 17)],
         "ushort": [(255, 257), (65534, 65535)]}
#: loop-free helpers: a product, a mix of bitwise operators, a division
HELPERS = {"mul": ["int mul(int p, int q) {", "  return p * q;", "}"],
           "mix": ["int mix(int p, unsigned int q) {", "  return (int) ((p ^ q) & 0xFFFFU) | (p & 3);", "}"],
           "quot": ["int quot(int p, int q) {", "  if (q == 0) {", "    return 0;", "  }", "  return p / q;", "}"],
           "sq": ["long sq(short s) {", "  return (long) s * s;", "}"]}


class _Exact(_Integers):
    """`_Integers` without loops, with products and bitwise operators more often."""

    def __init__(self, rng: random.Random):
        super().__init__(rng)
        self.helpers: set[str] = set()
        #: small values only (no edge constants, no INT_MIN / -1): every overflow check can be proved, the
        #: gate the exact reading needs before it answers anything
        self.safe = rng.random() < 0.6

    def leaf(self) -> str:
        r = self.rng
        if self.safe:
            return r.choice(["x", "y", "z", "c", "sc", "w", "v", "r", "h", str(r.randint(-3, 9)), "0xF0", "7U"])
        return super().leaf()

    def value(self, depth: int = 1) -> str:
        text = super().value(depth)
        if self.safe and ("lo" in text.split() or "<<" in text or " / " in text or " % " in text):
            return self.leaf()
        return text

    def statement(self, depth: int = 0) -> list[str]:
        r = self.rng
        roll = r.random()
        if roll < 0.25:
            return [self.product()]
        if roll < 0.4:
            return [self.bitwise()]
        if roll < 0.5:
            return [self.call()]
        lines = super().statement(max(depth, 1) if roll < 0.6 else depth)
        if lines[0].startswith("for "):  # no loops: the exact path reads loop-free functions only
            return [self.product()]
        return lines

    def product(self) -> str:
        r = self.rng
        left = r.choice(["x", "y", "h", "sc", "c", "w", "(long) x", "l", "v", "u", "(unsigned int) x"])
        right = r.choice(["y", "x", "z", "h", "w", "v", "(x - y)", "(y + 1)", "r"])
        target = r.choice(["r", "l", "v", "h", "r"])
        op = r.choice(["*", "*", "*", "/", "%"])
        if op != "*" and (self.safe or r.random() < 0.6):
            right = f"({right} | 1)"
        return f"{target} = {left} {op} {right};"

    def bitwise(self) -> str:
        r = self.rng
        operands = ["x", "y", "z", "c", "sc", "w", "v", "u", "h", "l", "(x * y)", "(~x)", "(x << 3)", "(v >> 5)",
                    "0xFF", "0x7FFFFFFF", "-1", "255U", "(unsigned char) y"]
        expr = f"({r.choice(operands)} {r.choice(['&', '|', '^'])} {r.choice(operands)})"
        if r.random() < 0.5:
            expr = f"({expr} {r.choice(['&', '|', '^', '+', '-', '<<', '>>'])} " \
                   f"{r.choice(['1', '2', '3U', 'x', '0x0F', '30'])})"
        target = r.choice(list(LOCALS))
        return f"{target} {r.choice(['=', '=', '^=', '|=', '&=', '+='])} {expr};"

    def call(self) -> str:
        r = self.rng
        name = r.choice(list(HELPERS))
        self.helpers.add(name)
        if name == "mul":
            return f"r = mul({r.choice(['x', 'y', 'h', 'r'])}, {r.choice(['y', 'x', 'z', '(int) w'])});"
        if name == "mix":
            return f"r = mix({r.choice(['x', 'r', 'sc'])}, {r.choice(['v', 'u', 'z', '(unsigned int) x'])});"
        if name == "quot":
            return f"r = quot({r.choice(['x', 'r', '(x * y)'])}, {r.choice(['y', 'z', '(y - 1)', '-1'])});"
        return f"l = sq({r.choice(['h', '(short) x', 'y'])});"


def c_exact(rng: random.Random) -> Construct:
    """A program of the "exactints" kind (module docstring)."""
    st = _Exact(rng)
    body, cases_per_input, externs = [], [], set()
    for name in ("x", "y", "z"):
        suffix = rng.choice(list(INPUTS)) if name != "x" else rng.choice(["int", "int", "short", "char"])
        c_type = INPUTS[suffix][0]
        lo, hi = INPUTS[suffix][1][0] if st.safe else rng.choice(ROOTS[suffix] + INPUTS[suffix][1][:1])
        externs.add(suffix)
        literal = SUFFIX.get(c_type, "")
        bounds = [f"({value}{literal})" if value < 0 else f"{value}{literal}" for value in (lo, hi)]
        body += [f"{c_type} {name} = __VERIFIER_nondet_{suffix}();",
                 f"__VERIFIER_assume({name} >= {bounds[0]} && {name} <= {bounds[1]});"]
        cases_per_input.append(range(lo, hi + 1))
    inits = {"c": "x", "sc": "y", "h": "(short) x", "w": "z", "l": "x", "v": "(unsigned int) y", "r": "0"}
    body += [f"{c_type} {name} = {rng.choice([inits[name], '0', inits[name]])};" for name, c_type in LOCALS.items()]
    body += ["unsigned int u = 3U;", "int lo = -2147483647 - 1;", "int i = 0;", st.product()]
    for _ in range(rng.randint(3, 7)):
        body += st.statement()
    header = (C_LIST_HEADER[:3] + [f"extern {INPUTS[s][0]} __VERIFIER_nondet_{s}(void);" for s in sorted(externs)]
              + C_LIST_HEADER[4:6])
    for name in sorted(st.helpers):
        header += HELPERS[name]
    cases = [tuple(c) for c in itertools.product(*cases_per_input)]

    def program(last: str) -> str:
        return "\n".join(header + ["int main(void) {"] + ["  " + line for line in body + [last, "return 0;"]]
                         + ["}"]) + "\n"

    last = f"__VERIFIER_assert({st.assertion()});"
    if rng.random() < 0.7:  # an assertion on a value the program computes, false on some inputs or on none
        last = probed_assertion(rng, program, cases, rng.choice(PROBES)) or last
    return Construct("exactints", "c", program(last), "main", CHECKS, cases)


#: values the final assertion looks at
PROBES = ["r", "l", "h", "c", "sc", "w", "v", "r + (int) l", "(int) c - sc", "v ^ (unsigned int) r", "(long) h * w",
          "r & 0xFF", "(unsigned char) (r + h)", "x * y - r"]


def probed_assertion(rng: random.Random, program, cases: list[tuple[int, ...]], probe: str) -> str | None:
    """An assertion on `probe`'s value where the program ends, from its values on every case
    (`program(last)` is the text with `last` as its final statement): `!=` one of them, or a
    bound that holds on every case or fails on the extreme ones; None if no case gets there."""
    from .oracle_text import run_c
    report = (f"{{ fprintf(stderr, \"FUZZ assert %lld\\n\", (long long) ({probe})); _exit(41); }}")
    truth = run_c(Construct("exactints", "c", program(report), "main", CHECKS, cases))
    values = sorted({run.line for run in truth.runs if run.ending == "failed" and run.check == "assert"
                     and run.line is not None and "FUZZ assert" in run.detail})
    if not values:
        return None
    low, high = values[0], values[-1]
    probe = f"(long long) ({probe})"
    return rng.choice([f"__VERIFIER_assert({probe} != {rng.choice(values)}LL);",
                       f"__VERIFIER_assert({probe} <= {high}LL);", f"__VERIFIER_assert({probe} < {high}LL);",
                       f"__VERIFIER_assert({probe} >= {low}LL);", f"__VERIFIER_assert({probe} > {low}LL);"])
