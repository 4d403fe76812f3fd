"""What a function declares about its data: parameter and local types, lists changed in place, results.

`DeclarationLowerer` types the parameters from their annotations
(`python_types.read_annotation`) and the locals from what is assigned to
them, finds the lists and dicts each function changes in place (through its
callees too: `settle_mutations`), states what holds on entry (lengths >= 0;
a dict's keys distinct) and rules out aliasing the model cannot follow (two
container parameters, one of them changed). A function returning a list,
tuple, optional or dict returns nothing in the IR (`return_data` evaluates the
value for its checks; a list, a dict or a tuple display (or None) of the
declared tuple type is kept in `RESULT_LIST`).
"""

from __future__ import annotations

import sys

from lark import Token, Tree

from verifier.ir import BOOL, MATH_INT, Assign, Assume, Const, Expr, Loc, Stmt, Var, length_name

from .python_base import as_int
from .python_list_methods import ListMethodLowerer
from .python_lists import RESULT_LIST, compare, num
from .python_tree import walk
from .python_types import (STR, DictOf, ListOf, NestedOf, OptionalOf, SourceType, TupleOf, array_type, infer_locals,
                           ir_variables, item_name, mutated_names, none_flag, read_annotation,
                           read_result_annotation)

__all__ = ["DeclarationLowerer"]


class DeclarationLowerer(ListMethodLowerer):
    """Types, in-place changes, entry facts and results of one function."""

    def declare_param(self, name: str, ann: Tree | Token | None) -> None:
        """Declare parameter `name` with annotation `ann` (None: int)."""
        st: SourceType = MATH_INT
        if ann is not None:
            read = read_annotation(ann, self.module.typing_names)
            if isinstance(read, str):
                raise self.error(ann, f"parameter '{name}' has type '{self.text(ann)}'; {read} supported")
            st = read
        self.source_params.append((name, st))
        self.source_types[name] = st
        for var, ty in ir_variables(name, st):
            self.param_types[var] = ty

    def declare_locals(self, names: list[str]) -> None:
        """Type the names the body binds (lists from what is assigned to them,
        else int), find the lists it changes in place and whether it returns a list."""
        annotations: dict[str, SourceType] = {}
        for node in walk(self.suite):
            if node.data == "annassign" and isinstance(node.children[0], Tree) and node.children[0].data == "var":
                read = read_annotation(node.children[1], self.module.typing_names)
                if isinstance(read, (NestedOf, OptionalOf)):
                    annotations[str(node.children[0].children[0])] = read
                elif isinstance(read, ListOf):
                    annotations[str(node.children[0].children[0])] = STR if read.text else ListOf(read.elem)
                elif isinstance(read, DictOf):
                    annotations[str(node.children[0].children[0])] = read
                elif isinstance(read, str) and self.text(node.children[1]).startswith(("dict[", "Dict[")):
                    raise self.error(node.children[1], f"local '{node.children[0].children[0]}' has type "
                                                       f"'{self.text(node.children[1])}'; {read} supported")
        own = [n for n in names if n not in self.source_types]
        types = infer_locals(self.suite, dict(self.source_types), own, annotations, self.list_functions())
        for name in names:
            self.assigned.add(name)
        for name, st in types.items():
            if isinstance(st, str):
                raise self.error(self.tree, f"unsupported construct: {st}")
            if not isinstance(st, (ListOf, TupleOf, DictOf, NestedOf, OptionalOf)):
                st = MATH_INT  # other values stay unsupported where they occur
            self.source_types[name] = st
            for var, ty in ir_variables(name, st):
                self.locals[var] = ty
        self.mutated = mutated_names(self.suite, {})
        ret = self.tree.children[2]
        declared = read_result_annotation(ret, self.module.typing_names) if ret is not None else None
        returned = [n.children[0] for n in walk(self.suite)
                    if n.data == "return_stmt" and n.children and n.children[0] is not None]
        if isinstance(declared, (ListOf, TupleOf, OptionalOf, DictOf, NestedOf)):
            self.result_type = declared
        elif any(isinstance(v, Tree) and v.data == "var" and isinstance(self.source_types.get(str(v.children[0])),
                                                                        OptionalOf) for v in returned):
            self.result_type = self.source_types[next(  # an optional local returned: the value may be None
                str(v.children[0]) for v in returned if isinstance(v, Tree) and v.data == "var"
                and isinstance(self.source_types.get(str(v.children[0])), OptionalOf))]
            if isinstance(self.result_type.value, ListOf):  # type: ignore[union-attr]
                raise self.error(self.tree, "unsupported construct: a returned string or list that may be None "
                                            "(declare the result type)")
        elif any(self.is_list(v) for v in returned):
            self.result_type = ListOf(MATH_INT)
        elif any(isinstance(v, Tree) and v.data in ("tuple", "testlist_tuple") for v in returned):
            self.result_type = TupleOf(())
        if self.result_type is not None:
            self.returns_data = True
            self.function.ret_type = None
        self.refuse_shared_items()

    def refuse_shared_items(self) -> None:
        """Refuse lists shared by a name and a container of lists (`DictValueLowerer` implements it)."""
        raise NotImplementedError

    def refuse_shared_list(self, names: list[str], value: Tree | Token) -> None:
        """``a = xs`` and ``a = b = ...`` into list (or optional list) variables
        make the names share one list in CPython: refused when any of them
        changes it in place, since the model copies."""
        source = str(value.children[0]) if isinstance(value, Tree) and value.data == "var" else None
        aliases = set(names) | ({source} if source else set())
        if len(aliases) > 1 and aliases & self.mutated:
            changed = sorted(aliases & self.mutated)[0]
            raise self.error(value, f"unsupported construct: '{' = '.join(names)} = {source or '...'}' makes "
                                    f"names share one list and '{changed}' is changed in place (lists are values "
                                    "in the model, without aliasing)")

    def return_data(self, value: Tree | Token) -> None:
        """Evaluate `value`, returned by a function whose result callers do not
        use (a list, tuple or optional value), for its checks; a returned list is
        also held in `RESULT_LIST`, as is a returned dict of the declared type."""
        self.result_stored = False
        if isinstance(self.result_type, TupleOf) and self.result_type.items and self._store_tuple_result(value):
            return
        if isinstance(value, Tree) and value.data == "const_none":
            return
        if isinstance(self.result_type, NestedOf):
            self.store_nested_result(value, RESULT_LIST)  # type: ignore[attr-defined]
            self.result_stored = True
            return
        if isinstance(self.result_type, DictOf):
            d = self.dict_value(value)  # type: ignore[attr-defined]
            if d.type == self.result_type:
                self.source_types[RESULT_LIST] = self.result_type
                for (var, ty), e in zip(ir_variables(RESULT_LIST, self.result_type),
                                        self.dict_exprs(d)):  # type: ignore[attr-defined]
                    self.temps[var] = ty
                    self.emit(Assign(var, e, self.loc(value)))
                self.result_stored = True
            return
        if self.is_list(value):
            lv = self.list_value(value)
            if not isinstance(self.result_type, ListOf):
                raise self.error(value, "unsupported construct: a function that returns a list on some paths "
                                        "and something else on others")
            at = array_type(self.result_type.elem)
            if lv.elem != self.result_type.elem:
                raise self.error(value, "unsupported construct: a returned list of another element type")
            self.temps[RESULT_LIST], self.temps[length_name(RESULT_LIST)] = at, MATH_INT
            self.source_types[RESULT_LIST] = self.result_type  # a contract may read it as `result`
            self.emit(Assign(RESULT_LIST, lv.array, lv.array.loc))
            self.emit(Assign(length_name(RESULT_LIST), lv.length, lv.array.loc))
            self.result_stored = True
            return
        if isinstance(self.result_type, ListOf):
            raise self.error(value, "unsupported construct: a function that returns a list on some paths "
                                    "and something else on others")
        if isinstance(value, Tree) and value.data == "var" and isinstance(self.source_types.get(str(value.children[0])),
                                                                          OptionalOf):
            return  # an optional variable: reading it cannot fail
        if isinstance(value, Tree) and value.data in ("tuple", "testlist_tuple"):
            for item in value.children:
                if item is not None:
                    self.expr(item)
        else:
            self.expr(value)

    def _store_tuple_result(self, value: Tree | Token) -> bool:
        """Store a returned tuple display (or None) of the declared tuple type in
        `RESULT_LIST`'s items and None flag (a postcondition reads them as
        ``result``); False, storing nothing, for another returned value."""
        rt = self.result_type
        assert isinstance(rt, TupleOf)
        loc = self.loc(value)
        is_none = isinstance(value, Tree) and value.data == "const_none"
        values: list[tuple[str, Expr]] = []
        if not is_none:
            found = self._tuple_parts(value, rt)
            if found is None:
                return False
            values = found
        self.source_types[RESULT_LIST] = OptionalOf(rt)
        for var, ty in ir_variables(RESULT_LIST, OptionalOf(rt)):
            self.temps[var] = ty
        for var, v in values:
            self.emit(Assign(var, v, loc))
        self.emit(Assign(none_flag(RESULT_LIST), Const(int(is_none), BOOL, loc), loc))
        self.result_stored = True
        return True

    def _tuple_parts(self, value: Tree | Token, rt: TupleOf) -> list[tuple[str, Expr]] | None:
        """The values of the variables of `RESULT_LIST` for returned tuple `value`
        of type `rt`, every item evaluated first, in order; None if `value` is
        no tuple of that type."""
        has_lists = any(isinstance(ty, ListOf) for ty in rt.items)
        if not has_lists:
            found = self.tuple_values(value)  # type: ignore[attr-defined]
            if found is None or len(found) != len(rt.items) or any(
                    ty == BOOL and v.type != BOOL for ty, v in zip(rt.items, found)):
                return None
            return [(item_name(RESULT_LIST, k), v if ty == BOOL else as_int(v))
                    for k, (ty, v) in enumerate(zip(rt.items, found))]
        if not (isinstance(value, Tree) and value.data in ("tuple", "testlist_tuple")):
            return None
        nodes = [c for c in value.children if c is not None]
        if len(nodes) != len(rt.items):
            return None
        parts: list[tuple[str, Expr]] = []
        for k, (ty, node) in enumerate(zip(rt.items, nodes)):
            var = item_name(RESULT_LIST, k)
            if isinstance(ty, ListOf):
                if not self.is_list(node) or self.list_type(node).text != ty.text:
                    return None
                lv = self.list_value(node)
                if lv.elem != ty.elem:
                    return None
                lv = self.snapshot(lv, lv.array.loc) if lv.name is not None else lv
                parts += [(var, lv.array), (length_name(var), lv.length)]
                continue
            v = self.spill(self.expr(node), "item")
            if ty == BOOL and v.type != BOOL:
                return None
            parts.append((var, v if ty == BOOL else as_int(v)))
        return parts

    def settle_mutations(self) -> None:
        """Extend every function's `mutated` with the lists it passes to a
        function that changes them (once per file, after every `declare_locals`)."""
        if self.module.mutations_settled:
            return
        functions = self.module.functions
        changed = True
        while changed:
            changed = False
            calls = {name: {k for k, (p, _st) in enumerate(fl.source_params) if p in fl.mutated}
                     for name, fl in functions.items()}
            for fl in functions.values():
                found = mutated_names(fl.suite, calls) | fl.mutated
                if found != fl.mutated:
                    fl.mutated = found
                    changed = True
        self.module.mutations_settled = True

    def declared_instance(self, name: str, type_name: str) -> bool | None:
        """``isinstance(name, type_name)`` for a list or tuple `name` (by its
        declared type); None when `name` holds an int or bool."""
        st = self.source_types.get(name)
        if isinstance(st, ListOf):
            kind = "str" if st.text else "tuple" if st.immutable else "list"
        elif isinstance(st, TupleOf):
            kind = "tuple"
        elif isinstance(st, DictOf):
            kind = "dict"
        elif isinstance(st, NestedOf):
            kind = "list"
        else:
            return None
        return type_name in (kind, "object")

    def param_facts(self, params: list[tuple[str, SourceType]], loc: Loc) -> list[Stmt]:
        """What holds of list parameters on entry: every length is >= 0 (of a
        string or list that may be None too: its length is meaningless then). Two
        list or dict parameters may be one object in Python: when the function
        changes one of them in place, it is unsupported (the model has no aliasing)."""
        lists = {name: st.value if isinstance(st, OptionalOf) else st for name, st in params  # a list or None too
                 if isinstance(st, ListOf) or (isinstance(st, OptionalOf) and isinstance(st.value, ListOf))}
        containers = [name for name, st in params
                      if isinstance(st, (DictOf, NestedOf)) or (name in lists and not lists[name].immutable)]
        changed = [name for name in containers if name in self.mutated]
        if len(containers) > 1 and changed:
            other = next(n for n in containers if n != changed[0])
            raise self.error(self.tree, f"unsupported construct: '{changed[0]}' is changed in place and a caller "
                                        f"may pass the same object as '{other}' (the model has no aliasing)")
        facts: list[Stmt] = [Assume(compare("ge", Var(length_name(name), MATH_INT, loc), num(0, loc), loc), loc)
                             for name in lists]
        # and at most sys.maxsize (CPython's Py_ssize_t lengths): an index bounded by a length is
        # then within the digits CPython may write in decimal (`python_format.check_decimal`)
        facts += [Assume(compare("le", Var(length_name(name), MATH_INT, loc), num(sys.maxsize, loc), loc), loc)
                  for name in lists]
        for name, st in params:
            if isinstance(st, DictOf):
                facts += self.dict_facts(name, loc)
            if isinstance(st, NestedOf):
                facts += self.nested_facts(self.variable_nested(name, loc), loc)  # type: ignore[attr-defined]
        return facts

    def dict_facts(self, name: str, loc: Loc) -> list[Stmt]:
        """What holds of a dict parameter on entry (`DictLowerer` implements it)."""
        raise NotImplementedError
