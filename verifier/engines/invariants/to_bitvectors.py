"""Invariants between the integer reading of a `bv` program and its bit-vectors.

`to_bv` carries an invariant over numbers (integer constants named after the
program's variables, each the number the variable holds) into the `bv`
transition system's terms exactly: every number is its variable sign- or
zero-extended to a width (`bit_width`) at which no arithmetic in the formula
can wrap. `lift_bv` goes the other way, heuristically: a bit-vector invariant
read over numbers, a candidate the caller re-checks.
"""

from __future__ import annotations

import z3

from ... import ir
from ...encode import TransitionSystem

__all__ = ["to_bv", "lift_bv", "bit_width"]


class _NoReading(Exception):
    """A term without an exact translation."""


def bit_width(term: z3.ExprRef, types: dict[str, ir.Type]) -> int | None:
    """Bits enough to hold every intermediate value of the integer `term`
    (two's complement), or None if `term` has an operation `to_bv` cannot carry."""
    if z3.is_int_value(term):
        return abs(term.as_long()).bit_length() + 1
    if z3.is_const(term):
        t = types.get(term.decl().name())
        if not isinstance(t, ir.IntType) or t.bits is None:
            return None
        return t.bits + (0 if t.signed else 1)
    kind = term.decl().kind()
    if kind == z3.Z3_OP_SELECT:
        t = _array_type(term.arg(0), types)
        if t is None or not isinstance(t.elem, ir.IntType) or t.elem.bits is None:
            return None
        return t.elem.bits + (0 if t.elem.signed else 1)
    if kind == z3.Z3_OP_ITE:
        widths = [bit_width(term.arg(1), types), bit_width(term.arg(2), types)]
        return None if None in widths else max(widths)
    widths = [bit_width(c, types) for c in term.children()]
    if any(w is None for w in widths):
        return None
    if kind in (z3.Z3_OP_ADD, z3.Z3_OP_SUB):
        return max(widths) + len(widths).bit_length()
    if kind == z3.Z3_OP_UMINUS:
        return widths[0] + 1
    if kind == z3.Z3_OP_MUL:
        return sum(widths)
    if kind in (z3.Z3_OP_MOD, z3.Z3_OP_IDIV) and z3.is_int_value(term.arg(1)) and term.arg(1).as_long() != 0:
        return widths[0] + 1
    return None


def _array_type(term: z3.ExprRef, types: dict[str, ir.Type]) -> ir.ArrayType | None:
    """The IR type of an array constant of the integer reading, or None."""
    if not z3.is_const(term):
        return None
    t = types.get(term.decl().name())
    return t if isinstance(t, ir.ArrayType) else None


def to_bv(formula: z3.BoolRef, ts: TransitionSystem) -> z3.BoolRef | None:
    """`formula` (over integer constants named like `ts`'s variables, each the
    number that variable holds, and integer-indexed arrays of such numbers) as a
    formula over `ts`'s bit-vector state; None if it uses something without an
    exact translation.

    An array element `a[x]` translates when `x` is certainly an index of `a`'s
    index type (a variable or constant of a type within it, or a quantified
    index), or when it is an index expression of the body of ``forall k. G(k) -> P(k)``
    that `G` keeps within the index type (``b[k + 1]`` under ``0 <= k < i - 1``: the
    element is then read at the expression computed wide enough, exactly, and cut
    to the index type, which changes no value `G` allows; where `G` fails, both
    readings hold); ``forall k. P(k)`` over an integer `k` translates to a quantifier
    over the index type's bit-vectors when `P(k)` holds for every `k` outside
    that type's range (as ``0 <= k < i -> ...`` does)."""
    types = dict(ts.variables)
    current = dict(ts.current)
    memo: dict[int, z3.ExprRef] = {}
    alive: list[z3.ExprRef] = []  # the memo's terms, kept: z3 reuses the id of a freed term
    guarded: set[int] = set()  # index expressions a quantifier's guard keeps within the index type

    def boolean(f: z3.ExprRef) -> z3.BoolRef:
        key = f.get_id()
        if key in memo:
            return memo[key]
        if z3.is_true(f) or z3.is_false(f):
            out = f
        elif z3.is_const(f):
            name = f.decl().name()
            if name not in types or not isinstance(types[name], ir.BoolType):
                raise _NoReading(name)
            out = ts.current[name]
        elif z3.is_and(f):
            out = z3.And(*[boolean(c) for c in f.children()])
        elif z3.is_or(f):
            out = z3.Or(*[boolean(c) for c in f.children()])
        elif z3.is_not(f):
            out = z3.Not(boolean(f.arg(0)))
        elif z3.is_implies(f):
            out = z3.Implies(boolean(f.arg(0)), boolean(f.arg(1)))
        elif z3.is_app_of(f, z3.Z3_OP_ITE) and f.arg(1).sort() == z3.BoolSort():
            out = z3.If(boolean(f.arg(0)), boolean(f.arg(1)), boolean(f.arg(2)))
        elif (z3.is_eq(f) or z3.is_distinct(f)) and f.arg(0).sort() == z3.BoolSort():
            args = [boolean(c) for c in f.children()]
            out = args[0] == args[1] if z3.is_eq(f) else z3.Distinct(*args)
        elif z3.is_quantifier(f):
            out = forall(f)
        elif f.num_args() == 2 and f.arg(0).sort() == z3.IntSort():
            out = atom(f)
        else:
            raise _NoReading(str(f.decl()))
        memo[key] = out
        alive.append(f)
        return out

    def forall(f: z3.QuantifierRef) -> z3.BoolRef:
        if not f.is_forall() or f.num_vars() != 1 or f.var_sort(0) != z3.IntSort():
            raise _NoReading("quantifier")
        index = _quantified_index(f, types)
        name = f"{f.var_name(0)}!{len(types)}"
        k = z3.Int(name)
        body = z3.substitute_vars(f.body(), k)
        outside = z3.Or(k < index.min, k > index.max)
        ranges = [z3.And(z3.Int(n) >= t.min, z3.Int(n) <= t.max) for n, t in ts.variables.items()
                  if isinstance(t, ir.IntType) and t.bits is not None]
        solver = z3.Solver()
        solver.set("timeout", 1000)
        solver.add(*ranges, outside, z3.Not(body))
        if solver.check() != z3.unsat:
            raise _NoReading("a quantified index outside the index type")
        kb = z3.BitVec(name, index.bits)
        types[name], current[name] = index, kb
        guarded.update(_guarded_indices(body, ranges, types))
        return z3.ForAll([kb], boolean(body))

    def atom(f: z3.ExprRef) -> z3.BoolRef:
        a, b = f.arg(0), f.arg(1)
        wa, wb = bit_width(a, types), bit_width(b, types)
        if wa is None or wb is None:
            raise _NoReading(str(f))
        # leaves compare exactly at their own width: no extension keeps quantified facts easy for the solvers
        w = max(wa, wb) + (0 if _leaf(a) and _leaf(b) else 1)
        x, y = term(a, w), term(b, w)
        kind = f.decl().kind()
        if kind == z3.Z3_OP_EQ:
            return x == y
        if kind == z3.Z3_OP_DISTINCT:
            return x != y
        ops = {z3.Z3_OP_LE: lambda: x <= y, z3.Z3_OP_LT: lambda: x < y,
               z3.Z3_OP_GE: lambda: x >= y, z3.Z3_OP_GT: lambda: x > y}
        if kind not in ops:
            raise _NoReading(str(f.decl()))
        return ops[kind]()

    def term(t: z3.ExprRef, w: int) -> z3.ExprRef:
        if z3.is_int_value(t):
            return z3.BitVecVal(t.as_long() % (1 << w), w)
        if z3.is_const(t):
            name = t.decl().name()
            typ = types[name]
            v = current[name]
            ext = z3.SignExt if typ.signed else z3.ZeroExt
            return ext(w - typ.bits, v) if w > typ.bits else v
        kind = t.decl().kind()
        args = t.children()
        if kind == z3.Z3_OP_SELECT:
            array = _array_type(args[0], types)
            if array is None or array.index.bits is None:
                raise _NoReading("an array element")
            if _within(args[1], array.index, types):
                index = term(args[1], array.index.bits)
            elif args[1].get_id() in guarded and (wide := bit_width(args[1], types)) is not None:
                index = term(args[1], max(wide, array.index.bits))
                if wide > array.index.bits:
                    index = z3.Extract(array.index.bits - 1, 0, index)
            else:
                raise _NoReading("an array element")
            elem = array.elem
            v = z3.Select(current[args[0].decl().name()], index)
            ext = z3.SignExt if elem.signed else z3.ZeroExt
            return ext(w - elem.bits, v) if w > elem.bits else v
        if kind == z3.Z3_OP_ADD:
            out = term(args[0], w)
            for c in args[1:]:
                out = out + term(c, w)
            return out
        if kind == z3.Z3_OP_SUB:
            out = term(args[0], w)
            for c in args[1:]:
                out = out - term(c, w)
            return out
        if kind == z3.Z3_OP_UMINUS:
            return -term(args[0], w)
        if kind == z3.Z3_OP_MUL:
            out = term(args[0], w)
            for c in args[1:]:
                out = out * term(c, w)
            return out
        if kind in (z3.Z3_OP_MOD, z3.Z3_OP_IDIV):
            d = abs(args[1].as_long())
            a = term(args[0], w)
            dv = z3.BitVecVal(d, w)
            m = z3.SRem(a, dv)
            m = z3.If(m < 0, m + dv, m)  # Euclidean remainder, in [0, d)
            if kind == z3.Z3_OP_MOD:
                return m
            q = (a - m) / dv  # exact division
            return q if args[1].as_long() > 0 else -q
        if kind == z3.Z3_OP_ITE:
            return z3.If(boolean(args[0]), term(args[1], w), term(args[2], w))
        raise _NoReading(str(t.decl()))

    try:
        return boolean(formula)
    except (_NoReading, z3.Z3Exception):
        return None




def _leaf(t: z3.ExprRef) -> bool:
    """A constant, a number or an array element: a term with no arithmetic."""
    return z3.is_const(t) or z3.is_int_value(t) or z3.is_app_of(t, z3.Z3_OP_SELECT)


def _quantified_index(f: z3.QuantifierRef, types: dict[str, ir.Type]) -> ir.IntType:
    """The index type of the arrays `f`'s bound variable indexes (all the same, or no reading)."""
    found = set()
    stack = [f.body()]
    while stack:
        t = stack.pop()
        if z3.is_app_of(t, z3.Z3_OP_SELECT) and z3.is_var(t.arg(1)):
            array = _array_type(t.arg(0), types)
            if array is None:
                raise _NoReading("an array element")
            found.add(array.index)
        stack.extend(t.children())
    if len(found) != 1:
        raise _NoReading("a quantifier over no array, or over several index types")
    (index,) = found
    if index.bits is None:
        raise _NoReading("an unbounded index")
    return index


def _guarded_indices(body: z3.BoolRef, ranges: list[z3.BoolRef], types: dict[str, ir.Type]) -> set[int]:
    """The ids of the index expressions of `body` = ``G -> P`` (array elements of `P`
    indexed by arithmetic) that `G` keeps within their array's index type, whatever
    the variables' values in their types' `ranges` (one solver query for them all)."""
    if not z3.is_implies(body):
        return set()
    guard, claim = body.arg(0), body.arg(1)
    indices: dict[int, tuple[z3.ExprRef, ir.IntType]] = {}
    stack = [claim]
    while stack:
        t = stack.pop()
        if z3.is_app_of(t, z3.Z3_OP_SELECT):
            array = _array_type(t.arg(0), types)
            if array is not None and array.index.bits is not None and not _within(t.arg(1), array.index, types):
                indices[t.arg(1).get_id()] = (t.arg(1), array.index)
        stack.extend(t.children())
    if not indices:
        return set()
    solver = z3.Solver()
    solver.set("timeout", 1000)
    solver.add(*ranges, guard, z3.Or([z3.Or(i < index.min, i > index.max) for i, index in indices.values()]))
    return set(indices) if solver.check() == z3.unsat else set()


def _within(t: z3.ExprRef, index: ir.IntType, types: dict[str, ir.Type]) -> bool:
    """Is the integer term `t` certainly a value of the type `index`?"""
    if z3.is_int_value(t):
        return index.min <= t.as_long() <= index.max
    if z3.is_const(t):
        typ = types.get(t.decl().name())
        return isinstance(typ, ir.IntType) and typ.bits is not None and index.min <= typ.min and typ.max <= index.max
    # arithmetic over such terms (``i - 1`` on an int counter): its two's complement width fits a signed index
    width = bit_width(t, types) if index.signed and index.bits is not None else None
    return width is not None and width <= index.bits


def lift_bv(formula: z3.BoolRef, ts: TransitionSystem) -> z3.BoolRef | None:
    """A bit-vector invariant (Spacer's, over `ts`'s state) read over numbers:
    signed comparisons of signed variables, unsigned ones of unsigned variables,
    `bvadd`/`bvsub`/`bvmul`/`bvneg` as exact arithmetic, low bits as a
    remainder and zero or sign extensions as the value extended. Only a candidate (the
    reading can differ where the bit-vector terms wrap): the caller re-checks it
    as an invariant of the integer reading (`to_bv`). None if it has operations
    without such a reading."""
    types = ts.variables
    signed_ops = {z3.Z3_OP_SLEQ: "<=", z3.Z3_OP_SLT: "<", z3.Z3_OP_SGEQ: ">=", z3.Z3_OP_SGT: ">"}
    unsigned_ops = {z3.Z3_OP_ULEQ: "<=", z3.Z3_OP_ULT: "<", z3.Z3_OP_UGEQ: ">=", z3.Z3_OP_UGT: ">"}

    def num(t: z3.ExprRef, signed: bool) -> z3.ArithRef:
        if z3.is_bv_value(t):
            v = t.as_long()
            if signed and v >= 1 << (t.size() - 1):
                v -= 1 << t.size()
            return z3.IntVal(v)
        if z3.is_const(t):
            name = t.decl().name()
            typ = types.get(name)
            if not isinstance(typ, ir.IntType) or typ.signed != signed:
                raise _NoReading(name)
            return z3.Int(name)
        kind = t.decl().kind()
        if kind == z3.Z3_OP_EXTRACT and t.params()[1] == 0 and not signed:
            return either(t.arg(0)) % (1 << t.size())  # the low bits
        if kind == z3.Z3_OP_ZERO_EXT or (kind == z3.Z3_OP_CONCAT and t.num_args() == 2
                                         and z3.is_bv_value(t.arg(0)) and t.arg(0).as_long() == 0):
            return num(t.arg(t.num_args() - 1), False)  # leading zeros: the unsigned value
        if kind == z3.Z3_OP_SIGN_EXT:
            return num(t.arg(0), True)
        args = [num(c, signed) for c in t.children()]
        if kind == z3.Z3_OP_BADD:
            return z3.Sum(args)
        if kind == z3.Z3_OP_BSUB:
            return args[0] - args[1]
        if kind == z3.Z3_OP_BMUL:
            out = args[0]
            for a in args[1:]:
                out = out * a
            return out
        if kind == z3.Z3_OP_BNEG:
            return -args[0]
        raise _NoReading(str(t.decl()))

    def either(t: z3.ExprRef) -> z3.ArithRef:
        """`t` read with its variables' own signedness."""
        try:
            return num(t, True)
        except _NoReading:
            return num(t, False)

    def boolean(f: z3.ExprRef) -> z3.BoolRef:
        if z3.is_true(f) or z3.is_false(f):
            return f
        if z3.is_and(f):
            return z3.And(*[boolean(c) for c in f.children()])
        if z3.is_or(f):
            return z3.Or(*[boolean(c) for c in f.children()])
        if z3.is_not(f):
            return z3.Not(boolean(f.arg(0)))
        if z3.is_const(f) and isinstance(types.get(f.decl().name()), ir.BoolType):
            return f
        kind = f.decl().kind()
        if kind in signed_ops or kind in unsigned_ops:
            signed = kind in signed_ops
            a, b = num(f.arg(0), signed), num(f.arg(1), signed)
            return {"<=": a <= b, "<": a < b, ">=": a >= b, ">": a > b}[(signed_ops | unsigned_ops)[kind]]
        if (z3.is_eq(f) or z3.is_distinct(f)) and z3.is_bv(f.arg(0)):
            for signed in (True, False):
                try:
                    a, b = num(f.arg(0), signed), num(f.arg(1), signed)
                except _NoReading:
                    continue
                return a == b if z3.is_eq(f) else a != b
        raise _NoReading(str(f.decl()))

    try:
        return boolean(formula)
    except (_NoReading, z3.Z3Exception):
        return None
