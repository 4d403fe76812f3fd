"""Calls that pass or return pointers, inlined into the caller's body.

A pointer is an object number and an offset over the *caller's* objects (see
`c_pointers`), so a call that passes a pointer variable (``sum(p, n)``,
``fill(a + 1, n)``, ``get(q)``) or whose callee returns a pointer
(``struct entry *find(int key)``) is lowered by lowering the callee's body
right there, in the caller, on its arguments:

    x#2 = <int argument>; p#2#obj = ...; p#2#off = ...   the parameters, fresh locals
    <the callee's statements>                            ``return e`` is ``$ret = e; goto end``
    end:                                                 (a pointer result: ``$ret#obj``, ``$ret#off``)

A callee returning a struct by value (``struct pair bump(struct pair p)``) is
inlined where its value is copied (``b = bump(a)``, ``struct pair b = bump(a);``):
``return e`` copies ``e`` into a fresh struct, which is then copied to ``b``.

The callee sees only the file scope and its parameters. Pointer parameters
(``T *p``, ``T p[]``, ``struct T *p``) become pointer variables designating
what the argument designates, so every check of the callee (``null``,
``bounds``, ``use-after-free``...) is made on the caller's objects, at the
callee's lines. A callee with a goto, a recursive one or a multi-dimensional array parameter
is unsupported (its labels, which no goto targets then, are dropped); a struct passed by value is copied into a fresh struct.
Calls that pass only whole arrays and ``&x`` stay calls (`c_calls`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lark import Token, Tree

from ..errors import InputError, UnsupportedConstruct
from ..ir import Assign, Const, Expr, Goto, Label, Loc, Var
from .c_base import Sig, Val
from .c_pointers import NO_OBJECT, PValue
from .c_stmt import BodyLowerer
from .c_structs import StructRef, field_names
from .c_types import CArray, CInt, CPointer, CStruct, CStructArray, has_pointer_fields

__all__ = ["InlineLowerer", "Definition", "MAX_INLINE_DEPTH"]

#: inlined calls inside inlined calls: deeper than this is unsupported (it is
#: only reached by a chain of distinct functions: recursion is refused at once)
MAX_INLINE_DEPTH = 8


@dataclass(frozen=True)
class Definition:
    """A function definition of the file, as inlining needs it."""

    params: list  # (name, C type, token) as `verifier.frontends.c` parses them
    body: Tree
    ret: CInt | CStruct | None
    ret_pointer: bool = False  # the function returns a pointer to `ret`


@dataclass
class _Frame:
    """The call being inlined: where a `return` goes and what it sets."""

    end: str
    result: str | None = None  # an int result's variable
    pointer: tuple[str, str, CInt | CStruct] | None = None  # a pointer result's (obj, off, elem)
    struct: StructRef | None = None  # a struct result's fresh struct
    ret: CInt | None = None
    call_line: int = 0  # the line of the call
    #: the callee's own variables (their IR names): their lifetime ends when it returns (`LifetimeLowerer.ended`)
    own: set[str] = field(default_factory=set)


class InlineLowerer(BodyLowerer):
    """`BodyLowerer` that inlines calls passing or returning pointers (see the module doc)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.frames: list[tuple[str, _Frame]] = []
        #: each inlined call, for `verifier.call_sites`: [callee, its first and last line, [caller, call line]...]
        self.inlined: list[list] = []
        #: each call passing arrays that stays a call (its callee's body runs there, `cfa`), in the same form
        self.called: list[list] = []

    # ------------------------------------------------------------- which calls

    def inlining(self) -> bool:
        return bool(self.frames)

    def fresh_name(self, tok: Token) -> str:
        name = super().fresh_name(tok)
        if self.frames:
            self.frames[-1][1].own.add(name)
        return name

    def inlines(self, name: str, args: list[Tree]) -> bool:
        """The call of `name` on `args` is inlined: the callee shares assigned globals
        (`c_shared_globals`), returns a pointer or a struct, or an argument is a pointer
        the by-value convention cannot pass."""
        d = self.unit.definitions.get(name)
        if d is None:
            return False
        return name in self.unit.inlined_for_globals or d.ret_pointer or isinstance(d.ret, CStruct) or any(
            self.is_pointer(a) and not self._passed_by_value(a, t) or _linked(t)
            for a, (_, t, _) in zip(args, d.params))

    def _passed_by_value(self, arg: Tree, t) -> bool:
        """`c_calls` passes this pointer argument for a parameter of type `t`
        itself (a whole array, ``&x``, ``&s``, an array of structs...)."""
        entry = self.lookup(str(arg.children[0])) if arg.data == "var" else None
        if isinstance(t, CArray):
            if arg.data == "string_lit":
                return True
            if arg.data == "unop" and str(arg.children[0]) == "&" and arg.children[1].data == "var":
                inner = self.lookup(str(arg.children[1].children[0]))
                return inner is not None and inner[0] == "var"
            return entry is not None and entry[0] in ("array", "garray")
        if isinstance(t, CPointer):
            if arg.data == "unop" and str(arg.children[0]) == "&" and arg.children[1].data == "var":
                inner = self.lookup(str(arg.children[1].children[0]))
                return inner is not None and inner[0] == "struct" and not inner[4]
            return entry is not None and entry[0] == "struct" and entry[4]
        if isinstance(t, CStructArray):
            return entry is not None and entry[0] == "sarray"
        return False

    def is_pointer(self, tree: Tree) -> bool:
        if tree.data == "call" and tree.children[0].data == "var":
            d = self.unit.definitions.get(str(tree.children[0].children[0]))
            if d is not None and d.ret_pointer:
                return True
        return super().is_pointer(tree)

    def pointer_value(self, tree: Tree, elem=None) -> PValue:
        if tree.data == "call" and tree.children[0].data == "var":
            name = str(tree.children[0].children[0])
            d = self.unit.definitions.get(name)
            if d is not None and d.ret_pointer:
                loc = self.loc(tree)
                frame = self.inline_call(name, [a for a in tree.children[1:] if a is not None], loc)
                assert frame.pointer is not None
                obj, off, t = frame.pointer
                return PValue(Var(obj, self.obj_type, loc), Var(off, self.T.index, loc), t)
        return super().pointer_value(tree, elem)

    # ----------------------------------------------------------------- inline

    def inlined_value(self, name: str, args: list[Tree], loc: Loc) -> Val:
        """The value of an inlined call of `name` returning an integer (or void)."""
        if self.unit.definitions[name].ret_pointer:
            raise self._at(loc, f"unsupported construct: the pointer '{name}' returns used other than as the value "
                                "of a pointer variable, a comparison or a condition")
        frame = self.inline_call(name, args, loc)
        if frame.result is None:  # nothing, or a struct (`struct_place`: its value is used there)
            return Val(None, None)
        return Val(Var(frame.result, self.T.ir(frame.ret), loc), frame.ret)  # type: ignore[arg-type]

    def inline_call(self, name: str, args: list[Tree], loc: Loc) -> _Frame:
        """Lower the call by lowering `name`'s body here (see the module doc);
        the frame says where its result is."""
        d = self.unit.definitions[name]
        if any(n == name for n, _ in self.frames):
            raise self._at(loc, f"unsupported construct: recursive call of '{name}' passing or returning pointers "
                                "or structs")
        if len(self.frames) >= MAX_INLINE_DEPTH:
            raise self._at(loc, f"unsupported construct: calls passing pointers nested more than "
                                f"{MAX_INLINE_DEPTH} deep")
        if len(args) != len(d.params):
            raise self._error_at(loc, f"function '{name}' takes {len(d.params)} argument(s), {len(args)} given")
        if any(isinstance(node, Tree) and node.data == "goto_stmt" for node in d.body.iter_subtrees()):
            raise self._at(loc, f"unsupported construct: call of '{name}', which has a goto (it is inlined)")
        start, spans, scope = len(self.out), [], {}
        for (pname, t, tok), arg in zip(d.params, args):  # in any order, as C evaluates arguments
            begin = len(self.out)
            scope[pname] = self._bind(pname, t, tok, arg, name)
            spans.append((begin, len(self.out), None))
        self.refuse_clashing_operands(spans)
        self.check_pure_operands_first(start, spans)
        frame = _Frame(self._fresh(f"$return@{name}"))
        if d.ret_pointer:
            assert d.ret is not None
            base = self._fresh(f"$ret@{name}")
            obj, off = f"{base}#obj", f"{base}#off"
            self.locals[obj], self.locals[off] = self.obj_type, self.T.index
            self.out += [Assign(obj, Const(NO_OBJECT, self.obj_type, loc), loc), Assign(off, Const(0, self.T.index, loc), loc)]
            frame.pointer = (obj, off, d.ret)
        elif isinstance(d.ret, CStruct):
            frame.struct = self._fresh_struct(f"$ret@{name}", d.ret)
        elif d.ret is not None:
            assert isinstance(d.ret, CInt)
            frame.result, frame.ret = self._fresh(f"$ret@{name}"), d.ret
            self.locals[frame.result] = self.T.ir(d.ret)
        self.inlined.append([name, d.body.meta.line, d.body.meta.end_line, *self._path_to(loc)])
        frame.call_line = loc.line
        saved = self.scopes
        self.scopes = [self.unit.file_scope, scope]
        self.frames.append((name, frame))
        try:
            self.out += self.block(d.body.children)
        finally:
            self.scopes = saved
            self.frames.pop()
        self.out.append(Label(frame.end, loc))
        # the callee's variables die as it returns: a pointer to one kept (returned, stored) is dead
        self.out += self.ended(frame.own, self.end_of(d.body))
        return frame

    def call_arguments(self, name: str, sig: Sig, args: list[Tree], loc: Loc) -> list[Expr]:
        """`CallLowerer.call_arguments`; a call passing arrays is listed in `called`."""
        out = super().call_arguments(name, sig, args, loc)
        d = self.unit.definitions.get(name)
        if isinstance(d, Definition) and any(isinstance(t, (CArray, CStructArray)) for t in sig.params or []):
            self.called.append([name, d.body.meta.line, d.body.meta.end_line, *self._path_to(loc)])
        return out

    def _path_to(self, loc: Loc) -> list[list]:
        """[caller, call line] of each call from the function being lowered to the one at `loc`."""
        callers = [self.name] + [n for n, _ in self.frames]
        return [[caller, line] for caller, line in zip(callers, [f.call_line for _, f in self.frames] + [loc.line])]

    def _bind(self, pname: str, t, tok: Token, arg: Tree, callee: str) -> tuple:
        """The scope entry of parameter `pname`, a fresh local given the argument's value."""
        at = self.loc(arg)
        if isinstance(t, CInt):
            v = self.value(self.expr(arg), arg)
            name = self.fresh_name(tok)
            self.locals[name] = self.T.ir(t)
            self.out.append(Assign(name, self.anchored(self.conv(v, t), v.expr, at), at))
            return ("var", name, t)
        if isinstance(t, CStruct):  # by value: a fresh struct, copied field by field from the argument
            ref = self._fresh_struct(str(tok), t)
            self.out += self.struct_copy(ref, arg, at)
            return ("struct", ref.prefix, ref.suffix, t, False)
        if isinstance(t, CArray) and len(t.dims) == 1:
            elem: CInt | CStruct = t.elem
        elif isinstance(t, CPointer):
            elem = t.target
        elif isinstance(t, CStructArray):
            elem = t.target
        else:
            raise self.unsupported(arg, f"unsupported construct: argument '{self.text(arg)}' of '{callee}' (a call "
                                   "passing pointers is inlined: its parameters are integers, structs and pointers only)")
        value = self.pointer_value(arg, elem)
        base = self.fresh_name(tok)
        obj, off = f"{base}#obj", f"{base}#off"
        self.used_names.update((obj, off))
        self.locals[obj], self.locals[off] = self.obj_type, self.T.index
        self.assign_pointer(obj, off, elem, value, at, arg)
        return ("pointer", obj, off, elem)

    def _fresh_struct(self, base: str, t: CStruct) -> StructRef:
        """A new local struct variable of type `t` named after `base` (with a ``#N`` suffix if taken)."""
        n = 1
        while any(f in self.used_names for f, _ in field_names(f"{base}.", t, "" if n == 1 else f"#{n}")):
            n += 1
        suffix = "" if n == 1 else f"#{n}"
        for field, ft in field_names(f"{base}.", t, suffix):
            self.used_names.add(field)
            self.locals[field] = self.T.array(ft) if isinstance(ft, CArray) else self.T.ir(ft)
        return StructRef(f"{base}.", suffix, t)

    def struct_place(self, tree: Tree) -> StructRef | None:
        """A call of a function returning a struct: the struct its inlined body returned."""
        if tree.data == "call" and tree.children[0].data == "var":
            name = str(tree.children[0].children[0])
            d = self.unit.definitions.get(name)
            if d is not None and isinstance(d.ret, CStruct) and not d.ret_pointer:
                frame = self.inline_call(name, [a for a in tree.children[1:] if a is not None], self.loc(tree))
                return frame.struct
        return super().struct_place(tree)

    def _s_labeled_stmt(self, tree: Tree) -> None:
        """In an inlined body (which has no goto: `inline_call`) a label is no target: only its statement."""
        if not self.frames:
            super()._s_labeled_stmt(tree)
            return
        self.stmt(tree.children[1])

    def _s_return_stmt(self, tree: Tree) -> None:
        if not self.frames:
            super()._s_return_stmt(tree)
            return
        frame = self.frames[-1][1]
        kw, value = tree.children
        loc = self.loc(kw)
        if frame.pointer is not None:
            if value is None:
                raise self.error(tree, "'return' without a value in a function returning a pointer")
            obj, off, elem = frame.pointer
            self.assign_pointer(obj, off, elem, self.pointer_value(value, elem), loc, value)
        elif frame.struct is not None:
            if value is None:
                raise self.error(tree, "'return' without a value in a function returning a struct")
            self.out += self.struct_copy(frame.struct, value, loc)
        elif frame.result is not None:
            if value is None:
                raise self.unsupported(tree, f"unsupported construct: 'return;' in a function returning {frame.ret}")
            v = self.value(self.expr(value), value)
            self.out.append(Assign(frame.result, self.conv(v, frame.ret), loc))  # type: ignore[arg-type]
        elif value is not None:
            self.out += self.effects(self.expr(value, "discard"), loc)
        self.out.append(Goto(frame.end, loc))

    def _fresh(self, base: str) -> str:
        name, n = base, 1
        while name in self.used_names:
            n += 1
            name = f"{base}#{n}"
        self.used_names.add(name)
        return name

    def _at(self, loc: Loc, message: str) -> UnsupportedConstruct:
        return UnsupportedConstruct(self.unit.path, loc.line, loc.column, message)

    def _error_at(self, loc: Loc, message: str) -> InputError:
        return InputError(self.unit.path, loc.line, loc.column, message, "syntax")


def _linked(t) -> bool:
    """A parameter of type `t` holds pointer fields: only an inlined call passes them (on the caller's objects)."""
    target = t.target if isinstance(t, (CPointer, CStructArray)) else t
    return isinstance(target, CStruct) and has_pointer_fields(target)
