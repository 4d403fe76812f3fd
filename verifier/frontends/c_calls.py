"""The arguments of a call to a function of the file, arrays and structs included.

`CallLowerer.call_arguments` lowers a call's arguments to the callee's IR
parameters (see `verifier.frontends.c` for how parameters are flattened):

- an integer is converted to the parameter's type;
- an array (a local, global or parameter array variable, or a string
  literal) is passed as its value and its real length. The callee's
  parameter convention (its length parameter is the array's length) is an
  entry assumption (`ir.Assume.entry`) that the call does not make: the
  callee's body runs on the caller's real arrays, whatever length is passed
  (``sum(a, k)`` with ``k`` below, at or past ``a``'s length), its checks
  against the real lengths, as in C;
- ``&x`` of a local integer variable is the one-element array holding `x`;
- a struct by value is its fields (an array element's too); a struct
  pointer (``&s`` of a struct variable, or a struct pointer parameter) is the
  fields of that object;
- an array of structs is each field's array and length.

Arrays are values in the IR, so a callee's writes through an array or
struct pointer parameter would not reach the caller: every such call is
recorded in `by_reference` with the caller variables its by-reference
arguments designate, and `verifier.frontends.c_copy_out` inlines the calls
whose callee writes through them. A call passing a pointer variable or an
array at an offset (``a + 1``), or of a function returning a pointer, is
inlined instead (`verifier.frontends.c_inline`).
"""

from __future__ import annotations

from dataclasses import replace

from lark import Tree

from ..ir import NOWHERE, Const, Expr, Loc, Store, Var
from .c_base import Sig, Val
from .c_operand_effects import Effects, Unsettled, clash, designated, effects, may_clash_later, refusal
from .c_copy_out import OutCall
from .c_block_calls import BlockCallLowerer
from .c_structs import StructRef
from .c_types import CArray, CInt, CPointer, CStruct, CStructArray, lifted, struct_leaves

__all__ = ["CallLowerer"]


class CallLowerer(BlockCallLowerer):
    """Call arguments (see the module doc)."""

    def inlines(self, name: str, args: list[Tree]) -> bool:
        """The call is lowered by inlining the callee (`c_inline`), not as a `Call`."""
        return False

    def inlined_value(self, name: str, args: list[Tree], loc: Loc) -> Val:
        """The value of an inlined call (`c_inline`)."""
        raise NotImplementedError

    def refuse_clashing_operands(self, spans: list[tuple[int, int, Expr | None]],
                                 found: list[Effects] | None = None) -> None:
        """Operands C may evaluate in any order (spans as `check_pure_operands_first`'s) that
        change what another reads make the function unsupported (`c_operand_effects`; `found`:
        their effects when the caller knows them better); a pair that may clash once every
        object a pointer designates is known waits in `unsettled_clashes`; a call passing
        arrays by reference gets its siblings' reads (`OutCall.beside_reads`)."""
        if not any(end > first for first, end, _ in spans):
            return  # expressions without statements write nothing
        found = found or [effects(self.out[first:end], e) for first, end, e in spans]
        names = designated(self.pointer_targets)
        by_reference = {(c.callee, c.loc): k for k, c in enumerate(self.by_reference)}
        for i, ((first, end, _), mine) in enumerate(zip(spans, found)):
            others = [o for j, o in enumerate(found) if j != i]
            at = getattr(self.out[first], "loc", NOWHERE) if end > first else NOWHERE
            what = next((w for o in others if (w := clash(mine, o, names))), None)
            if what is not None:
                raise refusal(self.unit.path, at, what)
            self.unsettled_clashes += [Unsettled(mine, o, at) for o in others if may_clash_later(mine, o)]
            beside = frozenset().union(*(o.reads | o.writes for o in others))
            for call in mine.calls:
                if (k := by_reference.get((call.func, call.loc))) is not None:
                    out_call = self.by_reference[k]
                    self.by_reference[k] = replace(out_call, beside_reads=out_call.beside_reads | beside)

    def call_arguments(self, name: str, sig: Sig, args: list[Tree], loc: Loc) -> list[Expr]:
        assert sig.params is not None
        lowered: list[tuple[str, object]] = []
        by_reference: set[int] = set()
        start, spans, by_value = len(self.out), [], []  # by_value: a struct's fields read beside the others
        for k, (arg, pt) in enumerate(zip(args, sig.params)):
            if isinstance(pt, CInt):
                begin = len(self.out)
                v = self.value(self.expr(arg), arg)
                spans.append((begin, len(self.out), v.expr))
                lowered.append(("int", self.anchored(self.conv(v, pt), v.expr, loc)))
            elif isinstance(pt, CArray):
                lowered.append(("array", self._array(arg, pt, name)))
                by_reference.add(k)
            elif isinstance(pt, CStruct):
                begin = len(self.out)
                lowered.append(("fields", self._fields(arg, pt, name, pointer=False)))
                by_value.append((begin, len(self.out), lowered[-1][1]))
            elif isinstance(pt, CStructArray):
                lowered.append(("arrays", self._struct_array(arg, pt, name)))
                by_reference.add(k)
            else:
                assert isinstance(pt, CPointer)
                lowered.append(("fields", self._fields(arg, pt.target, name, pointer=True)))
                by_reference.add(k)
        self.refuse_clashing_operands(spans + [(first, end, None) for first, end, _ in by_value],
                                      [effects(self.out[first:end], e) for first, end, e in spans]
                                      + [effects(self.out[first:end], None, *f) for first, end, f in by_value])
        self.check_pure_operands_first(start, spans)
        out: list[Expr] = []
        targets: dict[int, str | None] = {}  # IR argument position -> the caller variable it designates
        scalars: set[int] = set()  # positions of ``&x`` of an integer variable (a one-element array)
        for k, (kind, value) in enumerate(lowered):
            if kind == "array":
                array, actual, target = value  # type: ignore[misc]
                if target is not None and not isinstance(array, Var):
                    scalars.add(len(out))
                targets[len(out)] = target
                out += [array, actual]
            elif kind == "arrays":  # an array of structs: each field's array and length
                for array, actual, target, field_type in value:  # type: ignore[misc,union-attr]
                    targets[len(out)] = target
                    out += [array, actual]
            elif kind == "fields":
                if k in by_reference:
                    targets.update((len(out) + j, v.name) for j, v in enumerate(value))  # type: ignore[arg-type]
                out += value  # type: ignore[operator]
            else:
                out.append(value)  # type: ignore[arg-type]
        if by_reference:
            self.by_reference.append(OutCall(name, loc, targets, frozenset(scalars)))
        return out

    def _array(self, arg: Tree, pt: CArray, callee: str) -> tuple[Expr, Expr, str | None]:
        """(the array's value, its real length, the caller variable it is or None)
        of an array argument; ``&x`` of a local integer variable is the
        one-element array holding `x`."""
        loc = self.loc(arg)
        if arg.data == "unop" and str(arg.children[0]) == "&" and arg.children[1].data == "var" \
                and pt.dims == (None,):
            entry = self.lookup(str(arg.children[1].children[0]))
            if entry is not None and entry[0] == "var" and self.T.ir(entry[2]) == self.T.ir(pt.elem):
                at = self.T.array(pt)
                one = Store(Const(0, at, loc), Const(0, at.index, loc), Var(entry[1], at.elem, loc), None, at,
                            "bounds", loc)
                return one, Const(1, self.T.index, loc), entry[1]
        if arg.data == "string_lit":
            chars = self.string_bytes(arg)
            t = CArray(pt.elem, (len(chars) + 1,))
            name = self.temp_array(t, loc)
            _, stmts, _ = self.array_initialiser(name, t, arg, loc)
            self.out += stmts
            return Var(name, self.T.array(pt), loc), Const(t.size, self.T.index, loc), None
        entry = self.lookup(str(arg.children[0])) if arg.data == "var" else None
        if entry is None or entry[0] not in ("array", "garray"):
            raise self.unsupported(arg, f"unsupported construct: argument '{self.text(arg)}' of '{callee}' (only an "
                                   "array variable or a string literal is passed as an array)")
        t: CArray = entry[2]
        if self.T.ir(t.elem) != self.T.ir(pt.elem) or t.dims[1:] != pt.dims[1:]:
            raise self.error(arg, f"argument '{self.text(arg)}' of '{callee}' has type '{t}', not '{pt}'")
        if entry[0] == "garray":
            self.globals_read.setdefault(entry[1], loc)
        return Var(entry[1], self.T.array(pt), loc), self.array_length(entry[1], t, loc), entry[1]

    def _struct_array(self, arg: Tree, pt: CStructArray, callee: str) -> list[tuple[Expr, Expr, str, CArray]]:
        """(array value, real length, caller variable, callee field type) of each
        field of an array of structs argument (a variable naming one)."""
        loc = self.loc(arg)
        entry = self.lookup(str(arg.children[0])) if arg.data == "var" else None
        if entry is None or entry[0] != "sarray" or len(entry[4]) != 1:
            raise self.unsupported(arg, f"unsupported construct: argument '{self.text(arg)}' of '{callee}' (only a "
                                   "one-dimensional array of structs variable is passed as an array of structs)")
        _, prefix, suffix, t, dims = entry
        if t != pt.target:
            raise self.error(arg, f"argument '{self.text(arg)}' of '{callee}' has type '{t} *', not '{pt.target} *'")
        out = []
        for path, ft in struct_leaves(t):
            name = f"{prefix}{path}{suffix}"
            self.note_global(name, False, loc)
            mine, theirs = lifted(ft, dims), lifted(ft, pt.dims)
            out.append((Var(name, self.T.array(theirs), loc), self.array_length(name, mine, loc), name, theirs))
        return out

    def _fields(self, arg: Tree, t: CStruct, callee: str, pointer: bool) -> list[Expr]:
        """The field values of a struct argument (by value, or the object a pointer argument designates)."""
        loc = self.loc(arg)
        found = None
        if pointer and arg.data == "unop" and str(arg.children[0]) == "&":
            found = self.struct_place(arg.children[1])
            if found is not None and found.outer:
                raise self.unsupported(arg, f"unsupported construct: argument '{self.text(arg)}' of '{callee}' (the "
                                       "address of an array element of structs is not passed)")
        elif pointer and arg.data == "var":
            entry = self.lookup(str(arg.children[0]))
            if entry is not None and entry[0] == "struct" and entry[4]:
                found = StructRef(entry[1], entry[2], entry[3])
        elif not pointer:
            found = self.struct_place(arg)
        if found is None:
            what = "&s of a struct variable or a struct pointer parameter" if pointer else "a struct variable"
            raise self.unsupported(arg, f"unsupported construct: argument '{self.text(arg)}' of '{callee}' "
                                   f"(only {what} is passed)")
        if found.ctype != t:
            raise self.error(arg, f"argument '{self.text(arg)}' of '{callee}' has type '{found.ctype}', not '{t}'")
        out: list[Expr] = []
        for path, ft in struct_leaves(t):
            self.note_global(found.name(path), False, loc)
            if isinstance(ft, CArray) and found.outer:  # an element's array field: its elements, as an array value
                at = self.T.array(ft)
                value: Expr = Const(0, at, loc)
                for k in range(ft.size or 0):
                    element = self.element_at(found.name(path), CArray(ft.elem, found.dims + (ft.size,)),
                                              list(found.outer) + [Const(k, self.T.index, loc)], loc)
                    value = Store(value, Const(k, at.index, loc), element.current, None, at, "bounds", loc)
                out.append(value)
            elif found.outer:
                out.append(self.element_at(found.name(path), lifted(ft, found.dims), list(found.outer), loc).current)
            else:
                out.append(Var(found.name(path), self.T.array(ft) if isinstance(ft, CArray) else self.T.ir(ft), loc))
        return out
