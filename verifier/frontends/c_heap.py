"""Heap blocks of `malloc`/`calloc`, and `free`, over the points-to lowering of `c_pointers`.

`HeapLowerer` adds to `PointerLowerer` one object per allocation site: an IR
array ``$tmp#N`` of unknown length, its length ``$tmp#N#len`` (in elements)
and its state ``$tmp#N#state`` (0 not allocated yet, 1 allocated, 2 freed).

- ``p = malloc(n * sizeof(T))``, ``malloc(sizeof(T) * n)``, ``calloc(n,
  sizeof(T))``, a constant size, or (``bv``) any ``malloc(e)``: the whole
  elements in ``(size_t)e`` bytes; the block's length and state are set and
  ``p`` designates it, or NULL: an allocation may fail (as `malloc` may; a
  failure is an uninitialised flag ``$tmp#N#fails``, which a replay cannot
  make happen, so a no that needs it stays unconfirmed, while a yes has
  covered it). The
  contents are unconstrained for `malloc` and zeros for `calloc`. An allocation inside a loop is
  unsupported (one block per site);
- ``*p`` of a freed block fails check ``use-after-free``;
- ``free(p)``: check ``free``: ``p`` is NULL or the start of a block still
  allocated (not a variable, not freed already, not inside a block); the
  block is then freed;
- at each `return` and at the end of the function, a block still allocated
  fails check ``leak``, at its allocation site (pointers never leave the
  function, so nothing can free it later).
"""

from __future__ import annotations

from lark import Tree

from ..ir import (BOOL, NOWHERE, U64, Assert, Assign, Binary, Call, Const, Expr, ExprStmt, If, Ite, Loc, Nondet, Return, Stmt, Unary, Var,
                  length_name)
from .c_pointers import PValue
from .c_struct_pointers import StructPointerLowerer
from .c_types import CHAR, ULONG, CArray, CInt, CStruct, c_size, cast, lifted, struct_leaves, fold

__all__ = ["HeapLowerer", "FREE"]

#: the placeholder `free` leaves until the function's blocks are all known
FREE = "$free"


class HeapLowerer(StructPointerLowerer):
    """Allocation sites, `free`, and the heap checks (see the module doc)."""

    def allocate(self, call: Tree, elem: CInt | CStruct, loc: Loc) -> PValue:  # type: ignore[override]
        name = str(call.children[0].children[0])
        args = [a for a in call.children[1:] if a is not None]
        if len(args) != (2 if name == "calloc" else 1):
            raise self.error(call, f"'{name}' takes {2 if name == 'calloc' else 1} argument(s), {len(args)} given")
        if self.in_loop():
            raise self.unsupported(call, f"unsupported construct: {name} inside a loop (one block per call site)")
        if isinstance(elem, CStruct):
            return self._struct_block(call, args, elem, name, loc)
        count = self._elements(args, elem.bits // 8, str(elem), name)
        block = self.temp_array(CArray(elem, (None,)), loc)
        X = self.T.index
        length = Var(length_name(block), X, loc)
        state = f"{block}#state"
        self.locals[length.name], self.locals[state] = X, X
        self.used_names.update((length.name, state))
        self.out.append(Assign(length.name, cast(count, X, loc), loc))
        contents = Const(0, self.locals[block], loc) if name == "calloc" else Nondet(self.locals[block], "", NOWHERE)
        self.out.append(Assign(block, contents, NOWHERE))  # calloc's zeros; malloc's garbage, which no replay feeds
        fails = Var(f"{block}#fails", BOOL, loc)
        self.locals[fails.name] = BOOL
        self.used_names.add(fails.name)
        self.out.append(Assign(fails.name, Nondet(BOOL, "", NOWHERE), NOWHERE))  # nowhere in the source: not fed
        self.out.append(Assign(state, Ite(fails, Const(0, X, loc), Const(1, X, loc), X, loc), loc))
        number = self._object(block, elem, length, loc)
        target = self.pointer_targets[block]
        target.state, target.site = state, loc  # type: ignore[attr-defined]
        obj = Ite(fails, Const(0, number.type, loc), number, number.type, loc)
        return PValue(obj, Const(0, X, loc), elem)

    def _struct_block(self, call: Tree, args: list[Tree], t: CStruct, name: str, loc: Loc) -> PValue:
        """A block of structs: one array per field (``$tmp#N[].f``), as long as the block has structs."""
        X = self.T.index
        count = self._elements(args, c_size(t, self.pointer_bytes()), str(t), name)
        block = self.temp(None, loc, boolean=True).name
        del self.locals[block]
        structs = Var(f"{block}#len", X, loc)
        state, fails = f"{block}#state", Var(f"{block}#fails", BOOL, loc)
        self.locals[structs.name], self.locals[state], self.locals[fails.name] = X, X, BOOL
        self.out.append(Assign(structs.name, cast(count, X, loc), loc))
        prefix = f"{block}[]."
        for path, ft in struct_leaves(t):
            field = lifted(ft, (None,))
            array = self.T.array(field)
            self.locals[prefix + path] = array
            self.locals[length_name(prefix + path)] = X
            self.out.append(Assign(length_name(prefix + path), self._times(structs, field.stride, loc), loc))
            contents = Const(0, array, loc) if name == "calloc" else Nondet(array, "", NOWHERE)
            self.out.append(Assign(prefix + path, contents, NOWHERE))  # calloc's zeros; malloc's garbage, not fed
        self.out.append(Assign(fails.name, Nondet(BOOL, "", NOWHERE), NOWHERE))  # nowhere in the source: not fed
        self.out.append(Assign(state, Ite(fails, Const(0, X, loc), Const(1, X, loc), X, loc), loc))
        number = self.struct_object(prefix, "", t, (None,), loc)
        target = self.pointer_targets[prefix]
        target.state, target.site = state, loc  # type: ignore[attr-defined]
        obj = Ite(fails, Const(0, number.type, loc), number, number.type, loc)
        return PValue(obj, Const(0, X, loc), t)

    def _times(self, count: Var, stride: int, loc: Loc) -> Expr:
        """`count` * `stride` elements (-1, which no index fits, if that does not fit the index type)."""
        if stride == 1:
            return count
        X = self.T.index
        if self.T.math:
            return Binary("mul", count, Const(stride, X, loc), X, loc)
        # unsigned: no overflow check of its own (the guard below keeps it exact)
        product = cast(Binary("mul", cast(count, U64, loc), Const(stride, U64, loc), U64, loc), X, loc)
        fits = Binary("le", count, Const(X.max // stride, X, loc), BOOL, loc)
        return Ite(fits, product, Const(-1, X, loc), X, loc)

    def _elements(self, args: list[Tree], size: int, what: str, name: str) -> Expr:
        """The number of elements of `size` bytes (of type `what`) an allocation's size makes."""
        factors = args if name == "calloc" else (
            [args[0].children[0], args[0].children[2]] if args[0].data == "binop" and str(args[0].children[1]) == "*"
            else [args[0]])
        for i, f in enumerate(factors):
            if f.data in ("sizeof_type", "sizeof_expr") and self.constant(f) == size and len(factors) == 2:
                if name == "malloc" and not self.T.math and not self._product_fits(factors[1 - i]):
                    return self._whole_elements(args[0], size)  # n * sizeof(T) may wrap around in size_t
                return self.index_value(factors[1 - i])
        if len(factors) == 1:
            if size == 1:
                return self.index_value(factors[0])
            pre, v = self.capture(lambda: self.value(self.expr(factors[0]), factors[0]))
            total = fold(v.expr) if not pre and v.expr is not None else None
            if total is not None and total % size == 0:
                return Const(total // size, self.T.index)
        if name == "malloc" and not self.T.math:
            return self._whole_elements(args[0], size)
        raise self.unsupported(args[0], f"unsupported construct: {name} size '{self.text(args[0])}' (n * "
                               f"sizeof({what}) expected)")

    def _product_fits(self, count: Tree) -> bool:
        """Whether ``count * sizeof(T)`` cannot wrap around in size_t: `count`'s
        promoted type is narrower than size_t (a negative count makes a huge
        request, which fails, as an allocation may)."""
        _, v = self.capture(lambda: self.value(self.expr(count), count))
        return v.ctype is not None and self.T.promote(v.ctype).bits < self.T.ir(ULONG).bits

    def _whole_elements(self, arg: Tree, size: int) -> Expr:
        """``malloc(e)``: the elements of `size` bytes that fit in ``(size_t)e``
        bytes (every access through the pointer is a whole element; C's
        wrap-around of the size computation included)."""
        loc = self.loc(arg)
        v = self.value(self.expr(arg), arg)
        W = self.T.ir(ULONG)  # size_t
        count = Binary("div", self.conv(v, ULONG, loc), Const(size, W, loc), W, loc)
        return cast(count, self.T.index, loc)

    def free(self, arg: Tree, loc: Loc) -> None:
        """``free(p)``, checked once the function's blocks are known."""
        p = self.pointer_value(arg, CHAR)  # free takes any pointer (NULL too)
        self.out.append(ExprStmt(Call(FREE, (p.obj, p.off), self.obj_type, loc), loc))

    def in_loop(self) -> bool:
        """Lowering is inside a loop (`BodyLowerer` knows)."""
        return False

    # ------------------------------------------------------------- checks

    def _blocks(self) -> list:
        return [x for x in self.pointer_targets.values() if x.state]  # type: ignore[attr-defined]

    def heap_checks(self, s: Stmt) -> list[Stmt] | None:
        if isinstance(s, ExprStmt) and isinstance(s.expr, Call) and s.expr.func == FREE:
            return self._free(*s.expr.args, s.loc)
        if isinstance(s, Return):
            return self._leaks()
        return None

    def live_checks(self, obj: Expr, loc: Loc) -> list[Stmt]:
        X = self.obj_type
        checks: list[Stmt] = []
        for x in self._blocks():
            here = Binary("ne", obj, Const(x.number, X, loc), BOOL, loc)
            live = Binary("eq", Var(x.state, X, loc), Const(1, X, loc), BOOL, loc)
            checks.append(Assert(Binary("lor", here, live, BOOL, loc), "use-after-free", "access to freed memory",
                                 loc))
        return checks

    def _free(self, obj: Expr, off: Expr, loc: Loc) -> list[Stmt]:
        X = self.obj_type
        null = Binary("eq", obj, Const(0, X, loc), BOOL, loc)
        block: Expr = Const(0, BOOL, loc)
        for x in self._blocks():
            block = Binary("lor", block, Binary("eq", obj, Const(x.number, X, loc), BOOL, loc), BOOL, loc)
        start = Binary("eq", off, Const(0, self.T.index, loc), BOOL, loc)
        why = "free of a pointer malloc did not return, or freed twice"
        out: list[Stmt] = [Assert(Binary("lor", null, Binary("land", block, start, BOOL, loc), BOOL, loc), "free",
                                  why, loc)]
        for x in self._blocks():
            here = Binary("eq", obj, Const(x.number, X, loc), BOOL, loc)
            live = Binary("eq", Var(x.state, X, loc), Const(1, X, loc), BOOL, loc)
            out.append(Assert(Binary("lor", Unary("not", here, BOOL, loc), live, BOOL, loc), "free", why, loc))
            out.append(If(here, [Assign(x.state, Const(2, X, loc), loc)], [], loc))
        return out

    def _leaks(self) -> list[Stmt]:
        """Every block still allocated is a leak (reported at its allocation)."""
        X = self.obj_type
        return [Assert(Binary("ne", Var(x.state, X, x.site), Const(1, X, x.site), BOOL, x.site), "leak",
                       "memory allocated here is not freed", x.site) for x in self._blocks()]

    def heap_prologue(self, stmts: list[Stmt], loc: Loc) -> None:
        """No block is allocated when the function starts; at its end, the leak checks."""
        X = self.obj_type
        stmts[:0] = [Assign(x.state, Const(0, X, loc), loc) for x in self._blocks()]
        stmts += self._leaks()
