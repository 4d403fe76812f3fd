"""Python value types of the subset: reading annotations, flattening into IR variables, typing locals.

A Python value of the subset has a *source type*: `MATH_INT`, `BOOL`, a
`ListOf` (``list[int]``, ``list[bool]``, ``tuple[int, ...]`` as an immutable
list, ``str`` as an immutable list of code points: `STR`), a `TupleOf` of
fixed arity (``tuple[int, bool]``), an `OptionalOf` scalar, string or list
(``Optional[int]``, ``str | None``, ``Optional[list[int]]``), a `DictOf`
(``dict[int, int]``; keys may be ``str``, values ``str`` or ``list[int]``)
or a `NestedOf` (``list[str]``, ``list[list[int]]``). Each becomes IR
variables (`ir_variables`), named so that replay can rebuild the Python value
(``#`` and ``.`` never occur in a Python name; ``.`` keeps both parts in
traces, where ``#`` marks a renamed copy):

- a list ``xs``: ``xs`` of `ArrayType(elem, index=MATH_INT)` and its length
  ``xs#len`` (`ir.length_name`), a `MATH_INT`;
- a tuple ``t``: one scalar per item, ``t.0``, ``t.1``, ...;
- an optional ``x``: the scalar ``x`` (an optional tuple: its items; an
  optional string or list: ``x`` and ``x#len``) and the flag ``x.none``
  (`BOOL`, true when the value is None; the rest is then meaningless).
- a dict ``d``: the lists ``d.keys`` (distinct, in insertion order) and
  ``d.values``, each with its ``#len`` (string keys: ``d.keys`` is a nested list;
  string or list values: ``d.values`` is one);
- a nested list ``ws``: its items' start positions ``ws`` (``ws#len`` items),
  their stop positions ``ws.stop`` and the flat list of their elements
  ``ws.flat`` (with ``ws.flat#len``).

`read_annotation` reads an annotation's parse tree; `infer_locals` gives every
name a function body binds its source type from what is assigned to it;
`mutated_names` lists the names whose list or dict a body changes in place.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Union

from lark import Token, Tree

from verifier.ir import BOOL, MATH_INT, ArrayType, BoolType, IntType, Type, length_name

from .python_tree import walk

__all__ = ["STR", "DictOf", "dict_parts", "NestedOf", "nested_parts", "ListOf", "TupleOf", "OptionalOf",
           "SourceType", "Scalar",
           "read_annotation", "read_result_annotation", "ir_variables", "array_type", "none_flag", "item_name",
           "returned_list", "expr_type", "constant_index", "infer_locals", "mutated_names", "MUTATING_METHODS", "TYPING_NAMES"]

Scalar = Union[IntType, BoolType]


@dataclass(frozen=True)
class ListOf:
    """``list[elem]``; `immutable` for ``tuple[elem, ...]`` (no method changes
    it); `text` for ``str``, an immutable list of code points whose items are
    strings of length 1."""

    elem: Scalar
    immutable: bool = False
    text: bool = False

    def __str__(self) -> str:
        if self.text:
            return "str"
        return f"tuple[{self.elem}, ...]" if self.immutable else f"list[{self.elem}]"


#: ``str``: the code points of the string
STR = ListOf(MATH_INT, immutable=True, text=True)


@dataclass(frozen=True)
class TupleOf:
    """A tuple of fixed arity, one scalar per item (a function's result may
    also have string or list items, one list each)."""

    items: tuple[Scalar | ListOf, ...]

    def __str__(self) -> str:
        return f"tuple[{', '.join(str(i) for i in self.items)}]"


@dataclass(frozen=True)
class OptionalOf:
    """A scalar or None; also a string or list or None (a parameter,
    ``Optional[str]``, or a local, ``v = d.get(k)`` of a dict of strings or
    lists), and a tuple or None (only as a function's result, which a
    postcondition reads)."""

    value: Scalar | TupleOf | ListOf

    def __str__(self) -> str:
        return f"{self.value} | None"


@dataclass(frozen=True)
class DictOf:
    """``dict[key, value]`` of scalar or string (`STR`) keys and scalar,
    string or list (``list[int]``, ``list[bool]``) values: two lists of the
    same length, the keys (distinct, in insertion order) and their values; a
    `NestedOf` list holds string keys, and string or list values."""

    key: Scalar | ListOf
    value: Scalar | ListOf

    def __str__(self) -> str:
        return f"dict[{self.key}, {self.value}]"


@dataclass(frozen=True)
class NestedOf:
    """A list of strings (``list[str]``) or of lists (``list[list[int]]``):
    one flat list holding every item's elements, and for item k its start and
    stop positions in it (see `nested_parts`)."""

    inner: ListOf

    def __str__(self) -> str:
        return f"list[{self.inner}]"


SourceType = Union[IntType, BoolType, ListOf, TupleOf, OptionalOf, DictOf, NestedOf]

#: names `typing` exports that annotations of the subset may use
TYPING_NAMES = frozenset({"List", "Tuple", "Optional", "Dict"})
#: the methods of a string whose value is a list of strings (split) or a string
TEXT_METHODS = frozenset({"split", "join", "strip", "lstrip", "rstrip", "lower", "upper", "replace"})
#: list and dict methods that change the object in place
MUTATING_METHODS = frozenset({"append", "pop", "insert", "extend", "remove", "clear", "sort", "reverse",
                              "setdefault", "update", "popitem"})


def array_type(elem: Scalar) -> ArrayType:
    """The IR type of a Python list of `elem` values."""
    return ArrayType(elem, index=MATH_INT)


def none_flag(name: str) -> str:
    """The BOOL variable that is true when optional `name` is None."""
    return f"{name}.none"


def item_name(name: str, k: int) -> str:
    """The variable holding item `k` of tuple `name`."""
    return f"{name}.{k}"


def returned_list(name: str) -> str:
    """The list variable that inlined call temporary `name` (``$listcall1``) receives the returned list in."""
    return f"{name}.list"


def ir_variables(name: str, st: SourceType) -> list[tuple[str, Type]]:
    """The IR variables (name, type) that hold a value of source type `st` named `name`."""
    if isinstance(st, ListOf):
        return [(name, array_type(st.elem)), (length_name(name), MATH_INT)]
    if isinstance(st, TupleOf):
        return [v for k, t in enumerate(st.items) for v in ir_variables(item_name(name, k), t)]
    if isinstance(st, NestedOf):
        starts, stops, flat = nested_parts(name)
        return [(starts, array_type(MATH_INT)), (length_name(starts), MATH_INT), (stops, array_type(MATH_INT)),
                (flat, array_type(st.inner.elem)), (length_name(flat), MATH_INT)]
    if isinstance(st, OptionalOf) and isinstance(st.value, (TupleOf, ListOf)):
        return ir_variables(name, st.value) + [(none_flag(name), BOOL)]
    if isinstance(st, OptionalOf):
        return [(name, st.value), (none_flag(name), BOOL)]
    if isinstance(st, DictOf):
        keys, values = dict_parts(name)
        key_vars = ir_variables(keys, NestedOf(STR)) if st.key == STR else [(keys, array_type(st.key)),
                                                                             (length_name(keys), MATH_INT)]
        if isinstance(st.value, ListOf):
            return key_vars + ir_variables(values, NestedOf(st.value))
        return key_vars + [(values, array_type(st.value)), (length_name(values), MATH_INT)]
    return [(name, st)]


def nested_parts(name: str) -> tuple[str, str, str]:
    """The array variables of nested list `name`: its items' start positions
    (``name`` itself, so ``name#len`` is the number of items), their stop
    positions, and the flat list of their elements (with its ``#len``)."""
    return name, f"{name}.stop", f"{name}.flat"


def dict_parts(name: str) -> tuple[str, str]:
    """The list variables of dict `name`: its keys and its values."""
    return f"{name}.keys", f"{name}.values"


def read_annotation(ann: Tree | Token, typing_names: dict[str, str]) -> SourceType | str:
    """The source type annotation `ann` names, or the reason it is outside the
    subset (a str). `typing_names` maps local names of ``typing`` imports to
    what they import (``{"List": "List"}``)."""
    name = _plain(ann, typing_names)
    if name in ("int", "bool"):
        return MATH_INT if name == "int" else BOOL
    if name == "str":
        return STR
    if isinstance(ann, Tree) and ann.data == "or_expr" and len(ann.children) == 2:
        sides = [c for c in ann.children if not _is_none(c)]
        if len(sides) == 1:
            inner = read_annotation(sides[0], typing_names)
            return OptionalOf(inner) if _may_be_optional(inner) else _why(ann)
        return _why(ann)
    if not (isinstance(ann, Tree) and ann.data == "getitem"):
        return _why(ann)
    base, args = ann.children
    base_name = _plain(base, typing_names)
    items = list(args.children) if isinstance(args, Tree) and args.data == "subscript_tuple" else [args]
    items = [i for i in items if i is not None]
    if base_name in ("list", "List") and len(items) == 1:
        elem = read_annotation(items[0], typing_names)
        if isinstance(elem, ListOf) and not elem.immutable:
            return NestedOf(ListOf(elem.elem))
        if elem == STR:
            return NestedOf(STR)
        return ListOf(elem) if isinstance(elem, (IntType, BoolType)) else _why(ann)
    if base_name in ("dict", "Dict") and len(items) == 2:
        key, value = (read_annotation(i, typing_names) for i in items)
        if (isinstance(key, (IntType, BoolType)) or key == STR) and (
                isinstance(value, (IntType, BoolType)) or (isinstance(value, ListOf) and (value == STR or
                                                                                          not value.immutable))):
            return DictOf(key, value)
        return _why(ann)
    if base_name == "Optional" and len(items) == 1:
        inner = read_annotation(items[0], typing_names)
        return OptionalOf(inner) if _may_be_optional(inner) else _why(ann)
    if base_name in ("tuple", "Tuple"):
        if len(items) == 2 and isinstance(items[1], Tree) and items[1].data == "ellipsis":
            elem = read_annotation(items[0], typing_names)
            return ListOf(elem, immutable=True) if isinstance(elem, (IntType, BoolType)) else _why(ann)
        scalars = [read_annotation(i, typing_names) for i in items]
        if items and all(isinstance(s, (IntType, BoolType)) for s in scalars):
            return TupleOf(tuple(scalars))  # type: ignore[arg-type]
    return _why(ann)


def _may_be_optional(inner: SourceType | str) -> bool:
    """`inner` may be the value of an optional: a scalar, a string or a (mutable) list of scalars."""
    return isinstance(inner, (IntType, BoolType)) or inner == STR or (isinstance(inner, ListOf)
                                                                      and not inner.immutable)


def read_result_annotation(ann: Tree | Token, typing_names: dict[str, str]) -> SourceType | str:
    """As `read_annotation`, for a return annotation: ``Optional[X]`` (``X | None``)
    of a list or tuple type X reads as X (a result is never flattened; a
    function may return None besides)."""
    read = read_annotation(ann, typing_names)
    if isinstance(read, OptionalOf) and isinstance(read.value, ListOf):
        return read.value
    if not isinstance(read, str) or not isinstance(ann, Tree):
        return read
    texts = _tuple_with_lists(ann, typing_names)
    if texts is not None:
        return texts
    inner: Tree | Token | None = None
    if ann.data == "or_expr" and len(ann.children) == 2 and any(_is_none(c) for c in ann.children):
        inner = next(c for c in ann.children if not _is_none(c))
    elif ann.data == "getitem" and _plain(ann.children[0], typing_names) == "Optional":
        inner = ann.children[1]
    if inner is not None:
        found = read_annotation(inner, typing_names)
        if isinstance(found, (ListOf, TupleOf)):
            return found
        found_tuple = _tuple_with_lists(inner, typing_names)
        if found_tuple is not None:
            return found_tuple
    return read


def _tuple_with_lists(ann: Tree | Token, typing_names: dict[str, str]) -> TupleOf | None:
    """``tuple[str, int, list[int]]``: a fixed tuple some of whose items are
    strings or lists (a result type only); None for any other annotation."""
    if not (isinstance(ann, Tree) and ann.data == "getitem" and _plain(ann.children[0], typing_names)
            in ("tuple", "Tuple")):
        return None
    args = ann.children[1]
    nodes = list(args.children) if isinstance(args, Tree) and args.data == "subscript_tuple" else [args]
    items = [read_annotation(i, typing_names) for i in nodes if i is not None]
    if items and all(isinstance(i, (IntType, BoolType)) or (isinstance(i, ListOf) and not i.immutable) or i == STR
                     for i in items):
        return TupleOf(tuple(items))  # type: ignore[arg-type]
    return None


def _why(ann: Tree | Token) -> str:
    return ("only int, bool, str, list[int], list[bool], list[str], list[list[int]], tuple[...], dict[...] "
            "of int and bool (also with str keys, and str or list values), and Optional[...] of int, bool, str and "
            "list[int]/list[bool] are")


def _plain(node: Tree | Token | None, typing_names: dict[str, str]) -> str:
    """The name an annotation node is (``typing.List`` and imported aliases resolved); '' if none."""
    if isinstance(node, Tree) and node.data == "var":
        name = str(node.children[0])
        return typing_names.get(name, name)
    if (isinstance(node, Tree) and node.data == "getattr" and isinstance(node.children[0], Tree)
            and node.children[0].data == "var" and str(node.children[0].children[0]) == "typing"
            and str(node.children[1]) in TYPING_NAMES):
        return str(node.children[1])
    if isinstance(node, Tree) and node.data == "const_none":
        return "None"
    return ""


def _is_none(node: Tree | Token) -> bool:
    return isinstance(node, Tree) and node.data == "const_none"


# ------------------------------------------------------------ local types


def expr_type(t: Tree | Token | None, env: dict[str, SourceType], list_functions: set[str]) -> SourceType:
    """The source type of expression `t` as far as syntax tells (lists, tuples,
    else `MATH_INT`/`BOOL`), given the types `env` of names so far."""
    if not isinstance(t, Tree):
        return MATH_INT
    kind = t.data
    if kind == "var":
        return env.get(str(t.children[0]), MATH_INT)
    if kind in ("string", "string_concat"):
        return STR
    if kind == "dict" and all(isinstance(c, Tree) and c.data == "key_value" for c in t.children if c is not None):
        return DictOf(MATH_INT, MATH_INT)  # `{}` and `{k: v, ...}`: ints unless annotated
    if kind in ("const_true", "const_false", "comparison", "not_test"):
        return BOOL
    if kind == "list_of_item":
        item = expr_type(t.children[0], env, list_functions)
        return _nested_of(item) if isinstance(item, ListOf) else MATH_INT
    if kind == "value_of":  # `for k, v in d.items()` binds the values to v
        of = expr_type(t.children[0], env, list_functions)
        return of.value if isinstance(of, DictOf) else MATH_INT
    if kind == "item_of":
        of = expr_type(t.children[0], env, list_functions)
        if isinstance(of, NestedOf):
            return of.inner
        if isinstance(of, DictOf) and of.key == STR:
            return STR  # `for k in d` binds the keys
        return STR if isinstance(of, ListOf) and of.text else MATH_INT
    if kind == "list":
        elems = [expr_type(c, env, list_functions) for c in t.children if c is not None]
        if elems and isinstance(elems[0], ListOf):
            return _nested_of(elems[0])
        return ListOf(BOOL if elems and all(e == BOOL for e in elems) else MATH_INT)
    if kind in ("list_comprehension", "tuple_comprehension"):
        elem = expr_type(t.children[0].children[0], env, list_functions)
        if kind == "list_comprehension" and isinstance(elem, ListOf):
            return _nested_of(elem)
        return ListOf(BOOL if elem == BOOL else MATH_INT)
    if kind == "dict_comprehension":  # `{k: v for x in xs ...}`: keys int, bool or str, values int or bool
        comp = t.children[0]
        inner = comprehension_env(comp, env, list_functions)
        key_t, value_t = comp.children[0].children
        key, value = (expr_type(c, inner, list_functions) for c in (key_t, value_t))
        return DictOf(key if key in (BOOL, STR) else MATH_INT, BOOL if value == BOOL else MATH_INT)
    if kind == "comprehension":  # a generator expression, the only argument of a call
        elem = expr_type(t.children[0], env, list_functions)
        return ListOf(BOOL if elem == BOOL else MATH_INT)
    if kind == "tuple":
        items = [expr_type(c, env, list_functions) for c in t.children if c is not None]
        if items and all(isinstance(i, (IntType, BoolType)) for i in items):
            return TupleOf(tuple(items))  # type: ignore[arg-type]
        return MATH_INT
    if kind == "term" and len(t.children) == 3 and str(t.children[1]) == "*":
        for side in (t.children[0], t.children[2]):
            st = expr_type(side, env, list_functions)
            if isinstance(st, ListOf):
                return STR if st.text else ListOf(st.elem)
    if kind == "arith_expr" and len(t.children) >= 3 and str(t.children[1]) == "+":
        st = expr_type(t.children[0], env, list_functions)
        if isinstance(st, ListOf):
            return STR if st.text else ListOf(st.elem)
    if kind == "getitem":
        base = expr_type(t.children[0], env, list_functions)
        if isinstance(base, NestedOf):
            return base if _is_slice(t.children[1]) else base.inner
        if isinstance(base, ListOf):
            if base.text:
                return STR  # an item of a string is a string
            return ListOf(base.elem, base.immutable) if _is_slice(t.children[1]) else base.elem
        if isinstance(base, OptionalOf) and isinstance(base.value, TupleOf):
            base = base.value
        if isinstance(base, TupleOf):
            k = constant_index(t.children[1])
            if k is not None and -len(base.items) <= k < len(base.items) and isinstance(base.items[k], ListOf):
                return base.items[k]
            return MATH_INT
        if isinstance(base, DictOf):
            return base.value
    if kind == "funccall":
        callee = t.children[0]
        if isinstance(callee, Tree) and callee.data == "var":
            name = str(callee.children[0])
            if name in ("chr", "str"):
                return STR
            if name in ("sorted", "list", "reversed") and t.children[1] is not None and t.children[1].children:
                if name == "list" and _is_range_call(t.children[1].children[0]):
                    return ListOf(MATH_INT)
                arg = expr_type(t.children[1].children[0], env, list_functions)
                if isinstance(arg, ListOf):
                    return ListOf(arg.elem)
            if name in list_functions:
                return ListOf(MATH_INT)
        if isinstance(callee, Tree) and callee.data == "getattr" and str(callee.children[1]) in TEXT_METHODS:
            if expr_type(callee.children[0], env, list_functions) == STR:
                return NestedOf(STR) if str(callee.children[1]) == "split" else STR
        if isinstance(callee, Tree) and callee.data == "getattr" and str(callee.children[1]) == "copy":
            base = expr_type(callee.children[0], env, list_functions)
            if isinstance(base, ListOf):
                return ListOf(base.elem)
        if isinstance(callee, Tree) and callee.data == "getattr" and str(callee.children[1]) == "get":
            base = expr_type(callee.children[0], env, list_functions)
            args = t.children[1]
            if isinstance(base, DictOf) and not isinstance(base.value, ListOf) and args is not None \
                    and len(args.children) == 1:
                return OptionalOf(base.value)  # `d.get(k)`: None when k is absent
            if isinstance(base, DictOf) and isinstance(base.value, ListOf) and args is not None \
                    and len(args.children) == 2:
                return base.value  # `d.get(k, default)` of a string or list
            if isinstance(base, DictOf) and isinstance(base.value, ListOf) and args is not None \
                    and len(args.children) == 1:
                return OptionalOf(base.value)  # `d.get(k)` of a string or list: None when k is absent
        if isinstance(callee, Tree) and callee.data == "getattr" and str(callee.children[1]) in ("pop", "setdefault"):
            base = expr_type(callee.children[0], env, list_functions)
            if isinstance(base, DictOf) and isinstance(base.value, ListOf):
                return base.value  # `d.pop(k[, default])`, `d.setdefault(k, default)` of a string or list
        if isinstance(callee, Tree) and callee.data == "getattr" and str(callee.children[1]) in ("keys", "values"):
            base = expr_type(callee.children[0], env, list_functions)
            if isinstance(base, DictOf) and str(callee.children[1]) == "keys" and base.key == STR:
                return NestedOf(STR)
            if isinstance(base, DictOf) and str(callee.children[1]) == "values" and isinstance(base.value, ListOf):
                return NestedOf(base.value)
            if isinstance(base, DictOf):
                return ListOf(base.key if str(callee.children[1]) == "keys" else base.value)  # type: ignore[arg-type]
    return MATH_INT


def comprehension_env(comp: Tree, env: dict[str, SourceType], list_functions: set[str]) -> dict[str, SourceType]:
    """`env` with the names comprehension `comp`'s ``for`` clauses bind (a string
    for the items of a string or list of strings, a key of a dict, else an int)."""
    inner = dict(env)
    for clause in comp.children[1].children:
        if isinstance(clause, Tree):
            for name, value in _bindings(Tree("for_stmt", list(clause.children[:2]))):
                inner[name] = _widen(expr_type(value, inner, list_functions))
    return inner


def _is_range_call(t: Tree | Token | None) -> bool:
    """`t` is a call ``range(...)`` (by name; the lowering checks it is the builtin)."""
    return (isinstance(t, Tree) and t.data == "funccall" and isinstance(t.children[0], Tree)
            and t.children[0].data == "var" and str(t.children[0].children[0]) == "range")


def constant_index(sub: Tree | Token) -> int | None:
    """The value of subscript `sub` when it is an integer literal (``-1`` too)."""
    if isinstance(sub, Tree) and sub.data == "number" and str(sub.children[0]).isdigit():
        return int(str(sub.children[0]))
    if (isinstance(sub, Tree) and sub.data == "factor" and str(sub.children[0]) == "-"
            and isinstance(sub.children[1], Tree)):
        k = constant_index(sub.children[1])
        return None if k is None else -k
    return None


def _nested_of(item: ListOf) -> NestedOf:
    """The nested list type whose items are like `item` (a string, or a list of ints or bools)."""
    return NestedOf(STR if item.text else ListOf(item.elem))


def _is_slice(sub: Tree | Token) -> bool:
    return isinstance(sub, Tree) and sub.data == "slice"


def infer_locals(body: Tree, params: dict[str, SourceType], names: list[str],
                 annotations: dict[str, SourceType], list_functions: set[str]) -> dict[str, SourceType | str]:
    """The source type of each of `names` (the names `body` binds that are not
    parameters): the annotated one, else the list, string, tuple or dict type
    of a value assigned to it (a ``for`` target over a string is a string),
    else `MATH_INT`. A name assigned values of two such kinds maps to a str:
    why it is unsupported (one assigned a list and an int is caught where the
    int is assigned)."""
    env: dict[str, SourceType] = {**params, **annotations}
    result: dict[str, SourceType | str] = {n: annotations.get(n, MATH_INT) for n in names}
    for _ in range(4):  # a list may flow through a few names
        changed = False
        for node in walk(body):
            for target, value in _bindings(node):
                old = result.get(target)
                if old is None or target in annotations or isinstance(old, str) or value is None:
                    continue
                st = _widen(expr_type(value, env, list_functions))
                if st == old or st in (MATH_INT, BOOL):
                    continue
                if isinstance(old, NestedOf) and isinstance(st, ListOf) and not st.text:
                    continue  # `xs = []` of a list of strings or lists: checked where it is assigned
                if isinstance(old, DictOf) and isinstance(value, Tree) and value.data == "dict" and not value.children:
                    continue  # `d = {}` of a dict typed by its keys (`_string_keyed`)
                if isinstance(old, OptionalOf) and st == old.value:
                    continue  # `v = d.get(k)`, then `v = ""`: a string or None
                if isinstance(st, OptionalOf) and isinstance(st.value, ListOf) and old == st.value:
                    result[target] = env[target] = st
                    changed = True
                    continue
                if isinstance(old, ListOf) and not old.text and isinstance(st, NestedOf):
                    pass  # a list first seen empty (`xs = []`), then given strings or lists
                elif isinstance(old, ListOf) and isinstance(st, ListOf):
                    if old.text != st.text:
                        result[target] = f"'{target}' holds both strings and lists"
                        changed = True
                        continue
                    st = old if old.text else ListOf(MATH_INT)
                elif old not in (MATH_INT, BOOL):
                    result[target] = f"'{target}' holds both {old} and {st} values"
                    changed = True
                    continue
                if st != old:
                    result[target] = env[target] = st
                    changed = True
        changed = _string_keyed(body, result, env, annotations, list_functions) or changed
        if not changed:
            break
    return result


def _string_keyed(body: Tree, result: dict[str, SourceType | str], env: dict[str, SourceType],
                  annotations: dict[str, SourceType], list_functions: set[str]) -> bool:
    """Type ``dict[str, int]`` each dict local only ever given ``{}`` whose every key (``d[k]``,
    ``d.get(k, ...)``, ``k in d``, ``d.setdefault(k, ...)``, ``d.pop(k, ...)``) is a string, as in
    ``counts = {}`` then ``counts[c] = counts.get(c, 0) + 1``; True if one changed."""
    empty = {name for name, st in result.items() if st == DictOf(MATH_INT, MATH_INT) and name not in annotations}
    keys: dict[str, list[SourceType]] = {name: [] for name in empty}
    for node in walk(body):
        for name, value in _bindings(node):
            if name in empty and not (isinstance(value, Tree) and value.data == "dict" and not value.children):
                keys.pop(name, None)  # given something other than `{}`
        for name, key in _dict_keys(node):
            if name in keys:
                keys[name].append(expr_type(key, env, list_functions))
    changed = False
    for name, found in keys.items():
        if found and all(k == STR for k in found):
            result[name] = env[name] = DictOf(STR, MATH_INT)
            changed = True
    return changed


def _dict_keys(node: Tree) -> list[tuple[str, Tree | Token]]:
    """(dict name, key expression) of a use of a key: ``d[k]``, ``k in d``, ``d.get(k...)`` and the like."""
    if node.data == "getitem" and isinstance(node.children[0], Tree) and node.children[0].data == "var":
        return [(str(node.children[0].children[0]), node.children[1])]
    if node.data == "comparison" and len(node.children) == 3:
        left, op, right = node.children
        text = "".join(str(t) for t in op.children) if isinstance(op, Tree) else str(op)
        if (text in ("in", "notin") and isinstance(right, Tree)
                and right.data == "var"):
            return [(str(right.children[0]), left)]
    if node.data == "funccall":
        callee, args = node.children
        if (isinstance(callee, Tree) and callee.data == "getattr" and isinstance(callee.children[0], Tree)
                and callee.children[0].data == "var" and str(callee.children[1]) in ("get", "setdefault", "pop")
                and args is not None and args.children):
            return [(str(callee.children[0].children[0]), args.children[0])]
    return []


def _widen(st: SourceType) -> SourceType:
    """Locals hold lists of their element type, strings, tuples as they are, scalars as int."""
    if isinstance(st, ListOf):
        return STR if st.text else ListOf(st.elem)
    if isinstance(st, (TupleOf, OptionalOf, DictOf, NestedOf)):
        return st
    return MATH_INT


def _bindings(node: Tree) -> list[tuple[str, Tree | Token | None]]:
    """(name, value expression) pairs a simple assignment `node` makes; a
    for-loop target, augmented assignment or tuple unpacking gives None values."""
    if node.data == "assign":
        *targets, value = node.children
        out = []
        for target in targets:
            if isinstance(target, Tree) and target.data == "var":
                out.append((str(target.children[0]), value))
            elif isinstance(target, Tree) and target.data == "tuple":
                display = isinstance(value, Tree) and value.data == "tuple"
                values = value.children if display else []
                for k, tg in enumerate(target.children):
                    if isinstance(tg, Tree) and tg.data == "var":
                        item = values[k] if k < len(values) else None if display else _ItemOf(value)
                        out.append((str(tg.children[0]), item))
        return out
    if node.data == "funccall":  # `xs.append(item)`: a list of strings or lists when the item is one
        callee, args = node.children
        if (isinstance(callee, Tree) and callee.data == "getattr" and str(callee.children[1]) == "append"
                and isinstance(callee.children[0], Tree) and callee.children[0].data == "var"
                and args is not None and len(args.children) == 1):
            return [(str(callee.children[0].children[0]), _ListOfItem(args.children[0]))]
    if node.data == "augassign":
        target, _op, value = node.children
        if isinstance(target, Tree) and target.data == "var":
            return [(str(target.children[0]), None)]
    if node.data == "for_stmt":  # `for ch in s` binds strings; other loops ints
        target, iterable = node.children[0], node.children[1]
        if isinstance(target, Tree) and target.data == "var":
            return [(str(target.children[0]), _ItemOf(iterable))]
        if isinstance(target, Tree) and target.data == "tuple" and len(target.children) == 2 \
                and isinstance(target.children[0], Tree) and target.children[0].data == "var" \
                and isinstance(iterable, Tree) and iterable.data == "funccall" \
                and isinstance(iterable.children[0], Tree) and iterable.children[0].data == "getattr" \
                and str(iterable.children[0].children[1]) == "items":  # `for k, v in d.items()`: k is a key
            owner = iterable.children[0].children[0]
            value = target.children[1]
            return [(str(target.children[0].children[0]), _ItemOf(owner))] + (
                [(str(value.children[0]), _ValueOf(owner))] if isinstance(value, Tree) and value.data == "var"
                else [])
        if isinstance(target, Tree) and target.data == "tuple" and isinstance(iterable, Tree) \
                and iterable.data == "funccall" and isinstance(iterable.children[0], Tree) \
                and iterable.children[0].data == "var" and iterable.children[1] is not None:
            callee = str(iterable.children[0].children[0])
            args = [a for a in iterable.children[1].children if not (isinstance(a, Tree) and a.data == "argvalue")]
            items = args[:1] if callee == "enumerate" else args if callee == "zip" else []
            names = target.children[1:] if callee == "enumerate" else target.children
            return [(str(n.children[0]), _ItemOf(a)) for n, a in zip(names, items)
                    if isinstance(n, Tree) and n.data == "var"]
    return []


class _ItemOf(Tree):
    """The items of an iterable, as a pseudo-expression for `expr_type`."""

    def __init__(self, iterable: Tree | Token) -> None:
        super().__init__("item_of", [iterable])


class _ValueOf(Tree):
    """The values of a dict, as a pseudo-expression for `expr_type`."""

    def __init__(self, owner: Tree | Token) -> None:
        super().__init__("value_of", [owner])


class _ListOfItem(Tree):
    """A list of which `item` is an item, as a pseudo-expression for `expr_type`:
    a nested list when `item` is a string or a list, else nothing known (an int)."""

    def __init__(self, item: Tree | Token) -> None:
        super().__init__("list_of_item", [item])


def mutated_names(body: Tree, mutating_calls: dict[str, set[int]]) -> set[str]:
    """Names whose list `body` changes in place: ``x[i] = v``, ``x[i] += v``, ``x += v``,
    ``del x[i]``, ``x.append(...)`` and the other `MUTATING_METHODS` (of ``x`` or
    of an item ``x[k]``), or passing
    ``x`` as argument k to a function `f` with k in `mutating_calls[f]`."""
    out: set[str] = set()
    for node in walk(body):
        if node.data in ("assign", "augassign", "annassign"):
            targets = node.children[:-1] if node.data == "assign" else node.children[:1]
            for target in targets:
                out.update(_subscripted(target))
            if node.data == "augassign" and isinstance(node.children[0], Tree) and node.children[0].data == "var":
                out.add(str(node.children[0].children[0]))  # a list's ``+=`` extends it in place
        elif node.data == "del_stmt":
            out.update(_subscripted(node.children[0]))
        elif node.data == "funccall":
            callee, args = node.children
            if (isinstance(callee, Tree) and callee.data == "getattr" and str(callee.children[1]) in
                    MUTATING_METHODS and isinstance(callee.children[0], Tree)
                    and callee.children[0].data == "var"):
                out.add(str(callee.children[0].children[0]))
            elif (isinstance(callee, Tree) and callee.data == "getattr" and str(callee.children[1]) in
                    MUTATING_METHODS and isinstance(callee.children[0], Tree)):
                out.update(_subscripted(callee.children[0]))  # `d[k].append(x)` changes what `d` holds
            if isinstance(callee, Tree) and callee.data == "var" and args is not None:
                for k in mutating_calls.get(str(callee.children[0]), set()):
                    if k < len(args.children):
                        arg = args.children[k]
                        if isinstance(arg, Tree) and arg.data == "var":
                            out.add(str(arg.children[0]))
    return out


def _subscripted(target: Tree | Token | None) -> list[str]:
    """The names `target` subscripts (``x[i]`` -> x, ``x[i][j]`` -> x: an item of x changes)."""
    if not isinstance(target, Tree):
        return []
    if target.data == "getitem":
        base = target.children[0]
        while isinstance(base, Tree) and base.data == "getitem":
            base = base.children[0]
        return [str(base.children[0])] if isinstance(base, Tree) and base.data == "var" else []
    if target.data in ("tuple", "list", "exprlist"):
        return [n for c in target.children for n in _subscripted(c)]
    return []
