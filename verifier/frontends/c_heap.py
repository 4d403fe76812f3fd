"""Heap blocks of `malloc`/`calloc`, and `free`, over the points-to lowering of `c_pointers`.

`HeapLowerer` adds to `PointerLowerer` one object per allocation site: an IR
array ``$tmp#N`` of unknown length, its length ``$tmp#N#len`` (in elements)
and its state ``$tmp#N#state`` (0 not allocated yet, 1 allocated, 2 freed).

- ``p = malloc(n * sizeof(T))``, ``malloc(sizeof(T) * n)``, ``calloc(n,
  sizeof(T))``, a constant size, or (``bv``) any ``malloc(e)``: the whole
  elements in ``(size_t)e`` bytes; the block's length and state are set and
  ``p`` designates it, or NULL: an allocation may fail, as C's `malloc` may
  (7.22.3) and as the competition's memory-safety tasks assume since their
  rules dropped "malloc never fails". A failure is the flag ``$tmp#N#fails``,
  a choice of the run at the call (`allocation_fails`) that the replay
  harness's allocation wrapper makes happen: it reads one stream value per
  allocation, in call order, and returns NULL when it is not 0. A request
  over PTRDIFF_MAX bytes always fails (as glibc's does). The
  contents are unconstrained for `malloc` and zeros for `calloc`. A call
  site inside a loop (or in a function with labels, which a goto may repeat)
  has `BLOCKS_PER_SITE` blocks, taken in turn; one more fails check
  ``bound`` (the analysis is incomplete there: no yes stands while it may fail);
- ``*p`` of a freed block fails check ``use-after-free``;
- ``free(p)``: check ``free``: ``p`` is NULL or the start of a block still
  allocated (not a variable, not freed already, not inside a block); the
  block is then freed;
- at each `return` and at the end of the function, a block still allocated
  fails check ``leak``, at its allocation site (pointers never leave the
  function, so nothing can free it later).

Stack blocks: ``p = alloca(n * sizeof(T))`` (``__builtin_alloca``) and a
variable-length array ``T a[n];`` (``a`` is then a pointer variable to its
block, as an array is to its first element) are blocks of ``n`` elements with
no state: never NULL, never a leak, and ``free`` of one fails check ``free``.
A VLA's size must be positive (check ``bounds``). One outside every loop and
label of a function that is not being inlined only: elsewhere it is
unsupported, since one object per site would let a block of an earlier run
(still live for `alloca`, dangling for a VLA or after an inlined callee
returns) stand for the latest.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from lark import Tree

from ..cfa import BOUND_CHECK
from ..ir import (BOOL, NOWHERE, U64, Assert, Assign, Binary, Call, Const, Expr, ExprStmt, If, Ite, Loc, Nondet, Return, Stmt, Unary, Var,
                  length_name)
from .c_pointers import STACK_ALLOCATORS, PValue
from .c_struct_pointers import StructPointerLowerer
from .c_types import CHAR, POINTER_PART, ULONG, CArray, CInt, CStruct, c_size, cast, lifted, struct_leaves

__all__ = ["HeapLowerer", "FREE", "BLOCKS_PER_SITE", "allocation_fails"]

#: the placeholder `free` leaves until the function's blocks are all known
FREE = "$free"
#: the blocks an allocation site inside a loop has in the model: each is an
#: object of its own (its length, contents and state), and every access
#: through a pointer chooses among all of them, so the encoding grows with it;
#: a loop that allocates more at one site is answered up to there (check ``bound``)
BLOCKS_PER_SITE = 4


def allocation_fails(function: str, loc: Loc) -> Nondet:
    """Whether the call of `function` (``malloc``, ``calloc``) at `loc` fails:
    a nondet truth value fed like the source's own nondet calls, in call order
    (the harness's allocation wrapper reads it). Its name, ``malloc fails``, is
    no C identifier: no harness function of that name is made for it, and a
    counterexample shows it as is."""
    return Nondet(BOOL, f"{function} fails", loc)


class HeapLowerer(StructPointerLowerer):
    """Allocation sites, `free`, and the heap checks (see the module doc)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        #: the counter of each call site in a loop: how many of its blocks are allocated
        self.site_counters: list[str] = []
        #: the variable-length arrays declared so far (pointer variables to stack blocks), by source name
        self.stack_arrays: set[str] = set()

    def allocate(self, call: Tree, elem: CInt | CStruct, loc: Loc) -> PValue:  # type: ignore[override]
        name = str(call.children[0].children[0])
        args = [a for a in call.children[1:] if a is not None]
        if len(args) != (2 if name == "calloc" else 1):
            raise self.error(call, f"'{name}' takes {2 if name == 'calloc' else 1} argument(s), {len(args)} given")
        size = c_size(elem, self.pointer_bytes()) if isinstance(elem, CStruct) else elem.bits // 8
        count = self._elements(args, size, str(elem), name)
        if name in STACK_ALLOCATORS:
            return self.stack_block(call, elem, count, loc)
        fails = self.temp(None, loc, boolean=True)
        self.out.append(Assign(fails.name, Binary("lor", allocation_fails(name, loc), self._too_big(count, size, loc),
                                                  BOOL, loc), loc))
        if self.in_loop():
            number = self._site_blocks(elem, count, name, fails, loc)
        else:
            number = self._block(elem, count, name, fails, loc)
        obj = Ite(fails, Const(0, self.obj_type, loc), number, self.obj_type, loc)
        return PValue(obj, Const(0, self.T.index, loc), elem)

    def _too_big(self, count: Expr, size: int, loc: Loc) -> Expr:
        """`count` elements of `size` bytes are more than any allocation gets (a
        negative count is a huge size_t): glibc's `malloc` and `calloc` return
        NULL for a request over PTRDIFF_MAX bytes, whatever the witness says."""
        X = self.T.index
        n = cast(count, X, loc)
        limit = ((1 << (8 * self.pointer_bytes() - 1)) - 1) // max(size, 1)
        return Binary("lor", Binary("lt", n, Const(0, X, loc), BOOL, loc),
                      Binary("gt", n, Const(limit, X, loc), BOOL, loc), BOOL, loc)

    def _site_blocks(self, elem: CInt | CStruct, count: Expr, name: str, fails: Var, loc: Loc) -> Expr:
        """The block of a call site in a loop: the next of its blocks (each an
        object of its own, so a pointer to a freed one stays dangling): as
        many as the loops around run (`loop_runs`), at most `BLOCKS_PER_SITE`;
        allocating more fails check ``bound``, so that no yes stands while
        that may happen (a no found before still does)."""
        X = self.T.index
        runs = self.loop_runs()
        kept = BLOCKS_PER_SITE if runs is None else max(1, min(runs, BLOCKS_PER_SITE))
        counter = self.temp(None, loc, boolean=True).name
        self.locals[counter] = X
        self.site_counters.append(counter)
        taken = Var(counter, X, loc)
        blocks = [self.capture(lambda: self._block(elem, count, name, fails, loc)) for _ in range(kept)]
        result = self.temp(None, loc, boolean=True).name
        self.locals[result] = self.obj_type
        allocate: list[Stmt] = [Assign(result, Const(0, self.obj_type, loc), loc)]
        for j in reversed(range(kept)):
            stmts, number = blocks[j]
            allocate = [If(Binary("eq", taken, Const(j, X, loc), BOOL, loc),
                           stmts + [Assign(result, number, loc)], allocate, loc)]  # type: ignore[list-item]
        room = Binary("lt", taken, Const(kept, X, loc), BOOL, loc)
        where = f"the loop at line {self.loop_line()}" if self.loop_line() else "a repeated statement (goto)"
        self.out.append(Assert(Binary("lor", fails, room, BOOL, loc), BOUND_CHECK,
                               f"{name} inside {where} allocates more than {kept} blocks "
                               f"(the model keeps {kept} per call site)", loc))
        self.out.append(If(Unary("not", fails, BOOL, loc),
                           allocate + [Assign(counter, Binary("add", taken, Const(1, X, loc), X, loc), loc)], [],
                           loc))
        return Var(result, self.obj_type, loc)

    def _block(self, elem: CInt | CStruct, count: Expr, name: str, fails: Var, loc: Loc) -> Const:
        """A fresh block of `count` elements (allocated unless `fails`): its statements go to `out`; its object number."""
        if isinstance(elem, CStruct):
            return self._struct_block(elem, count, name, fails, loc)
        block = self.temp_array(CArray(elem, (None,)), loc)
        X = self.T.index
        length = Var(length_name(block), X, loc)
        state = f"{block}#state"
        self.locals[length.name], self.locals[state] = X, X
        self.used_names.update((length.name, state))
        self.out.append(Assign(length.name, cast(count, X, loc), loc))
        contents = Const(0, self.locals[block], loc) if name == "calloc" else Nondet(self.locals[block], "", NOWHERE)
        self.out.append(Assign(block, contents, NOWHERE))  # calloc's zeros; malloc's garbage, which no replay feeds
        self.out.append(Assign(state, Ite(fails, Const(0, X, loc), Const(1, X, loc), X, loc), loc))
        number = self._object(block, elem, length, loc)
        target = self.pointer_targets[block]
        target.state, target.site = state, loc  # type: ignore[attr-defined]
        return number

    def stack_block(self, node: Tree | Any, elem: CInt | CStruct, count: Expr, loc: Loc) -> PValue:
        """A stack block of `count` elements (`alloca`, a VLA; see the module doc) at `node`."""
        what = self.text(node)
        if isinstance(elem, CStruct):
            raise self.unsupported(node, f"unsupported construct: '{what}' (a stack block of structs)")
        if self.in_loop() or self.inlining():
            where = "an inlined call" if self.inlining() else "a loop or after a label"
            raise self.unsupported(node, f"unsupported construct: '{what}' inside {where} (the model keeps one "
                                   "stack block per site)")
        block = self.temp_array(CArray(elem, (None,)), loc)
        X = self.T.index
        length = Var(length_name(block), X, loc)
        self.locals[length.name] = X
        self.used_names.add(length.name)
        self.out.append(Assign(length.name, cast(count, X, loc), loc))
        self.out.append(Assign(block, Nondet(self.locals[block], "", NOWHERE), NOWHERE))  # garbage, never fed
        return PValue(self._object(block, elem, length, loc), Const(0, X, loc), elem)

    def declare_stack_array(self, tok: Any, elem: CInt, size: Tree) -> None:
        """``T a[n];``, a variable-length array: the pointer variable ``a`` to a stack block of ``n`` elements."""
        loc = self.loc(tok)
        X = self.T.index
        count = self.index_value(size)
        self.out.append(Assert(Binary("gt", count, Const(0, X, loc), BOOL, loc), "bounds",
                               f"size of variable-length array '{tok}' is not positive", loc))
        value = self.stack_block(size, elem, count, loc)
        self.declare_pointer_value(tok, elem, value)
        self.stack_arrays.add(str(tok))

    def inlining(self) -> bool:
        """Lowering the body of an inlined call (`InlineLowerer` knows)."""
        return False

    def _struct_block(self, t: CStruct, count: Expr, name: str, fails: Var, loc: Loc) -> Const:
        """A block of structs: one array per field (``$tmp#N[].f``), as long as the block has structs."""
        X = self.T.index
        block = self.temp(None, loc, boolean=True).name
        del self.locals[block]
        structs = Var(f"{block}#len", X, loc)
        state = f"{block}#state"
        self.locals[structs.name], self.locals[state] = X, X
        self.out.append(Assign(structs.name, cast(count, X, loc), loc))
        prefix = f"{block}[]."
        for path, ft in struct_leaves(t):
            field = lifted(ft, (None,))
            array = self.T.array(field)
            self.locals[prefix + path] = array
            self.locals[length_name(prefix + path)] = X
            self.out.append(Assign(length_name(prefix + path), self._times(structs, field.stride, loc), loc))
            if name == "calloc":
                contents: Expr = Const(0, array, loc)  # zeros: NULL pointer fields
            elif ft is POINTER_PART:
                contents = self.unset_pointer_part(path, loc, array)  # no garbage pointer designates an object
            else:
                contents = Nondet(array, "", NOWHERE)
            self.out.append(Assign(prefix + path, contents, NOWHERE))  # malloc's garbage is not fed
        self.out.append(Assign(state, Ite(fails, Const(0, X, loc), Const(1, X, loc), X, loc), loc))
        number = self.struct_object(prefix, "", t, (None,), loc)
        target = self.pointer_targets[prefix]
        target.state, target.site = state, loc  # type: ignore[attr-defined]
        return number

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
                if name != "calloc" and not self.T.math and not self._product_fits(factors[1 - i]):
                    return self._whole_elements(args[0], size)  # n * sizeof(T) may wrap around in size_t
                return self.index_value(factors[1 - i])
        if len(factors) == 1:
            if size == 1:
                return self.index_value(factors[0])
            pre, v = self.capture(lambda: self.value(self.expr(factors[0]), factors[0]))
            total = v.expr.value if not pre and isinstance(v.expr, Const) else None  # folded only if defined
            if total is not None and total % size == 0:
                return Const(total // size, self.T.index)
        if name != "calloc" and not self.T.math:
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

    def loop_runs(self) -> int | None:
        """How many times the statement being lowered runs at most, if known (`BodyLowerer` knows)."""
        return None

    def loop_line(self) -> int:
        """The line of the innermost loop around the statement being lowered, 0 if none (`BodyLowerer` knows)."""
        return 0

    # ------------------------------------------------------------- checks

    def _blocks(self) -> list:
        return [x for x in self.pointer_targets.values() if x.state]  # type: ignore[attr-defined]

    def heap_checks(self, s: Stmt) -> list[Stmt] | None:
        if isinstance(s, ExprStmt) and isinstance(s.expr, Call) and s.expr.func == FREE:
            return self._free(*s.expr.args, s.loc)
        if isinstance(s, Return):
            return self._leaks()
        return None

    def live_checks(self, obj: Expr, loc: Loc, inside: Callable[[Any], Expr] | None = None) -> list[Stmt]:
        """``use-after-free`` of an access to `obj`: only where the access is `inside` the
        block (that condition of a block), since an access outside a freed block fails
        ``bounds`` (what ASan reports), and the bounds checks after these assume them."""
        X = self.obj_type
        checks: list[Stmt] = []
        for x in self._blocks():
            here = Binary("ne", obj, Const(x.number, X, loc), BOOL, loc)
            live = Binary("eq", Var(x.state, X, loc), Const(1, X, loc), BOOL, loc)
            if inside is not None:
                live = Binary("lor", live, Unary("not", inside(x), BOOL, loc), BOOL, loc)
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
        """Every block still allocated is a leak (reported at its allocation), but for
        the nodes of a list parameter (`c_list_params`: the caller's)."""
        X = self.obj_type
        return [Assert(Binary("ne", Var(x.state, X, x.site), Const(1, X, x.site), BOOL, x.site), "leak",
                       "memory allocated here is not freed", x.site) for x in self._blocks()
                if x.number not in self.list_nodes]

    def heap_prologue(self, stmts: list[Stmt], loc: Loc) -> None:
        """No block is allocated when the function starts (but a list parameter's nodes,
        allocated before, `c_list_params`); at its end, the leak checks."""
        X = self.obj_type
        stmts[:0] = ([Assign(x.state, Const(0, X, loc), loc) for x in self._blocks() if x.number not in self.list_nodes]
                     + [Assign(c, Const(0, self.T.index, loc), loc) for c in self.site_counters])
        stmts += self._leaks()
