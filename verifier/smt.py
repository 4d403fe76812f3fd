"""IR expressions to z3 terms, bit-precise or mathematical, with their checks.

`TermEncoder.expr` returns the z3 term of an expression and records, for every
operation that can fail (signed overflow, division by zero, INT_MIN / -1, bad
shifts), the condition under which it is safe, guarded by the condition under
which it is evaluated (short-circuit operators and `?:` only evaluate one side).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import z3

from . import bitwise, ir
from .arrays import ArrayValue, array_from_z3, array_to_z3
from .cfa import BOUND_CHECK
from .check_sites import access_text
from .errors import AnalysisUnsupported
from .sequencing import Sequencing


class EncodeUnsupported(AnalysisUnsupported):
    """An operation the chosen semantics cannot encode (e.g. floor division on fixed-width ints)."""


@dataclass(frozen=True)
class Obligation:
    """`safe` must hold whenever `guard` does, else check `kind` fails at `loc`.
    `assumes` are the indices (in the same action's list) of the obligations
    evaluated before this one in every order the language allows: only they
    may be assumed to have held when this one is checked."""

    kind: str
    loc: ir.Loc
    guard: z3.BoolRef
    safe: z3.BoolRef
    text: str
    assumes: tuple[int, ...] = ()

    @functools.cached_property
    def held(self) -> z3.BoolRef:
        """The obligation as a fact: where its guard holds, it is safe (made once:
        every later obligation of the action may assume it)."""
        return z3.Implies(self.guard, self.safe)


def assumed_before(obligations: list[Obligation], ob: Obligation) -> list[z3.BoolRef]:
    """What `ob` may assume of the other obligations of its action."""
    return [obligations[i].held for i in ob.assumes]


def sort_of(t: ir.Type) -> z3.SortRef:
    """The z3 sort of an IR type."""
    if isinstance(t, ir.BoolType):
        return z3.BoolSort()
    if isinstance(t, ir.ArrayType):
        return z3.ArraySort(sort_of(t.index), sort_of(t.elem))
    if t.bits is None:
        return z3.IntSort()
    return z3.BitVecSort(t.bits)


def to_python(value: z3.ExprRef, t: ir.Type, model: z3.ModelRef | None = None) -> int | ArrayValue:
    """A model value as a Python int, signed according to `t` (an `ArrayValue`
    for arrays: `model` interprets the array functions it may refer to)."""
    if isinstance(t, ir.BoolType):
        return 1 if z3.is_true(value) else 0
    if isinstance(t, ir.ArrayType):
        parts = {"index": t.index, "elem": t.elem}
        return array_from_z3(value, model, lambda term, part: to_python(term, parts[part]))
    if t.bits is None:
        return value.as_long()
    return t.wrap(value.as_long())


def from_python(value: int | ArrayValue, t: ir.Type) -> z3.ExprRef:
    """A Python int (an `ArrayValue` for arrays) as a z3 value of `t`."""
    if isinstance(t, ir.BoolType):
        return z3.BoolVal(bool(value))
    if isinstance(t, ir.ArrayType):
        if isinstance(value, int):  # every element `value`
            return z3.K(sort_of(t.index), from_python(value, t.elem))
        parts = {"index": t.index, "elem": t.elem}
        return array_to_z3(value, sort_of(t.index), lambda v, part: from_python(v, parts[part]))
    if t.bits is None:
        return z3.IntVal(value)
    return z3.BitVecVal(value & ((1 << t.bits) - 1), t.bits)


class TermEncoder:
    """Encodes expressions over an environment of z3 terms.

    `nondet(expr)` supplies the term for a `Nondet` node (the caller decides
    its naming). Obligations accumulate in `obligations` in evaluation order.

    With `in_order` (Python) operands are evaluated left to right, so each
    obligation assumes every one before it. Otherwise (C, where the order of
    unsequenced operands is unspecified) an obligation assumes only those of its
    own operands and those before a sequence point (`&&`, `||`, `?:`): a check
    must not rely on a sibling operand that the compiler may evaluate later.
    """

    def __init__(self, nondet: Callable[[ir.Nondet], z3.ExprRef], in_order: bool = False) -> None:
        self.nondet = nondet
        self.in_order = in_order
        self.obligations: list[Obligation] = []
        self.order = Sequencing()

    def expr(self, e: ir.Expr, env: dict[str, z3.ExprRef], guard: z3.BoolRef) -> z3.ExprRef:
        method = getattr(self, "_" + type(e).__name__.lower(), None)
        if method is None:
            raise EncodeUnsupported(f"unsupported expression {type(e).__name__}", getattr(e, "loc", ir.NOWHERE))
        self.order.enter(len(self.obligations))
        try:
            return method(e, env, guard)
        finally:
            self.order.leave()

    def sequenced(self, first: ir.Expr, env, guard: z3.BoolRef) -> tuple[z3.ExprRef, list[int]]:
        """Encode `first`, the operand before a sequence point: its term and its obligations."""
        start = len(self.obligations)
        return self.expr(first, env, guard), list(range(start, len(self.obligations)))

    def _oblige(self, kind: str, loc: ir.Loc, guard: z3.BoolRef, safe: z3.BoolRef, text: str) -> None:
        count = len(self.obligations)
        assumes = tuple(range(count)) if self.in_order else self.order.assumable(count)
        self.obligations.append(Obligation(kind, loc, guard, safe, text, assumes))

    # leaves

    def _const(self, e: ir.Const, env, guard) -> z3.ExprRef:
        return from_python(e.value, e.type)

    def _var(self, e: ir.Var, env, guard) -> z3.ExprRef:
        return env[e.name]

    def _nondet(self, e: ir.Nondet, env, guard) -> z3.ExprRef:
        return self.nondet(e)

    def _call(self, e: ir.Call, env, guard) -> z3.ExprRef:
        raise EncodeUnsupported(f"call to {e.func} was not inlined", e.loc)

    # arrays

    def _select(self, e: ir.Select, env, guard) -> z3.ExprRef:
        array, index = self.expr(e.array, env, guard), self.expr(e.index, env, guard)
        self._check_access(e, index, env, guard)
        return z3.Select(array, index)

    def _store(self, e: ir.Store, env, guard) -> z3.ExprRef:
        """The stored value is evaluated before the index is checked (as Python does;
        C leaves the order open)."""
        array, index = self.expr(e.array, env, guard), self.expr(e.index, env, guard)
        value = self.expr(e.value, env, guard)
        self._check_access(e, index, env, guard)
        return z3.Store(array, index, value)

    def _check_access(self, e: ir.Select | ir.Store, index: z3.ExprRef, env, guard) -> None:
        """The obligation ``0 <= index < length`` (check `e.check`) of a checked access."""
        if e.length is not None:
            length = self.expr(e.length, env, guard)
            self._oblige(e.check, e.loc, guard, self._in_bounds(index, length, e.index.type), access_text(e.check))

    def _in_bounds(self, index: z3.ExprRef, length: z3.ExprRef, t: ir.Type) -> z3.BoolRef:
        """``0 <= index < length`` for values of the integer type `t`."""
        zero = from_python(0, t)
        return z3.And(_compare("le", zero, index, t), _compare("lt", index, length, t))

    # structure

    def _cast(self, e: ir.Cast, env, guard) -> z3.ExprRef:
        v = self.expr(e.arg, env, guard)
        return convert(v, e.arg.type, e.type)

    def _ite(self, e: ir.Ite, env, guard) -> z3.ExprRef:
        c, done = self.sequenced(e.cond, env, guard)
        a = self.order.after(done, lambda: self.expr(e.then, env, z3.And(guard, c)))
        b = self.order.after(done, lambda: self.expr(e.other, env, z3.And(guard, z3.Not(c))))
        return z3.If(c, a, b)

    def _unary(self, e: ir.Unary, env, guard) -> z3.ExprRef:
        a = self.expr(e.arg, env, guard)
        if e.op == "not":
            return z3.Not(a)
        t = e.type
        if e.op == "neg":
            if isinstance(t, ir.IntType) and t.bits is not None and t.signed:
                self._oblige("overflow", e.loc, guard, a != z3.BitVecVal(1 << (t.bits - 1), t.bits),
                             f"-{t.min} overflows")
            return -a
        if e.op == "bnot":
            return ~a if t.bits is not None else -a - 1
        raise EncodeUnsupported(f"unsupported operator {e.op}", e.loc)

    def _binary(self, e: ir.Binary, env, guard) -> z3.ExprRef:
        if e.op in ("land", "lor"):
            a, done = self.sequenced(e.left, env, guard)
            b = self.order.after(done, lambda: self.expr(e.right, env, z3.And(guard, a) if e.op == "land"
                                                   else z3.And(guard, z3.Not(a))))
            return z3.And(a, b) if e.op == "land" else z3.Or(a, b)
        a = self.expr(e.left, env, guard)
        b = self.expr(e.right, env, guard)
        if e.op in ("eq", "ne", "lt", "le", "gt", "ge"):
            return _compare(e.op, a, b, e.left.type)
        t = e.type
        assert isinstance(t, ir.IntType)
        if t.bits is None:
            return self._math(e, a, b, guard)
        return self._bits(e, a, b, t, guard)

    def _math(self, e: ir.Binary, a, b, guard) -> z3.ExprRef:
        op = e.op
        if op == "add":
            return a + b
        if op == "sub":
            return a - b
        if op == "mul":
            return a * b
        if op in ("div", "mod", "floordiv", "floormod"):
            self._oblige("div-by-zero", e.loc, guard, b != 0, "division by zero")
            if op in ("floordiv", "floormod"):
                q = z3.If(b > 0, a / b, (-a) / (-b))
            else:  # C truncates toward zero
                mag = z3.If(a >= 0, a, -a) / z3.If(b >= 0, b, -b)
                q = z3.If((a >= 0) == (b >= 0), mag, -mag)
            return q if op in ("div", "floordiv") else a - b * q
        if op in ("shl", "shr"):
            self._oblige("shift", e.loc, guard, z3.simplify(b >= 0), "negative shift count")
            term, exact, why = bitwise.shift(op, a, b)
        elif op in ("band", "bor", "bxor"):
            term, exact, why = bitwise.bitwise(op, a, b)
        else:
            raise EncodeUnsupported(f"unsupported operator {op} on unbounded integers", e.loc)
        if exact is not None:  # outside it the reading is incomplete, not wrong: see `bitwise`
            self._oblige(BOUND_CHECK, e.loc, guard, exact, why)
        return term

    def _bits(self, e: ir.Binary, a, b, t: ir.IntType, guard) -> z3.ExprRef:
        op, n = e.op, t.bits
        assert n is not None
        if op in ("add", "sub", "mul"):
            result = {"add": a + b, "sub": a - b, "mul": a * b}[op]
            if t.signed:
                wide = {"add": lambda x, y: x + y, "sub": lambda x, y: x - y, "mul": lambda x, y: x * y}[op]
                ext = n if op == "mul" else 1
                exact = wide(z3.SignExt(ext, a), z3.SignExt(ext, b))
                self._oblige("overflow", e.loc, guard, exact == z3.SignExt(ext, result),
                             f"signed {op} overflows {t}")
            return result
        if op in ("div", "mod"):
            self._oblige("div-by-zero", e.loc, guard, b != 0, "division by zero")
            if t.signed:
                int_min = z3.BitVecVal(1 << (n - 1), n)
                self._oblige("overflow", e.loc, guard, z3.Not(z3.And(a == int_min, b == -1)),
                             f"{t.min} / -1 overflows")
                return a / b if op == "div" else z3.SRem(a, b)
            return z3.UDiv(a, b) if op == "div" else z3.URem(a, b)
        if op in ("shl", "shr"):
            count_t = e.right.type
            assert isinstance(count_t, ir.IntType) and count_t.bits is not None
            m = count_t.bits
            in_range = z3.ULT(b, z3.BitVecVal(n, m)) if not count_t.signed else z3.And(b >= 0, b < n)
            self._oblige("shift", e.loc, guard, in_range, "shift count negative or too large")
            count = _resize(b, m, n)
            if op == "shl":
                result = a << count
                if t.signed:
                    # C: shifting a negative value, or a 1 into/past the sign bit, is undefined
                    fits = z3.LShR(a, z3.BitVecVal(n - 1, n) - count) == 0
                    self._oblige("shift", e.loc, z3.And(guard, in_range), z3.And(a >= 0, fits),
                                 "left shift of a negative value or out of range")
                return result
            return a >> count if t.signed else z3.LShR(a, count)
        if op == "band":
            return a & b
        if op == "bor":
            return a | b
        if op == "bxor":
            return a ^ b
        if op in ("floordiv", "floormod"):
            raise EncodeUnsupported("floor division on fixed-width integers", e.loc)
        raise EncodeUnsupported(f"unsupported operator {op}", e.loc)


def _resize(v: z3.ExprRef, have: int, want: int) -> z3.ExprRef:
    if have == want:
        return v
    if have > want:
        return z3.Extract(want - 1, 0, v)
    return z3.ZeroExt(want - have, v)


def _compare(op: str, a, b, t: ir.Type) -> z3.BoolRef:
    if op == "eq":
        return a == b
    if op == "ne":
        return a != b
    if isinstance(t, ir.IntType) and t.bits is not None and not t.signed:
        return {"lt": z3.ULT, "le": z3.ULE, "gt": z3.UGT, "ge": z3.UGE}[op](a, b)
    return {"lt": a < b, "le": a <= b, "gt": a > b, "ge": a >= b}[op]


def convert(v: z3.ExprRef, src: ir.Type, dst: ir.Type) -> z3.ExprRef:
    """C's (or Python's) conversion of a value of type `src` to `dst`."""
    if src == dst:
        return v
    if isinstance(dst, ir.BoolType):
        if isinstance(src, ir.BoolType):
            return v
        return v != (0 if src.bits is None else z3.BitVecVal(0, src.bits))
    if isinstance(src, ir.BoolType):
        one, zero = (z3.IntVal(1), z3.IntVal(0)) if dst.bits is None else (z3.BitVecVal(1, dst.bits), z3.BitVecVal(0, dst.bits))
        return z3.If(v, one, zero)
    if src.bits is None and dst.bits is None:
        return v
    if src.bits is None:
        return z3.Int2BV(v, dst.bits)
    if dst.bits is None:
        return z3.BV2Int(v, is_signed=src.signed)
    if dst.bits == src.bits:
        return v
    if dst.bits < src.bits:
        return z3.Extract(dst.bits - 1, 0, v)
    extend = z3.SignExt if src.signed else z3.ZeroExt
    return extend(dst.bits - src.bits, v)


def constants_of(*terms: z3.ExprRef) -> set[str]:
    """Names of the uninterpreted constants in `terms` (each shared subterm visited once, in one
    walk over them all). The walk reads z3's C API directly: the Python wrappers `subterms` builds
    cost some 25 microseconds a node, and the encodings of heap code have thousands."""
    names: set[str] = set()
    seen: set[int] = set()
    stack = [(t.ctx.ref(), t.as_ast()) for t in terms]
    while stack:
        ctx, ast = stack.pop()
        node = z3.Z3_get_ast_id(ctx, ast)
        if node in seen:
            continue
        seen.add(node)
        kind = z3.Z3_get_ast_kind(ctx, ast)
        if kind == z3.Z3_QUANTIFIER_AST:
            stack.append((ctx, z3.Z3_get_quantifier_body(ctx, ast)))
        elif kind == z3.Z3_APP_AST:
            arity = z3.Z3_get_app_num_args(ctx, ast)
            if arity:
                stack.extend((ctx, z3.Z3_get_app_arg(ctx, ast, i)) for i in range(arity))
            elif z3.Z3_get_decl_kind(ctx, decl := z3.Z3_get_app_decl(ctx, ast)) == z3.Z3_OP_UNINTERPRETED:
                symbol = z3.Z3_get_decl_name(ctx, decl)
                names.add(z3.Z3_get_symbol_string(ctx, symbol) if z3.Z3_get_symbol_kind(ctx, symbol) == z3.Z3_STRING_SYMBOL
                          else f"k!{z3.Z3_get_symbol_int(ctx, symbol)}")  # as `FuncDeclRef.name` shows it
    return names


def subterms(*terms: z3.ExprRef) -> Iterator[z3.ExprRef]:
    """Every distinct subterm of `terms`, each once (iterative: deep or shared terms are fine)."""
    seen: set[int] = set()
    stack = list(terms)
    while stack:
        t = stack.pop()
        if t.get_id() in seen:
            continue
        seen.add(t.get_id())
        yield t
        stack.extend(t.children())
