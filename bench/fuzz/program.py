"""The fuzzer's program model: typed variables with small input domains, expressions and
statements, shared by the C and the Python renderings (`render`).

Expressions are tuples: ("var", name), ("const", value, suffix), ("bin", op, left, right),
("un", op, operand), ("cast", c_type, operand) (C only), ("cmp", op, left, right),
("and" | "or", left, right), ("ite", cond, then, else); Python only: ("builtin", "abs" | "min" |
"max", args), ("chain", op, a, b, op2, c) (a < b <= c), ("boolval", "and" | "or", a, b) (the
operand's value). Statements: ("assign", name, expr
[, "compound"]) (compound: written `x op= e` or `x++`), ("assert" | "reach", cond) (C: a
`__VERIFIER_assert` call or `if (!c) reach_error();`), ("if", cond, then, else),
("loop", counter, bound, cond, body, form) (a loop the counter bounds; form "while",
"for", "do" or, in Python, "range"), C only: ("switch", expr, [(value, body, falls through)],
default body) and ("incassign", target, source, "++" | "--", postfix) (t = v++),
("while", cond, body) (unbounded: for termination). Every input is read once,
at the start, so enumerating the domains' product covers every execution."""

from __future__ import annotations

from dataclasses import dataclass, field

#: C integer types: (bits, signed, __VERIFIER_nondet_ suffix)
C_TYPES: dict[str, tuple[int, bool, str]] = {
    "int": (32, True, "int"), "unsigned int": (32, False, "uint"), "char": (8, True, "char"),
    "unsigned char": (8, False, "uchar"), "short": (16, True, "short"), "unsigned short": (16, False, "ushort"),
    "long": (64, True, "long"), "unsigned long": (64, False, "ulong"), "_Bool": (1, False, "bool"),
}


@dataclass(frozen=True)
class Var:
    """A variable: its C type and, for an input, the closed range it is assumed in."""
    name: str
    c_type: str = "int"
    domain: tuple[int, int] | None = None  # inputs only

    def values(self) -> range:
        assert self.domain is not None
        return range(self.domain[0], self.domain[1] + 1)


@dataclass
class Program:
    """A generated program: inputs (read by nondet calls, assumed in their domain), locals
    (initialised to 0) and a statement list."""
    inputs: list[Var]
    locals: list[Var]
    body: list = field(default_factory=list)
    #: ("helper", name, params, C return type, body, return expr): called as ("call", name, args)
    helpers: list = field(default_factory=list)
    #: arrays of the entry function, (name, C element type, size), zero-initialised: read as
    #: ("select", name, index), written by ("store", name, index, value)
    arrays: list = field(default_factory=list)

    def variables(self) -> list[Var]:
        return self.inputs + self.locals

    def cases(self) -> int:
        n = 1
        for v in self.inputs:
            n *= len(v.values())
        return n
