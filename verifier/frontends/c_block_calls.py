"""The C library's block functions ``memset``, ``memcpy`` and ``memmove`` (unless the file defines them).

A call whose size is an integer constant expression, a whole number of the
destination's elements (at most `MAX_BLOCK_ELEMENTS`), is lowered element by
element through the points-to encoding (`c_pointers`): every element written
(and, for a copy, read) is an access ``*(p + k)`` with its checks ``null``,
``bounds`` (a block running past its object fails there, as ASan's interceptors
report it) and, on the heap, ``use-after-free``.

- ``memset(p, c, n)``: each byte is ``(unsigned char) c`` (a constant), so each
  element holds that byte repeated, read as the element type.
- ``memcpy(d, s, n)``, ``memmove(d, s, n)``: every source element is read
  before the first write (``memmove``'s meaning); for ``memcpy`` overlapping
  blocks are undefined (C11 7.24.2.1), checked ``bounds``.

Source and destination must have one element type (``memcpy(&b, &a, ...)`` of
structs, or a copy between an ``int`` and a ``char`` array, stays unsupported),
and the call's value (the destination) is not used.
"""

from __future__ import annotations

from lark import Token, Tree

from ..ir import BOOL, I64, Assert, Binary, Const, Expr, Loc
from .c_base import Val
from .c_heap import HeapLowerer
from .c_pointers import PValue
from .c_structs import StructRef
from .c_types import CArray, CInt, c_size, cast, has_pointer_fields, struct_leaves

__all__ = ["BlockCallLowerer", "BLOCK_FUNCTIONS", "MAX_BLOCK_ELEMENTS"]

BLOCK_FUNCTIONS = ("memset", "memcpy", "memmove")
#: the most elements one call is lowered to, one access each
MAX_BLOCK_ELEMENTS = 256


class BlockCallLowerer(HeapLowerer):
    """``memset``/``memcpy``/``memmove`` calls (see the module doc)."""

    def is_block_call(self, name: str) -> bool:
        """`name` is the library's block function (the file defines no function of that name)."""
        return name in BLOCK_FUNCTIONS and not self.user_defined(name)

    def block_call(self, name: str, tree: Tree, args: list[Tree], loc: Loc, ctx) -> Val:
        """Lower the call `tree` of block function `name` (in context `ctx`)."""
        if len(args) != 3:
            raise self.error(tree, f"'{name}' takes 3 argument(s), {len(args)} given")
        if ctx != "discard":
            raise self.unsupported(tree, f"unsupported construct: the value of '{self.text(tree)}'")
        if not self.is_pointer(args[0]) or (name != "memset" and not self.is_pointer(args[1])):
            raise self.unsupported(tree, f"unsupported construct: '{self.text(tree)}' (a block of an array, a "
                                   "pointer variable or an address expected)")
        whole = self.struct_place(_target_of(args[0]))
        if whole is not None:
            self._block_of_struct(name, tree, args, whole, loc)
            return Val(None, None)
        dst = self.pointer_value(args[0])
        if not isinstance(dst.elem, CInt):
            raise self.unsupported(tree, f"unsupported construct: '{self.text(tree)}' on an array of structs")
        count = self._element_count(tree, args[2], dst.elem)
        if name == "memset":
            self._set_block(tree, dst, self._fill_byte(tree, args[1]), count, loc)
        else:
            src = self.pointer_value(args[1], dst.elem)
            if not self.same_pointee(src.elem, dst.elem):
                raise self.unsupported(tree, f"unsupported construct: '{self.text(tree)}' between blocks of "
                                       "different element types")
            self._copy_block(tree, dst, src, count, loc)
            if name == "memcpy" and count:  # at the source argument: a check of its own beside the accesses'
                self._refuse_overlap(tree, dst, src, count, self.loc(args[1]))
        return Val(None, None)

    def _block_of_struct(self, name: str, tree: Tree, args: list[Tree], dst: StructRef, loc: Loc) -> None:
        """The block call `tree` whose destination is one struct `dst`: its size must be the struct's."""
        if self._block_size(args[2]) != c_size(dst.ctype, self.pointer_bytes()):
            raise self.unsupported(tree, f"unsupported construct: '{self.text(tree)}' (on a struct, the size must "
                                   "be the struct's)")
        if name == "memset":
            byte = self._fill_byte(tree, args[1])
            if byte and has_pointer_fields(dst.ctype):  # type: ignore[arg-type]
                raise self.unsupported(tree, f"unsupported construct: '{self.text(tree)}' (a nonzero byte in a "
                                       "pointer field)")
            if byte > 1 and any((ft.elem if isinstance(ft, CArray) else ft).is_bool
                                for _, ft in struct_leaves(dst.ctype)):  # type: ignore[arg-type]
                raise self.unsupported(tree, f"unsupported construct: '{self.text(tree)}' (a _Bool byte other "
                                       "than 0 or 1)")
            self.out += self.struct_fill(dst, byte, loc)
            return
        source = _target_of(args[1])
        if self.capture(lambda: self.struct_place(source))[1] is None:  # a test: `struct_copy` lowers it
            raise self.unsupported(tree, f"unsupported construct: '{self.text(tree)}' from a block that is not "
                                   "a struct")
        self.out += self.struct_copy(dst, source, loc)

    def _block_size(self, size: Tree) -> int | None:
        """The value of the argument `size` if it is an integer constant expression, else None."""
        pre, v = self.capture(lambda: self.value(self.expr(size), size))
        return self.constant(size) if not pre and isinstance(v.expr, Const) else None

    def _element_count(self, tree: Tree, size: Tree, elem: CInt) -> int:
        width = max(1, elem.bits // 8)
        n = self._block_size(size)
        if n is None or n < 0 or n % width or n // width > MAX_BLOCK_ELEMENTS:
            raise self.unsupported(tree, f"unsupported construct: '{self.text(tree)}' (its size must be a constant "
                                   f"number of whole elements, at most {MAX_BLOCK_ELEMENTS})")
        return n // width

    def _fill_byte(self, tree: Tree, fill: Tree) -> int:
        """The byte `memset` call `tree` writes: its argument `fill`, a constant, as an unsigned char."""
        value = self._block_size(fill)
        if value is None:
            raise self.unsupported(tree, f"unsupported construct: '{self.text(tree)}' (its value must be a "
                                   "constant)")
        return value & 0xFF

    def _stepped_by(self, p: PValue, k: int, loc: Loc) -> PValue:
        """``p + k``."""
        if k == 0:
            return p
        off = Binary("add", cast(p.off, self._wide, loc), Const(k, self._wide, loc), self._wide, loc)
        return PValue(p.obj, cast(off, self.T.index, loc), p.elem)

    def _set_block(self, tree: Tree, dst: PValue, byte: int, count: int, loc: Loc) -> None:
        elem = dst.elem
        assert isinstance(elem, CInt)
        if elem.is_bool and byte not in (0, 1):
            raise self.unsupported(tree, f"unsupported construct: '{self.text(tree)}' (a _Bool byte other than "
                                   "0 or 1)")
        pattern = int.from_bytes(bytes([byte]) * max(1, elem.bits // 8), "little")
        ty = self.T.ir(elem)
        value = Const(ty.wrap(pattern) if not elem.is_bool else byte, ty, loc)
        for k in range(count):
            place = self.deref_place(self._stepped_by(dst, k, loc), loc, self.text(tree))
            self.out.append(place.assign(value))

    def _copy_block(self, tree: Tree, dst: PValue, src: PValue, count: int, loc: Loc) -> None:
        values = [self.deref_place(self._stepped_by(src, k, loc), loc, self.text(tree)).current for k in range(count)]
        for k, value in enumerate(values):
            place = self.deref_place(self._stepped_by(dst, k, loc), loc, self.text(tree))
            self.out.append(place.assign(value))

    def _refuse_overlap(self, tree: Tree, dst: PValue, src: PValue, count: int, loc: Loc) -> None:
        """Check ``bounds``: `memcpy`'s blocks of `count` elements do not overlap (C11 7.24.2.1p2)."""
        W = self.T.index if self.T.math else I64
        gap = Binary("sub", cast(dst.off, W, loc), cast(src.off, W, loc), W, loc)
        far = Binary("lor", Binary("ge", gap, Const(count, W, loc), BOOL, loc),
                     Binary("le", gap, Const(-count, W, loc), BOOL, loc), BOOL, loc)
        apart: Expr = Binary("lor", Binary("ne", dst.obj, src.obj, BOOL, loc), far, BOOL, loc)
        self.out.append(Assert(apart, "bounds", f"{self.text(tree)}: overlapping blocks", loc))


def _target_of(pointer: Tree) -> Tree:
    """The tree of ``*pointer``."""
    return Tree("unop", [Token("STAR", "*"), pointer], pointer.meta)
