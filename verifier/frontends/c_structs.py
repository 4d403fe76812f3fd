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

Unions, struct globals, arrays of structs, pointers other than a struct
pointer parameter, returning or passing a struct are unsupported.
"""

from __future__ import annotations

from lark import Token, Tree

from ..ir import Assign, Const, Expr, Loc, Nondet, Stmt, Var
from .c_base import Val
from .c_memory import ArrayLowerer, declarator_ops
from .c_types import CArray, CInt, CStruct, c_size, struct_leaves

__all__ = ["StructLowerer", "field_names"]


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
        fields: list[tuple[str, CInt | CArray | CStruct]] = []
        for member in members:
            for declarator in member.children[1:]:
                if declarator is not None and any(op != "array" for op, _ in declarator_ops(declarator)[1]):
                    raise self.unsupported(declarator, f"unsupported construct: field "
                                           f"'{declarator_ops(declarator)[0]}' of '{key}' (pointer and "
                                           "function fields are not supported)")
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
            for name, ft in leaves:
                value: Expr = (Nondet(self.T.array(ft), "", at) if isinstance(ft, CArray)
                               else self.uninitialised(ft, at))  # type: ignore[attr-defined]
                out.append(Assign(name, value, at))
            return out
        if init.data == "brace_init":
            return self._struct_init(t, [c for c in init.children if c is not None], f"{base}.", suffix, at)
        return self.struct_copy(f"{base}.", suffix, t, init, at)

    def _struct_init(self, t: CStruct, items: list, prefix: str, suffix: str, at: Loc) -> list[Stmt]:
        if len(items) > len(t.fields):
            raise self.unsupported(items[len(t.fields)], "unsupported construct: excess elements in struct "
                                   "initialiser")
        out: list[Stmt] = []
        for k, (fname, ft) in enumerate(t.fields):
            item = items[k] if k < len(items) else None
            name = f"{prefix}{fname}"
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
                v = self.value(self.expr(item), item)
                out.append(Assign(name + suffix, self.conv(v, ft, self.loc(item)), at))
        return out

    def struct_copy(self, prefix: str, suffix: str, t: CStruct, source: Tree, at: Loc) -> list[Stmt]:
        """Field-by-field assignment from the struct expression `source` (a
        variable or member of the same struct type)."""
        found = self.struct_place(source)
        if found is None:
            raise self.unsupported(source, f"unsupported construct: struct value '{self.text(source)}' "
                                   "(only struct variables and members are copied)")
        src_prefix, src_suffix, st = found
        if st != t:
            raise self.error(source, f"incompatible types when assigning to '{t}' from '{st}'")
        out: list[Stmt] = []
        for (dst, ft), (src, _) in zip(field_names(prefix, t, suffix), field_names(src_prefix, st, src_suffix)):
            ty = self.T.array(ft) if isinstance(ft, CArray) else self.T.ir(ft)
            out.append(Assign(dst, Var(src, ty, at), at))
        return out

    # --------------------------------------------------------------- members

    def struct_place(self, tree: Tree) -> tuple[str, str, CStruct] | None:
        """(prefix, suffix, type) of a struct-valued variable or member, None otherwise."""
        if tree.data == "var":
            entry = self.lookup(str(tree.children[0]))
            if entry is not None and entry[0] == "struct" and not entry[4]:
                return entry[1], entry[2], entry[3]
            return None
        if tree.data == "member":
            prefix, suffix, t = self._member_path(tree)
            if isinstance(t, CStruct):
                return prefix + ".", suffix, t
        return None

    def member(self, tree: Tree) -> tuple[str, CInt | CArray | CStruct]:
        """The IR variable of the field ``s.f`` / ``p->f`` denotes, and its type."""
        prefix, suffix, t = self._member_path(tree)
        return prefix + suffix, t

    def _member_path(self, tree: Tree) -> tuple[str, str, CInt | CArray | CStruct]:
        base, field_tok = tree.children
        arrow = "->" in self.unit.source[base.meta.end_pos:field_tok.start_pos] if not base.meta.empty else False
        if base.data == "var":
            tok = base.children[0]
            entry = self.lookup(str(tok))
            if entry is None or entry[0] != "struct":
                if entry is not None and entry[0] == "unsupported":
                    raise self.unsupported(tok, entry[1])
                if entry is None and str(tok) not in self.unit.sigs:
                    raise self.error(tok, f"'{tok}' undeclared")
                raise self.error(tree, f"request for member '{field_tok}' in '{tok}', which is not a struct")
            _, prefix, suffix, t, pointer = entry
            if arrow != pointer:
                raise self.error(tree, f"invalid member access '{self.text(tree)}' ('{'->' if pointer else '.'}' "
                                 f"expected: '{tok}' is a {'pointer' if pointer else 'struct'})")
            path = prefix
        elif base.data == "member" and not arrow:
            path, suffix, t = self._member_path(base)
            if not isinstance(t, CStruct):
                raise self.error(tree, f"request for member '{field_tok}' in something not a struct")
            path += "."
        else:
            raise self.unsupported(tree, f"unsupported construct: member access '{self.text(tree)}' "
                                   "(only s.f, s.f.g and p->f of a struct variable or parameter)")
        ft = t.field(str(field_tok))
        if ft is None:
            raise self.error(field_tok, f"'{t}' has no member named '{field_tok}'")
        return path + str(field_tok), suffix, ft

    def _e_member(self, tree: Tree, ctx) -> Val:
        name, t = self.member(tree)
        if not isinstance(t, CInt):
            raise self.unsupported(tree, f"unsupported construct: {'array' if isinstance(t, CArray) else 'struct'} "
                                   f"field '{self.text(tree)}' used as a value")
        return Val(Var(name, self.T.ir(t), self.loc(tree)), t)

    def struct_bytes(self, tree: Tree) -> int | None:
        """``sizeof`` of a struct variable or struct/array field, None for anything else."""
        if tree.data == "var":
            entry = self.lookup(str(tree.children[0]))
            if entry is not None and entry[0] == "struct":
                return self.pointer_bytes() if entry[4] else c_size(entry[3], self.pointer_bytes())
            return None
        if tree.data == "member":
            _, t = self.member(tree)
            return c_size(t, self.pointer_bytes())
        return None
