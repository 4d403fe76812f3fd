"""C structs lowered by flattening: one IR variable per field.

`StructLowerer` is the part of `ExprLowerer` that knows structs: struct
specifiers (`struct_type`), struct variables (`declare_struct`), member access
``s.f`` and ``p->f`` (`member`), and whole-struct assignment.

Representation:

- a struct variable ``s`` of ``struct T { int f; int a[3]; struct U in; }``
  is the IR variables ``s.f``, ``s.a`` (an array) and ``s.in.x``...: one per
  scalar or array field, nested structs flattened (`c_types.struct_leaves`);
  a name already used gets a ``#N`` suffix (``s.f#2``), so `display_name`
  shows ``s.f``;
- a struct parameter by value is likewise one parameter per field; a
  pointer parameter ``struct T *p`` is one non-null object whose fields are
  the parameters ``p->f`` (read and written as variables: the caller's
  object is not modelled, so a function's effect on it is not an output);
- ``s = t`` (same struct type) assigns field by field; a struct initialiser
  ``{1, {2, 3}}`` gives the fields in order, zeros for the rest.

- an array of structs ``struct T s[3]`` is one array per field, ``s[].f``
  (``int[3]``; an array field ``int a[2]`` gives ``s[].a``, ``int[3][2]``
  flattened); ``s[i].f`` reads element ``i`` of ``s[].f``; initialisers give
  each element in braces; a parameter ``struct T p[]`` (or a ``struct T *p``
  the body subscripts) is one array parameter per field with its length,
  all of the same number of structs (the parameter convention);
- a global struct is one global per field (``g.f``), a global array of
  structs one global array per field, with their initial values;
- a struct a pointer designates (``p->f``) is `c_struct_pointers`'.

- a pointer field ``struct node *next`` (or ``int *data``) is two integer
  fields ``next#obj`` and ``next#off``, the pair a pointer variable is (see
  `c_pointers`; read and written as a pointer by `c_struct_pointers`): an
  uninitialised one designates no object, a zero-filled one is NULL.

Unions and pointers to pointers as fields are unsupported; a function returning a
struct is inlined where its value is copied (`c_inline`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from lark import Token, Tree

from ..ir import ArrayType, Assign, Const, Expr, Loc, Nondet, Stmt, Var
from .c_base import Val
from .c_designators import OverriddenSlot, slotted
from .c_memory import MAX_INITIALISED_ELEMENTS, ArrayLowerer, Place, declarator_ops
from .c_types import INT, NO_OBJECT, POINTER_PART, CArray, CInt, CPointerField, CStruct, c_size, lifted, struct_leaves

__all__ = ["StructLowerer", "StructRef", "field_names"]


@dataclass(frozen=True)
class StructRef:
    """A struct (or, from `member_ref`, a field) in the flattened representation:
    its fields are the IR variables ``prefix + path + suffix``; inside an array
    of structs of shape `dims`, each of those is an array and `outer` holds
    the (lowered) indices of the element."""

    prefix: str
    suffix: str
    ctype: CInt | CArray | CStruct
    outer: tuple[Expr, ...] = ()
    dims: tuple[int | None, ...] = ()
    #: designated by a pointer: its (object, offset), `root` the struct type it
    #: points to and `prefix` the path of the field inside it (see `c_struct_pointers`)
    pointer: tuple[Expr, Expr] | None = None
    root: CStruct | None = None

    def name(self, path: str) -> str:
        """The IR variable of field `path` (``""``: this field itself)."""
        return f"{self.prefix}{path}{self.suffix}"



def field_names(prefix: str, t: CStruct, suffix: str = "") -> list[tuple[str, CInt | CArray]]:
    """The IR variables (name, type) of a struct variable named by `prefix`
    (``s.`` or ``p->``) and `suffix` (``""`` or ``#N``)."""
    return [(f"{prefix}{path}{suffix}", t) for path, t in struct_leaves(t)]


class StructLowerer(ArrayLowerer):
    """Struct types, variables, members and assignment (see the module doc)."""

    # ----------------------------------------------------------------- types

    def struct_type(self, spec: Tree) -> CStruct:
        """The type a struct specifier names, defining it if it has a body."""
        kw = str(spec.children[0])
        if kw == "union":
            raise self.unsupported(spec, f"unsupported construct: union type '{self.text(spec)}' "
                                   "(the C subset has no unions)")
        tag = next((str(c) for c in spec.children[1:2] if isinstance(c, Token)), "")
        members = [c for c in spec.children if isinstance(c, Tree)]
        has_body = len(spec.children) > 2 or (len(spec.children) == 2 and tag == "")
        key = f"struct {tag}"
        if not has_body:
            entry = self.lookup(key) if tag else None
            if entry is None:
                raise self.unsupported(spec, f"unsupported construct: incomplete struct type '{key}'")
            if isinstance(entry[1], str):
                raise self.unsupported(spec, entry[1])
            return entry[1]
        try:
            fields = self._members(members, key)
        except Exception as err:
            if tag and hasattr(err, "message"):
                self.scopes[-1][key] = ("type", getattr(err, "message"))
            raise
        t = CStruct(key if tag else "struct <anonymous>", tuple(fields))
        if tag:
            self.scopes[-1][key] = ("type", t)
        return t

    def _members(self, members: list[Tree], key: str) -> list[tuple[str, CInt | CArray | CStruct]]:
        fields: list[tuple[str, CInt | CArray | CStruct | CPointerField]] = []
        for member in members:
            for declarator in member.children[1:]:
                if isinstance(declarator, Tree) and declarator.data == "bit_field":
                    raise self.unsupported(declarator, f"unsupported construct: bit-field '{self.text(declarator)}' "
                                           f"of '{key}'")
            pointers = [d for d in member.children[1:] if d is not None and declarator_ops(d)[1] == [("pointer", None)]]
            for declarator in member.children[1:]:
                if declarator is not None and declarator not in pointers and any(
                        op != "array" for op, _ in declarator_ops(declarator)[1]):
                    raise self.unsupported(declarator, f"unsupported construct: field "
                                           f"'{declarator_ops(declarator)[0]}' of '{key}' (pointer fields are "
                                           "plain pointers to an integer or a struct: no arrays of pointers, "
                                           "pointers to pointers or function fields)")
            if pointers and len(pointers) < len([d for d in member.children[1:] if d is not None]):
                raise self.unsupported(member, f"unsupported construct: '{self.text(member)}' (pointer and "
                                       "non-pointer fields declared together)")
            if pointers:
                target = self._pointee(member.children[0], key)
                for declarator in pointers:
                    tok = declarator_ops(declarator)[0]
                    if any(name == str(tok) for name, _ in fields):
                        raise self.error(tok, f"duplicate member '{tok}'")
                    fields.append((str(tok), CPointerField(target)))
                continue
            _, base = self.decl_specs(member.children[0])
            for declarator in member.children[1:]:
                if declarator is None:
                    continue
                tok, ops = declarator_ops(declarator)
                if base is None:
                    raise self.error(tok, f"field '{tok}' declared void")
                if any(name == str(tok) for name, _ in fields):
                    raise self.error(tok, f"duplicate member '{tok}'")
                if not ops:
                    fields.append((str(tok), base))
                elif isinstance(base, CInt):
                    _, array = self.array_declarator(declarator, base)
                    if array is None or array.size is None:
                        raise self.unsupported(tok, f"unsupported construct: flexible array member '{tok}'")
                    fields.append((str(tok), array))
                else:
                    raise self.unsupported(declarator, f"unsupported construct: field '{tok}' of '{key}' "
                                           "(arrays of structs are not supported)")
        if not fields:
            raise self.unsupported(None, f"unsupported construct: empty struct '{key}'")
        return fields

    def _pointee(self, specs: Tree, key: str) -> CInt | CStruct | str:
        """What a pointer field of the struct `key` with type specifiers `specs`
        points to: a struct named by its tag is kept by name (it may be `key`
        itself, not complete yet: ``struct node *next``)."""
        named = [s for s in specs.children if s.data == "struct_spec"]
        if len(named) == 1 and len(specs.children) == 1 and len(named[0].children) == 2 \
                and isinstance(named[0].children[1], Token) and str(named[0].children[0]) == "struct":
            return f"struct {named[0].children[1]}"
        storage, t = self.decl_specs(specs)
        if t is None or storage:
            raise self.unsupported(specs, f"unsupported construct: pointer field of '{key}' to "
                                   f"'{self.text(specs)}' (only to an integer or a struct)")
        return t

    def pointee_struct(self, field: CPointerField, node) -> CInt | CStruct:
        """The type a pointer field points to, its struct looked up by name where it is used."""
        if not isinstance(field.target, str):
            return field.target
        entry = self.lookup(field.target)
        if entry is None or entry[0] != "type" or not isinstance(entry[1], CStruct):
            raise self.unsupported(node, f"unsupported construct: pointer to the incomplete type '{field.target}'")
        return entry[1]

    # ------------------------------------------------------------- variables

    def declare_struct(self, tok: Token, t: CStruct, init: Tree | None) -> list[Stmt]:
        """A local struct variable: its field variables, bound to `tok`, and
        the statements giving them their initial values."""
        base = str(tok)
        n = 1
        while any(name in self.used_names for name, _ in field_names(f"{base}.", t, "" if n == 1 else f"#{n}")):
            n += 1
        suffix = "" if n == 1 else f"#{n}"
        at = self.loc(tok)
        leaves = field_names(f"{base}.", t, suffix)
        for name, ft in leaves:
            self.used_names.add(name)
            self.locals[name] = self.T.array(ft) if isinstance(ft, CArray) else self.T.ir(ft)
        self.scopes[-1][base] = ("struct", f"{base}.", suffix, t, False)
        if init is None:
            out: list[Stmt] = []
            for (name, ft), (path, _) in zip(leaves, struct_leaves(t)):
                value: Expr = (Nondet(self.T.array(ft), "", at) if isinstance(ft, CArray)
                               else self.unset_pointer_part(path, at) if ft is POINTER_PART
                               else self.uninitialised(ft, at))  # type: ignore[attr-defined]
                out.append(Assign(name, value, at))
            return out
        if init.data == "brace_init":
            return self._struct_init(t, [c for c in init.children if c is not None], f"{base}.", suffix, at)
        return self.struct_copy(StructRef(f"{base}.", suffix, t), init, at)

    def declare_struct_array(self, declarator: Tree, t: CStruct, init: Tree | None) -> list[Stmt]:
        """A local array of structs: one array variable per field (``s[].f``),
        bound to its name, and the statements giving them their initial values."""
        tok, dims = self.struct_array_shape(declarator, t, init)
        base = str(tok)
        n = 1
        while any(name in self.used_names for name, _ in field_names(f"{base}[].", t, "" if n == 1 else f"#{n}")):
            n += 1
        suffix = "" if n == 1 else f"#{n}"
        at = self.loc(tok)
        leaves = self.struct_array_leaves(f"{base}[].", t, dims, suffix)
        for name, ft in leaves:
            self.used_names.add(name)
            self.locals[name] = self.T.array(ft)
        self.scopes[-1][base] = ("sarray", f"{base}[].", suffix, t, dims)
        if init is None:
            return [Assign(name, self.unset_pointer_part(path, at, self.T.array(ft)) if ft.elem is POINTER_PART
                           else Nondet(self.T.array(ft), "", at), at)
                    for (name, ft), (path, _) in zip(leaves, struct_leaves(t))]
        out: list[Stmt] = []
        for (name, ft), items in zip(leaves, self.struct_array_items(t, dims, init)):
            out += self.initial_stores(name, ft, items, at)[0]
        return out

    def unset_pointer_part(self, path: str, at: Loc, array: ArrayType | None = None) -> Const:
        """The value of the part `path` of an uninitialised pointer field
        (``next#obj``: no object, ``next#off``: 0), every element's for an
        `array` of them: a pointer read from it designates nothing, and a
        dereference fails (an indeterminate pointer is never taken for a valid one)."""
        return Const(NO_OBJECT if path.endswith("#obj") else 0, array or self.T.index, at)

    def struct_array_shape(self, declarator: Tree, t: CStruct, init: Tree | None
                           ) -> tuple[Token, tuple[int, ...]]:
        """The name and dimensions of an array of structs (the first one
        completed from a brace initialiser)."""
        tok, ops = declarator_ops(declarator)
        if any(kind != "array" for kind, _ in ops):
            raise self.unsupported(declarator, f"unsupported construct: array of pointers to structs '{tok}'")
        dims: list[int | None] = [None if size is None else self.array_dimension(size, str(tok)) for _, size in ops]
        if any(d is None for d in dims[1:]):
            raise self.error(declarator, f"array '{tok}' has an incomplete element type")
        if dims[0] is None:
            if init is None or init.data != "brace_init":
                raise self.error(declarator, f"array size missing in '{tok}'")
            dims[0] = max([1] + [k + 1 for k, _ in self.element_slots([c for c in init.children if c is not None],
                                                                         None)])
        count = 1
        for d in dims:
            count *= d  # type: ignore[operator]
        if count * max(1, len(struct_leaves(t))) > MAX_INITIALISED_ELEMENTS:
            raise self.unsupported(tok, f"unsupported construct: array of structs '{tok}' of {count} elements (at "
                                   f"most {MAX_INITIALISED_ELEMENTS} fields in all are initialised one by one)")
        return tok, tuple(dims)  # type: ignore[arg-type]

    def struct_array_leaves(self, prefix: str, t: CStruct, dims: tuple[int | None, ...], suffix: str = ""
                            ) -> list[tuple[str, CArray]]:
        """The IR array variables (name, C type) of an array of structs: one per field."""
        return [(f"{prefix}{path}{suffix}", lifted(ft, dims)) for path, ft in struct_leaves(t)]

    def struct_array_items(self, t: CStruct, dims: tuple[int, ...], init: Tree) -> list[dict[int, Tree | int]]:
        """For each field of `t` (as `struct_leaves` orders them), the
        initialiser's items by flat index in that field's array."""
        if init.data != "brace_init":
            raise self.error(init, "array initialiser must be a brace-enclosed list")
        if len(dims) != 1:
            raise self.unsupported(init, "unsupported construct: initialiser of a multi-dimensional array of structs")
        leaves = struct_leaves(t)
        items: list[dict[int, Tree | int]] = [{} for _ in leaves]
        for k, element in self.element_slots([c for c in init.children if c is not None], dims[0]):
            if not (isinstance(element, Tree) and element.data == "brace_init"):
                raise self.unsupported(element, "unsupported construct: array of structs initialised without "
                                       "braces around each element")
            self._element_items(t, [c for c in element.children if c is not None], "", k,
                                dict(zip((p for p, _ in leaves), items)))
        return items

    def _element_items(self, t: CStruct, children: list, path: str, k: int,
                       items: dict[str, dict[int, Tree | int]]) -> None:
        """Record the struct initialiser `children` of element `k` in `items` (by field path)."""
        for (fname, ft), item in zip(t.fields, self.field_items(t, children)):
            if item is None:
                continue  # zero, as C fills it
            full = f"{path}{fname}"
            if isinstance(ft, CPointerField):
                raise self.unsupported(item, f"unsupported construct: pointer field '{fname}' initialised in an "
                                       "array of structs")
            if isinstance(ft, CStruct):
                if not (isinstance(item, Tree) and item.data == "brace_init"):
                    raise self.unsupported(item, "unsupported construct: struct field initialised without braces")
                self._element_items(ft, [c for c in item.children if c is not None], full + ".", k, items)
            elif isinstance(ft, CArray):
                if not (isinstance(item, Tree) and item.data == "brace_init"):
                    raise self.unsupported(item, "unsupported construct: array field initialised without braces")
                field_items: dict[int, Tree | int] = {}
                self._fill(ft, item, field_items)
                size = ft.size or 0
                items[full].update((k * size + j, v) for j, v in field_items.items())
            else:
                while isinstance(item, Tree) and item.data == "brace_init":
                    inner = [c for c in item.children if c is not None]
                    if len(inner) != 1:
                        raise self.unsupported(item, f"unsupported construct: brace initialiser "
                                               f"'{self.text(item)}' for one field")
                    item = inner[0]
                items[full][k] = item

    def field_items(self, t: CStruct, children: list) -> list:
        """The items of a struct's brace initialiser by field, in field order (``.f = v`` designators
        resolved, C11 6.7.9p17), None for a field it says nothing of."""
        names = [fname for fname, _ in t.fields]

        def field_of(designator: Tree | Token) -> int:
            if not isinstance(designator, Token):
                raise self.error(designator, f"array index in initialiser of '{t}', which is not an array")
            if str(designator) not in names:
                raise self.error(designator, f"'{t}' has no member named '{designator}'")
            return names.index(str(designator))
        try:
            placed = slotted(children, field_of)
        except OverriddenSlot as err:
            raise self.unsupported(err.item, "unsupported construct: initialiser item "
                                   f"'{self.text(err.item)}' overriding an earlier one") from None
        by_field: list = [None] * len(names)
        for k, item in placed:
            if k >= len(names):
                raise self.unsupported(item, "unsupported construct: excess elements in struct initialiser")
            by_field[k] = item
        return by_field

    def _struct_init(self, t: CStruct, items: list, prefix: str, suffix: str, at: Loc) -> list[Stmt]:
        items = self.field_items(t, items)
        out: list[Stmt] = []
        start, spans = len(self.out), []  # C evaluates the items in any order (C11 6.7.9p23)
        for k, (fname, ft) in enumerate(t.fields):
            item = items[k] if k < len(items) else None
            name = f"{prefix}{fname}"
            if isinstance(ft, CPointerField):
                out += self._pointer_field_init(name, suffix, ft, item, at)
                continue
            if isinstance(ft, CStruct):
                if item is not None and item.data != "brace_init":
                    raise self.unsupported(item, "unsupported construct: struct field initialised without braces")
                sub = [c for c in item.children if c is not None] if item is not None else []
                out += self._struct_init(ft, sub, name + ".", suffix, at)
            elif isinstance(ft, CArray):
                if item is None:
                    item = Tree("brace_init", [])
                _, stmts, _ = self.array_initialiser(name + suffix, ft, item, at)
                out += stmts
            else:
                while isinstance(item, Tree) and item.data == "brace_init":
                    inner = [c for c in item.children if c is not None]
                    if len(inner) != 1:
                        raise self.unsupported(item, f"unsupported construct: brace initialiser "
                                               f"'{self.text(item)}' for one field")
                    item = inner[0]
                if item is None:
                    out.append(Assign(name + suffix, Const(0, self.T.ir(ft), at), at))
                    continue
                begin = len(self.out)
                v = self.value(self.expr(item), item)
                value = self.conv(v, ft, self.loc(item))
                if not isinstance(value, (Const, Var)):
                    value = self.hoist(Val(value, ft), self.loc(item)).expr  # type: ignore[assignment]
                spans.append((begin, len(self.out), value))
                out.append(Assign(name + suffix, value, at))
        self.refuse_clashing_operands(spans)
        self.check_pure_operands_first(start, spans)
        return out

    def _pointer_field_init(self, name: str, suffix: str, ft: CPointerField, item: Tree | None, at: Loc
                            ) -> list[Stmt]:
        """The pointer field `name` initialised by `item` (None: NULL, as C zero-fills)."""
        X = self.T.index
        if item is None:
            return [Assign(f"{name}#obj{suffix}", Const(0, X, at), at), Assign(f"{name}#off{suffix}", Const(0, X, at), at)]
        value = self.pointer_value(item, self.pointee_struct(ft, item))  # type: ignore[attr-defined]
        return [Assign(f"{name}#obj{suffix}", value.obj, at), Assign(f"{name}#off{suffix}", value.off, at)]

    def struct_copy(self, dst: "StructRef", source: Tree, at: Loc) -> list[Stmt]:
        """Field-by-field assignment to `dst` from the struct expression
        `source` (a variable, member or array element of the same struct type)."""
        src = self.struct_place(source)
        if src is None:
            raise self.unsupported(source, f"unsupported construct: struct value '{self.text(source)}' "
                                   "(only struct variables, members and array elements are copied)")
        if src.ctype != dst.ctype:
            raise self.error(source, f"incompatible types when assigning to '{dst.ctype}' from '{src.ctype}'")
        out: list[Stmt] = []
        for (path, ft) in struct_leaves(dst.ctype):
            if isinstance(ft, CArray) and (dst.outer or src.outer or dst.pointer or src.pointer):
                for k in range(ft.size or 0):
                    at_k = [Const(k, self.T.index, at)]
                    out.append(self._leaf(dst, path, ft, at_k, at).assign(self._leaf(src, path, ft, at_k, at).current))
            elif isinstance(ft, CArray):
                ty = self.T.array(ft)
                out.append(Assign(dst.name(path), Var(src.name(path), ty, at), at))
            else:
                out.append(self._leaf(dst, path, ft, [], at).assign(self._leaf(src, path, ft, [], at).current))
        for ref, write in ((src, False), (dst, True)):
            for path, _ in struct_leaves(ref.ctype) if ref.pointer is None else []:
                self.note_global(ref.name(path), write, at)
        return out

    def struct_fill(self, dst: "StructRef", byte: int, at: Loc) -> list[Stmt]:
        """Every byte of the struct `dst` set to `byte` (``memset``): each integer field (and element)
        holds that byte repeated; a pointer field's bytes must be 0 (NULL), checked by the caller."""
        out: list[Stmt] = []
        for path, ft in struct_leaves(dst.ctype):  # type: ignore[arg-type]
            elem = ft.elem if isinstance(ft, CArray) else ft
            width = max(1, elem.bits // 8)
            pattern = 0 if elem is POINTER_PART else int.from_bytes(bytes([byte]) * width, "little")
            value = Const(int(byte != 0) if elem.is_bool else self.T.ir(elem).wrap(pattern), self.T.ir(elem), at)
            for k in range(ft.size or 0) if isinstance(ft, CArray) else [None]:
                inner = [] if k is None else [Const(k, self.T.index, at)]
                out.append(self._leaf(dst, path, ft, inner, at).assign(value))
        for path, _ in struct_leaves(dst.ctype) if dst.pointer is None else []:  # type: ignore[arg-type]
            self.note_global(dst.name(path), True, at)
        return out

    def _leaf(self, ref: "StructRef", path: str, ft: CInt | CArray, inner: list[Expr], at: Loc) -> Place:
        """Field `path` of the struct `ref` designates (element `inner` of an array field, flat)."""
        name = ref.name(path)
        if ref.pointer is not None:
            return self.field_deref(replace(ref, prefix=ref.prefix + path, ctype=ft), inner, at, name)
        if not ref.outer and not inner:
            assert isinstance(ft, CInt)
            return Place(name, ft, Var(name, self.T.ir(ft), at), at)
        if isinstance(ft, CArray):  # element `inner[0]` of the field, flat (row-major)
            t = CArray(ft.elem, ref.dims + (ft.size,))
        else:
            t = lifted(ft, ref.dims)
        return self.element_at(name, t, list(ref.outer) + inner, at)

    # --------------------------------------------------------------- members

    def struct_place(self, tree: Tree) -> "StructRef | None":
        """The struct a struct-valued variable, member or array element designates, None otherwise."""
        if tree.data == "var":
            entry = self.lookup(str(tree.children[0]))
            if entry is not None and entry[0] == "struct" and not entry[4]:
                return StructRef(entry[1], entry[2], entry[3])
            return None
        if tree.data in ("member", "index") or (tree.data == "unop" and str(tree.children[0]) == "*"):
            pre, ref = self.capture(lambda: self.struct_of(tree, arrow=False, strict=False))  # type: ignore[arg-type,return-value]
            if ref is None:
                return None  # not a struct: nothing lowered
            self.out += pre
            if ref.outer:
                hoisted = tuple(v if isinstance(v, (Const, Var)) else self._hoisted(v) for v in ref.outer)
                ref = replace(ref, outer=hoisted)
            return ref
        return None

    def _hoisted(self, e: Expr) -> Var:
        tmp = self.temp(None, e.loc, boolean=True)  # type: ignore[attr-defined]
        self.locals[tmp.name] = e.type
        self.out.append(Assign(tmp.name, e, e.loc))
        return Var(tmp.name, e.type, e.loc)

    def member(self, tree: Tree) -> tuple[str, CInt | CArray | CStruct]:
        """The IR variable of the field ``s.f`` / ``p->f`` denotes, and its type
        (a field of a struct array's element is `member_place`'s)."""
        ref = self.member_ref(tree)
        if ref.outer or ref.pointer is not None:
            raise self.unsupported(tree, f"unsupported construct: '{self.text(tree)}' (a field of an array "
                                   "element used as a whole)")
        return ref.name(""), ref.ctype  # type: ignore[return-value]

    def member_ref(self, tree: Tree) -> "StructRef":
        """The field ``s.f``, ``p->f``, ``s[i].f``, ``(&s)->f``... `tree` denotes:
        a `StructRef` whose `prefix` is the field's IR name (before the suffix)
        and `ctype` its type."""
        base, field_tok = tree.children
        arrow = "->" in self.unit.source[base.meta.end_pos:field_tok.start_pos] if not base.meta.empty else False
        owner = self.struct_of(base, arrow)
        assert owner is not None
        ft = owner.ctype.field(str(field_tok))
        if ft is None:
            raise self.error(field_tok, f"'{owner.ctype}' has no member named '{field_tok}'")
        return replace(owner, prefix=owner.prefix + str(field_tok), ctype=ft)

    def struct_of(self, tree: Tree, arrow: bool, strict: bool = True) -> "StructRef | None":
        """The struct `tree` designates (with `arrow`: the struct it points to).
        Not a struct: an error when `strict`, else None."""
        if tree.data == "var":
            tok = tree.children[0]
            entry = self.lookup(str(tok))
            if entry is not None and entry[0] == "struct":
                if arrow != entry[4]:
                    if not strict:
                        return None
                    raise self.error(tree, f"invalid member access to '{tok}' ('{'->' if entry[4] else '.'}' "
                                     f"expected: '{tok}' is a {'pointer' if entry[4] else 'struct'})")
                return StructRef(entry[1], entry[2], entry[3])
            if entry is not None and entry[0] == "sarray" and arrow:  # s->f is s[0].f
                return StructRef(entry[1], entry[2], entry[3], (Const(0, self.T.index, self.loc(tok)),), entry[4])
            if entry is not None and entry[0] == "pointer" and arrow:
                return self._through_pointer(tree, None, strict)
            if not strict:
                return None
            if entry is not None and entry[0] == "unsupported":
                raise self.unsupported(tok, entry[1])
            if entry is None and str(tok) not in self.unit.sigs:
                raise self.error(tok, f"'{tok}' undeclared")
            raise self.error(tree, f"member access '{self.text(tree.parent if hasattr(tree, 'parent') else tree)}' "
                             f"of '{tok}', which is not a struct")
        if tree.data == "index" and not arrow:
            indices: list[Tree] = []
            node = tree
            while node.data == "index":
                indices.append(node.children[1])
                node = node.children[0]
            entry = self.lookup(str(node.children[0])) if node.data == "var" else None
            if entry is not None and entry[0] == "unsupported":
                raise self.unsupported(node, entry[1])
            if entry is not None and entry[0] == "pointer" and len(indices) == 1:  # p[i] is *(p + i)
                return self._through_pointer(node, indices[0], strict)
            if entry is None or entry[0] != "sarray":
                if not strict:
                    return None
                raise self.unsupported(tree, f"unsupported construct: member access to '{self.text(tree)}' "
                                       "(only elements of arrays of structs)")
            indices.reverse()
            if len(indices) != len(entry[4]):
                raise self.unsupported(tree, f"unsupported construct: '{self.text(tree)}' (a sub-array of an array "
                                       "of structs)")
            values = tuple(self.index_value(ix) for ix in indices)
            return StructRef(entry[1], entry[2], entry[3], values, entry[4])
        if tree.data == "member" and not arrow:
            ref = self.member_ref(tree)
            if not isinstance(ref.ctype, CStruct):
                if not strict:
                    return None
                raise self.error(tree, f"request for a member of '{self.text(tree)}', which is not a struct")
            return replace(ref, prefix=ref.prefix + ".")
        if tree.data == "unop" and str(tree.children[0]) == ("&" if arrow else "*"):
            return self.struct_of(tree.children[1], not arrow, strict)  # (&s)->f is s.f, (*p).f is p->f
        if arrow and tree.data in ("binop", "ternary", "cast", "member"):
            return self._through_pointer(tree, None, strict)
        if not strict:
            return None
        raise self.unsupported(tree, f"unsupported construct: member access through '{self.text(tree)}' "
                               "(only s.f, s.f.g, p->f and s[i].f of struct variables and parameters)")

    def _through_pointer(self, tree: Tree, index: Tree | None, strict: bool) -> StructRef | None:
        ref = self.pointer_struct(tree, index)
        if ref is None and strict:
            raise self.error(tree, f"member access through '{self.text(tree)}', which is not a pointer to a struct")
        return ref

    def pointer_struct(self, tree: Tree, index: Tree | None) -> StructRef | None:
        """The struct the pointer `tree` (plus `index`) designates, None if
        it points to no struct (`StructPointerLowerer`)."""
        raise self.unsupported(tree, f"unsupported construct: member access through '{self.text(tree)}'")

    def field_deref(self, ref: StructRef, inner: list[Expr], loc: Loc, text: str) -> Place:
        """The field `ref` of a struct a pointer designates (`StructPointerLowerer`)."""
        raise self.unsupported(None, f"unsupported construct: '{text}'")

    def member_place(self, tree: Tree, write: bool) -> Place | None:
        """The place of a scalar field of an array element (``s[i].f``) or of
        a struct a pointer designates (``p->f``), None for a field of a plain
        struct (a variable: `member`)."""
        ref = self.member_ref(tree)
        if isinstance(ref.ctype, CPointerField):
            raise self.unsupported(tree, f"unsupported construct: pointer field '{self.text(tree)}' used as an "
                                   "integer (only assigned, compared, tested and dereferenced)")
        if ref.pointer is not None and isinstance(ref.ctype, CInt):
            return self.field_deref(ref, [], self.loc(tree), self.text(tree))
        if not ref.outer:
            return None
        if not isinstance(ref.ctype, CInt):
            raise self.unsupported(tree, f"unsupported construct: {'array' if isinstance(ref.ctype, CArray) else 'struct'} "
                                   f"field '{self.text(tree)}' used as a value")
        name = ref.name("")
        self.note_global(name, write, self.loc(tree))
        return self.element_at(name, lifted(ref.ctype, ref.dims), list(ref.outer), self.loc(tree))

    def note_global(self, name: str, write: bool, loc: Loc) -> None:
        """Record a use of `name` if it is a global (a global struct's field: see `verifier.frontends.c`)."""
        if name in self.unit.globals or name in self.unit.global_arrays:
            (self.globals_written if write else self.globals_read).setdefault(name, loc)

    def _e_member(self, tree: Tree, ctx) -> Val:
        if ctx == "cond" and self.is_pointer(tree):  # type: ignore[attr-defined] - ``if (p->next)``
            return Val(self.truth_of(tree), INT)  # type: ignore[attr-defined]
        element = self.member_place(tree, write=False)
        if element is not None:
            return Val(element.current, element.ctype)
        name, t = self.member(tree)
        if not isinstance(t, CInt):
            raise self.unsupported(tree, f"unsupported construct: {'array' if isinstance(t, CArray) else 'struct'} "
                                   f"field '{self.text(tree)}' used as a value")
        self.note_global(name, False, self.loc(tree))
        return Val(Var(name, self.T.ir(t), self.loc(tree)), t)

    def struct_bytes(self, tree: Tree) -> int | None:
        """``sizeof`` of a struct variable, an array of structs, one of its
        elements, or a struct/array field; None for anything else."""
        if tree.data == "var":
            entry = self.lookup(str(tree.children[0]))
            if entry is not None and entry[0] == "struct":
                return self.pointer_bytes() if entry[4] else c_size(entry[3], self.pointer_bytes())
            if entry is not None and entry[0] == "sarray":
                if entry[4][0] is None:
                    return self.pointer_bytes()  # a parameter is a pointer
                count = 1
                for d in entry[4]:
                    count *= d
                return count * c_size(entry[3], self.pointer_bytes())
            return None
        if tree.data in ("member", "index") or (tree.data == "unop" and str(tree.children[0]) == "*"):
            _, ref = self.capture(lambda: self.member_ref(tree) if tree.data == "member"  # type: ignore[arg-type,return-value]
                                  else self.struct_of(tree, arrow=False, strict=False))
            if ref is None:
                return None
            return c_size(ref.ctype, self.pointer_bytes())
        return None
