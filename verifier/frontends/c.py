"""The C frontend: a C-subset source file to a typed `Program` (DESIGN.md, "Programs").

`parse_c(source, path, semantics)` and `load_c(path, semantics)` return a
`Program` whose `functions` are the file's function definitions, lowered to
IR with bit-precise C semantics (``bv``: int 32-bit, long 64-bit under LP64
(the default) or 32-bit under ILP32) or
unbounded integers (``math``), every conversion an explicit `Cast`.

Errors: a syntax error (or a file without function definitions) raises
`InputError` with the file, line and column. An unsupported construct inside
a function body (float, union, a pointer to a pointer, a cast between
pointer types, a VLA, a call passing an array, pointer or struct, a call to
a function without a body or to a function-like macro, ...) does not raise:
that function gets `unsupported` (the message) and `unsupported_loc`, an
empty body, and the other functions are still lowered. A file-scope
declaration outside the subset (a global pointer, a global array
too big to initialise) raises nothing either: each function that uses a name
it declares becomes unsupported. A function that calls an
unsupported function is unsupported too (``call to unsupported function F:
...``), since its behaviour depends on the missing body.

Built-in functions (SV-COMP and the literature): ``__VERIFIER_nondet_T()`` is
`Nondet(T, name)`; ``__VERIFIER_assume(c)``/``assume(c)`` is `Assume`;
``__VERIFIER_assert(c)``/``assert(c)`` is `Assert(kind="assert", text=c's
source)`; ``reach_error()``/``__VERIFIER_error()`` is `Assert(false)`;
``abort()``/``exit(n)`` is `Assume(false)` (the path ends, no error);
``unknown()`` as a whole condition is `Nondet(BOOL, "unknown")`, elsewhere
(and ``nondet()`` always) an int `Nondet` unless the file defines them (a prototype such as ``extern long
nondet(void);`` makes either a `Nondet` of its return type). A definition of a built-in in the
file is ignored (its span is in `Program.builtin_definitions`).

Representation choices:

- **Globals.** The IR has no globals. A global that no function assigns is a
  constant: every function that reads it gets it as a local, assigned its
  initial value (0 when uninitialised, as in C) at the top of the body. A
  global that some function assigns is supported when exactly one function
  uses it and no function calls that one (so it runs only as an entry point,
  e.g. ``main``): it becomes that function's local with the same prefix.
  A called function that shares an assigned global is inlined where it is
  called (`c_shared_globals`), so its caller is the global's one user; a
  static local is a global named only in its function (`c_static_locals`).
  Any other written global makes each function using it unsupported,
  because a per-function copy would hide the other functions' writes; so
  does an ``extern`` variable the file never defines (its value is unknown).
  The initialising `Assign`s carry the global declaration's location.
- **Names.** Parameters and globals keep their names; a local whose name is
  already used in the function gets ``name#2``, ``name#3``...; frontend
  temporaries are ``$tmp#N``. `display_name` gives the source name.
- **_Bool** is `IntType(8, False)` holding 0 or 1 (``math``: `MATH_INT`
  holding 0 or 1); converting to it is ``Cast(Cast(e, BOOL), u8)``. A _Bool
  parameter gets a leading `Assume(p == 0 || p == 1)`.
- **math semantics**: every integer type, unsigned ones included, is
  `MATH_INT`; conversions between integer types do not wrap.
- **void calls** have `Call.type` = the IR type of int (never used as a value).
- **Arrays** (`c_memory`) are IR arrays read and written by checked
  `Select`/`Store` (check ``bounds``); **structs** (`c_structs`) are one
  variable per field (``s.f``; a global struct's too), an array of structs
  one array per field (``s[].f``); **pointer variables** (`c_pointers`,
  `c_struct_pointers` for pointers to structs) are an object number and an
  offset over the function's own objects, with checks ``null``, ``bounds``,
  and for `malloc`/`calloc` blocks ``free``, ``use-after-free`` and
  ``leak``; an access through a pointer to a local whose block or (inlined)
  function ended is a ``use-after-free`` too (`c_lifetimes`). A call passing
  a pointer variable, or of a function returning a pointer, is inlined
  (`c_inline`); such a function is not verified alone.
- **The parameter convention.** An array or pointer parameter (``int a[]``,
  ``int *a``, ``int m[][3]``) is a non-null pointer to an array of unknown
  length, the IR parameter `length_name(a)` (``a#len``) right after ``a``.
  The first integer parameter after it (not _Bool) is its length in elements
  (in rows for ``m[][C]``): the body starts with ``Assume(a#len >= 0 &&
  a#len == n)``, so a negative ``n`` is outside the precondition. It is an
  *entry* assumption (`ir.Assume.entry`): a call passes the array's real
  length, and the callee's body runs there without it, its checks made
  against that length (C lets ``sum(a, k)`` pass any ``k``). Without
  such a parameter the length is any value ``>= 0`` (the function's own
  ``__VERIFIER_assume``s constrain its uses). A struct pointer parameter
  ``struct T *p`` is one non-null object whose fields are the parameters
  ``p->f``; a struct parameter by value is its fields ``s.f``; a list node
  pointer ``struct node *head`` is NULL or a list of at most
  `c_list_params.LIST_NODES` fresh nodes (`c_list_params`). Two pointer
  parameters designate distinct objects (no aliasing between them), and
  what a function writes through them is not an output. A call of such a
  function that writes through them is inlined in its caller, the written
  parameters copied back to the caller's variables (`c_copy_out`).
"""

from __future__ import annotations

import sys

from lark import Token, Tree

from ..call_sites import through_calls
from ..errors import InputError, UnsupportedConstruct
from ..ir import (BOOL, U64, Assign, Assume, Binary, Const, Expr, Function, Ite, Loc, Param, Program,
                  Stmt, Store, Var, length_name)
from .c_base import WHY_NOT, Sig, Unit
from .c_copy_out import CopyOut, CopyOutError
from .c_expr import BUILTIN_FUNCTIONS, ExprLowerer
from .c_parse import parse_tree
from .c_inline import Definition, InlineLowerer
from .c_shared_globals import inlined_for_globals
from .c_static_locals import hoist_static_locals
from .c_list_params import bound_limits, list_entry, list_link, list_params, list_scope
from .c_stmt import declarator_name
from .c_memory import declarator_ops
from .c_structs import field_names
from .c_types import CArray, CInt, CPointer, CStruct, CStructArray, cast, has_pointer_fields, lifted, struct_leaves

__all__ = ["parse_c", "load_c", "display_name"]

#: lowering depth allowed: about 4000 nested operators or `else if`s
_RECURSION_LIMIT = 20_000


def display_name(name: str) -> str:
    """The source name of an IR variable (``x#2`` -> ``x``)."""
    return name.split("#", 1)[0]


def load_c(path: str, semantics: str = "bv", data_model: str = "LP64") -> Program:
    """Read (see `verifier.load.read_source`) and lower the C file at `path`."""
    from ..load import read_source

    return parse_c(read_source(path, "c"), path, semantics, data_model)


def parse_c(source: str, path: str, semantics: str = "bv", data_model: str = "LP64") -> Program:
    """Lower C `source` (the text of `path`) to a `Program` (see the module doc)
    under `data_model` (``LP64`` or ``ILP32``: the width of `long`)."""
    if semantics not in ("bv", "math"):
        raise ValueError(f"semantics must be 'bv' or 'math', not {semantics!r}")
    if source.startswith("\ufeff"):
        source = source[1:]
    macro_uses: list[tuple[str, int, int, int]] = []
    tree = parse_tree(source, path, data_model, macro_uses, ignored=BUILTIN_FUNCTIONS)
    # lowering recurses once per nesting level (a + a + ... is nested too);
    # Python 3.11 keeps those frames off the C stack, so a higher limit is safe
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, _RECURSION_LIMIT))
    try:
        lowerer = _Program(source, path, semantics, data_model)
        lowerer.macro_uses = macro_uses
        return lowerer.lower(tree)
    except RecursionError:
        raise UnsupportedConstruct(path, 0, 0, "unsupported construct: expressions or statements "
                                   "nested too deeply") from None
    finally:
        sys.setrecursionlimit(limit)


class _Program:
    def __init__(self, source: str, path: str, semantics: str, data_model: str) -> None:
        self.unit = Unit(source, path, semantics, data_model)
        self.path = path
        self.file = ExprLowerer(self.unit)  # the file scope
        self.builtin_spans: list[tuple[int, int, int, int]] = []
        self.functions: dict[str, Function] = {}
        self.bodies: list[tuple[Function, Tree, CInt | None, list[Stmt], list]] = []
        self.lowerers: dict[str, InlineLowerer] = {}
        #: what a yes of a function covers, where its inputs are bounded (`c_list_params.list_scope`)
        self.input_scopes: dict[str, str] = {}
        #: (name, definition line, line, column) of each use of a function-like macro
        self.macro_uses: list[tuple[str, int, int, int]] = []

    def lower(self, tree: Tree) -> Program:
        for item in hoist_static_locals(tree).children:
            if not isinstance(item, Tree) or item.data == "empty_decl":
                continue
            if item.data == "function_def":
                self._function_def(item)
            else:
                self._global_declaration(item)
        if not self.functions:
            raise InputError(self.path, 1, 1, "no function definitions (nothing to verify)", "file")
        self._inline_sharing_functions()
        for fn, body, ret, prefix, params in self.bodies:
            if not fn.unsupported:
                self._lower_body(fn, body, ret, prefix, params)
        self._function_like_macros()
        self._copied_globals()
        self._globals()
        self._writes_through_parameters()
        self._propagate_unsupported()
        objects = {n: labels for n, lw in self.lowerers.items() if (labels := lw.object_labels())}
        inlined = through_calls({n: lw.inlined for n, lw in self.lowerers.items()},
                                {n: lw.called for n, lw in self.lowerers.items()})
        facts = ({"pointer_objects": objects} if objects else {}) | ({"inlined_calls": inlined} if inlined else {})
        if self.input_scopes:
            facts["input_scope"] = dict(self.input_scopes)
        return Program(self.path, "c", "math" if self.unit.typing.math else "bv",
                       self.functions, self.unit.source, self.builtin_spans,
                       self.unit.typing.data_model, facts)

    # -------------------------------------------------------- file scope

    def _global_declaration(self, tree: Tree) -> None:
        """A file-scope declaration. One outside the subset (a struct, a global
        array or pointer...) raises nothing: the names it declares make each
        function that uses them unsupported."""
        try:
            self._declare(tree)
        except UnsupportedConstruct as err:
            self._unsupported_names(tree, f"{err.message}, declared at line {err.line}")
        except RecursionError:
            self._unsupported_names(tree, "unsupported construct: initialiser nested too deeply, "
                                    f"declared at line {tree.meta.line}")

    def _unsupported_names(self, tree: Tree, why: str) -> None:
        """Make the names a file-scope declaration declares unsupported where used."""
        for d in tree.children[1:]:
            if d is not None:
                name = str(declarator_name(d.children[0])[0])
                if self.unit.file_scope.get(name, ("",))[0] != "global":
                    self.unit.file_scope[name] = ("unsupported", why)

    def _declare(self, tree: Tree) -> None:
        specs, *decls = tree.children
        decls = [d for d in decls if d is not None]
        if (not decls and specs.children and specs.children[-1].data == "typedef_name"
                and any(s.data == "storage" and str(s.children[0]) == "typedef"
                        for s in specs.children)):
            # `typedef unsigned long size_t;` re-declares a built-in typedef name
            name_tok = specs.children[-1].children[0]
            specs = Tree("decl_specs", specs.children[:-1], specs.meta)
            decls = [Tree("init_declarator", [Tree("name_decl", [name_tok])])]
        storage, t = self._specs(specs, decls)
        for d in decls:
            declarator, *init = d.children
            init = [x for x in init if isinstance(x, Tree)]
            tok, kind = declarator_name(declarator)
            name = str(tok)
            if "typedef" in storage:
                if kind is not None:
                    t = f"unsupported construct: {kind} type '{name}' {WHY_NOT[kind]}"
                self.unit.file_scope[name] = ("type", t)
                continue
            assert not isinstance(t, str)
            if kind == "function":
                self._prototype(declarator, tok, t, specs)
                continue
            if kind == "pointer":
                raise self.file.unsupported(declarator, f"unsupported construct: global pointer "
                                            f"'{name}' (the C subset has no pointers)")
            if kind == "array":
                self._global_array(declarator, t, storage, init)
                continue
            if t is None:
                raise self.file.error(tok, f"variable '{name}' declared void")
            if isinstance(t, CStruct):
                self._global_struct(tok, t, storage, init)
                continue
            value: int | None = None if "extern" in storage else 0  # C: 0 when uninitialised
            if init:
                if init[0].data == "brace_init":
                    raise self.file.unsupported(init[0], "unsupported construct: brace initialiser")
                v = self.file.constant(init[0])
                value = int(v != 0) if t.is_bool else self.unit.typing.ir(t).wrap(v)
            previous = self.unit.globals.get(name)
            if previous is not None and not init and previous[0] == t and (
                    previous[1] is not None or value is None):
                continue  # a tentative definition or extern declaration after the real one
            self.unit.globals[name] = (t, value, self.file.loc(tok))
            self.unit.file_scope[name] = ("global", name, t)

    def _global_array(self, declarator: Tree, elem: CInt | None, storage: set[str], init: list) -> None:
        """A file-scope array: its initial elements (zeros where the
        initialiser says nothing, as C has it), or None if it is `extern`."""
        if elem is None:
            raise self.file.error(declarator, "declaration of an array of voids")
        if isinstance(elem, CStruct):
            self._global_struct_array(declarator, elem, storage, init)
            return
        tok, t = self.file.array_declarator(declarator, elem)
        assert t is not None
        name, at = str(tok), self.file.loc(tok)
        values: dict[int, int] | None = None
        if "extern" not in storage or init:
            t, _, values = self.file.array_initialiser(name, t, init[0] if init else None, at, constant=True)
        previous = self.unit.global_arrays.get(name)
        if previous is not None and not init and (previous[1] is not None or values is None):
            return  # a tentative definition or extern declaration after the real one
        self.unit.global_arrays[name] = (t, values, at)
        self.unit.file_scope[name] = ("garray", name, t)

    def _global_struct(self, tok: Token, t: CStruct, storage: set[str], init: list) -> None:
        """A file-scope struct: one global per field (``g.f``), with its initial
        value (zeros where the initialiser says nothing, as C has it)."""
        name = str(tok)
        if has_pointer_fields(t):
            raise self.file.unsupported(tok, f"unsupported construct: global struct '{name}' with pointer fields")
        if init and init[0].data != "brace_init":
            raise self.file.unsupported(init[0], f"unsupported construct: global struct '{name}' initialised "
                                        "by an expression (braces expected)")
        whole = Tree("brace_init", init[:1], init[0].meta) if init else None
        self._global_fields(f"{name}.", [(p, lifted(ft, (1,))) for p, ft in struct_leaves(t)], t, (1,),
                            whole, storage, self.file.loc(tok), scalars=True)
        self.unit.file_scope[name] = ("struct", f"{name}.", "", t, False)

    def _global_struct_array(self, declarator: Tree, t: CStruct, storage: set[str], init: list) -> None:
        """A file-scope array of structs: one global array per field (``g[].f``)."""
        tok, dims = self.file.struct_array_shape(declarator, t, init[0] if init else None)
        name = str(tok)
        if has_pointer_fields(t):
            raise self.file.unsupported(tok, f"unsupported construct: global array of structs '{name}' with "
                                        "pointer fields")
        leaves = [(p[len(name) + 3:], ft) for p, ft in self.file.struct_array_leaves(f"{name}[].", t, dims)]
        self._global_fields(f"{name}[].", leaves, t, dims, init[0] if init else None, storage,
                            self.file.loc(tok), scalars=False)
        self.unit.file_scope[name] = ("sarray", f"{name}[].", "", t, dims)

    def _global_fields(self, prefix: str, leaves: list[tuple[str, CArray]], t: CStruct, dims: tuple[int, ...],
                       init: Tree | None, storage: set[str], at: Loc, scalars: bool) -> None:
        """Register the fields of a global struct (`scalars`: one element's
        scalar fields are scalar globals) or array of structs, with their
        initial values (None for an `extern` declaration the file never defines)."""
        items = self.file.struct_array_items(t, dims, init) if init is not None else [{} for _ in leaves]
        for (path, ft), field_items in zip(leaves, items):
            name = prefix + path
            values = None
            if "extern" not in storage or init is not None:
                values = self.file.initial_stores(name, ft, field_items, at, constant=True)[1]
            if scalars and isinstance(ft.elem, CInt) and len(ft.dims) == 1:
                previous = self.unit.globals.get(name)
                if previous is not None and init is None and (previous[1] is not None or values is None):
                    continue  # a tentative definition or extern declaration after the real one
                self.unit.globals[name] = (ft.elem, None if values is None else values[0], at)
                continue
            field = CArray(ft.elem, ft.dims[1:]) if scalars else ft
            previous_array = self.unit.global_arrays.get(name)
            if previous_array is not None and init is None and (previous_array[1] is not None or values is None):
                continue
            self.unit.global_arrays[name] = (field, None if values is None else {k: v for k, v in enumerate(values) if v},
                                             at)

    def _specs(self, specs: Tree, decls: list) -> tuple[set[str], CInt | None | str]:
        """Declaration specifiers at file scope. A prototype may use any type, and
        a typedef of an unsupported type only fails where the name is used
        (preprocessed headers declare many such types)."""
        try:
            return self.file.decl_specs(specs)
        except UnsupportedConstruct as err:
            if decls and all(declarator_name(d.children[0])[1] == "function" for d in decls):
                return {"extern"}, None  # e.g. `extern double sqrt(double);`
            if decls and any(s.data == "storage" and str(s.children[0]) == "typedef"
                             for s in specs.children):
                return {"typedef"}, err.message
            raise

    def _prototype(self, declarator: Tree, tok: Token, ret: CInt | None, specs: Tree) -> None:
        name = str(tok)
        if name in self.unit.sigs or name in BUILTIN_FUNCTIONS:
            return
        params = self._params(declarator, name, allow_unnamed=True)
        self.unit.sigs[name] = Sig(ret, params if isinstance(params, list) else None, False,
                                   self.file.loc(tok))

    def _params(self, declarator: Tree, fname: str, allow_unnamed: bool, body: Tree | None = None
                ) -> list[tuple[str, CInt, Token | None]] | tuple[str, Loc]:
        """Parameters of a function declarator, or why (and where) they are
        unsupported; a struct pointer parameter that `body` subscripts is an
        array of structs."""
        try:
            return self._param_list(declarator, fname, allow_unnamed, body)
        except UnsupportedConstruct as err:
            return err.message, Loc(self.path, err.line, err.column)

    def _param_list(self, declarator: Tree, fname: str, allow_unnamed: bool, body: Tree | None
                    ) -> list[tuple[str, CInt | CArray, Token | None]]:
        unsupported = self.file.unsupported
        node = declarator
        while node.data != "func_decl":
            if node.data == "pointer_decl":
                raise unsupported(node, f"unsupported construct: function '{fname}' returns a "
                                  "pointer (the C subset has no pointers)")
            if node.data != "array_decl":
                raise self.file.error(node, f"'{fname}' is not declared as a function")
            node = node.children[0]
        plist = node.children[1]
        if plist is None:
            return []
        result: list[tuple[str, CInt | CArray, Token | None]] = []
        for p in plist.children:
            if isinstance(p, Token):  # ELLIPSIS
                raise unsupported(p, f"unsupported construct: variadic function '{fname}'")
            if p is None:
                continue
            _, t = self.file.decl_specs(p.children[0])
            if p.data == "abstract_param":
                if len(p.children) > 1 and p.children[1] is not None:
                    raise unsupported(p, f"unsupported construct: pointer or array parameter in "
                                      f"'{fname}' (the C subset has no pointers or arrays)")
                if t is None and len(plist.children) == 1:
                    return []  # (void)
                if not allow_unnamed:
                    raise unsupported(p, f"unsupported construct: unnamed parameter of '{fname}'")
                if t is None:
                    raise self.file.error(p, f"parameter of '{fname}' declared void")
                result.append(("", t, None))
                continue
            ptok, kind = declarator_name(p.children[1])
            if kind == "function":
                raise unsupported(ptok, f"unsupported construct: function parameter '{ptok}' of "
                                  f"'{fname}' (the C subset has no function pointers)")
            if t is None:
                what = "void pointer" if kind == "pointer" else "declared void"
                if kind is not None:
                    raise unsupported(ptok, f"unsupported construct: {what} parameter '{ptok}' of '{fname}'")
                raise self.file.error(ptok, f"parameter '{ptok}' of '{fname}' declared void")
            if isinstance(t, CStruct) and kind is not None:
                _, ops = declarator_ops(p.children[1])
                if ops == [("array", ops[0][1])] or (ops == [("pointer", None)] and body is not None
                                                      and _subscripted(body, str(ptok))):
                    result.append((str(ptok), CStructArray(t, (None,)), ptok))
                    continue
                if ops != [("pointer", None)]:
                    raise unsupported(ptok, f"unsupported construct: parameter '{ptok}' of '{fname}' (a struct "
                                      "is passed by value, by a pointer to one object or as an array)")
                result.append((str(ptok), CPointer(t), ptok))
                continue
            if kind is not None:
                ptok, array = self.file.array_declarator(p.children[1], t, parameter=True)
                assert array is not None
                result.append((str(ptok), array, ptok))
                continue
            result.append((str(ptok), t, ptok))
        return result

    def _function_def(self, tree: Tree) -> None:
        specs, declarator, body = tree.children
        tok, kind = declarator_name(declarator)
        name = str(tok)
        loc = self.file.loc(tok)
        if kind != "function":
            raise self.file.error(body, f"syntax error: '{name}' is not a function, but a body "
                                  "follows it (missing '=' or ';'?)")
        if name in BUILTIN_FUNCTIONS:
            m = tree.meta
            self.builtin_spans.append((m.line, m.column, m.end_line, m.end_column))
            return
        if name in self.functions:
            raise self.file.error(tok, f"redefinition of function '{name}'")
        fn = Function(name, [], None, [], loc=loc, end_line=body.meta.end_line)
        self.functions[name] = fn
        reason: str | None = None
        ret: CInt | CStruct | None = None
        try:
            _, ret = self.file.decl_specs(specs)
        except UnsupportedConstruct as err:
            reason, where = err.message, Loc(self.path, err.line, err.column)
        inner = declarator.children[1] if declarator.data == "pointer_decl" else None
        returns_pointer = isinstance(inner, Tree) and inner.data == "func_decl" and ret is not None
        returns_struct = isinstance(ret, CStruct) and declarator.data != "pointer_decl"
        if reason is None and (returns_pointer or returns_struct):  # inlined where it is called (`c_inline`)
            params = self._params(inner if returns_pointer else declarator, name, allow_unnamed=False, body=body)
            if isinstance(params, list):
                self.unit.definitions[name] = Definition(params, body, ret, ret_pointer=returns_pointer)
                self.unit.sigs[name] = Sig(None, [t for _, t, _ in params], True, loc)
                what = "a pointer" if returns_pointer else "a struct"
                fn.unsupported = (f"unsupported construct: function '{name}' returns {what} (it is inlined where "
                                  "it is called, and not verified on its own)")
                fn.unsupported_loc = loc
                return
        params = self._params(declarator, name, allow_unnamed=False, body=body) if reason is None else []
        if isinstance(params, tuple):
            reason, where = params
        self.unit.sigs[name] = Sig(ret, None if reason else [t for _, t, _ in params], True, loc)
        if reason is not None:
            fn.unsupported, fn.unsupported_loc = reason, where
            return
        assert isinstance(params, list)
        self.unit.definitions[name] = Definition(params, body, ret)
        fn.ret_type = self.unit.typing.ir(ret) if ret is not None else None
        prefix: list[Stmt] = []
        seen: set[str] = set()
        for k, (pname, t, ptok) in enumerate(params):
            if pname in seen:
                raise self.file.error(ptok, f"duplicate parameter '{pname}'")
            seen.add(pname)
            ploc = self.file.loc(ptok)
            if isinstance(t, CPointer) and list_link(t.target):
                fn.params += list_params(pname, t.target, self.unit.typing, ploc)
                continue
            if isinstance(t, (CStruct, CPointer)):
                target, head = (t.target, f"{pname}->") if isinstance(t, CPointer) else (t, f"{pname}.")
                for field, ft in field_names(head, target):
                    ir_t = self.unit.typing.array(ft) if isinstance(ft, CArray) else self.unit.typing.ir(ft)
                    fn.params.append(Param(field, ir_t, ploc))
                    if isinstance(ft, CInt) and ft.is_bool:
                        prefix.append(_bool_assume(Var(field, ir_t, ploc), ploc))
                continue
            if isinstance(t, CStructArray):
                try:
                    prefix += self._struct_array_param(fn, pname, t, params[k + 1:], ploc)
                except UnsupportedConstruct as err:
                    fn.unsupported, fn.unsupported_loc = err.message, Loc(self.path, err.line, err.column)
                    fn.params = []
                    return
                continue
            if isinstance(t, CArray):
                fn.params.append(Param(pname, self.unit.typing.array(t), ploc))
                if len(t.dims) > 1:
                    fn.array_dims[pname] = t.dims[1:]  # type: ignore[assignment]
                fn.params.append(Param(length_name(pname), self.unit.typing.index, ploc))
                prefix.append(self._length_convention(pname, t, params[k + 1:], ploc))
                continue
            fn.params.append(Param(pname, self.unit.typing.ir(t), ploc))
            if t.is_bool:
                prefix.append(_bool_assume(Var(pname, self.unit.typing.ir(t), ploc), ploc))
        self.bodies.append((fn, body, ret, prefix, params))

    def _struct_array_param(self, fn: Function, name: str, t: CStructArray, after: list, loc: Loc) -> list[Stmt]:
        """The IR parameters of an array of structs parameter (one array and
        its length per field, ``p[].f``, ``p[].f#len``) and the entry
        assumptions on their lengths: the parameter convention, each field's
        length the same number of elements."""
        leaves = self.file.struct_array_leaves(f"{name}[].", t.target, t.dims)
        has_count = any(isinstance(c, CInt) and not c.is_bool for _, c, _ in after)
        if not has_count and any(ft.stride != 1 for _, ft in leaves):
            raise UnsupportedConstruct(self.path, loc.line, loc.column, f"unsupported construct: array of structs "
                                       f"'{name}' with an array field and no length parameter after it")
        out: list[Stmt] = []
        X = self.unit.typing.index
        for field, ft in leaves:
            fn.params.append(Param(field, self.unit.typing.array(ft), loc))
            fn.params.append(Param(length_name(field), X, loc))
            if has_count or field == leaves[0][0]:
                out.append(self._length_convention(field, ft, after, loc))
            else:  # every field has as many elements as the first
                first = Var(length_name(leaves[0][0]), X, loc)
                out.append(Assume(Binary("eq", Var(length_name(field), X, loc), first, BOOL, loc), loc, entry=True))
        return out

    def _length_convention(self, name: str, t: CArray, after: list, loc: Loc) -> Assume:
        """The entry assumption on the length of array parameter `name`: the
        first integer parameter after it is its length (rows for a
        multi-dimensional array), else the length is any value >= 0. Made only
        where the function is analysed on its own (`Assume.entry`)."""
        X = self.unit.typing.index
        length = Var(length_name(name), X, loc)
        at_least_0 = Binary("ge", length, Const(0, X, loc), BOOL, loc)
        count = next(((n, c, tok) for n, c, tok in after if isinstance(c, CInt) and not c.is_bool), None)
        if count is None:
            return Assume(at_least_0, loc, entry=True)
        n, c, tok = count
        rows: Expr = cast(Var(n, self.unit.typing.ir(c), self.file.loc(tok)), X, loc)
        elements = rows
        if t.stride != 1:
            # rows * stride, in unsigned arithmetic (no overflow check of its own)
            # and only where it cannot wrap around
            W = X if self.unit.typing.math else U64
            elements = cast(Binary("mul", cast(rows, W, loc), Const(t.stride, W, loc), W, loc), X, loc)
            if not self.unit.typing.math:
                elements = Ite(Binary("le", rows, Const(X.max // t.stride, X, loc), BOOL, loc),
                               elements, Const(-1, X, loc), X, loc)
        exact = Binary("eq", length, elements, BOOL, loc)
        return Assume(Binary("land", at_least_0, exact, BOOL, loc), loc, entry=True)

    # ------------------------------------------------------------- bodies

    def _lower_body(self, fn: Function, body: Tree, ret: CInt | None, prefix: list[Stmt],
                    params: list[tuple[str, CInt | CArray, Token | None]]) -> None:
        lowerer = InlineLowerer(self.unit, ret, fn.name)
        scope: dict[str, tuple] = {}
        linked = next((tok for _, t, tok in params if isinstance(t, (CStruct, CPointer, CStructArray))
                       and has_pointer_fields(t if isinstance(t, CStruct) else t.target)
                       and not (isinstance(t, CPointer) and list_link(t.target))), None)
        if linked is not None:  # its callers inline it (`InlineLowerer.inlines`), on the lists they build
            fn.unsupported = (f"unsupported construct: parameter '{linked}' of '{fn.name}' (a struct with pointer "
                              "fields other than a list node's one link to its own type: such structures are "
                              "only built in the function analysed)")
            fn.unsupported_loc = self.file.loc(linked)
            self.lowerers[fn.name] = lowerer
            return
        lists: list[Stmt] = []
        scopes: list[str] = []
        for pname, t, ptok in params:
            if isinstance(t, CPointer) and list_link(t.target):
                scope[pname] = ("pointer", f"{pname}#obj", f"{pname}#off", t.target)
                lowerer.used_names.add(pname)
                lists += list_entry(lowerer, pname, t.target, self.file.loc(ptok))
                if bound_limits(body, list_link(t.target), set(self.unit.definitions)):  # type: ignore[arg-type]
                    scopes.append(list_scope(pname))
                continue
            if isinstance(t, CStructArray):
                scope[pname] = ("sarray", f"{pname}[].", "", t.target, t.dims)
                lowerer.used_names.update(n for n, _ in lowerer.struct_array_leaves(f"{pname}[].", t.target, t.dims))
            elif isinstance(t, (CStruct, CPointer)):
                pointer = isinstance(t, CPointer)
                target = t.target if isinstance(t, CPointer) else t
                head = f"{pname}->" if pointer else f"{pname}."
                scope[pname] = ("struct", head, "", target, pointer)
                lowerer.used_names.update(n for n, _ in field_names(head, target))
            else:
                scope[pname] = ("array", pname, t) if isinstance(t, CArray) else ("var", pname, t)
            lowerer.used_names.add(pname)
        lowerer.scopes.append(scope)
        self.lowerers[fn.name] = lowerer
        try:
            stmts = lowerer.body(body)
        except UnsupportedConstruct as err:
            fn.unsupported = err.message
            fn.unsupported_loc = Loc(self.path, err.line, err.column)
            return
        except RecursionError:
            fn.unsupported = "unsupported construct: expressions or statements nested too deeply"
            fn.unsupported_loc = fn.loc
            return
        fn.body = prefix + lists + stmts
        if scopes:
            self.input_scopes[fn.name] = "; ".join(scopes)
        fn.locals = dict(lowerer.locals)  # type: ignore[arg-type]
        fn.array_dims.update(lowerer.array_dims)

    def _inline_sharing_functions(self) -> None:
        """A called function that shares assigned globals is inlined where it is
        called (`c_shared_globals`) and not verified on its own."""
        bodies = {n: d.body for n, d in self.unit.definitions.items()}  # type: ignore[attr-defined]
        self.unit.inlined_for_globals = inlined_for_globals(bodies, self.unit.file_scope)
        for name, g in self.unit.inlined_for_globals.items():
            fn = self.functions[name]
            if not fn.unsupported:
                fn.unsupported = (f"unsupported construct: function '{name}' uses the global '{g}', which "
                                  "functions assign (it is inlined where it is called, and not verified on its own)")
                fn.unsupported_loc = fn.loc

    def _function_like_macros(self) -> None:
        """A function where a function-like macro is used but not expanded (`c_macros`: ``#``,
        ``##``, ``...``, the wrong number of arguments, a name an object-like macro gives) is
        unsupported; such a use outside every function (in a global's initialiser, say) makes
        every function unsupported."""
        for name, defined, line, column in self.macro_uses:
            if any(start <= line <= end for start, _, end, _ in self.builtin_spans):
                continue
            users = [fn for fn in self.functions.values() if fn.loc.line <= line <= fn.end_line]
            for fn in users or list(self.functions.values()):
                if not fn.unsupported or fn.unsupported == f"call to undefined function {name}":
                    fn.unsupported = (f"unsupported construct: function-like macro '{name}' used at "
                                      f"line {line} (defined at line {defined}; not expanded: only "
                                      "invocations with their arguments and without '#', '##' or "
                                      "'...' are)")
                    fn.unsupported_loc = Loc(self.path, line, column)
                    fn.body, fn.locals = [], {}

    def _globals(self) -> None:
        """Globals become locals with an initialising prefix (see the module doc)."""
        live = {n: lw for n, lw in self.lowerers.items() if not self.functions[n].unsupported}
        callers: dict[str, set[str]] = {}
        for n, lw in live.items():
            for callee in lw.calls:
                callers.setdefault(callee, set()).add(n)
        prefixes: dict[str, list[Stmt]] = {n: [] for n in live}
        every: dict[str, tuple[CInt | CArray, int | dict[int, int] | None, Loc]] = {
            **self.unit.globals, **self.unit.global_arrays}
        for g, (t, value, gloc) in every.items():
            users = [n for n, lw in live.items() if g in lw.globals_read or g in lw.globals_written]
            writers = [n for n in users if g in live[n].globals_written]
            if value is None or (writers and (len(users) > 1 or callers.get(users[0]))):
                for n in users:
                    fn = self.functions[n]
                    if fn.unsupported:
                        continue
                    if value is None:
                        why = "is declared extern and not defined in the file, so its value is unknown"
                    elif len(users) > 1:
                        why = (f"is assigned in {_names(writers)} and used in "
                               f"{_names([u for u in users if u not in writers] or users)}")
                    else:
                        why = f"is assigned in '{n}', which is called by {_names(callers[n])}"
                    fn.unsupported = f"unsupported construct: global variable '{g}' {why}"
                    if value is not None:
                        fn.unsupported += (" (the C subset keeps an assigned global inside one "
                                           "function that no other function calls)")
                    lw = live[n]
                    fn.unsupported_loc = lw.globals_written.get(g) or lw.globals_read[g]
                    fn.body, fn.locals = [], {}
                continue
            for n in users:
                if self.functions[n].unsupported:
                    continue
                prefixes[n] += _initialise(g, self.unit.typing, t, value, gloc)
                if g in live[n].globals_written:
                    self.functions[n].globals_written[g] = live[n].globals_written[g]
                if isinstance(t, CArray) and len(t.dims) > 1:
                    self.functions[n].array_dims[g] = t.dims[1:]  # type: ignore[assignment]
                self.functions[n].locals[g] = (self.unit.typing.array(t) if isinstance(t, CArray)
                                               else self.unit.typing.ir(t))
        for n, pre in prefixes.items():
            fn = self.functions[n]
            if pre and not fn.unsupported:
                split = next((i for i, s in enumerate(fn.body) if not isinstance(s, Assume)),
                             len(fn.body))
                fn.body = fn.body[:split] + pre + fn.body[split:]

    def _copy_out(self) -> CopyOut:
        return CopyOut(self.functions, {n: lw.by_reference for n, lw in self.lowerers.items()})

    def _copied_globals(self) -> None:
        """A global array a call writes through is assigned by its caller."""
        copy_out = self._copy_out()
        for lw in self.lowerers.values():
            for call in lw.by_reference:
                callee = self.functions.get(call.callee)
                if callee is not None and not callee.unsupported:
                    for target in copy_out.written_params(callee, call).values():
                        if target in self.unit.global_arrays or target in self.unit.globals:
                            lw.globals_written.setdefault(target, call.loc)

    def _writes_through_parameters(self) -> None:
        """Inline the calls whose callee writes through an array or struct pointer
        parameter, copying the written parameters back (`c_copy_out`); a call
        that cannot be made exact makes its caller unsupported."""
        copy_out = self._copy_out()
        for caller in self.lowerers:
            fn = self.functions[caller]
            if fn.unsupported:
                continue
            try:
                copy_out.rewrite(caller)
            except CopyOutError as err:
                fn.unsupported, fn.unsupported_loc = err.message, err.loc
                fn.body, fn.locals = [], {}

    def _propagate_unsupported(self) -> None:
        changed = True
        while changed:
            changed = False
            for n, lw in self.lowerers.items():
                fn = self.functions[n]
                if fn.unsupported:
                    continue
                for callee, cloc in lw.calls.items():
                    target = self.functions.get(callee)
                    if target is not None and target.unsupported:
                        root = target.unsupported
                        if root.startswith("call to unsupported function "):
                            root = root.split(": ", 1)[-1]
                        fn.unsupported = f"call to unsupported function {callee}: {root}"
                        fn.unsupported_loc = cloc
                        fn.body, fn.locals = [], {}
                        changed = True
                        break


def _subscripted(body: Tree, name: str) -> bool:
    """`body` subscripts the variable `name` (``name[i]``)."""
    return any(node.data == "index" and isinstance(node.children[0], Tree) and node.children[0].data == "var"
               and str(node.children[0].children[0]) == name for node in body.iter_subtrees())


def _bool_assume(var: Var, loc: Loc) -> Assume:
    """A _Bool parameter holds 0 or 1."""
    zero, one = Const(0, var.type, loc), Const(1, var.type, loc)
    return Assume(Binary("lor", Binary("eq", var, zero, BOOL, loc), Binary("eq", var, one, BOOL, loc), BOOL, loc),
                  loc)


def _initialise(name: str, typing, t: CInt | CArray, value: int | dict[int, int], at: Loc) -> list[Stmt]:
    """The statements giving global `name` its initial value (an array's: zeros,
    then its nonzero elements by flat index)."""
    if isinstance(t, CArray):
        atype = typing.array(t)
        assert isinstance(value, dict)
        return [Assign(name, Const(0, atype, at), at)] + [
            Assign(name, Store(Var(name, atype, at), Const(k, atype.index, at), Const(v, atype.elem, at),
                               None, atype, "bounds", at), at) for k, v in value.items()]
    ir_t = typing.ir(t)
    assert isinstance(value, int)
    return [Assign(name, Const(ir_t.wrap(value), ir_t, at), at)]


def _names(names) -> str:
    return ", ".join(f"'{n}'" for n in sorted(names))
