"""Small classes used as records (Python translations of C structs), lowered to one scalar per field.

A record class is a module-level class, bound once, that is either

- ``@dataclass`` (bare, from ``from dataclasses import dataclass`` or
  ``dataclasses.dataclass``) with only annotated fields ``x: int`` / ``b: bool``
  optionally with constant defaults (``count: int = 0``, ``full: bool = False``; and a docstring), or
- a plain class (no base but ``object``) whose ``__init__(self, a, b)``
  assigns each parameter to one field (``self.x = a``) and may set other
  fields to constants (``self.count = 0``), nothing else;

either with methods ``def m(self, ...)`` (no decorators, defaults, ``*``/``**``
parameters, ``global``). A method is not checked on its own: `MethodSplicer`
puts its body where a record variable calls it, as a statement or as the value
of an assignment or return (``return e`` bodies), and a method of ``self``
alone returning ``e`` (a getter) wherever it is called.

`lower_records(module)` rewrites each function's parse tree before it is
lowered, as the C frontend does for structs held by value: a record variable
``p`` is the scalars ``p.x``, ``p.y`` (names no Python variable can have):

- a parameter ``p: Point`` is the parameters ``p.x``, ``p.y`` (free ints, or
  bools for ``bool`` fields); the replay builds a real ``Point`` from them;
- ``q = Point(a, y=b)`` is ``q.x, q.y = a, b`` (arguments evaluated in order,
  then stored: exactly the constructor's effect);
- ``q.x`` (read, assigned, augmented) is the scalar ``q.x``;
- ``h(q)`` passes the fields when ``h``'s parameter there is a record of the
  same class (``h`` can then not change them: see below).

Aliasing is ruled out, not modelled: any other use of a record variable (``r =
q``, ``return q``, ``[q]``, ``q == r``, an unknown attribute, a
keyword argument, inside a lambda or nested ``def``, a method call that is not
spliced), a field stored into a
record parameter (the caller would see it), or a local record whose first
construction is not a top-level statement before every other use (it might be
unbound, or two objects), makes the function unsupported, with the construct
and its line. Any other use of the class name is left alone, and stays
unsupported as a module-level binding.
"""

from __future__ import annotations

import ast
import copy
from dataclasses import dataclass

from lark import Token, Tree

from verifier.ir import Loc

from .python_constants import module_tree
from .python_tree import assigned_names, callee_name, is_plain_string, position, stmts_of

__all__ = ["Record", "record_classes", "lower_records", "field_name", "RESERVED_FIELDS", "MethodSplicer",
           "MAX_SPLICE_DEPTH"]

#: field names that other flattened values use as suffixes (`python_types`): such records are not lowered
RESERVED_FIELDS = frozenset({"none", "keys", "values", "stop", "flat"})
#: method calls spliced inside spliced method bodies: deeper (recursion) stays a method call, unsupported
MAX_SPLICE_DEPTH = 8


@dataclass(frozen=True)
class Record:
    """A record class: its fields (name, ``int``/``bool``) in order, and which
    field each constructor argument sets, by position."""

    name: str
    fields: tuple[tuple[str, str], ...]
    by_position: tuple[str, ...]
    #: a dataclass's constant defaults (``count: int = 0``), or the constants ``__init__`` stores
    #: (``self.count = 0``), for fields a construction leaves out
    defaults: tuple[tuple[str, int], ...] = ()
    #: the names of its other methods (``def m(self, ...)``), spliced where a record variable calls them
    methods: tuple[str, ...] = ()
    #: a plain class's ``__init__`` parameters, in order (a keyword argument names one of them); empty for a
    #: dataclass, whose keywords are its fields
    params: tuple[str, ...] = ()

    def field_names(self) -> list[str]:
        return [f for f, _ in self.fields]


def field_name(var: str, field: str) -> str:
    """The scalar holding `field` of record variable `var`."""
    return f"{var}.{field}"


def record_classes(source: str) -> dict[str, Record]:
    """The record classes of the module `source` (see the module docstring)."""
    tree = module_tree(source) if "class" in source else None
    if tree is None:
        return {}
    globals_named = {name for n in ast.walk(tree) if isinstance(n, (ast.Global, ast.Nonlocal)) for name in n.names}
    bound: dict[str, int] = {}
    for stmt in tree.body:
        for name in _bound_at_module_level(stmt):
            bound[name] = bound.get(name, 0) + 1
    dataclass_names = _dataclass_decorators(tree.body)
    found: dict[str, Record] = {}
    for stmt in tree.body:
        if not isinstance(stmt, ast.ClassDef) or bound.get(stmt.name) != 1 or stmt.name in globals_named:
            continue
        record = _record(stmt, dataclass_names, bound)
        if record is not None and record.fields and not RESERVED_FIELDS & set(record.field_names()):
            found[stmt.name] = record
    return found


def _bound_at_module_level(stmt: ast.stmt) -> list[str]:
    if isinstance(stmt, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
        return [stmt.name]
    if isinstance(stmt, (ast.Import, ast.ImportFrom)):
        return [(a.asname or a.name).split(".")[0] for a in stmt.names]
    return [n.id for n in ast.walk(stmt) if isinstance(n, ast.Name) and isinstance(n.ctx, (ast.Store, ast.Del))]


def _dataclass_decorators(body: list[ast.stmt]) -> set[str]:
    """How the file names ``dataclasses.dataclass``: ``dataclass`` and/or ``dataclasses.dataclass``."""
    names = set()
    for stmt in body:
        if isinstance(stmt, ast.ImportFrom) and stmt.module == "dataclasses" and stmt.level == 0:
            names.update(a.asname or a.name for a in stmt.names if a.name == "dataclass")
        elif isinstance(stmt, ast.Import):
            names.update(f"{a.name}.dataclass" for a in stmt.names if a.name == "dataclasses" and a.asname is None)
    return names


def _record(cls: ast.ClassDef, dataclass_names: set[str], bound: dict[str, int]) -> Record | None:
    if cls.keywords or any(not (isinstance(b, ast.Name) and b.id == "object") for b in cls.bases):
        return None
    body = cls.body[1:] if cls.body and _is_docstring(cls.body[0]) else cls.body
    if len(cls.decorator_list) == 1:
        deco = ast.unparse(cls.decorator_list[0])
        if deco not in dataclass_names or bound.get(deco.split(".")[0]) != 1 or cls.bases:
            return None
        fields, defaults = [], []
        methods = _methods(body)
        if methods is None:
            return None
        for stmt in body:
            if isinstance(stmt, ast.FunctionDef):
                continue
            if not (isinstance(stmt, ast.AnnAssign) and stmt.simple and isinstance(stmt.target, ast.Name)
                    and _scalar(stmt.annotation)):
                return None
            fields.append((stmt.target.id, _scalar(stmt.annotation)))
            if stmt.value is not None:
                default = _constant(stmt.value)
                if default is None:
                    return None
                defaults.append((stmt.target.id, default))
            elif defaults:
                return None  # a field without a default after one with: TypeError when the class is made
        names = tuple(f for f, _ in fields)
        return Record(cls.name, tuple(fields), names, tuple(defaults), tuple(methods)) \
            if len(set(names)) == len(names) and not set(names) & set(methods) else None
    inits = [stmt for stmt in body if isinstance(stmt, ast.FunctionDef) and stmt.name == "__init__"]
    methods = _methods([stmt for stmt in body if stmt not in inits])
    if cls.decorator_list or len(inits) != 1 or methods is None \
            or any(not isinstance(stmt, ast.FunctionDef) for stmt in body):
        return None
    init = inits[0]
    if init.decorator_list:
        return None
    args = init.args
    if args.posonlyargs or args.vararg or args.kwonlyargs or args.kwarg or args.defaults or not args.args:
        return None
    self_name = args.args[0].arg
    params = {a.arg: (_scalar(a.annotation) if a.annotation is not None else "int") for a in args.args[1:]}
    if not all(params.values()):
        return None
    field_of: dict[str, str] = {}
    constants: dict[str, int] = {}
    for stmt in init.body:
        if _is_docstring(stmt):
            continue
        if not (isinstance(stmt, ast.Assign) and len(stmt.targets) == 1):
            return None
        target = stmt.targets[0]
        if not (isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name)
                and target.value.id == self_name and target.attr not in [*field_of.values(), *constants]):
            return None
        if isinstance(stmt.value, ast.Name) and stmt.value.id in params and stmt.value.id not in field_of:
            field_of[stmt.value.id] = target.attr
        elif _constant(stmt.value) is not None:
            constants[target.attr] = _constant(stmt.value)  # type: ignore[assignment]
        else:
            return None
    if set(field_of) != set(params) or (set(constants) | set(field_of.values())) & set(methods):
        return None
    by_position = tuple(field_of[a.arg] for a in args.args[1:])
    fields = [(field_of[p], params[p]) for p in params]
    fields += [(f, "bool" if isinstance(v, bool) else "int") for f, v in constants.items()]
    return Record(cls.name, tuple(fields), by_position, tuple(constants.items()), tuple(methods),
                  tuple(a.arg for a in args.args[1:]))


def _methods(body: list[ast.stmt]) -> list[str] | None:
    """The names of the methods among `body` (a class's statements): plain ``def m(self, a, ...)``
    without decorators, defaults, ``*``/``**`` parameters or ``global``/``nonlocal``, each name once;
    None when one is not such a method."""
    names: list[str] = []
    for stmt in body:
        if not isinstance(stmt, ast.FunctionDef):
            continue
        args = stmt.args
        if stmt.decorator_list or stmt.name.startswith("__") or stmt.name in names or args.posonlyargs \
                or args.vararg or args.kwonlyargs or args.kwarg or args.defaults or not args.args \
                or any(isinstance(n, (ast.Global, ast.Nonlocal)) for n in ast.walk(stmt)):
            return None
        names.append(stmt.name)
    return names


def _constant(value: ast.expr) -> int | None:
    """The int or bool of a constant default (``0``, ``-1``, ``True``), else None."""
    if isinstance(value, ast.UnaryOp) and isinstance(value.op, ast.USub):
        inner = _constant(value.operand)
        return -inner if isinstance(inner, int) and not isinstance(inner, bool) else None
    if isinstance(value, ast.Constant) and isinstance(value.value, int):
        return value.value
    return None


def _scalar(ann: ast.expr | None) -> str:
    """``int`` or ``bool`` for such an annotation, else ""."""
    if isinstance(ann, ast.Name) and ann.id in ("int", "bool"):
        return ann.id
    if isinstance(ann, ast.Constant) and ann.value in ("int", "bool"):
        return str(ann.value)
    return ""


def _is_docstring(stmt: ast.stmt) -> bool:
    return isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant) and isinstance(stmt.value.value, str)


def _constant_tree(value: int, at: Token) -> Tree:
    """The parse tree of the int or bool constant `value` (a default), positioned at `at`."""
    if isinstance(value, bool):
        return Tree("const_true" if value else "const_false", [])
    number = Tree("number", [Token.new_borrow_pos("DEC_NUMBER", str(abs(value)), at)])
    return number if value >= 0 else Tree("factor", [Token.new_borrow_pos("MINUS", "-", at), number])


class _Refused(Exception):
    def __init__(self, message: str, node: Tree | Token, whole: bool = False) -> None:
        super().__init__(message)
        #: `whole`: the message is complete (a callee's reason), else it names a construct at the node's line
        self.message, self.node, self.whole = message, node, whole


def record_params(tree: Tree, records: dict[str, Record]) -> dict[int, tuple[str, Record]]:
    """Positions of `tree`'s (a ``funcdef``) parameters annotated with a record class -> (name, class)."""
    params = tree.children[1]
    out: dict[int, tuple[str, Record]] = {}
    if params is None:
        return out
    for k, child in enumerate(c for c in params.children if c is not None):
        if isinstance(child, Tree) and child.data == "typedparam":
            ann = child.children[1]
            if isinstance(ann, Tree) and ann.data == "var" and str(ann.children[0]) in records:
                out[k] = (str(child.children[0]), records[str(ann.children[0])])
    return out


def lower_records(source: str, path: str, trees: dict[str, Tree],
                  class_trees: dict[str, Tree] | None = None) -> dict[str, tuple[str, Loc]]:
    """Rewrite the record variables of each function tree in `trees` (name -> ``funcdef``) in place, their
    method calls first (`MethodSplicer`, with the ``classdef`` trees `class_trees`); returns the functions
    that use records outside the subset -> (message, where)."""
    records = record_classes(source)
    if not records:
        return {}
    signatures = {name: record_params(tree, records) for name, tree in trees.items()}
    if any(rec.methods for rec in records.values()):
        for tree in trees.values():
            MethodSplicer(tree, records, class_trees or {}, signatures).splice()
    lowerers = {name: _FunctionRecords(tree, records, signatures) for name, tree in trees.items()}
    refused: dict[str, tuple[str, Loc]] = {}
    changed = True
    while changed:  # a function passing a record to a refused one is refused too (its call is not rewritten)
        changed = False
        for name, lowerer in lowerers.items():
            if name in refused:
                continue
            try:
                lowerer.check(refused)
            except _Refused as e:
                line, col = position(e.node)
                message = e.message if e.whole else f"unsupported construct: {e.message} at line {line}"
                refused[name] = (message, Loc(path, line, col))
                changed = True
    for name, lowerer in lowerers.items():
        if name not in refused:
            lowerer.rewrite()
    return refused


class _FunctionRecords:
    """The record variables of one function, and the rewrite of its tree."""

    def __init__(self, tree: Tree, records: dict[str, Record],
                 signatures: dict[str, dict[int, tuple[str, Record]]]) -> None:
        self.tree, self.records, self.signatures = tree, records, signatures
        self.params = {name: rec for name, rec in signatures[str(tree.children[0])].values()}
        #: record variables (parameters and locals) -> their class; filled by `check`
        self.kinds: dict[str, Record] = dict(self.params)
        self.refused: dict[str, tuple[str, Loc]] = {}
        #: record class names the function binds itself: there ``C(...)`` is not the class
        params = tree.children[1]
        names = {str(c.children[0] if isinstance(c, Tree) else c) for c in (params.children if params else [])
                 if c is not None and not (isinstance(c, Token) and c.type == "SLASH")}
        self.shadowed = set(records) & (set(assigned_names(tree.children[3])) | names)

    def check(self, refused: dict[str, tuple[str, Loc]]) -> None:
        """Raise `_Refused` for a use of a record outside the subset (also a record passed to a function
        in `refused`)."""
        self.refused = refused
        self.kinds = dict(self.params)
        body = stmts_of(self.tree.children[3])
        first: dict[str, int] = {}
        for k, stmt in enumerate(body):
            name = self._construction(stmt)
            if name is not None and name not in self.params:
                first.setdefault(name, k)
        for stmt in self.tree.children[3].iter_subtrees_topdown():
            name = self._construction(stmt)
            if name is not None and name not in first and name not in self.params:
                raise _Refused(f"record '{name}' first built inside a block (it may be unbound, or "
                               "two objects)", stmt)
        for name, k in first.items():
            self.kinds[name] = self._class_of(body[k])
            for stmt in body[:k]:
                if self._names(stmt, name):
                    raise _Refused(f"record '{name}' used before it is built", self._names(stmt, name)[0])
            if self._names(body[k].children[1], name):
                raise _Refused(f"record '{name}' used in its own construction", body[k])
        if self.kinds:
            self._check_uses(self.tree.children[3])

    def rewrite(self) -> None:
        """Rewrite the tree (after `check` passed): parameters, constructions, fields, record arguments."""
        if self.kinds:
            self._rewrite_params()
            self._rewrite(self.tree.children[3])

    def _construction(self, stmt: Tree) -> str | None:
        """`q` when `stmt` is ``q = C(...)`` of a record class C."""
        if not (isinstance(stmt, Tree) and stmt.data == "assign" and len(stmt.children) == 2):
            return None
        target, value = stmt.children
        if (isinstance(target, Tree) and target.data == "var" and isinstance(value, Tree)
                and value.data == "funccall" and callee_name(value) in self.records
                and callee_name(value) not in self.shadowed):
            return str(target.children[0])
        return None

    def _class_of(self, stmt: Tree) -> Record:
        return self.records[callee_name(stmt.children[1])]  # type: ignore[index]

    def _names(self, node: Tree | Token | None, name: str) -> list[Token]:
        if isinstance(node, Token):
            return [node] if node.type == "NAME" and str(node) == name else []
        if node is None:
            return []
        return list(node.scan_values(lambda v: isinstance(v, Token) and v.type == "NAME" and str(v) == name))

    def _check_uses(self, node: Tree) -> None:
        """Every NAME of a record variable is a field access, a construction's target, or a record
        argument; nothing inside a lambda or nested ``def``."""
        accepted: set[int] = set()
        for t in node.iter_subtrees_topdown():
            if t.data in ("lambdef", "lambdef_nocond", "funcdef", "classdef"):
                for name in self.kinds:
                    hit = self._names(t, name)
                    if hit:
                        raise _Refused(f"record '{name}' used inside a nested function", hit[0])
            elif t.data == "getattr":
                owner, attr = t.children
                if isinstance(owner, Tree) and owner.data == "var" and str(owner.children[0]) in self.kinds:
                    rec = self.kinds[str(owner.children[0])]
                    if str(attr) not in rec.field_names():
                        raise _Refused(f"'{attr}' is not a field of record class '{rec.name}'", attr)
                    accepted.add(id(owner.children[0]))
            elif t.data == "assign" and self._construction(t) in self.kinds:
                if self._class_of(t) != self.kinds[self._construction(t)]:  # type: ignore[index]
                    raise _Refused(f"record '{self._construction(t)}' rebound to another class", t)
                self._check_construction(t)
                accepted.add(id(t.children[0].children[0]))
            elif t.data == "funccall":
                self._check_call(t, accepted)
            elif t.data == "del_stmt" and any(self._names(t, name) for name in self.kinds):
                raise _Refused("'del' of a record or its field", t)
        for name, rec in self.kinds.items():
            for tok in self._names(node, name):
                if id(tok) not in accepted:
                    raise _Refused(f"record '{name}' of class '{rec.name}' used as a value (aliasing "
                                   "is not modelled)", tok)
        for t in node.iter_subtrees_topdown():
            if t.data in ("assign", "augassign", "annassign"):
                for target in t.children[:-1] if t.data == "assign" else t.children[:1]:
                    self._check_store(target)

    def _check_store(self, target: Tree | Token) -> None:
        if not isinstance(target, Tree):
            return
        for t in target.iter_subtrees_topdown():
            if t.data == "getattr":
                owner = t.children[0]
                if isinstance(owner, Tree) and owner.data == "var" and str(owner.children[0]) in self.params:
                    raise _Refused(f"a field of record parameter '{owner.children[0]}' assigned (the caller "
                                   "sees it)", t.children[1])

    def _check_construction(self, stmt: Tree) -> None:
        rec = self._class_of(stmt)
        args = stmt.children[1].children[1]
        items = [] if args is None else list(args.children)
        if self._targets(rec, items, stmt.children[0].children[0]) is None:
            raise _Refused(f"a call of record class '{rec.name}' that does not set each field once", stmt)

    def _targets(self, rec: Record, items: list, at: Token) -> list[tuple[str, Tree | Token]] | None:
        """(field, argument) pairs in the arguments' order, then the defaults of the fields they leave out (as
        constants at `at`), or None when they do not set each field once."""
        out: list[tuple[str, Tree | Token]] = []
        for k, item in enumerate(items):
            if isinstance(item, Tree) and item.data == "argvalue":
                key, value = item.children
                if not (isinstance(key, Tree) and key.data == "var"):
                    return None
                name = str(key.children[0])
                if rec.params and name not in rec.params:
                    return None  # CPython: TypeError, an unexpected keyword argument
                out.append((rec.by_position[rec.params.index(name)] if rec.params else name, value))
            elif isinstance(item, Tree) and item.data in ("starargs", "kwargs", "stararg"):
                return None
            elif k < len(rec.by_position):
                out.append((rec.by_position[k], item))
            else:
                return None
        fields = [f for f, _ in out]
        defaults = dict(rec.defaults)
        out += [(f, _constant_tree(defaults[f], at)) for f in rec.field_names() if f not in fields and f in defaults]
        fields = [f for f, _ in out]
        if sorted(fields) != sorted(rec.field_names()) or len(set(fields)) != len(fields):
            return None
        return out

    def _check_call(self, call: Tree, accepted: set[int]) -> None:
        args = call.children[1]
        if args is None or args.data != "arguments":
            return
        callee = callee_name(call)
        for k, item in enumerate(args.children):
            if not (isinstance(item, Tree) and item.data == "var" and str(item.children[0]) in self.kinds):
                continue
            name = str(item.children[0])
            if callee in self.refused:
                message, where = self.refused[callee]
                raise _Refused(f"call to '{callee}', which is outside the Python subset: {message} "
                               f"(line {where.line})", item, whole=True)
            wanted = self.signatures.get(callee or "", {}).get(k)
            if wanted is None or wanted[1] != self.kinds[name] or not all(
                    isinstance(a, Tree) and a.data not in ("argvalue", "starargs", "kwargs")
                    for a in args.children[:k]):
                raise _Refused(f"record '{name}' passed where a '{self.kinds[name].name}' parameter is "
                               "not declared", item)
            accepted.add(id(item.children[0]))

    def _rewrite_params(self) -> None:
        params = self.tree.children[1]
        if params is None:
            return
        new: list = []
        for child in params.children:
            if (isinstance(child, Tree) and child.data == "typedparam"
                    and str(child.children[0]) in self.params):
                name = child.children[0]
                for field, ty in self.params[str(name)].fields:
                    tok = Token.new_borrow_pos("NAME", field_name(str(name), field), name)
                    ann = Tree("var", [Token.new_borrow_pos("NAME", ty, name)], meta=child.meta)
                    new.append(Tree("typedparam", [tok, ann], meta=child.meta))
            else:
                new.append(child)
        params.children = new

    def _rewrite(self, node: Tree) -> None:
        for t in list(node.iter_subtrees_topdown()):
            if t.data == "getattr":
                owner, attr = t.children
                if isinstance(owner, Tree) and owner.data == "var" and str(owner.children[0]) in self.kinds:
                    tok = Token.new_borrow_pos("NAME", field_name(str(owner.children[0]), str(attr)),
                                               owner.children[0])
                    t.data, t.children = "var", [tok]
            elif t.data == "assign" and self._construction(t) in self.kinds:
                var = t.children[0].children[0]
                rec = self._class_of(t)
                args = t.children[1].children[1]
                pairs = self._targets(rec, [] if args is None else list(args.children), var) or []
                targets = [Tree("var", [Token.new_borrow_pos("NAME", field_name(str(var), f), var)])
                           for f, _ in pairs]
                values = [v for _, v in pairs]
                if len(pairs) == 1:
                    t.children = [targets[0], values[0]]
                else:
                    t.children = [Tree("tuple", targets), Tree("tuple", values)]
            elif t.data == "funccall" and t.children[1] is not None and t.children[1].data == "arguments":
                items: list = []
                for item in t.children[1].children:
                    if isinstance(item, Tree) and item.data == "var" and str(item.children[0]) in self.kinds:
                        var = item.children[0]
                        items += [Tree("var", [Token.new_borrow_pos("NAME", field_name(str(var), f), var)])
                                  for f in self.kinds[str(var)].field_names()]
                    else:
                        items.append(item)
                t.children[1].children = items


class MethodSplicer:
    """Replaces the calls of a record's methods in one function's tree by the method's body.

    A statement ``q.m(a, b)``, ``x = q.m(a, b)`` or ``return q.m(a, b)`` where ``q`` is a record
    variable of the function (a parameter annotated with the class, or a top-level ``q = C(...)``)
    and ``m`` one of the class's methods with as many positional arguments becomes the statements

        m@k@v = a                 each parameter, renamed apart, from its argument, in order
        <m's body>                ``self`` renamed ``q``; its own locals renamed apart

    for a method without ``return`` (or with a bare one at its end), called as a statement; or,
    for a method whose body is ``return e``, the argument statements then the statement with
    ``e`` in place of the call. The rewrite of the record variables (`lower_records`) then reads
    ``q.f`` as the field's scalar, so what the method stores into ``self`` is what the caller
    sees, as with a real object (aliasing is ruled out there). Any other call of a method stays
    a method call, which makes the function unsupported, naming it."""

    def __init__(self, tree: Tree, records: dict[str, Record], class_trees: dict[str, Tree],
                 signatures: dict[str, dict[int, tuple[str, Record]]]) -> None:
        self.tree, self.records = tree, records
        self.methods = {rec.name: {str(m.children[0]): m for m in stmts_of(class_trees[rec.name].children[-1])
                                   if m.data == "funcdef" and str(m.children[0]) in rec.methods}
                        for rec in records.values() if rec.methods and rec.name in class_trees}
        self.kinds = {name: rec.name for name, rec in signatures[str(tree.children[0])].values()}
        suite = tree.children[3]
        bound = set(assigned_names(suite))
        params = tree.children[1]
        #: the names the caller binds: a method reading one of them (a module name) is not spliced
        self.caller_names = bound | {str(c.children[0] if isinstance(c, Tree) else c)
                                     for c in (params.children if params is not None else [])
                                     if c is not None and not (isinstance(c, Token) and c.type == "SLASH")}
        for node in suite.iter_subtrees_topdown():
            if node.data == "assign" and len(node.children) == 2 and isinstance(node.children[0], Tree) \
                    and node.children[0].data == "var" and isinstance(node.children[1], Tree) \
                    and node.children[1].data == "funccall" and callee_name(node.children[1]) in self.methods \
                    and callee_name(node.children[1]) not in bound:
                self.kinds.setdefault(str(node.children[0].children[0]), callee_name(node.children[1]))
        self.count = 0

    def splice(self) -> None:
        if not self.kinds:
            return
        for _ in range(MAX_SPLICE_DEPTH):
            if not self._suites(self.tree.children[3]):
                return

    def _suites(self, node: Tree) -> bool:
        """Splice the calls of every suite under `node` (once), and put the expression of every
        getter (``return e`` of ``self`` alone) in place of its calls; whether any was."""
        changed = False
        for t in list(node.iter_subtrees_topdown()):
            getter = self._getter(t)
            if getter is not None:
                t.data, t.children, t._meta = getter.data, getter.children, getter.meta  # the method's lines
                changed = True
                continue
            if t.data in ("suite", "file_input") or (t is node):
                new: list = []
                for child in t.children:
                    spliced = self._statement(child) if isinstance(child, Tree) else None
                    changed |= spliced is not None
                    new += spliced if spliced is not None else [child]
                t.children = new
        return changed

    def _statement(self, stmt: Tree) -> list[Tree] | None:
        """The statements replacing `stmt` when it calls a method as a whole statement; else None."""
        if stmt.data == "expr_stmt":
            call, wrap = stmt.children[0], None
        elif stmt.data == "assign" and len(stmt.children) == 2:
            call, wrap = stmt.children[1], (lambda e: Tree("assign", [stmt.children[0], e], meta=stmt.meta))
        elif stmt.data == "return_stmt" and stmt.children and stmt.children[0] is not None:
            call, wrap = stmt.children[0], (lambda e: Tree("return_stmt", [e], meta=stmt.meta))
        else:
            return None
        found = self._method_of(call)
        if found is None:
            return None
        owner, method = found
        args = call.children[1]
        items = [] if args is None else [a for a in args.children if a is not None]
        params = [c for c in (method.children[1].children if method.children[1] is not None else [])
                  if c is not None]
        if len(items) != len(params) - 1 or any(isinstance(a, Tree) and a.data in (
                "argvalue", "starargs", "stararg", "kwargs") for a in items):
            return None
        body = [b for b in stmts_of(method.children[3])
                if not (b.data == "expr_stmt" and is_plain_string(b.children[0]))]
        returns = [n for n in body for n in n.iter_subtrees_topdown() if n.data == "return_stmt"]
        if wrap is None:
            if body and body[-1].data == "return_stmt" and not (body[-1].children and body[-1].children[0]):
                body = body[:-1]
                returns = returns[:-1]
            body = _guarded(body)
            if body is None or any(n.data == "return_stmt" for b in body for n in b.iter_subtrees_topdown()):
                return None
        elif not (len(body) == 1 and body[0].data == "return_stmt" and body[0].children
                  and body[0].children[0] is not None):
            return None
        names = [str(p if isinstance(p, Token) else p.children[0]) for p in params]
        renames = {name: f"{str(method.children[0])}@{self.count + 1}@{name}"
                   for name in [*names[1:], *assigned_names(method.children[3])] if name != names[0]}
        renames[names[0]] = owner
        if not self._spliceable(method, renames):
            return None
        self.count += 1
        out = [Tree("assign", [Tree("var", [Token.new_borrow_pos("NAME", renames[n], call.children[0].children[1])]),
                               a], meta=stmt.meta) for n, a in zip(names[1:], items)]
        copied = [_renamed(copy.deepcopy(b), renames) for b in body]
        if wrap is None:
            return out + copied
        return out + [wrap(copied[0].children[0])]

    def _spliceable(self, method: Tree, renames: dict[str, str]) -> bool:
        """`method`'s body can run in the caller's scope: it defines no function or class, and every
        other name it reads (a module's constant or function) is not one the caller binds."""
        suite = method.children[3]
        if any(t.data in _NOT_SPLICED for t in suite.iter_subtrees()) or not _bound_before_read(method):
            return False
        free = {str(t.children[0]) for t in suite.iter_subtrees() if t.data == "var"} - set(renames)
        return not free & self.caller_names

    def _getter(self, call: Tree) -> Tree | None:
        """The expression `call` (``q.m()``) stands for when ``m`` takes ``self`` alone and its body is
        ``return e``: ``e`` with ``self`` renamed ``q``; else None."""
        found = self._method_of(call)
        if found is None or call.children[1] is not None:
            return None
        owner, method = found
        params = [c for c in (method.children[1].children if method.children[1] is not None else [])
                  if c is not None]
        body = [b for b in stmts_of(method.children[3])
                if not (b.data == "expr_stmt" and is_plain_string(b.children[0]))]
        if len(params) != 1 or len(body) != 1 or body[0].data != "return_stmt" or not body[0].children \
                or not isinstance(body[0].children[0], Tree):
            return None
        self_name = str(params[0] if isinstance(params[0], Token) else params[0].children[0])
        if not self._spliceable(method, {self_name: owner}):
            return None
        return _renamed(copy.deepcopy(body[0].children[0]), {self_name: owner})

    def _method_of(self, call: Tree | Token) -> tuple[str, Tree] | None:
        """(the record variable, the method's ``funcdef``) when `call` is ``q.m(...)`` of one."""
        if not (isinstance(call, Tree) and call.data == "funccall" and isinstance(call.children[0], Tree)
                and call.children[0].data == "getattr"):
            return None
        owner, attr = call.children[0].children
        if not (isinstance(owner, Tree) and owner.data == "var" and str(owner.children[0]) in self.kinds):
            return None
        method = self.methods.get(self.kinds[str(owner.children[0])], {}).get(str(attr))
        return None if method is None else (str(owner.children[0]), method)


#: constructs a spliced method body may not hold: scopes of their own, and names bound inside expressions
_NOT_SPLICED = frozenset({"funcdef", "lambdef", "lambdef_nocond", "classdef", "assign_expr", "yield_expr",
                          "yield_from", "await_expr", "global_stmt", "nonlocal_stmt", "del_stmt"})


def _bound_before_read(method: Tree) -> bool:
    """Every local of `method` (other than its parameters) is bound before anything reads it, on every
    call: first named by a top-level ``v = e`` or ``v: T = e`` (``e`` not naming it), or only by a top-level ``for v in
    ...`` and nothing after it. A spliced body's locals keep their values from an earlier pass of a
    loop, where a fresh frame would raise UnboundLocalError: such methods are not spliced."""
    params = {str(c if isinstance(c, Token) else c.children[0])
              for c in (method.children[1].children if method.children[1] is not None else []) if c is not None}
    body = stmts_of(method.children[3])
    for name in set(assigned_names(method.children[3])) - params:
        mentions = [k for k, stmt in enumerate(body)
                    if any(t.data == "var" and str(t.children[0]) == name for t in stmt.iter_subtrees())]
        first = body[mentions[0]]
        target = first.children[0]
        if not (isinstance(target, Tree) and target.data == "var" and str(target.children[0]) == name):
            return False
        rest = [c for c in first.children[1:] if isinstance(c, Tree)]
        if (first.data == "assign" and len(first.children) == 2) or (
                first.data == "annassign" and first.children[2] is not None):
            if any(t.data == "var" and str(t.children[0]) == name for c in rest for t in c.iter_subtrees()):
                return False
        elif first.data != "for_stmt" or len(mentions) > 1 or first.children[3] is not None or any(
                t.data == "var" and str(t.children[0]) == name for t in rest[0].iter_subtrees()):
            return False
    return True


def _guarded(body: list[Tree]) -> list[Tree] | None:
    """`body` with a leading guard ``if c: return`` (no ``elif``/``else``) as ``if not c: <the rest>``,
    which runs the same statements; None if the guard is the whole body."""
    first = body[0] if body else None
    if first is None or first.data != "if_stmt" or first.children[2].children or first.children[3] is not None:
        return body
    then = stmts_of(first.children[1])
    if not (len(then) == 1 and then[0].data == "return_stmt" and not (then[0].children and then[0].children[0])):
        return body
    rest = _guarded(body[1:])
    if not rest:
        return None
    return [Tree("if_stmt", [Tree("not_test", [first.children[0]], meta=first.meta), Tree("suite", rest),
                             Tree("elifs", []), None], meta=first.meta)]


def _renamed(node: Tree, renames: dict[str, str]) -> Tree:
    """`node` with the names of its ``var`` nodes renamed by `renames` (a keyword's name is not a variable)."""
    keywords = {id(t.children[0]) for t in node.iter_subtrees() if t.data == "argvalue"}
    for t in node.iter_subtrees():
        if t.data == "var" and id(t) not in keywords and str(t.children[0]) in renames:
            t.children = [Token.new_borrow_pos("NAME", renames[str(t.children[0])], t.children[0])]
    return node
