"""The typed program IR shared by the C and Python frontends.

Every node carries a `Loc` (file, 1-based line, 1-based column; 0 when
unknown), as Lark's `propagate_positions` gives them. Integer semantics are
carried by types: `IntType(bits, signed)` for C's fixed-width integers, and
`MATH_INT` (bits=None) for unbounded mathematical integers (Python, and C
under ``--int-semantics math``).

Node kinds form a closed set (see `EXPR_KINDS`, `STMT_KINDS`); passes dispatch
on the node class and raise on anything they do not handle.

Conventions the frontends guarantee:
- every variable name is unique within a function (block-scoped C locals are
  renamed), parameters are variables;
- every operand of a `Binary` already has the operation's type (frontends
  insert `Cast` nodes for C's promotions and usual arithmetic conversions);
  comparison and logical operators have type `BOOL`;
- conditions (`If.cond`, `While.cond`, `Assert.cond`, ...) have type `BOOL`.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Loc:
    """A source position: file, 1-based line and column (0 = unknown)."""

    file: str = ""
    line: int = 0
    column: int = 0


NOWHERE = Loc()

# --------------------------------------------------------------------- types


@dataclass(frozen=True)
class IntType:
    """An integer type: `bits` wide (None = unbounded), signed or not."""

    bits: int | None
    signed: bool = True

    @property
    def min(self) -> int | None:
        if self.bits is None:
            return None
        return -(1 << (self.bits - 1)) if self.signed else 0

    @property
    def max(self) -> int | None:
        if self.bits is None:
            return None
        return (1 << (self.bits - 1)) - 1 if self.signed else (1 << self.bits) - 1

    def wrap(self, value: int) -> int:
        """`value` reduced into this type's range (two's complement wrap)."""
        if self.bits is None:
            return value
        value &= (1 << self.bits) - 1
        if self.signed and value >= 1 << (self.bits - 1):
            value -= 1 << self.bits
        return value

    def __str__(self) -> str:
        if self.bits is None:
            return "int"
        return f"{'i' if self.signed else 'u'}{self.bits}"


@dataclass(frozen=True)
class BoolType:
    """Truth values (conditions, comparisons, C `_Bool` values after conversion)."""

    def __str__(self) -> str:
        return "bool"


@dataclass(frozen=True)
class ArrayType:
    """A sequence of `elem` values indexed by `index` integers (C arrays and the
    objects pointer parameters point to, Python lists).

    In z3 an array value is an `Array(index, elem)`: a total map, of which only
    indices 0 .. length-1 are meaningful. The length is `size` when it is
    fixed (C arrays declared with a constant size); otherwise it is the value
    of the integer variable `length_name(array variable)`, which the frontend
    declares beside the array (a parameter for parameters, a local for locals).
    """

    elem: IntType | BoolType
    size: int | None = None
    index: IntType = field(default_factory=lambda: IntType(64, True))

    def __str__(self) -> str:
        return f"{self.elem}[{'' if self.size is None else self.size}]"


Type = IntType | BoolType | ArrayType

BOOL = BoolType()
MATH_INT = IntType(None, True)
I8, U8 = IntType(8, True), IntType(8, False)
I16, U16 = IntType(16, True), IntType(16, False)
I32, U32 = IntType(32, True), IntType(32, False)
I64, U64 = IntType(64, True), IntType(64, False)

# --------------------------------------------------------------- expressions


@dataclass(frozen=True)
class Expr:
    """Base of expressions; `type` is the value's type."""


@dataclass(frozen=True)
class Const(Expr):
    """A constant of `type`."""

    value: int  # for BOOL: 0 or 1; for an ArrayType: the value of every element (calloc's zeros)
    type: Type
    loc: Loc = NOWHERE


@dataclass(frozen=True)
class Var(Expr):
    """A variable (a parameter, a local, a global) of `type`."""

    name: str
    type: Type
    loc: Loc = NOWHERE


#: unary operators: neg (-x), bnot (~x) on ints; not (!x) on BOOL
UNARY_OPS = frozenset({"neg", "bnot", "not"})

#: arithmetic operators on ints of the node's type.
#:   div/mod: C semantics (truncate toward zero, sign of remainder follows dividend)
#:   floordiv/floormod: Python semantics (floor, sign of remainder follows divisor)
ARITH_OPS = frozenset({"add", "sub", "mul", "div", "mod", "floordiv", "floormod",
                       "shl", "shr", "band", "bor", "bxor"})
#: comparisons: operands share an int type (or both BOOL for eq/ne); result BOOL
COMPARE_OPS = frozenset({"eq", "ne", "lt", "le", "gt", "ge"})
#: short-circuit logic on BOOL operands
LOGIC_OPS = frozenset({"land", "lor"})


@dataclass(frozen=True)
class Unary(Expr):
    """`op` applied to `arg` (see `UNARY_OPS`)."""

    op: str
    arg: Expr
    type: Type
    loc: Loc = NOWHERE


@dataclass(frozen=True)
class Binary(Expr):
    """A binary operation. For shl/shr the right operand may have its own int
    type (C promotes each shift operand separately)."""

    op: str
    left: Expr
    right: Expr
    type: Type
    loc: Loc = NOWHERE


@dataclass(frozen=True)
class Cast(Expr):
    """Conversion to `type`: int->int wraps (C) ; int->BOOL is `!= 0`;
    BOOL->int is 0/1."""

    arg: Expr
    type: Type
    loc: Loc = NOWHERE


@dataclass(frozen=True)
class Ite(Expr):
    """`cond ? then : other`, evaluated lazily (only the taken branch's checks apply)."""

    cond: Expr
    then: Expr
    other: Expr
    type: Type
    loc: Loc = NOWHERE


@dataclass(frozen=True)
class Call(Expr):
    """A call to a function of the same program, by name."""

    func: str
    args: tuple[Expr, ...]
    type: Type
    loc: Loc = NOWHERE


@dataclass(frozen=True)
class Nondet(Expr):
    """A fresh nondeterministic value of `type` (`__VERIFIER_nondet_int()`,
    an uninitialised local, `unknown()`). `name` is what the C harness calls
    to produce it, e.g. ``__VERIFIER_nondet_int``; empty for uninitialised locals;
    not a C identifier for a choice the harness makes itself (``malloc fails``)."""

    type: Type
    name: str = ""
    loc: Loc = NOWHERE


@dataclass(frozen=True)
class Select(Expr):
    """`array[index]`: the element at `index`. When `length` is given, the
    access is checked: it fails (check `check`, e.g. ``bounds`` in C,
    ``IndexError`` in Python) unless ``0 <= index < length``. `index` has the
    array type's index type; `length` too."""

    array: Expr
    index: Expr
    length: Expr | None
    type: Type
    check: str = "bounds"
    loc: Loc = NOWHERE


@dataclass(frozen=True)
class Store(Expr):
    """The array `array` with the element at `index` replaced by `value` (a
    functional update: `a[i] = v` lowers to ``Assign("a", Store(Var a, i, v, ...))``).
    Checked like `Select` when `length` is given."""

    array: Expr
    index: Expr
    value: Expr
    length: Expr | None
    type: ArrayType
    check: str = "bounds"
    loc: Loc = NOWHERE


def length_name(array_variable: str) -> str:
    """The name of the integer variable holding the length of an array
    variable whose type has no fixed `size` (a reserved spelling: ``#`` cannot
    occur in C or Python identifiers)."""
    return f"{array_variable}#len"


EXPR_KINDS = (Const, Var, Unary, Binary, Cast, Ite, Call, Nondet, Select, Store)

# ---------------------------------------------------------------- statements


@dataclass
class Stmt:
    """Base of statements."""


@dataclass
class Assign(Stmt):
    """`target = value`; value already has the target's type."""

    target: str
    value: Expr
    loc: Loc = NOWHERE


@dataclass
class ExprStmt(Stmt):
    """An expression evaluated for its effects and checks (e.g. a call). Later
    statements assume its checks held unless `holds_after` is false."""

    expr: Expr
    loc: Loc = NOWHERE
    holds_after: bool = True


@dataclass
class If(Stmt):
    """`if (cond) then else other`."""

    cond: Expr
    then: list[Stmt]
    other: list[Stmt]
    loc: Loc = NOWHERE


@dataclass
class While(Stmt):
    """`while (cond) { body; step }`.

    `continue` inside `body` jumps to `step`, then the condition is tested
    again (so a C `for` is `init; While(cond, body, step=[update])`, and a
    `do B while (c)` is `While(true, B, step=[If(!c, [Break])])`).
    `loc` is the loop's keyword.
    """

    cond: Expr
    body: list[Stmt]
    step: list[Stmt] = field(default_factory=list)
    loc: Loc = NOWHERE


@dataclass
class Break(Stmt):
    """Leave the innermost loop."""

    loc: Loc = NOWHERE


@dataclass
class Continue(Stmt):
    """Go to the innermost loop's next iteration."""

    loc: Loc = NOWHERE


@dataclass
class Return(Stmt):
    """Return `value` (None: no value) from the function."""

    value: Expr | None = None
    loc: Loc = NOWHERE


@dataclass
class Assert(Stmt):
    """A checked property. `kind` is the check name (``assert``, or e.g.
    ``div-by-zero`` for Python's explicit ZeroDivisionError guard);
    `reach_error()` is ``Assert(false)``. `text` is the source text shown to users."""

    cond: Expr
    kind: str = "assert"
    text: str = ""
    loc: Loc = NOWHERE


@dataclass
class Assume(Stmt):
    """A precondition: executions where `cond` is false are discarded. An
    `entry` one restricts the function's inputs only where it is analysed on
    its own (C's parameter convention, `frontends.c`): a call of it, whose
    arguments are the caller's real values, does not make it."""

    cond: Expr
    loc: Loc = NOWHERE
    entry: bool = False


@dataclass
class Label(Stmt):
    """A jump target (a C label `name:`); names are unique within a function."""

    name: str
    loc: Loc = NOWHERE


@dataclass
class Goto(Stmt):
    """A jump to the `Label` of the same name anywhere in the same function."""

    name: str
    loc: Loc = NOWHERE


STMT_KINDS = (Assign, ExprStmt, If, While, Break, Continue, Return, Assert, Assume, Label, Goto)

# ------------------------------------------------------------------ programs


@dataclass
class Param:
    """A function parameter."""

    name: str
    type: Type
    loc: Loc = NOWHERE


@dataclass
class Function:
    """A function: parameters are its inputs; `locals` lists every other
    variable with its type. `unsupported` holds the first error that made the
    body impossible to lower; the body is then empty and every check of this
    function is unknown with that reason."""

    name: str
    params: list[Param]
    ret_type: Type | None
    body: list[Stmt]
    locals: dict[str, Type] = field(default_factory=dict)
    loc: Loc = NOWHERE
    end_line: int = 0
    unsupported: str = ""
    unsupported_loc: Loc = NOWHERE
    #: C arrays of several dimensions (one flat IR array, row-major): the
    #: dimensions after the first, by IR name (``int m[3][4]``: ``m`` -> ``(4,)``),
    #: so that invariants print ``m[i][j]``
    array_dims: dict[str, tuple[int, ...]] = field(default_factory=dict)
    #: C globals (and static locals) the function assigns, with where: kept as locals that start from the value
    #: the program's start gives them, so a caller that calls it again, or reads them after, is not modelled
    globals_written: dict[str, Loc] = field(default_factory=dict)

    @property
    def variables(self) -> dict[str, Type]:
        """Parameters and locals, by name."""
        return {**{p.name: p.type for p in self.params}, **self.locals}


@dataclass
class Program:
    """A lowered source file. `language` is ``c`` or ``python``;
    `semantics` is ``bv`` or ``math``."""

    path: str
    language: str
    semantics: str
    functions: dict[str, Function]
    source: str = ""
    #: (start_line, start_col, end_line, end_col), end exclusive, of definitions
    #: in the source of functions the tool treats as built in (`__VERIFIER_assert`,
    #: `reach_error`, ...); the replay harness blanks them out and supplies its own.
    builtin_definitions: list[tuple[int, int, int, int]] = field(default_factory=list)
    #: C's data model (``LP64`` or ``ILP32``: the width of `long`); the replay harness follows it
    data_model: str = "LP64"
    #: Python: what the replay worker must know of the source that the IR does not say
    #: (``raises``: line -> exception class of a raise statement; ``contracts``: function ->
    #: its conditions as source text; see `crosscheck.contract_runtime`)
    replay_facts: dict = field(default_factory=dict)

    def function(self, name: str) -> Function:
        return self.functions[name]
