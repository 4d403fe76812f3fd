"""C pointers inside one function, lowered by a points-to encoding.

`PointerLowerer` is the part of `ExprLowerer` that knows pointer variables.
A local ``T *p`` is two IR integers: ``p#obj``, the object it points to (0 =
NULL, -1 = no object: uninitialised, or one past a freed block's life, ...,
-2 = dead: its object's lifetime ended (`c_lifetimes`),
k >= 1 = the k-th object of the function whose address is taken), and
``p#off``, the offset in elements within it. The objects are the function's
own: scalar variables (``&x``; of a global scalar too, which then counts as
written: `c_shared_globals`), arrays and array parameters (``a``,
``&a[i]``, ``a + k``), string literals (a char array of their bytes and 0).

- ``*p``, ``p[i]`` read: a check ``null`` (``p#obj != 0``), then the value of
  the object ``p#obj`` designates at the offset, as an `Ite` over every object
  of the element type taken in the function (an array's element is a
  checked `Select`; a scalar's only offset is 0, checked as ``bounds``);
- ``*p = v`` writes the designated object, as an `If` chain;
- ``p + k``, ``p - k``, ``p++``... move the offset (``*p++``: the value before
  the step, frozen in temporaries); ``p == q`` compares both
  parts, ``p < q`` the offsets; ``p``, ``!p`` in a condition test ``p#obj != 0``.

The objects are only known once the whole function is lowered, so reads and
writes are first emitted as placeholders (``Call("$deref")``, ``Call("$store")``)
that `resolve_pointers` replaces. Pointers to structs are
`c_struct_pointers`'; calls passing or returning pointers are inlined
(`c_inline`). Pointers to pointers, function pointers, pointer globals and
casts between pointer types stay unsupported. Heap blocks
(`malloc`, `free`) are `c_heap`'s, through the hooks `allocate`,
`heap_checks` and `live_checks`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from lark import Token, Tree

from ..ir import (BOOL, NOWHERE, U64, Assert, Assign, Binary, Call, Const, Expr, ExprStmt, If, Ite, Loc, Nondet,
                  Return, Select, Stmt, Store, Unary, Var)
from ..errors import UnsupportedConstruct
from .c_base import Val
from .c_memory import Place, declarator_ops
from .c_structs import StructLowerer
from .c_types import DEAD_OBJECT, LONG, NO_OBJECT, CArray, CInt, CStruct, cast

__all__ = ["PointerLowerer", "PValue", "DEREF", "STORE", "ALLOCATORS", "STACK_ALLOCATORS", "pointer_declarator"]

DEREF, STORE = "$deref", "$store"
#: the C text of a relational operator (IR name -> C)
_RELATIONS = {"lt": "<", "le": "<=", "gt": ">", "ge": ">="}
#: allocation functions (unless the file defines them)
ALLOCATORS = ("malloc", "calloc", "alloca", "__builtin_alloca")
#: those of them that take stack memory, released when the function returns (`c_heap.HeapLowerer.stack_block`)
STACK_ALLOCATORS = ("alloca", "__builtin_alloca")


@dataclass(frozen=True)
class PValue:
    """A pointer value: object number, offset (in elements), element type."""

    obj: Expr
    off: Expr
    elem: CInt | CStruct


@dataclass
class _Target:
    """An object a pointer of the function may designate."""

    number: int
    name: str  # the IR variable
    elem: CInt
    length: Expr | None  # None: a scalar (its only offset is 0)
    state: str = ""  # a heap block's variable: 0 not allocated yet, 1 allocated, 2 freed
    site: Loc = NOWHERE  # a heap block's allocation
    #: a struct object (`elem` a `CStruct`, `name` its fields' prefix): field path ->
    #: (the field's IR variable, its IR type, its length in elements or None for one struct's scalar field)
    fields: dict | None = None
    #: a string literal's array: a write to it fails ``bounds`` (C11 6.4.5p7; it is read-only memory)
    readonly: bool = False


class PointerLowerer(StructLowerer):
    """Pointer variables and their targets (see the module doc)."""

    # ---------------------------------------------------------------- values

    def pointer_entry(self, tree: Tree) -> tuple | None:
        """The scope entry of the pointer variable `tree` names, None if it names none."""
        if tree.data != "var":
            return None
        entry = self.lookup(str(tree.children[0]))
        return entry if entry is not None and entry[0] == "pointer" else None

    def is_pointer(self, tree: Tree) -> bool:
        """`tree` has a pointer type (syntactically: a pointer variable, ``&x``,
        pointer arithmetic, a string literal, an array that decays)."""
        if tree.data == "var":
            entry = self.lookup(str(tree.children[0]))
            return entry is not None and (entry[0] == "pointer" or (entry[0] in ("array", "garray")
                                                                      and len(entry[2].dims) == 1))
        if tree.data == "unop":
            return str(tree.children[0]) == "&"
        if tree.data in ("postinc", "preinc"):
            return self.pointer_entry(_stepped(tree)) is not None
        if tree.data == "binop" and str(tree.children[1]) == "-":  # p - q is an integer (`pointer_difference`)
            return self.is_pointer(tree.children[0]) and not self.is_pointer(tree.children[2])
        if tree.data == "binop" and str(tree.children[1]) == "+":
            return self.is_pointer(tree.children[0]) or self.is_pointer(tree.children[2])
        if tree.data == "ternary":
            return self.is_pointer(tree.children[2])
        if tree.data == "cast":
            return self._pointer_cast(tree) is not None
        return tree.data == "string_lit"

    def _pointer_cast(self, tree: Tree) -> CInt | CStruct | None | bool:
        """``(T *) e``: T (True for void), or None if the cast is not to a plain pointer."""
        specs, *rest = tree.children[0].children
        if not rest or rest[0] is None or rest[0].data != "abstract_pointer" or len(rest[0].children) > 1:
            return None
        _, t = self.decl_specs(specs)
        return t if isinstance(t, (CInt, CStruct)) else (True if t is None else None)

    def same_pointee(self, a: CInt | CStruct, b: CInt | CStruct) -> bool:
        """Pointers to `a` and to `b` designate objects of one type (ints of one IR type, or one struct)."""
        if isinstance(a, CStruct) or isinstance(b, CStruct):
            return a == b
        return self.T.ir(a) == self.T.ir(b)

    def pointer_value(self, tree: Tree, elem: CInt | None = None) -> PValue:
        """The value of pointer expression `tree` (`elem`: the element type
        wanted, for a null constant)."""
        loc = self.loc(tree)
        X = self.T.index
        if tree.data == "var":
            entry = self.lookup(str(tree.children[0]))
            if entry is not None and entry[0] == "pointer":
                return PValue(Var(entry[1], self.obj_type, loc), Var(entry[2], X, loc), entry[3])
            if entry is not None and entry[0] in ("array", "garray") and len(entry[2].dims) == 1:
                if entry[0] == "garray":
                    self.globals_written.setdefault(entry[1], loc)  # writable through the pointer
                return PValue(self._object(entry[1], entry[2].elem, self.array_length(entry[1], entry[2], loc)),
                              Const(0, X, loc), entry[2].elem)
        if tree.data == "int_lit" and elem is not None:
            if self.constant(tree) == 0:
                return PValue(Const(0, self.obj_type, loc), Const(0, X, loc), elem)
        if tree.data == "unop" and str(tree.children[0]) == "&":
            return self._address(tree.children[1], loc)
        if tree.data in ("postinc", "preinc") and (entry := self.pointer_entry(_stepped(tree))) is not None:
            return self._step_pointer(entry, tree, loc)
        if tree.data == "binop" and str(tree.children[1]) in "+-":
            left, op, right = tree.children
            if self.is_pointer(left):
                base, amount, sign = left, right, str(op)
            else:
                base, amount, sign = right, left, "+"
            p = self.pointer_value(base, elem)
            step = cast(self.index_value(amount), self._wide, loc)
            off = Binary("add" if sign == "+" else "sub", cast(p.off, self._wide, loc), step, self._wide, loc)
            return PValue(p.obj, cast(off, X, loc), p.elem)
        if tree.data == "ternary":
            cond, _, then, other = tree.children
            c = self.truth_of(cond)
            pre_a, a = self.capture(lambda: self.pointer_value(then, elem))
            pre_b, b = self.capture(lambda: self.pointer_value(other, elem))
            if not self.same_pointee(a.elem, b.elem):
                raise self.unsupported(tree, f"unsupported construct: '{self.text(tree)}' mixes pointer types")
            if not pre_a and not pre_b:
                return PValue(Ite(c, a.obj, b.obj, self.obj_type, loc), Ite(c, a.off, b.off, X, loc), a.elem)
            # a branch with checks of its own (``p ? p->next : 0``) runs only when chosen
            obj, off = (self.temp(None, loc, boolean=True) for _ in range(2))
            self.locals[obj.name], self.locals[off.name] = self.obj_type, X
            chosen = [[Assign(obj.name, v.obj, loc), Assign(off.name, v.off, loc)] for v in (a, b)]
            self.out.append(If(c, pre_a + chosen[0], pre_b + chosen[1], loc))
            return PValue(Var(obj.name, self.obj_type, loc), Var(off.name, X, loc), a.elem)
        if tree.data == "cast" and (target := self._pointer_cast(tree)) is not None:
            arg = tree.children[1]
            if arg.data == "int_lit" and self.constant(arg) == 0:
                wanted = target if isinstance(target, (CInt, CStruct)) else elem
                if wanted is not None:
                    return PValue(Const(0, self.obj_type, loc), Const(0, X, loc), wanted)
            p = self.pointer_value(arg, elem)
            if not isinstance(target, bool) and target is not None and not self.same_pointee(target, p.elem):
                raise self.unsupported(tree, f"unsupported construct: cast '{self.text(tree)}' between pointer types")
            return p
        if tree.data == "call" and tree.children[0].data == "var" and str(tree.children[0].children[0]) in ALLOCATORS \
                and not self.user_defined(str(tree.children[0].children[0])):
            if elem is None:
                raise self.unsupported(tree, f"unsupported construct: '{self.text(tree)}' not assigned to a pointer")
            return self.allocate(tree, elem, loc)
        if tree.data == "string_lit":
            chars = self.string_bytes(tree)
            t = CArray(self._char(), (len(chars) + 1,))
            name = self.temp_array(t, loc)
            _, stmts, _ = self.array_initialiser(name, t, tree, loc)
            self.out += stmts
            obj = self._object(name, t.elem, Const(t.size, X, loc))
            self.pointer_targets[name].readonly = True
            return PValue(obj, Const(0, X, loc), t.elem)
        raise self.unsupported(tree, f"unsupported construct: pointer value '{self.text(tree)}' (pointers "
                               "designate the function's own variables and arrays)")

    def _step_pointer(self, entry: tuple, tree: Tree, loc: Loc) -> PValue:
        """``p++``, ``p--`` (the value before the step), ``++p``, ``--p`` (after) of pointer variable ``p``
        as a value (``*p++``): ``p`` moves one element now; the value is frozen in temporaries."""
        _, obj, off, elem = entry
        post = tree.data == "postinc"
        op = str(tree.children[1] if post else tree.children[0])
        X = self.T.index
        current = PValue(Var(obj, self.obj_type, loc), Var(off, X, loc), elem)
        moved = Binary("add" if op == "++" else "sub", cast(current.off, self._wide, loc),
                       Const(1, self._wide, loc), self._wide, loc)
        if post:
            value = self._frozen(current, loc)
            self.assign_pointer(obj, off, elem, PValue(current.obj, cast(moved, X, loc), elem), loc, tree)
            return value
        self.assign_pointer(obj, off, elem, PValue(current.obj, cast(moved, X, loc), elem), loc, tree)
        return self._frozen(current, loc)

    def _frozen(self, p: PValue, loc: Loc) -> PValue:
        """`p` copied into temporaries (its value now, whatever later assignments do)."""
        parts = []
        for e in (p.obj, p.off):
            tmp = self.temp(None, loc, boolean=True)
            self.locals[tmp.name] = e.type
            self.out.append(Assign(tmp.name, e, loc))
            parts.append(Var(tmp.name, e.type, loc))
        return PValue(parts[0], parts[1], p.elem)

    # ------------------------------------------------------- heap (c_heap)

    def allocate(self, call: Tree, elem: CInt, loc: Loc) -> PValue:
        """A `malloc`/`calloc` call's block (`HeapLowerer` implements it)."""
        raise self.unsupported(call, f"unsupported construct: '{self.text(call)}'")

    def heap_checks(self, s: Stmt) -> list[Stmt] | None:
        """The statements replacing a heap placeholder (`HeapLowerer`), None if `s` is none."""
        return None

    def live_checks(self, obj: Expr, loc: Loc, inside: Callable[[Any], Expr] | None = None) -> list[Stmt]:
        """The checks that `obj` is not a freed block where the access is `inside` it (`HeapLowerer`)."""
        return []

    def field_accesses(self, s: Stmt) -> list[Stmt] | None:
        """The statements replacing a struct field placeholder (`StructPointerLowerer`), None if `s` is none."""
        return None

    def _address(self, tree: Tree, loc: Loc) -> PValue:
        X = self.T.index
        if tree.data == "var":
            entry = self.lookup(str(tree.children[0]))
            if entry is not None and entry[0] == "var" and isinstance(entry[2], CInt):
                return PValue(self._object(entry[1], entry[2], None), Const(0, X, loc), entry[2])
            if entry is not None and entry[0] == "global" and isinstance(entry[2], CInt):
                self.globals_written.setdefault(entry[1], loc)  # writable through the pointer
                return PValue(self._object(entry[1], entry[2], None), Const(0, X, loc), entry[2])
        if tree.data == "index":
            p = self.element(tree, write=True)
            if p.array is not None and p.index is not None:
                return PValue(self._object(p.name, p.ctype, p.length), p.index, p.ctype)
        if tree.data == "unop" and str(tree.children[0]) == "*":
            return self.pointer_value(tree.children[1])
        raise self.unsupported(tree, f"unsupported construct: address-of '&{self.text(tree)}' (only of local "
                               "scalars and array elements)")

    def truth_of(self, tree: Tree) -> Expr:
        """`tree` as a condition; a pointer is true when it is not NULL."""
        if self.is_pointer(tree) and tree.data != "string_lit":
            p = self.pointer_value(tree)
            obj = self.compared_object(p.obj, self.loc(tree))
            return Binary("ne", obj, Const(0, self.obj_type, p.obj.loc), BOOL, self.loc(tree))
        return self.T.truth(self.value(self.expr(tree), tree).expr)

    def pointer_compare(self, op: str, left: Tree, right: Tree, loc: Loc) -> Expr:
        """``p == q``, ``p != q`` (object and offset), ``p < q``... (offsets; both must designate
        one object, C11 6.5.8p5, check ``bounds`` as for `pointer_difference`: the real order of
        two objects is the compiler's)."""
        a = self.pointer_value(left)
        b = self.pointer_value(right, a.elem)
        if op in ("eq", "ne"):
            a_obj, b_obj = self.compared_object(a.obj, loc), self.compared_object(b.obj, loc)
            same = Binary("land", Binary("eq", a_obj, b_obj, BOOL, loc), Binary("eq", a.off, b.off, BOOL, loc),
                          BOOL, loc)
            return same if op == "eq" else Unary("not", same, BOOL, loc)
        real = Binary("gt", a.obj, Const(0, self.obj_type, loc), BOOL, loc)  # not NULL, NO_OBJECT nor DEAD_OBJECT
        self.out.append(Assert(Binary("land", real, Binary("eq", a.obj, b.obj, BOOL, loc), BOOL, loc), "bounds",
                               f"{self.text(left)} {_RELATIONS[op]} {self.text(right)}: pointers not into one object",
                               loc))
        return Binary(op, a.off, b.off, BOOL, loc)

    def pointer_difference(self, tree: Tree, left: Tree, right: Tree, loc: Loc) -> Val:
        """``p - q``: the elements from ``q`` to ``p`` (a ptrdiff_t); both must
        designate one object (C11 6.5.6p9), check ``bounds``."""
        a = self.pointer_value(left)
        b = self.pointer_value(right, a.elem)
        if not self.same_pointee(a.elem, b.elem):
            raise self.unsupported(tree, f"unsupported construct: '{self.text(tree)}' mixes pointer types")
        O = self.obj_type
        real = Binary("gt", a.obj, Const(0, O, loc), BOOL, loc)  # not NULL, NO_OBJECT nor DEAD_OBJECT
        self.out.append(Assert(Binary("land", real, Binary("eq", a.obj, b.obj, BOOL, loc), BOOL, loc), "bounds",
                               f"{self.text(tree)}: pointers not into one object", loc))
        diff = Binary("sub", a.off, b.off, self.T.index, loc)
        return Val(cast(diff, self.T.ir(LONG), loc), LONG)

    def compared_object(self, obj: Expr, loc: Loc) -> Expr:
        """The object number `obj` as a test or an equality reads it. An
        indeterminate pointer (`NO_OBJECT`: uninitialised, a field malloc left
        as it was; `DEAD_OBJECT`: its object's lifetime ended) holds any value, NULL
        among them: it reads as NULL or as itself, a fresh choice at each test (an
        uninitialised value: no replay feeds it, so a no that needs one stays unconfirmed)."""
        if isinstance(obj, Const) and obj.value not in (NO_OBJECT, DEAD_OBJECT):
            return obj
        null = self.temp(None, loc, boolean=True)
        self.out.append(Assign(null.name, Nondet(BOOL, "", NOWHERE), NOWHERE))  # at no line: no harness feeds it
        unset = Binary("lt", obj, Const(0, self.obj_type, loc), BOOL, loc)  # NO_OBJECT or DEAD_OBJECT
        return Ite(Binary("land", unset, null, BOOL, loc), Const(0, self.obj_type, loc), obj, self.obj_type, loc)

    # ------------------------------------------------------------ variables

    @property
    def obj_type(self):
        return self.T.index

    @property
    def _wide(self):
        return self.T.index if self.T.math else U64

    def _char(self) -> CInt:
        from .c_types import CHAR

        return CHAR

    def declare_pointer(self, tok: Token, elem: CInt, init: Tree | None) -> None:
        """A local pointer variable ``T *p`` (uninitialised: designating no object)."""
        obj, off = self._pointer_variable(tok, elem)  # in scope in its initialiser (sizeof *p)
        at = self.loc(tok)
        if init is None:
            value = PValue(Const(NO_OBJECT, self.obj_type, at), Const(0, self.T.index, at), elem)
        else:
            value = self.pointer_value(init, elem)
        self.assign_pointer(obj, off, elem, value, at, init)

    def declare_pointer_value(self, tok: Token, elem: CInt, value: PValue) -> None:
        """A local pointer variable ``T *p`` designating `value`."""
        obj, off = self._pointer_variable(tok, elem)
        self.assign_pointer(obj, off, elem, value, self.loc(tok), tok)

    def _pointer_variable(self, tok: Token, elem: CInt) -> tuple[str, str]:
        """The IR variables (object, offset) of a new pointer variable `tok`, in scope from now on."""
        base = self.fresh_name(tok)  # type: ignore[attr-defined] - BodyLowerer's
        obj, off = f"{base}#obj", f"{base}#off"
        self.used_names.update((obj, off))
        self.locals[obj], self.locals[off] = self.obj_type, self.T.index
        self.scopes[-1][str(tok)] = ("pointer", obj, off, elem)
        return obj, off

    def assign_pointer(self, obj: str, off: str, elem: CInt, value: PValue, at: Loc, node) -> None:
        if not self.same_pointee(value.elem, elem):  # a pointer only ever designates objects of its type
            raise self.unsupported(node, f"unsupported construct: pointer to '{value.elem}' assigned to a "
                                   f"pointer to '{elem}' (casts between pointer types)")
        parts = [(obj, value.obj), (off, value.off)]
        if any(_mentions(e, {obj, off}) for _, e in parts):  # p = p + 1, p = p ? q : r: old values first
            temps = [self.temp(None, at, boolean=True) for _ in parts]
            for tmp, (_, e) in zip(temps, parts):
                self.locals[tmp.name] = e.type
                self.out.append(Assign(tmp.name, e, at))
            parts = [(name, Var(tmp.name, e.type, at)) for tmp, (name, e) in zip(temps, parts)]
        for name, e in parts:
            self.out.append(Assign(name, e, at))

    # --------------------------------------------------------- dereferences

    def deref_place(self, p: PValue, loc: Loc, text: str) -> Place:
        """The place ``*p`` designates: checked not NULL, read now, written through `STORE`."""
        if isinstance(p.elem, CStruct):
            raise UnsupportedConstruct(self.unit.path, loc.line, loc.column, f"unsupported construct: '{text}' (a "
                                       "whole struct through a pointer is only copied: s = *p, *p = s)")
        self.out.append(Assert(Binary("ne", p.obj, Const(0, self.obj_type, loc), BOOL, loc), "null",
                               f"{text}: NULL dereference", loc))
        self.out.append(Assert(Binary("ne", p.obj, Const(NO_OBJECT, self.obj_type, loc), BOOL, loc), "bounds",
                               f"{text}: pointer outside its object", loc))
        tmp = self.temp(p.elem, loc)
        self.out.append(Assign(tmp.name, Call(DEREF, (p.obj, p.off), tmp.type, loc), loc))
        return _PointerPlace(tmp.name, p.elem, tmp, loc, pointer=p)

    # ------------------------------------------------------------- targets

    def user_defined(self, name: str) -> bool:
        """The file defines function `name` (then it is not the library's)."""
        sig = self.unit.sigs.get(name)
        return sig is not None and sig.defined

    def _object(self, name: str, elem: CInt, length: Expr | None, loc: Loc = NOWHERE) -> Const:
        """The number of the object `name` (registered on first use)."""
        targets = self.pointer_targets
        if name not in targets:
            targets[name] = _Target(len(targets) + 1, name, elem, length)
        return Const(targets[name].number, self.obj_type, loc)

    def object_labels(self) -> dict[str, list]:
        """The function's objects for counterexamples (`verifier.pointer_values`):
        number -> [source name or ``heap block of line L``, is an array]."""
        from ..irutil import display_name

        def label(x: _Target) -> str:
            if x.number in self.list_nodes:
                return "node {1} of list {0}".format(*self.list_nodes[x.number])
            if x.state:
                return f"heap block of line {x.site.line}"
            name = display_name(x.name)
            if x.fields is not None:  # a struct object: its fields' prefix (``s.``, ``a[].``, ``p->``)
                name = name.removesuffix(".").removesuffix("->").removesuffix("[]")
            return name

        return {str(x.number): [label(x), x.length is not None] for x in self.pointer_targets.values()}

    def temp_array(self, t: CArray, loc: Loc) -> str:
        tmp = self.temp(t.elem, loc)
        self.locals[tmp.name] = self.T.array(t)
        return tmp.name

    def resolve_pointers(self, stmts: list[Stmt]) -> None:
        """Replace the placeholders of `deref_place` by reads and writes of the
        objects that the function's pointers may designate (in place)."""
        out: list[Stmt] = []
        for s in stmts:
            if isinstance(s, Assign) and isinstance(s.value, Call) and s.value.func == DEREF:
                obj, off = s.value.args
                out += self._scalar_checks(obj, off, s.value.type, s.loc)
                out.append(Assign(s.target, self._read(obj, off, s.value.type, s.loc), s.loc))
                continue
            fields = self.field_accesses(s)
            if fields is not None:
                out += fields
                continue
            heap = self.heap_checks(s)
            if heap is not None:
                out += heap
                if not isinstance(s, Return):
                    continue
            if isinstance(s, ExprStmt) and isinstance(s.expr, Call) and s.expr.func == STORE:
                obj, off, value = s.expr.args
                out += self._scalar_checks(obj, off, value.type, s.loc)
                out += self._readonly_checks(obj, value.type, s.loc)
                out += self._write(obj, off, value, s.loc)
                continue
            for f in dataclasses.fields(s):  # type: ignore[arg-type]
                block = getattr(s, f.name)
                if isinstance(block, list) and all(isinstance(x, Stmt) for x in block):
                    self.resolve_pointers(block)
            out.append(s)
        stmts[:] = out

    def _of_type(self, t) -> list[_Target]:
        return [x for x in self.pointer_targets.values() if x.fields is None and self.T.ir(x.elem) == t]

    def _scalar_checks(self, obj: Expr, off: Expr, t, loc: Loc) -> list[Stmt]:
        X = self.T.index
        typed = {x.number for x in self._of_type(t)}

        def inside(x: _Target) -> Expr:
            if x.number not in typed:  # not an object of this type: the check as it was
                return Const(1, BOOL, loc)
            if x.length is None:
                return Binary("eq", off, Const(0, X, loc), BOOL, loc)
            return Binary("land", Binary("le", Const(0, X, loc), off, BOOL, loc),
                          Binary("lt", off, x.length, BOOL, loc), BOOL, loc)

        checks: list[Stmt] = []
        checks += self.live_checks(obj, loc, inside)
        for x in self._of_type(t):
            if x.length is None:
                here = Binary("ne", obj, Const(x.number, self.obj_type, loc), BOOL, loc)
                zero = Binary("eq", off, Const(0, self.T.index, loc), BOOL, loc)
                checks.append(Assert(Binary("lor", here, zero, BOOL, loc), "bounds",
                                     "pointer outside its object", loc))
        return checks

    def _readonly_checks(self, obj: Expr, t, loc: Loc) -> list[Stmt]:
        """A write through a pointer of type `t` designates no string literal (``bounds``)."""
        return [Assert(Binary("ne", obj, Const(x.number, self.obj_type, loc), BOOL, loc), "bounds",
                       "write to a string literal", loc) for x in self._of_type(t) if x.readonly]

    def _read(self, obj: Expr, off: Expr, t, loc: Loc) -> Expr:
        value: Expr = Const(0, t, loc)  # no object: the checks before fail
        for x in reversed(self._of_type(t)):
            here = Binary("eq", obj, Const(x.number, self.obj_type, loc), BOOL, loc)
            if x.length is None:
                read: Expr = Var(x.name, t, loc)
            else:
                atype = self.locals.get(x.name) or self._param_array(x.name)
                read = Select(Var(x.name, atype, loc), off, x.length, t, "bounds", loc)
            value = Ite(here, read, value, t, loc)
        return value

    def _write(self, obj: Expr, off: Expr, value: Expr, loc: Loc) -> list[Stmt]:
        chain: list[Stmt] = []
        for x in reversed(self._of_type(value.type)):
            here = Binary("eq", obj, Const(x.number, self.obj_type, loc), BOOL, loc)
            if x.length is None:
                write: Stmt = Assign(x.name, value, loc)
            else:
                atype = self.locals.get(x.name) or self._param_array(x.name)
                write = Assign(x.name, Store(Var(x.name, atype, loc), off, value, x.length, atype, "bounds", loc),
                               loc)
            chain = [If(here, [write], chain, loc)]
        return chain

    def _param_array(self, name: str):
        entry = next((e for scope in self.scopes for e in scope.values()
                      if isinstance(e, tuple) and e[0] in ("array", "garray") and e[1] == name), None)
        assert entry is not None, name
        return self.T.array(entry[2])


class _PointerPlace(Place):
    """``*p``: read when it was lowered; written through a `STORE` placeholder."""

    def __init__(self, name: str, ctype: CInt, current: Expr, loc: Loc, pointer: PValue) -> None:
        super().__init__(name, ctype, current, loc)
        self.pointer = pointer

    @property
    def is_variable(self) -> bool:
        return False

    def assign(self, value: Expr) -> Stmt:  # type: ignore[override]
        return ExprStmt(Call(STORE, (self.pointer.obj, self.pointer.off, value), value.type, self.loc), self.loc)


def _stepped(tree: Tree) -> Tree:
    """The operand of ``x++``/``x--`` (a `postinc` tree) or ``++x``/``--x`` (a `preinc` tree)."""
    return tree.children[0] if tree.data == "postinc" else tree.children[1]


def _mentions(e: Expr, names: set[str]) -> bool:
    """`e` reads one of the variables `names`."""
    stack: list[object] = [e]
    while stack:
        node = stack.pop()
        if isinstance(node, Var) and node.name in names:
            return True
        if dataclasses.is_dataclass(node):
            for f in dataclasses.fields(node):
                value = getattr(node, f.name)
                if isinstance(value, Expr):
                    stack.append(value)
                elif isinstance(value, tuple):
                    stack.extend(v for v in value if isinstance(v, Expr))
    return False


def pointer_declarator(decl) -> bool:
    """The declarator declares a plain pointer ``*p``."""
    return declarator_ops(decl)[1] == [("pointer", None)]
