"""C arrays lowered to checked IR array reads and writes (`Select`, `Store`).

`ArrayLowerer` is the part of `ExprLowerer` that knows arrays: declarator
shapes (`array_declarator`), element reads ``a[i]`` and the assignable
places ``x`` and ``a[i][j]`` (`place`), initialisers (`array_initialiser`),
``sizeof`` of arrays, pointer types and string literals, and string
literals as char arrays (with their terminating 0).

Representation (DESIGN.md's shared memory model):

- a C array is one flat IR variable of `ArrayType` (row-major), indexed by
  `I64` (`MATH_INT` under math semantics);
- ``a[i]`` is ``Select(a, i, length, check="bounds")``; ``m[i][j]`` of
  ``int m[R][C]`` reads the flat index ``i*C + j`` when ``0 <= i < R`` and
  ``0 <= j < C``, and index -1 otherwise, so that each dimension's index is
  checked (the arithmetic is unsigned: it adds no overflow check);
- ``a[i] = v`` is ``Assign(a, Store(a, i, v, length))``;
- an array parameter (``int a[]``, ``int *a``) has no fixed size: its length
  is the parameter `ir.length_name(a)` (see `verifier.frontends.c` for the
  length convention);
- an uninitialised local array is ``Nondet(ArrayType)``; an initialised one
  gets one `Store` per element, so at most `MAX_INITIALISED_ELEMENTS` of them;
  a global (zero-filled as in C, whatever its size) is the constant array of
  zeros (``Const(0, ArrayType)``) and one `Store` per nonzero initial value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lark import Token, Tree

from ..errors import InputError, UnsupportedConstruct
from ..ir import (BOOL, U64, ArrayType, Assign, Binary, Const, Expr, Ite, Loc, Nondet, Select, Stmt,
                  Store, Var, length_name)
from .c_base import LowererBase, Val
from .c_designators import OverriddenSlot, is_designated, slotted
from .c_types import ULONG, CArray, CInt, CPointerField, cast, fold

__all__ = ["MAX_INITIALISED_ELEMENTS", "Place", "ArrayLowerer", "declarator_ops", "decode_chars"]

#: an initialised (or global, hence zero-filled) array gets one IR statement per
#: element; past this many elements it is unsupported rather than slow
MAX_INITIALISED_ELEMENTS = 4096
#: the parse-tree kind of a subscript
_INDEX = "index"


def declarator_ops(decl: Tree | Token) -> tuple[Token, list[tuple[str, Tree | None]]]:
    """The declared identifier and what its declarator applies to it, from the
    name outward, as C reads it: ``*a[3]`` is ``[("array", 3), ("pointer", None)]``
    (an array of pointers), ``a[2][3]`` is ``[("array", 2), ("array", 3)]``."""
    ops: list[tuple[str, Tree | None]] = []
    node = decl
    while isinstance(node, Tree):
        if node.data == "name_decl":
            ops.reverse()
            return node.children[0], ops
        if node.data == "pointer_decl":
            ops.append(("pointer", None))
            node = node.children[1]
        elif node.data == "array_decl":
            ops.append(("array", node.children[1]))
            node = node.children[0]
        elif node.data == "func_decl":
            ops.append(("function", None))
            node = node.children[0]
        else:  # pragma: no cover - the grammar has no other declarators
            break
    raise ValueError(f"no name in declarator {decl}")


@dataclass
class Place:
    """Something an assignment writes: the scalar variable `name`, or (when
    `index` is set) the element `index` of the array variable `name`."""

    name: str
    ctype: CInt
    current: Expr  # its value now (a checked `Select` for an element)
    loc: Loc
    array: ArrayType | None = None
    index: Expr | None = None
    length: Expr | None = None

    @property
    def is_variable(self) -> bool:
        """The place is a plain variable (its value may be a call or nondet as it is)."""
        return self.array is None

    def assign(self, value: Expr) -> Assign:
        """The statement that stores `value` (of the place's IR type) here."""
        if self.array is None:
            return Assign(self.name, value, self.loc)
        assert self.index is not None
        store = Store(Var(self.name, self.array, self.loc), self.index, value, self.length, self.array,
                      "bounds", self.loc)
        return Assign(self.name, store, self.loc)


class ArrayLowerer(LowererBase):
    """Arrays, element places, initialisers and sizeof (see the module doc)."""

    # ------------------------------------------------------------ declarators

    def array_declarator(self, decl: Tree | Token, elem: CInt, parameter: bool = False
                         ) -> tuple[Token, CArray | None]:
        """The declared name and its array type (None for a plain scalar).
        A parameter declared ``T a[]``, ``T a[N]`` or ``T *a`` is an array of
        unknown length. Anything else that is not a plain name (pointers to
        pointers, arrays of pointers, pointer variables, function pointers)
        raises `UnsupportedConstruct`."""
        tok, ops = declarator_ops(decl)
        if not ops:
            return tok, None
        if parameter and ops == [("pointer", None)]:
            return tok, CArray(elem, (None,), pointer=True)
        if any(kind != "array" for kind, _ in ops):
            what = "function pointer" if ops[-1][0] == "function" else (
                "pointer" if ops == [("pointer", None)] else "pointer or array of pointers")
            where = "parameter" if parameter else "variable"
            raise self.unsupported(decl, f"unsupported construct: {what} {where} '{tok}' (only arrays "
                                   "of integers and pointer parameters to them are supported)")
        dims: list[int | None] = []
        for i, (_, size) in enumerate(ops):
            if size is None:
                if i > 0:
                    raise self.error(decl, f"array '{tok}' has an incomplete element type "
                                     "(only the first dimension may be omitted)")
                dims.append(None)
                continue
            dims.append(self.array_dimension(size, str(tok)))
        if parameter:
            dims[0] = None  # C: an array parameter is a pointer to its first element
        return tok, CArray(elem, tuple(dims))

    def constant_dimension(self, size: Tree) -> int | None:
        """The value of an array dimension, None if it is not a constant (a VLA)."""
        pre, v = self.capture(lambda: self.value(self.expr(size), size))
        return fold(v.expr) if not pre and v.expr is not None else None

    def array_dimension(self, size: Tree, name: str) -> int:
        """The value of a constant array dimension (a non-constant one is a VLA)."""
        value = self.constant_dimension(size)
        if value is None:
            raise self.unsupported(size, f"unsupported construct: variable-length array '{name}' "
                                   f"(size '{self.text(size)}' is not a constant)")
        if value <= 0:
            raise self.error(size, f"size of array '{name}' is not positive ({value})")
        return value

    # -------------------------------------------------------------- elements

    def array_entry(self, tok: Token) -> tuple[str, CArray] | None:
        """The IR name and type of the array variable `tok` names, None if it names no array."""
        entry = self.lookup(str(tok))
        if entry is None or entry[0] not in ("array", "garray"):
            return None
        return entry[1], entry[2]

    def array_length(self, name: str, t: CArray, loc: Loc) -> Expr:
        """The length (in elements) of array variable `name`."""
        if t.size is not None:
            return Const(t.size, self.T.index, loc)
        return Var(length_name(name), self.T.index, loc)

    def as_subscript(self, tree: Tree) -> Tree | None:
        """``*a``, ``*(a + i)`` and ``*(i + a)`` of an array variable `a` as the
        subscript ``a[0]`` / ``a[i]`` they mean; None for any other tree."""
        if tree.data != "unop" or str(tree.children[0]) != "*":
            return None
        arg = tree.children[1]
        if arg.data == "var" and self.array_entry(arg.children[0]) is not None:
            zero = Token.new_borrow_pos("INT_LIT", "0", arg.children[0])
            return Tree(_INDEX, [arg, Tree("int_lit", [zero], arg.meta)], tree.meta)
        if arg.data == "binop" and str(arg.children[1]) == "+":
            left, _, right = arg.children
            for base, offset in ((left, right), (right, left)):
                if base.data == "var" and self.array_entry(base.children[0]) is not None:
                    return Tree(_INDEX, [base, offset], tree.meta)
        return None

    def place(self, tree: Tree, scalar) -> Place:
        """The place an assignment or ++/-- writes: `scalar(tree)` for a variable
        (name, C type, loc), an array element, or what a pointer designates."""
        tree = self.as_subscript(tree) or tree
        if tree.data == "member" and (element := self.member_place(tree, write=True)) is not None:  # type: ignore[attr-defined]
            return element
        if tree.data == "unop" and str(tree.children[0]) == "*" and self.is_pointer(tree.children[1]):  # type: ignore[attr-defined]
            p = self.pointer_value(tree.children[1])  # type: ignore[attr-defined]
            return self.deref_place(p, self.loc(tree), self.text(tree))  # type: ignore[attr-defined]
        if tree.data != _INDEX:
            name, t, at = scalar(tree)
            return Place(name, t, Var(name, self.T.ir(t), at), at)
        return self.element(tree, write=True)

    def _e_index(self, tree: Tree, ctx) -> Val:
        p = self.element(tree, write=False)
        return Val(p.current, p.ctype)

    def element(self, tree: Tree, write: bool) -> Place:
        """The element ``a[i]...[k]`` that `tree` (an index chain) denotes."""
        indices: list[Tree] = []
        node = tree
        while isinstance(node, Tree) and node.data == _INDEX:
            indices.append(node.children[1])
            node = node.children[0]
        indices.reverse()
        if not (isinstance(node, Tree) and node.data in ("var", "member")):
            raise self.unsupported(tree, f"unsupported construct: subscript of '{self.text(node)}' "
                                   "(only array variables can be indexed)")
        if isinstance(node, Tree) and node.data == "member":
            ref = self.member_ref(node)  # type: ignore[attr-defined] - StructLowerer's
            field = ref.ctype
            if isinstance(field, CPointerField):  # p->data[i] is *(p->data + i)
                if len(indices) != 1:
                    raise self.unsupported(tree, f"unsupported construct: '{self.text(tree)}' (a pointer to a "
                                           "pointer or an array)")
                p = self.pointer_value(Tree("binop", [node, Token("PLUS", "+"), indices[0]], tree.meta))  # type: ignore[attr-defined]
                return self.deref_place(p, self.loc(tree), self.text(tree))  # type: ignore[attr-defined]
            if not isinstance(field, CArray):
                raise self.error(tree, f"subscripted value '{self.text(node)}' is neither array nor pointer")
            if ref.pointer is not None:  # p->a[j]
                values = [self.index_value(ix) for ix in indices]
                if len(values) != len(field.dims):
                    raise self.unsupported(tree, f"unsupported construct: sub-array '{self.text(tree)}' used "
                                           "as a value (only elements of arrays are supported)")
                return self.field_deref(ref, values, self.loc(tree), self.text(tree))  # type: ignore[attr-defined]
            name = ref.name("")
            self.note_global(name, write, self.loc(tree))  # type: ignore[attr-defined]
            if ref.outer:  # s[i].a[j]: the field's array over the elements
                loc = self.loc(tree)
                values = list(ref.outer) + [self.index_value(ix) for ix in indices]
                if len(values) != len(ref.dims) + len(field.dims):
                    raise self.unsupported(tree, f"unsupported construct: sub-array '{self.text(tree)}' used "
                                           "as a value (only elements of arrays are supported)")
                return self.element_at(name, CArray(field.elem, ref.dims + field.dims), values, loc)
            return self._element_of(name, field, indices, tree, write)
        tok = node.children[0]
        found = self.array_entry(tok)
        pointer = self.pointer_entry(node)  # type: ignore[attr-defined] - PointerLowerer's
        if pointer is not None:
            if len(indices) != 1:
                raise self.unsupported(tree, f"unsupported construct: '{self.text(tree)}' (a pointer to a pointer "
                                       "or an array)")
            p = self.pointer_value(Tree("binop", [node, Token("PLUS", "+"), indices[0]], tree.meta))  # type: ignore[attr-defined]
            return self.deref_place(p, self.loc(tree), self.text(tree))  # type: ignore[attr-defined]
        if found is None:
            entry = self.lookup(str(tok))
            if entry is not None and entry[0] == "unsupported":
                raise self.unsupported(tok, entry[1])
            if entry is None and str(tok) not in self.unit.sigs:
                raise self.error(tok, f"'{tok}' undeclared")
            raise self.error(tree, f"subscripted value '{tok}' is neither array nor pointer")
        name, t = found
        if self.lookup(str(tok))[0] == "garray":
            record = self.globals_written if write else self.globals_read
            record.setdefault(name, self.loc(tok))
        return self._element_of(name, t, indices, tree, write)

    def _element_of(self, name: str, t: CArray, indices: list[Tree], tree: Tree, write: bool) -> Place:
        loc = self.loc(tree)
        if len(indices) > len(t.dims):
            raise self.error(tree, f"subscripted value '{self.text(tree.children[0])}' is neither "
                             "array nor pointer")
        if len(indices) < len(t.dims):
            raise self.unsupported(tree, f"unsupported construct: sub-array '{self.text(tree)}' used "
                                   "as a value (only elements of arrays are supported)")
        return self.element_at(name, t, [self.index_value(ix) for ix in indices], loc)

    def element_at(self, name: str, t: CArray, values: list[Expr], loc: Loc) -> Place:
        """The element of array variable `name` at the (lowered) indices `values`, one per dimension."""
        index = self.flat_index(values, t.dims, loc)
        length = self.array_length(name, t, loc)
        atype = self.T.array(t)
        current = Select(Var(name, atype, loc), index, length, atype.elem, "bounds", loc)
        return Place(name, t.elem, current, loc, atype, index, length)

    def index_value(self, tree: Tree) -> Expr:
        """An index expression, converted to the index type (C: any integer type)."""
        v = self.value(self.expr(tree), tree)
        assert v.ctype is not None
        t = self.T.promote(v.ctype)
        return cast(self.conv(v, t), self.T.index, self.loc(tree))

    def flat_index(self, values: list[Expr], dims: tuple[int | None, ...], loc: Loc) -> Expr:
        """The row-major index of ``[v0][v1]...``; -1 (out of bounds) when an
        index other than the first is outside its dimension."""
        if len(values) == 1:
            return values[0]
        X = self.T.index
        if all(isinstance(v, Const) for v in values):
            if any(d is not None and not 0 <= v.value < d for v, d in zip(values, dims)):  # type: ignore[union-attr]
                return Const(-1, X, loc)
            flat = 0
            for v, d in zip(values, (1,) + dims[1:]):
                flat = flat * d + v.value  # type: ignore[union-attr,operator]
            return Const(flat, X, loc)
        # unsigned arithmetic: it cannot overflow in a way that matters (the
        # bounds are checked around it), and adds no overflow check of its own
        W = X if self.T.math else U64
        ok: Expr | None = None
        stride = 1
        for d in dims[1:]:
            stride *= d  # type: ignore[operator]
        for v, d in zip(values, dims):
            # a parameter's first index needs no upper bound but the length, once
            # the flat index cannot wrap around (math integers never do)
            bound = d if d is not None else (None if self.T.math else (X.max // stride) + 1)  # type: ignore[operator]
            if bound is None or (isinstance(v, Const) and 0 <= v.value < bound):
                continue
            if isinstance(v, Const):
                return Const(-1, X, loc)
            inside = Binary("land", Binary("le", Const(0, X, loc), v, BOOL, loc),
                            Binary("lt", v, Const(bound, X, loc), BOOL, loc), BOOL, loc)
            ok = inside if ok is None else Binary("land", ok, inside, BOOL, loc)
        flat: Expr = cast(values[0], W, loc)
        for v, d in zip(values[1:], dims[1:]):
            flat = Binary("add", Binary("mul", flat, Const(d, W, loc), W, loc), cast(v, W, loc), W, loc)
        flat = cast(flat, X, loc)
        return flat if ok is None else Ite(ok, flat, Const(-1, X, loc), X, loc)

    # ---------------------------------------------------------- initialisers

    def array_initialiser(self, name: str, t: CArray, init: Tree | None, at: Loc,
                          constant: bool = False) -> tuple[CArray, list[Stmt], dict[int, int] | None]:
        """An array declaration's type (the first dimension completed from
        the initialiser) and the statements that give `name` its initial
        value: a `Nondet` without an initialiser, else one `Store` per element,
        zeros where the initialiser says nothing. With `constant` (a global,
        zeros where nothing is said, whatever its size) no statements: the
        nonzero initial values by flat index (`nonzero_elements`)."""
        items: dict[int, Tree | int] = {}
        if init is not None:
            t = self._fill(t, init, items)
        elif t.dims[0] is None:
            raise InputError(self.unit.path, at.line, at.column, f"array size missing in '{name}'", "syntax")
        size = t.size
        assert size is not None
        if constant:
            return t, [], self.nonzero_elements(t, items)
        if init is None:
            return t, [Assign(name, Nondet(self.T.array(t), "", at), at)], None
        if size > MAX_INITIALISED_ELEMENTS:
            raise UnsupportedConstruct(self.unit.path, at.line, at.column,
                                       f"unsupported construct: initialised array '{name}' of {size} elements (at "
                                       f"most {MAX_INITIALISED_ELEMENTS} elements are initialised one by one)")
        stmts, _ = self.initial_stores(name, t, items, at)
        return t, stmts, None

    def nonzero_elements(self, t: CArray, items: dict[int, Tree | int]) -> dict[int, int]:
        """The constant initialiser items of an array of type `t` by flat index,
        converted to the element type, those that are not 0."""
        elem_ir = self.T.ir(t.elem)
        values = {}
        for k, item in sorted(items.items()):
            c = item if isinstance(item, int) else self.constant(item)
            value = int(c != 0) if t.elem.is_bool else elem_ir.wrap(c)
            if value:
                values[k] = value
        return values

    def initial_stores(self, name: str, t: CArray, items: dict[int, Tree | int], at: Loc,
                       constant: bool = False) -> tuple[list[Stmt], list[int]]:
        """One `Store` per element of array `name` (of fixed size) from the
        initialiser items by flat index, zeros for the rest; with `constant`,
        the items are constant expressions, whose values come back too."""
        size = t.size
        assert size is not None
        atype = self.T.array(t)
        stmts: list[Stmt] = []
        values: list[int] = []
        elem_ir = self.T.ir(t.elem)
        start, spans = len(self.out), []  # C evaluates the items in any order (C11 6.7.9p23)
        for k in range(size):
            item = items.get(k, 0)
            if isinstance(item, int):
                value: Expr = Const(elem_ir.wrap(item) if not t.elem.is_bool else int(item != 0), elem_ir, at)
            elif constant:
                c = self.constant(item)
                value = Const(int(c != 0) if t.elem.is_bool else elem_ir.wrap(c), elem_ir, at)
            else:
                begin = len(self.out)
                v = self.value(self.expr(item), item)
                value = self.conv(v, t.elem, self.loc(item))
                if not isinstance(value, (Const, Var)):
                    value = self.hoist(Val(value, t.elem), self.loc(item)).expr  # type: ignore[assignment]
                spans.append((begin, len(self.out), value))
            if isinstance(value, Const):
                values.append(value.value)
            stmts.append(Assign(name, Store(Var(name, atype, at), Const(k, self.T.index, at), value, None,
                                            atype, "bounds", at), at))
        self.refuse_clashing_operands(spans)
        self.check_pure_operands_first(start, spans)
        return stmts, values

    def _fill(self, t: CArray, init: Tree, items: dict[int, Tree | int]) -> CArray:
        """Record the initialiser's element at each flat index; `t` with its
        first dimension completed."""
        if init.data == "string_lit":
            if len(t.dims) != 1 or t.elem.bits != 8:
                raise self.error(init, "array initialised by a string literal is not an array of char")
            chars = self.string_bytes(init)
            used = len(chars) + 1
            if t.dims[0] is not None and len(chars) > t.dims[0]:
                raise self.error(init, f"initialiser-string for array is too long ({len(chars)} "
                                 f"characters, {t.dims[0]} elements)")
            items.update(enumerate(chars))
        elif init.data != "brace_init":
            raise self.error(init, "array initialiser must be a brace-enclosed list")
        else:
            children = [c for c in init.children if c is not None]
            if (len(t.dims) == 1 and t.elem.bits == 8 and len(children) == 1
                    and isinstance(children[0], Tree) and children[0].data == "string_lit"):
                return self._fill(t, children[0], items)
            used = self._fill_block(children, t.dims, 0, items)
        if t.dims[0] is None:
            stride = t.stride
            return CArray(t.elem, (max(1, -(-used // stride)),) + t.dims[1:])
        return t

    def _fill_block(self, children: list, dims: tuple[int | None, ...], offset: int,
                    items: dict[int, Tree | int]) -> int:
        """Fill the object of shape `dims` at flat `offset` from brace items
        (with C's brace elision for the simple cases); the flat positions used."""
        stride = 1
        for d in dims[1:]:
            stride *= d  # type: ignore[operator]
        if any(is_designated(c) for c in children):
            return self._fill_designated(children, dims, stride, offset, items)
        total = None if dims[0] is None else dims[0] * stride
        pos = 0
        for child in children:
            if total is not None and pos >= total:
                raise self.unsupported(child, "unsupported construct: excess elements in array initialiser")
            nested = isinstance(child, Tree) and child.data == "brace_init"
            if nested and len(dims) > 1:
                if pos % stride:
                    pos += stride - pos % stride
                self._fill_block([c for c in child.children if c is not None], dims[1:],
                                 offset + pos, items)
                pos += stride
                continue
            while nested:  # `{ {1} }`: a scalar in braces
                inner = [c for c in child.children if c is not None]
                if len(inner) != 1:
                    raise self.unsupported(child, "unsupported construct: brace initialiser "
                                           f"'{self.text(child)}' for one element")
                child = inner[0]
                nested = isinstance(child, Tree) and child.data == "brace_init"
            items[offset + pos] = child
            pos += 1
        return pos

    def _fill_designated(self, children: list, dims: tuple[int | None, ...], stride: int, offset: int,
                         items: dict[int, Tree | int]) -> int:
        """`_fill_block` for braces with designators (``[k] = v``): each item fills its element (a row
        of a multi-dimensional array in braces of its own: no brace elision here); the flat positions used."""
        used = 0
        for k, item in self.element_slots(children, dims[0]):
            if len(dims) > 1:
                if not (isinstance(item, Tree) and item.data == "brace_init"):
                    raise self.unsupported(item, "unsupported construct: designated initialiser with brace elision "
                                           f"'{self.text(item)}'")
                self._fill_block([c for c in item.children if c is not None], dims[1:], offset + k * stride, items)
            else:
                while isinstance(item, Tree) and item.data == "brace_init":  # `[k] = {1}`: a scalar in braces
                    inner = [c for c in item.children if c is not None]
                    if len(inner) != 1:
                        raise self.unsupported(item, "unsupported construct: brace initialiser "
                                               f"'{self.text(item)}' for one element")
                    item = inner[0]
                items[offset + k] = item
            used = max(used, (k + 1) * stride)
        return used

    def element_slots(self, children: list, length: int | None) -> list[tuple[int, Tree | Token]]:
        """The items of an array's brace initialiser with the index of the element each initialises
        (``[k] = v`` designators resolved, C11 6.7.9p17), checked inside an array of `length` elements."""
        def index_of(designator: Tree | Token) -> int:
            if isinstance(designator, Token):
                raise self.error(designator, f"field name '.{designator}' not in a struct initialiser")
            k = self.constant(designator)
            if k < 0 or (length is not None and k >= length):
                raise self.error(designator, f"array index {k} in initialiser exceeds the array's bounds")
            return k
        try:
            placed = slotted(children, index_of)
        except OverriddenSlot as err:
            raise self.unsupported(err.item, "unsupported construct: initialiser item "
                                   f"'{self.text(err.item)}' overriding an earlier one") from None
        for k, item in placed:
            if length is not None and k >= length:
                raise self.unsupported(item, "unsupported construct: excess elements in array initialiser")
        return placed

    # ------------------------------------------------------------ strings, sizeof

    def string_bytes(self, tree: Tree) -> list[int]:
        """The chars of a (concatenated) string literal, as signed char values, without the 0."""
        out: list[int] = []
        for tok in tree.children:
            chars = decode_chars(str(tok)[1:-1])
            if chars is None:
                raise self.unsupported(tok, f"unsupported construct: string literal {tok} "
                                       "(an escape sequence outside C's)")
            out += chars
        return [c - 256 if c > 127 else c for c in out]

    def pointer_bytes(self) -> int:
        return 4 if self.T.data_model == "ILP32" else 8

    def array_bytes(self, tree: Tree) -> int | None:
        """``sizeof`` of an array-valued operand (an array variable, a sub-array
        of one, a string literal), None when the operand is not one of those."""
        if tree.data == "string_lit":
            return len(self.string_bytes(tree)) + 1
        depth = 0
        node = tree
        while node.data == _INDEX:
            depth += 1
            node = node.children[0]
        if node.data != "var" or (found := self.array_entry(node.children[0])) is None:
            return None
        t = found[1]
        if depth >= len(t.dims):
            return None  # an element: the ordinary sizeof
        if depth == 0 and t.dims[0] is None:
            return self.pointer_bytes()  # a parameter is a pointer
        count = 1
        for d in t.dims[depth:]:
            count *= d  # type: ignore[operator]
        return count * t.elem.bits // 8

    def declarator_bytes(self, node: Tree | None, base: int) -> int:
        """``sizeof`` of a type name's abstract declarator applied to a type of `base` bytes."""
        while node is not None:
            if node.data == "abstract_pointer":  # STAR [inner]
                base, node = self.pointer_bytes(), (node.children[1] if len(node.children) > 1 else None)
            elif node.data == "abstract_array":  # [inner] [size]
                inner, size = node.children if len(node.children) == 2 else (None, node.children[0])
                if size is None:
                    raise self.error(node, "invalid application of 'sizeof' to an incomplete type")
                base, node = base * self.array_dimension(size, "type name"), inner
            else:
                raise self.unsupported(node, f"unsupported construct: sizeof of type '{self.text(node)}'")
        return base

    def sized(self, nbytes: int, tree: Tree) -> Val:
        size_t = self.T.sized(ULONG)
        return Val(Const(nbytes, self.T.ir(size_t), self.loc(tree)), size_t)


_ESCAPES = {"n": 10, "t": 9, "r": 13, "0": 0, "a": 7, "b": 8, "f": 12, "v": 11,
            "\\": 92, "'": 39, '"': 34, "?": 63}


def decode_chars(body: str) -> list[int] | None:
    """The byte values of the text between the quotes of a char or string
    literal (UTF-8 for other characters); None on an unknown escape."""
    out: list[int] = []
    i = 0
    while i < len(body):
        c = body[i]
        if c != "\\":
            out.extend(c.encode("utf-8"))
            i += 1
            continue
        m = re.match(r"\\([0-7]{1,3}|x[0-9a-fA-F]+|.)", body[i:])
        if not m:
            return None
        esc = m.group(1)
        if esc[0] in "01234567":
            out.append(int(esc, 8) & 0xFF)
        elif esc[0] == "x":
            out.append(int(esc[1:], 16) & 0xFF)
        elif esc in _ESCAPES:
            out.append(_ESCAPES[esc])
        else:
            return None
        i += m.end()
    return out

