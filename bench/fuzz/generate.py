"""Random small programs (`program.Program`) for the differential fuzzer: straight-line
arithmetic over mixed C integer types (or Python ints), casts, if/else, counter-bounded
while loops and assertions; or, for termination, unbounded loops over a few variables."""

from __future__ import annotations

import random

from .program import C_TYPES, Program, Var

C_BINARY = ["+", "-", "*", "/", "%", "<<", ">>", "&", "|", "^"]
PY_BINARY = ["+", "-", "*", "//", "%", "<<", ">>", "&", "|", "^"]
COMPARISONS = ["<", "<=", ">", ">=", "==", "!="]
#: constants near the edges of the C types, with the suffix that gives them their type
C_EDGE_CONSTANTS = [(2147483647, ""), (-2147483648, "L"), (255, ""), (256, ""), (65535, ""), (127, ""),
                    (4294967295, "U"), (1, "U"), (2, "U"), (31, ""), (32, ""), (1, "L"), (-1, "L"),
                    (9223372036854775807, "L"), (18446744073709551615, "UL")]
#: input domains: every value in them is run, so their product stays small
SIGNED_DOMAINS = [(-4, 4), (-2, 3), (0, 5), (-3, 0)]
C_EDGE_DOMAINS = {"int": [(2147483644, 2147483647), (-2147483648, -2147483645)],
                  "unsigned int": [(4294967292, 4294967295)], "char": [(120, 127), (-128, -122)],
                  "short": [(32763, 32767)], "unsigned char": [(250, 255)],
                  "long": [(9223372036854775804, 9223372036854775807)],
                  "unsigned long": [(18446744073709551612, 18446744073709551615)], "unsigned short": [(65530, 65535)]}
#: at most this many runs per program (the product of the input domains)
MAX_CASES = 1500


class Generator:
    """Draws one program from `rng`; `language` is "c" or "py"."""

    def __init__(self, rng: random.Random, language: str):
        self.helpers: list = []
        self.arrays: list = []
        self.in_helper = False
        self.rng = rng
        self.language = language
        self.assigned: list[Var] = []
        self.counters = 0

    # -- programs -----------------------------------------------------------------------------

    def safety_program(self) -> Program:
        """Inputs, a few locals and 3-8 statements with assertions and risky arithmetic."""
        inputs = self._inputs()
        self.helpers = [self._helper(f"h{i}") for i in range(self.rng.choice([0, 0, 1, 2]))]
        locals_ = [Var(f"t{i}", self._type()) for i in range(self.rng.randint(1, 3))]
        self.assigned = list(inputs)
        self.locals = locals_
        self.arrays = [("a0", self._type(), self.rng.randint(2, 5))] if self.rng.random() < 0.35 else []
        body = [self._statement(depth=0) for _ in range(self.rng.randint(3, 8))]
        return Program(inputs, locals_ + [Var(f"k{i}") for i in range(self.counters)], body, self.helpers,
                       self.arrays)

    def _helper(self, name: str):
        """A function of 1-2 parameters: assignments, assertions and ifs, then a return."""
        params = [Var(f"p{i}", self._type()) for i in range(self.rng.randint(1, 2))]
        self.in_helper = True
        self.assigned = list(params)
        self.locals = list(params)
        body = [self._statement(depth=1) if self.rng.random() < 0.5 else self._assignment()
                for _ in range(self.rng.randint(1, 3))]
        self.in_helper = False
        return ("helper", name, params, self._type(), body, self._expression(2))

    def termination_program(self) -> Program:
        """Inputs and one or two unbounded loops (possibly nested) over them."""
        inputs = self._inputs()
        self.assigned = list(inputs)
        self.locals = []
        body: list = []
        for _ in range(self.rng.randint(1, 2)):
            loop_body = [self._update() for _ in range(self.rng.randint(1, 3))]
            if self.rng.random() < 0.3:
                loop_body.insert(0, ("if", self._condition(1), [self._update()], [self._update()]))
            if self.rng.random() < 0.2:
                loop_body.append(("while", self._condition(1), [self._update()]))
            body.append(("while", self._condition(1), loop_body))
        return Program(inputs, [], body)

    # -- pieces -------------------------------------------------------------------------------

    def _type(self) -> str:
        if self.language == "py":
            return "int"
        return self.rng.choice(["int"] * 6 + list(C_TYPES))

    def _inputs(self) -> list[Var]:
        inputs: list[Var] = []
        cases = 1
        for i in range(self.rng.randint(1, 3)):
            c_type = self._type()
            domain = self._domain(c_type)
            size = domain[1] - domain[0] + 1
            if cases * size > MAX_CASES:
                domain = (0, 1) if c_type == "_Bool" else (0, 2)
                size = domain[1] - domain[0] + 1
            cases *= size
            inputs.append(Var(f"v{i}", c_type, domain))
        return inputs

    def _domain(self, c_type: str) -> tuple[int, int]:
        if c_type == "_Bool":
            return (0, 1)
        bits, signed, _ = C_TYPES[c_type]
        r = self.rng.random()
        if r < 0.15 and c_type in C_EDGE_DOMAINS:
            return self.rng.choice(C_EDGE_DOMAINS[c_type])
        if r < 0.2 and bits == 8:
            return (-128, 127) if signed else (0, 255)
        if signed:
            return self.rng.choice(SIGNED_DOMAINS)
        return self.rng.choice([(0, 4), (0, 8), (1, 3)])

    def _statement(self, depth: int):
        r = self.rng.random()
        if r < 0.45 or depth >= 2:
            return self._assignment()
        if r < 0.65:
            style = "reach" if self.language == "c" and self.rng.random() < 0.3 else "assert"
            return (style, self._condition(2))
        if r < 0.85 or self.in_helper:  # a helper has no loop counters
            then = [self._statement(depth + 1) for _ in range(self.rng.randint(1, 2))]
            other = [self._statement(depth + 1) for _ in range(self.rng.randint(0, 2))]
            return ("if", self._condition(2), then, other)
        if depth == 0 and self.rng.random() < 0.4:  # a loop whose end needs an invariant to see past
            return ("while", self._condition(1), [self._update() for _ in range(self.rng.randint(1, 2))])
        if depth == 0 and self.language == "c" and self.rng.random() < 0.25:
            cases = [(value, [self._statement(2)], self.rng.random() < 0.3)
                     for value in sorted(self.rng.sample(range(-2, 5), self.rng.randint(1, 3)))]
            return ("switch", self._expression(1), cases, [self._statement(2)] if self.rng.random() < 0.5 else [])
        counter = f"k{self.counters}"
        self.counters += 1
        body = [self._statement(depth + 1) for _ in range(self.rng.randint(1, 3))]
        forms = ["while", "for", "do"] if self.language == "c" else ["while", "range", "do"]
        return ("loop", counter, self.rng.randint(1, 5), self._condition(1), body, self.rng.choice(forms))

    def _assignment(self):
        if self.arrays and not self.in_helper and self.rng.random() < 0.3:
            name, _, size = self.arrays[0]
            return ("store", name, self._index(size), self._expression(self.rng.randint(0, 2)))
        target = self.rng.choice(self.locals + self.assigned[:2])
        if self.language == "c" and self.rng.random() < 0.08:  # t = v++ (or ++v, v--, --v)
            source = self.rng.choice([v for v in self.assigned if v != target] or [target])
            if source != target:
                return ("incassign", target.name, source.name, self.rng.choice(["++", "--"]), self.rng.random() < 0.5)
        value = self._expression(self.rng.randint(1, 3))
        if self.helpers and self.rng.random() < 0.3:
            _, name, params, *_ = self.rng.choice(self.helpers)
            value = ("call", name, [self._expression(self.rng.randint(0, 1)) for _ in params])
        if self.rng.random() < 0.2:  # written x op= e (or x++)
            op = self.rng.choice(C_BINARY if self.language == "c" else PY_BINARY)
            value = ("bin", op, ("var", target.name), self._leaf() if op in ("<<", ">>") else value)
            stmt = ("assign", target.name, value, "compound")
        else:
            stmt = ("assign", target.name, value)
        if target not in self.assigned:
            self.assigned.append(target)
        return stmt

    def _update(self):
        """x = x op e with small steps: the loops of termination programs."""
        target = self.rng.choice(self.assigned)
        op = self.rng.choice(["+", "-", "+", "-", "*", "/" if self.language == "c" else "//", ">>"])
        step = self._leaf() if self.rng.random() < 0.5 else ("const", self.rng.randint(1, 3), "")
        return ("assign", target.name, ("bin", op, ("var", target.name), step), self.rng.choice(["", "compound"]))

    def _condition(self, depth: int):
        r = self.rng.random()
        if depth > 0 and r < 0.25:
            return (self.rng.choice(["and", "or"]), self._condition(depth - 1), self._condition(depth - 1))
        if depth > 0 and r < 0.3:
            return ("un", "!", self._condition(depth - 1))
        return ("cmp", self.rng.choice(COMPARISONS), self._expression(self.rng.randint(0, 2)), self._leaf())

    def _expression(self, depth: int):
        if depth <= 0 or self.rng.random() < 0.2:
            return self._leaf()
        r = self.rng.random()
        if r < 0.1:
            return ("un", self.rng.choice(["-", "~"]), self._expression(depth - 1))
        if r < 0.2 and self.language == "c":
            return ("cast", self.rng.choice(list(C_TYPES)), self._expression(depth - 1))
        if r < 0.25:
            return ("ite", self._condition(0), self._expression(depth - 1), self._expression(depth - 1))
        if r < 0.35 and self.language == "py":
            kind = self.rng.choice(["abs", "min", "max", "chain", "and", "or"])
            if kind == "abs":
                return ("builtin", "abs", [self._expression(depth - 1)])
            if kind in ("min", "max"):
                return ("builtin", kind, [self._expression(depth - 1), self._expression(depth - 1)])
            if kind == "chain":  # a < b <= c
                return ("chain", self.rng.choice(COMPARISONS), self._expression(depth - 1), self._leaf(),
                        self.rng.choice(COMPARISONS), self._leaf())
            return ("boolval", kind, self._expression(depth - 1), self._expression(depth - 1))
        op = self.rng.choice(C_BINARY if self.language == "c" else PY_BINARY)
        right = self._leaf() if op in ("<<", ">>") and self.language == "py" else self._expression(depth - 1)
        return ("bin", op, self._expression(depth - 1), right)

    def _index(self, size: int):
        """Mostly in bounds: a constant below `size`, else an input-dependent expression."""
        if self.rng.random() < 0.4:
            return ("const", self.rng.randint(0, size - 1), "")
        return self._expression(self.rng.randint(0, 1))

    def _leaf(self):
        if self.arrays and not self.in_helper and self.rng.random() < 0.15:
            name, _, size = self.arrays[0]
            return ("select", name, self._index(size))
        if self.rng.random() < 0.6:
            return ("var", self.rng.choice(self.assigned).name)
        if self.language == "c" and self.rng.random() < 0.25:
            value, suffix = self.rng.choice(C_EDGE_CONSTANTS)
            return ("const", value, suffix)
        return ("const", self.rng.randint(-3, 8), "")


def generate(seed: int, language: str, kind: str = "safety") -> Program:
    """The program of `seed` for `language` ("c" or "py"); `kind` "safety" or "termination"."""
    g = Generator(random.Random(seed), language)
    return g.safety_program() if kind == "safety" else g.termination_program()
