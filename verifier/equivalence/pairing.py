"""Two encoded functions side by side: linked inputs and when two ends agree.

`Pair(a, b)` holds two `Side`s whose parameters take the same input: equal as
integers, each within its own type (so a C/Python pair ranges over the C
domain). An execution ends by returning (the exit), by a failing check of
some kind, or is discarded (an ``assume`` does not hold: the input is outside
that side's precondition). Two executions on the same input *agree* when both
return equal values (or both fall off the end) or both fail with the same
kind of check; a recursion cut by the inlining bound is never an agreement.
Returning alike includes the `outputs` (`effects.Output`: arguments changed in
place, written globals, a returned list): equal scalars, and arrays of equal
length whose meaningful elements are equal. An array is compared at one index
`witness` left free: a formula is unsatisfiable (a proof obligation, a Horn
clause, which binds it like every other variable) only if it is for every
index, and a model of a difference picks the index where the arrays differ.
"""

from __future__ import annotations

import z3

from .. import ir
from ..arrays import ArrayValue, array_from_z3
from ..cfa import MAX_INLINE_DEPTH
from ..int_reading import int_range
from ..registry import UnknownReason
from .effects import Output, Slot
from .side_encoding import BOUND, RETURNED, Side, clamp_value

__all__ = ["Pair", "same_value", "model_int", "range_facts", "BOUND_REASON"]

BOUND_REASON = UnknownReason.INCOMPLETE.describe(f"recursion deeper than {MAX_INLINE_DEPTH} inlined calls is not "
                                                "compared (the inlining bound)")


def _as_int(v: z3.ExprRef, t: ir.Type) -> z3.ExprRef:
    if z3.is_bool(v):
        return z3.If(v, z3.IntVal(1), z3.IntVal(0))
    if z3.is_bv(v):
        return z3.BV2Int(v, is_signed=isinstance(t, ir.IntType) and t.signed)
    return v


def same_value(va: z3.ExprRef, ta: ir.Type, vb: z3.ExprRef, tb: ir.Type) -> z3.BoolRef:
    """The two values are the same integer (a truth value counts as 0/1)."""
    if va.sort() == vb.sort() and (ta == tb or not z3.is_bv(va)):
        return va == vb
    if z3.is_bv(va) and z3.is_bv(vb):
        width = max(va.size(), vb.size()) + 1

        def ext(v, t):
            extend = z3.SignExt if t.signed else z3.ZeroExt
            return extend(width - v.size(), v)

        return ext(va, ta) == ext(vb, tb)
    return _as_int(va, ta) == _as_int(vb, tb)


def model_int(model: z3.ModelRef, term: z3.ExprRef, t: ir.Type):
    """The value of `term` in `model` as a Python int (signed per `t`); an
    array's as an `ArrayValue` of such ints."""
    v = model.eval(term, model_completion=True)
    if isinstance(t, ir.ArrayType):
        return array_from_z3(v, model, lambda x, part: model_int(model, x, t.index if part == "index" else t.elem))
    if z3.is_bool(v):
        return 1 if z3.is_true(v) else 0
    if z3.is_bv(v):
        return t.wrap(v.as_long()) if isinstance(t, ir.IntType) else v.as_long()
    return v.as_long()


def range_facts(side: Side, names, terms: dict[str, z3.ExprRef]) -> list[z3.BoolRef]:
    """In the integer encoding, each fixed-width variable of `names` lies in its
    type's range (true of every value the encoding stores)."""
    if side.mode != "int":
        return []
    out = []
    for n in names:
        t = side.variables[n]
        if isinstance(t, ir.IntType) and t.bits is not None:
            out.append(int_range(terms[n], t))
    return out


class Pair:
    """Two sides with linked inputs. `codes` numbers the kinds of failing checks
    (the unrolling's program counter takes these negative values when a side
    fails); `ghosts` are copies of A's parameters for product invariants."""

    def __init__(self, a: Side, b: Side, outputs: list[Output] | None = None) -> None:
        self.a, self.b = a, b
        #: what both sides leave for their caller besides the value returned, compared at the exits
        self.outputs = list(outputs or [])
        self.witnesses = [z3.Const(f"out!{k}", _index_sort(a, o.a)) for k, o in enumerate(self.outputs)
                          if o.a.length is not None]
        kinds = sorted(a.kinds | b.kinds | {BOUND})
        self.codes = {k: -(i + 1) for i, k in enumerate(kinds)}
        self.ghosts = {p.name: z3.Const(f"in!{p.name}", a.sort(p.type)) for p in a.params}
        #: a recursion is cut by the inlining bound: such executions are never compared
        self.bounded = BOUND in (a.kinds | b.kinds)

    # ------------------------------------------------------------ inputs

    def domain(self, sa: dict[str, z3.ExprRef], sb: dict[str, z3.ExprRef]) -> z3.BoolRef:
        """Both sides' parameters (in states `sa`, `sb`) hold the same input."""
        facts = []
        for pa, pb in zip(self.a.params, self.b.params):
            va, vb = sa[pa.name], sb[pb.name]
            if self.a.mode == "int":
                facts.append(int_range(va, pa.type))
            if self.b.mode == "int":
                facts.append(int_range(vb, pb.type))
            facts.append(same_value(va, pa.type, vb, pb.type))
        return z3.And(facts) if facts else z3.BoolVal(True)

    def results_agree(self, sa: dict[str, z3.ExprRef], sb: dict[str, z3.ExprRef]) -> z3.BoolRef:
        """Both have returned (states at the exits): the same value, or both without one."""
        ra, rb = self.a.ret_var, self.b.ret_var
        effects = self.outputs_agree(sa, sb)
        if ra is None or rb is None:
            return effects
        fa, fb = sa[RETURNED], sb[RETURNED]
        value = same_value(sa[ra], self.a.variables[ra], sb[rb], self.b.variables[rb])
        return z3.And(fa == fb, z3.Implies(fa, value), effects)

    def outputs_agree(self, sa: dict[str, z3.ExprRef], sb: dict[str, z3.ExprRef]) -> z3.BoolRef:
        """The `outputs` are equal at the exits (arrays: at the free index of `witnesses`)."""
        facts = []
        witnesses = iter(self.witnesses)
        for o in self.outputs:
            if o.a.length is None:
                facts.append(same_value(sa[o.a.name], self.a.variables[o.a.name], sb[o.b.name],
                                        self.b.variables[o.b.name]))
                continue
            k = next(witnesses)
            na, nb = self._length(o.a, sa, self.a), self._length(o.b, sb, self.b)
            ta, tb = self.a.variables[o.a.name], self.b.variables[o.b.name]
            inside = z3.And(k >= 0, k < na)  # signed comparisons of bit-vectors too
            elements = same_value(self._element(sa[o.a.name], k, ta, self.a), ta.elem,
                                  self._element(sb[o.b.name], k, tb, self.b), tb.elem)
            facts += [na == nb, z3.Implies(inside, elements)]
        return z3.And(facts) if facts else z3.BoolVal(True)

    @staticmethod
    def _length(slot: Slot, state: dict[str, z3.ExprRef], side: Side) -> z3.ExprRef:
        if isinstance(slot.length, int):
            return z3.IntVal(slot.length) if side.mode == "int" else z3.BitVecVal(
                slot.length, state[slot.name].sort().domain().size())
        return state[slot.length]

    @staticmethod
    def _element(array: z3.ExprRef, k: z3.ExprRef, t: ir.ArrayType, side: Side) -> z3.ExprRef:
        """Element `k` of `array`, clamped as `side_encoding.clamp_reads` reads it (the integer reading)."""
        v = z3.Select(array, k)
        e = t.elem
        if side.mode == "int" and isinstance(e, ir.IntType) and e.bits is not None:
            return z3.If(v < e.min, z3.IntVal(e.min), z3.If(v > e.max, z3.IntVal(e.max), v))
        return v

    def inputs_of(self, model: z3.ModelRef, sa: dict[str, z3.ExprRef]) -> dict[str, int]:
        """A's parameter values in `model` (state `sa`), by name; in the integer reading an
        array's elements as the clamped reads see them (`side_encoding.clamp_value`)."""
        values = {p.name: model_int(model, sa[p.name], p.type) for p in self.a.params}
        if self.a.mode != "int":
            return values
        for p in self.a.params:
            if isinstance(p.type, ir.ArrayType) and isinstance(values[p.name], ArrayValue):
                v, elem = values[p.name], p.type.elem
                values[p.name] = ArrayValue(clamp_value(v.default, elem),
                                            {i: clamp_value(x, elem) for i, x in v.entries.items()})
        return values


def _index_sort(side: Side, slot: Slot) -> z3.SortRef:
    """The sort of the indices of `side`'s array `slot`."""
    return side.current[slot.name].sort().domain()
