"""Pointers to structs, over the points-to lowering of `c_pointers`.

`StructPointerLowerer` adds to `PointerLowerer` pointers whose element type
is a struct (``struct node *p``). Such a pointer is the same pair ``p#obj``,
``p#off`` (offset in structs); the objects it may designate are the
function's struct objects, each registered once, when its address is taken:

- a struct variable ``s`` (``&s``; a global's too), or a struct pointer
  parameter ``p`` (its fields ``p->f``): one struct, whose only offset is 0;
- an array of structs ``a`` (``a``, ``&a[i]``, ``a + k``; local, global or a
  parameter): its field arrays ``a[].f``, as many structs as its length;
- a heap block of structs (`c_heap`): field arrays ``$tmp#N[].f`` of the
  block's length.

``p->f`` (``(*p).f``, ``p[i].f``) checks ``null`` and ``bounds`` like ``*p``,
then reads the field of the object ``p#obj`` designates as an `Ite` over the
struct objects of that type (a placeholder ``Call("$field")`` until the
function's objects are all known, resolved by `field_accesses`; a write is
``Call("$setfield")``).

A pointer field (``p->next``, ``n.next``, ``a[i].next``: linked lists) is its
two parts read or written as fields (`pointer_part`): ``p->next->v`` checks
``p`` at the access of ``next`` and ``p->next`` at that of ``v``.
"""

from __future__ import annotations

from dataclasses import replace

from lark import Token, Tree

from ..ir import BOOL, Assert, Assign, Binary, Call, Const, Expr, ExprStmt, If, Ite, Loc, Select, Stmt, Store, Var
from .c_memory import Place
from .c_pointers import NO_OBJECT, PointerLowerer, PValue
from .c_structs import StructRef
from .c_types import POINTER_PART, CArray, CInt, CPointerField, CStruct, lifted, struct_leaves
from ..pointer_values import POINTER_PARTS

__all__ = ["StructPointerLowerer", "FIELD", "SET_FIELD"]

FIELD, SET_FIELD = "$field", "$setfield"


class StructPointerLowerer(PointerLowerer):
    """Struct pointers, their objects and field accesses (see the module doc)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        #: (struct type, field path) of each field accessed through a pointer, by number
        self.field_keys: list[tuple[CStruct, str]] = []

    # ---------------------------------------------------------------- values

    def is_pointer(self, tree: Tree) -> bool:
        if tree.data == "member":
            return self.pointer_field(tree) is not None
        if tree.data == "var":
            entry = self.lookup(str(tree.children[0]))
            if entry is not None and (entry[0] == "sarray" and len(entry[4]) == 1
                                      or entry[0] == "struct" and entry[4]):
                return True
        return super().is_pointer(tree)

    def pointer_value(self, tree: Tree, elem=None) -> PValue:
        loc = self.loc(tree)
        X = self.T.index
        if tree.data == "member":
            field = self.member_ref(tree)
            if isinstance(field.ctype, CPointerField):  # checked at the field's name: ``p->next->v`` has two reads
                at = self.loc(tree.children[1])
                obj, off = (self.pointer_part(field, part, at, self.text(tree)).current for part in POINTER_PARTS)
                return PValue(obj, off, self.pointee_struct(field.ctype, tree))
        if tree.data == "var":
            entry = self.lookup(str(tree.children[0]))
            if entry is not None and entry[0] == "sarray" and len(entry[4]) == 1:  # an array of structs decays
                _, prefix, suffix, t, dims = entry
                return PValue(self.struct_object(prefix, suffix, t, dims, loc), Const(0, X, loc), t)
            if entry is not None and entry[0] == "struct" and entry[4]:  # a struct pointer parameter
                return PValue(self.struct_object(entry[1], entry[2], entry[3], None, loc), Const(0, X, loc), entry[3])
        return super().pointer_value(tree, elem)

    # ---------------------------------------------------------- pointer fields

    def pointer_field(self, tree: Tree) -> StructRef | None:
        """The pointer field ``p->next``, ``n.next``, ``a[i].next`` `tree` denotes
        (nothing is lowered), None if it is no pointer field."""
        if tree.data != "member":
            return None
        _, field = self.capture(lambda: self.member_ref(tree))  # type: ignore[arg-type,return-value]
        return field if isinstance(field.ctype, CPointerField) else None  # type: ignore[union-attr]

    def pointer_part(self, field: StructRef, part: str, loc: Loc, text: str) -> Place:
        """The place of part `part` (``#obj``, ``#off``) of the pointer field
        `field` (a `member_ref`; `text` the field as the source writes it)."""
        if field.pointer is not None:
            return self.field_deref(replace(field, prefix=field.prefix + part, ctype=POINTER_PART), [], loc, text)
        return self._leaf(field, part, POINTER_PART, [], loc)

    def assign_pointer_field(self, lhs: Tree, rhs: Tree, at: Loc) -> None:
        """``p->next = q`` (``n.next = q``, ``a[i].next = q``): both parts of the field."""
        field = self.member_ref(lhs)
        assert isinstance(field.ctype, CPointerField)
        elem = self.pointee_struct(field.ctype, lhs)
        value = self.pointer_value(rhs, elem)
        if not self.same_pointee(value.elem, elem):
            raise self.unsupported(rhs, f"unsupported construct: pointer to '{value.elem}' assigned to a "
                                   f"pointer to '{elem}' (casts between pointer types)")
        parts = [self.hoist_part(e, at) for e in (value.obj, value.off)]  # the old value, read before the write
        for part, e in zip(POINTER_PARTS, parts):
            self.out.append(self.pointer_part(field, part, at, self.text(lhs)).assign(e))

    def hoist_part(self, e: Expr, at: Loc) -> Expr:
        """`e` in a fresh temporary unless it is a constant."""
        if isinstance(e, Const):
            return e
        tmp = self.temp(None, at, boolean=True)
        self.locals[tmp.name] = e.type
        self.out.append(Assign(tmp.name, e, at))
        return Var(tmp.name, e.type, at)

    def _address(self, tree: Tree, loc: Loc) -> PValue:
        X = self.T.index
        ref = self.struct_place(tree) if tree.data in ("var", "index", "member") else None
        if ref is not None:
            if ref.pointer is not None:
                return PValue(ref.pointer[0], ref.pointer[1], ref.ctype)  # type: ignore[arg-type]
            if len(ref.outer) > 1:
                raise self.unsupported(tree, f"unsupported construct: address of '{self.text(tree)}' (an element "
                                       "of a multi-dimensional array of structs)")
            number = self.struct_object(ref.prefix, ref.suffix, ref.ctype, ref.dims or None, loc)  # type: ignore[arg-type]
            return PValue(number, ref.outer[0] if ref.outer else Const(0, X, loc), ref.ctype)  # type: ignore[arg-type]
        return super()._address(tree, loc)

    def pointer_struct(self, tree: Tree, index: Tree | None) -> StructRef | None:
        if not self.is_pointer(tree):
            return None
        if index is not None:
            tree = Tree("binop", [tree, Token("PLUS", "+"), index], tree.meta)
        p = self.pointer_value(tree)
        if not isinstance(p.elem, CStruct):
            return None
        return StructRef("", "", p.elem, pointer=(p.obj, p.off), root=p.elem)

    # --------------------------------------------------------------- objects

    def struct_object(self, prefix: str, suffix: str, t: CStruct, dims: tuple[int | None, ...] | None,
                      loc: Loc) -> Const:
        """The number of the struct object whose fields are ``prefix + path +
        suffix`` (registered on first use): one struct (`dims` None) or an
        array of structs of shape `dims`."""
        key = prefix + suffix
        if key not in self.pointer_targets:
            fields = {}
            for path, ft in struct_leaves(t):
                name = f"{prefix}{path}{suffix}"
                self.note_global(name, True, loc)
                self.note_global(name, False, loc)
                if dims is None:
                    fields[path] = (name, self.T.array(ft) if isinstance(ft, CArray) else self.T.ir(ft), None)
                    continue
                whole = lifted(ft, dims)
                fields[path] = (name, self.T.array(whole), self.array_length(name, whole, loc))
            # (a `length` only says "an array of structs" here: each field has its own, in `fields`)
            self._object(key, t, None if dims is None else Const(0, self.T.index, loc), loc)  # type: ignore[arg-type]
            self.pointer_targets[key].fields = fields  # type: ignore[attr-defined]
        return Const(self.pointer_targets[key].number, self.obj_type, loc)  # type: ignore[attr-defined]

    # ---------------------------------------------------------------- fields

    def field_deref(self, ref: StructRef, inner: list[Expr], loc: Loc, text: str) -> Place:
        """``p->f`` (``p->a[i]`` with `inner` the indices into array field ``a``):
        checked like ``*p``, read now, written through `SET_FIELD`."""
        assert ref.pointer is not None and ref.root is not None
        obj, off = ref.pointer
        leaf = ref.ctype
        elem = leaf.elem if isinstance(leaf, CArray) else leaf
        assert isinstance(elem, CInt)
        self.out.append(Assert(Binary("ne", obj, Const(0, self.obj_type, loc), BOOL, loc), "null",
                               f"{text}: NULL dereference", loc))
        self.out.append(Assert(Binary("ne", obj, Const(NO_OBJECT, self.obj_type, loc), BOOL, loc), "bounds",
                               f"{text}: pointer outside its object", loc))
        position = self.flat_index(inner, leaf.dims, loc) if isinstance(leaf, CArray) else Const(0, self.T.index, loc)
        key = Const(self._field_key(ref.root, ref.prefix), self.T.index, loc)
        tmp = self.temp(elem, loc)
        self.out.append(Assign(tmp.name, Call(FIELD, (obj, off, key, position), tmp.type, loc), loc))
        return _FieldPlace(tmp.name, elem, tmp, loc, (obj, off, key, position))

    def _field_key(self, root: CStruct, path: str) -> int:
        if (root, path) not in self.field_keys:
            self.field_keys.append((root, path))
        return self.field_keys.index((root, path))

    def field_accesses(self, s: Stmt) -> list[Stmt] | None:
        if isinstance(s, Assign) and isinstance(s.value, Call) and s.value.func == FIELD:
            obj, off, key, position = s.value.args
            checks, reads = self._field_cases(obj, off, key, position, s.loc)
            value: Expr = Const(0, s.value.type, s.loc)  # no object: the checks before fail
            for here, array, index, length, scalar in reversed(reads):
                read = scalar if scalar is not None else Select(array, index, length, s.value.type, "bounds", s.loc)
                value = Ite(here, read, value, s.value.type, s.loc)
            return checks + [Assign(s.target, value, s.loc)]
        if isinstance(s, ExprStmt) and isinstance(s.expr, Call) and s.expr.func == SET_FIELD:
            obj, off, key, position, new = s.expr.args
            checks, writes = self._field_cases(obj, off, key, position, s.loc)
            chain: list[Stmt] = []
            for here, array, index, length, scalar in reversed(writes):
                if scalar is not None:
                    write: Stmt = Assign(scalar.name, new, s.loc)
                else:
                    write = Assign(array.name, Store(array, index, new, length, array.type, "bounds", s.loc), s.loc)
                chain = [If(here, [write], chain, s.loc)]
            return checks + chain
        return None

    def _field_cases(self, obj: Expr, off: Expr, key: Expr, position: Expr, loc: Loc) -> tuple[list[Stmt], list]:
        """The checks of a field access, and for each struct object of the
        field's struct type: (it is the one, its field array, the index, the
        length, or the field's scalar variable)."""
        assert isinstance(key, Const)
        root, path = self.field_keys[key.value]
        leaf = dict(struct_leaves(root))[path]
        X = self.T.index
        checks: list[Stmt] = []
        within: dict[int, Expr] = {}  # object number -> the access is inside it (its use-after-free needs that)
        in_field: Expr = Const(1, BOOL, loc)
        if isinstance(leaf, CArray):
            in_field = Binary("land", Binary("le", Const(0, X, loc), position, BOOL, loc),
                              Binary("lt", position, Const(leaf.size, X, loc), BOOL, loc), BOOL, loc)
            checks.append(Assert(in_field, "bounds", "index outside the struct's array field", loc))
        cases = []
        for x in self.pointer_targets.values():
            if x.fields is None or x.elem != root:  # type: ignore[attr-defined]
                continue
            here = Binary("eq", obj, Const(x.number, self.obj_type, loc), BOOL, loc)  # type: ignore[attr-defined]
            name, ty, length = x.fields[path]  # type: ignore[attr-defined]
            if length is None:  # one struct: its only offset is 0
                zero = Binary("eq", off, Const(0, X, loc), BOOL, loc)
                within[x.number] = Binary("land", zero, in_field, BOOL, loc)  # type: ignore[attr-defined]
                elsewhere = Binary("ne", obj, Const(x.number, self.obj_type, loc), BOOL, loc)  # type: ignore[attr-defined]
                checks.append(Assert(Binary("lor", elsewhere, zero, BOOL, loc), "bounds", "pointer outside its object",
                                     loc))
                if isinstance(leaf, CArray):
                    cases.append((here, Var(name, ty, loc), position, Const(leaf.size, X, loc), None))
                else:
                    cases.append((here, None, None, None, Var(name, ty, loc)))
                continue
            index = self.flat_index([off, position], (None, leaf.size), loc) if isinstance(leaf, CArray) else off
            within[x.number] = Binary("land", Binary("land", Binary("le", Const(0, X, loc), index, BOOL, loc),  # type: ignore[attr-defined]
                                                     Binary("lt", index, length, BOOL, loc), BOOL, loc),
                                      in_field, BOOL, loc)
            cases.append((here, Var(name, ty, loc), index, length, None))
        live = self.live_checks(obj, loc, lambda x: within.get(x.number, Const(1, BOOL, loc)))
        return live + checks, cases


class _FieldPlace(Place):
    """``p->f``: read when it was lowered; written through a `SET_FIELD` placeholder."""

    def __init__(self, name: str, ctype: CInt, current: Expr, loc: Loc, access: tuple) -> None:
        super().__init__(name, ctype, current, loc)
        self.access = access

    @property
    def is_variable(self) -> bool:
        return False

    def assign(self, value: Expr) -> Stmt:  # type: ignore[override]
        return ExprStmt(Call(SET_FIELD, (*self.access, value), value.type, self.loc), self.loc)
