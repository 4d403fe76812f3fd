"""What the C lowering passes share: lowered values, the file's unit, scopes,
positions and errors, and declaration specifiers (types, typedefs, enums).

`LowererBase` is the base of `ExprLowerer` (expressions) and `BodyLowerer`
(statements); on its own it lowers nothing. Scopes map a source name to
``("var", unique_name, ctype)``, ``("global", name, ctype)``, arrays as
``("array", unique_name, carray)`` and ``("garray", name, carray)``, ``("const",
value)`` (enum constants) or ``("type", ctype | reason)`` (a typedef; a string
is why the type is unsupported). Positions are 1-based (Lark's convention).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from lark import Token, Tree

from ..errors import InputError, UnsupportedConstruct
from ..ir import BOOL, NOWHERE, Assign, Binary, Const, Expr, ExprStmt, Loc, Stmt, Unary, Var
from ..irutil import all_stmts
from ..sequencing import is_order_probe, may_check, order_probe
from .c_copy_out import OutCall
from .c_parse import BUILTIN_TYPEDEFS, OPAQUE_BUILTIN_TYPES
from .c_types import CArray, CInt, CStruct, Typing, enum_type, fold, type_from_keywords

__all__ = ["Val", "Sig", "Unit", "LowererBase", "WHY_NOT", "NO_POINTERS"]

NO_POINTERS = "(the C subset has no pointers)"
#: why a declarator kind is outside the subset
WHY_NOT = {"pointer": "(pointer typedefs are not supported)", "array": "(array typedefs are not supported)",
           "function": "(the C subset has no function pointers)"}
_GCC_ANCHORED = ("add", "sub", "mul", "neg")
#: order probes (`check_pure_operands_first`) inside an operand that gets one itself: each
#: copies those inside, so operands nested to the right would double the code at each level
MAX_NESTED_PROBES = 32


@dataclass
class Val:
    """A lowered expression: `expr` has IR type `ir(ctype)`, or `BOOL` for a C
    truth value (then `ctype` is int); both None for a void expression."""

    expr: Expr | None
    ctype: CInt | None


@dataclass
class Sig:
    """A function's signature as declared or defined in the file."""

    ret: CInt | None
    params: list[CInt | CArray] | None  # None: unknown (unsupported parameter types)
    defined: bool
    loc: Loc


class Unit:
    """What all lowerers of one file share: path, source, typing, file scope."""

    def __init__(self, source: str, path: str, semantics: str, data_model: str = "LP64") -> None:
        self.source, self.path = source, path
        self.typing = Typing(semantics, data_model)
        #: stdbool.h's constants; an enumerator of the file may redeclare them
        self.file_scope: dict[str, tuple] = {"false": ("const", 0), "true": ("const", 1)}
        self.sigs: dict[str, Sig] = {}
        #: name -> (type, initial value or None for an undefined extern, declaration loc)
        self.globals: dict[str, tuple[CInt, int | None, Loc]] = {}
        #: global arrays likewise: (type, nonzero initial elements by flat index or None for an
        #: undefined extern, loc)
        self.global_arrays: dict[str, tuple[CArray, dict[int, int] | None, Loc]] = {}
        #: function definitions, for the calls that are inlined (`c_inline.Definition`)
        self.definitions: dict[str, object] = {}
        #: functions inlined where called because they share assigned globals (`c_shared_globals`), with one
        self.inlined_for_globals: dict[str, str] = {}


class LowererBase:
    """Positions, errors, scopes, temporaries and types of one function body (or
    of the file scope, which has no `out`)."""

    def __init__(self, unit: Unit) -> None:
        self.unit = unit
        self.T = unit.typing
        self.scopes: list[dict[str, tuple]] = [unit.file_scope]
        self.out: list[Stmt] = []
        self.locals: dict[str, object] = {}
        self.used_names: set[str] = set(unit.globals) | set(unit.global_arrays)
        self.globals_read: dict[str, Loc] = {}
        self.globals_written: dict[str, Loc] = {}
        self.calls: dict[str, Loc] = {}
        #: (callee, parameter position, loc) of each array or struct pointer passed to a call (see `c_calls`)
        self.by_reference: list[OutCall] = []  # calls with by-reference arguments (see c_copy_out)
        #: objects the function's pointers may designate, by IR name (see `c_pointers`)
        self.pointer_targets: dict[str, object] = {}
        #: operand pairs that clash if a pointer designates what one reads (`c_operand_effects.Unsettled`)
        self.unsettled_clashes: list = []
        #: the nodes of list parameters (`c_list_params`): object number -> (parameter, position from 0)
        self.list_nodes: dict[int, tuple[str, int]] = {}
        self._temps = 0
        self._probes = 0  # order probes made (their labels' suffixes)

    # ------------------------------------------------------------ positions

    def loc(self, node: Tree | Token | None) -> Loc:
        if isinstance(node, Token):
            return Loc(self.unit.path, node.line or 0, node.column or 0)
        if isinstance(node, Tree) and not node.meta.empty:
            return Loc(self.unit.path, node.meta.line, node.meta.column)
        return Loc(self.unit.path, 0, 0)

    def text(self, node: Tree | Token) -> str:
        if isinstance(node, Token):
            return str(node.value)
        if node.meta.empty:
            return ""
        return " ".join(self.unit.source[node.meta.start_pos:node.meta.end_pos].split())

    def unsupported(self, node: Tree | Token | None, message: str) -> UnsupportedConstruct:
        at = self.loc(node)
        return UnsupportedConstruct(self.unit.path, at.line, at.column, message)

    def error(self, node: Tree | Token | None, message: str) -> InputError:
        at = self.loc(node)
        return InputError(self.unit.path, at.line, at.column, message, "syntax")

    # -------------------------------------------------------------- helpers

    def expr(self, tree: Tree, ctx: str | None = None) -> Val:
        """Lower an expression (`ExprLowerer` implements it)."""
        raise NotImplementedError

    def capture(self, fn: Callable[[], Val]) -> tuple[list[Stmt], Val]:
        """Run `fn` with a fresh `out`; its emitted statements and its value."""
        saved, self.out = self.out, []
        try:
            v = fn()
            return self.out, v
        finally:
            self.out = saved

    def temp(self, t: CInt | None, loc: Loc, boolean: bool = False) -> Var:
        self._temps += 1
        name = f"$tmp#{self._temps}"
        ty = BOOL if boolean else self.T.ir(t)
        self.locals[name] = ty
        return Var(name, ty, loc)

    def hoist(self, v: Val, loc: Loc) -> Val:
        """Store `v` in a fresh temporary (a call or nondet used inside an expression)."""
        assert v.expr is not None, "void values are never stored"
        boolean = v.expr.type == BOOL
        tmp = self.temp(v.ctype, loc, boolean)
        self.out.append(Assign(tmp.name, v.expr, loc))
        return Val(tmp, v.ctype)

    def refuse_clashing_operands(self, spans: list[tuple[int, int, Expr | None]], found: list | None = None) -> None:
        """Refuse operands that change what another reads (`CallLowerer` implements it)."""
        raise NotImplementedError

    def check_pure_operands_first(self, start: int, spans: list[tuple[int, int, Expr | None]]) -> None:
        """Operands C may evaluate in any order, lowered from `start` on: each
        span is (first, end) of the statements an operand emitted into `out`
        and its value (None: not evaluated as a value, e.g. an assignment's
        target). Emitted statements (calls, dereferences) come before the
        expression that holds the pure operands, whose checks would then lean on
        theirs; so each pure operand is also evaluated at `start`, before them,
        its checks not assumed afterwards (`ExprStmt.holds_after`). The
        statements of every operand but the first that emits any are also
        evaluated at `start` on an order probe (`sequencing.order_probe`) when
        it may check something and an operand before it too (`may_check`)."""
        if not any(end > first for first, end, _ in spans):
            return
        probes: list[Stmt] = [ExprStmt(e, e.loc, holds_after=False) for first, end, e in spans
                              if first == end and e is not None and not isinstance(e, (Var, Const))]
        emitting = [(first, end) for first, end, _ in spans if end > first]
        for k, (first, end) in enumerate(emitting):
            if k == 0 or not may_check(self.out[first:end]) or not any(
                    may_check(self.out[a:b]) for a, b in emitting[:k]):
                continue  # nothing to check, or nothing before it to lean on
            at = getattr(self.out[first], "loc", NOWHERE)
            if sum(map(is_order_probe, all_stmts(self.out[first:end]))) > MAX_NESTED_PROBES:
                raise UnsupportedConstruct(self.unit.path, at.line, at.column, "unsupported construct: operands "
                                           "with calls nested too deeply to check in every order C allows")
            self._probes += 1
            probes.append(order_probe(self.out[first:end], at, f"~{self._probes}"))
        self.out[start:start] = probes

    def value(self, v: Val, node) -> Val:
        if v.expr is None:
            raise self.error(node, "void value used in an expression")
        return v

    def conv(self, v: Val, t: CInt, loc: Loc | None = None) -> Expr:
        """`v` converted to C type `t` (a no-op between equal types)."""
        assert v.expr is not None
        if v.ctype == t and v.expr.type != BOOL:
            return v.expr
        return self.T.convert(v.expr, t, loc)

    def anchored(self, e: Expr, plain: Expr, at: Loc) -> Expr:
        """GCC reports overflow of a whole assigned value at the assignment."""
        if e is plain and isinstance(e, (Binary, Unary)) and e.op in _GCC_ANCHORED:
            return replace(e, loc=at)
        return e

    def lookup(self, name: str) -> tuple | None:
        for scope in reversed(self.scopes):
            if name in scope:
                return scope[name]
        return None
    def effects(self, v: Val, loc: Loc) -> list[Stmt]:
        """Statements that keep the checks of a discarded value (e.g. `x + y;`)."""
        if v.expr is None or isinstance(v.expr, (Var, Const)):
            return []
        return [ExprStmt(v.expr, loc)]
    # --------------------------------------------------- declaration specifiers

    def struct_type(self, spec: Tree) -> CStruct:
        """The struct a specifier names (`StructLowerer` implements it)."""
        raise NotImplementedError

    def decl_specs(self, tree: Tree) -> tuple[set[str], CInt | CStruct | None]:
        """Storage classes and the type of `decl_specs` (None = void)."""
        storage: set[str] = set()
        words: list[str] = []
        named: list[CInt | CStruct | None] = []
        for spec in tree.children:
            if spec.data == "storage":
                storage.add(str(spec.children[0]))
            elif spec.data == "type_kw":
                words.append(str(spec.children[0]))
            elif spec.data == "typedef_name":
                named.append(self.typedef(spec.children[0]))
            elif spec.data in ("enum_spec", "enum_ref"):
                named.append(self.enum(spec))
            elif spec.data == "typeof_spec":
                raise self.unsupported(spec, f"unsupported construct: '{self.text(spec)}'")
            else:  # struct_spec
                named.append(self.struct_type(spec))
        if named:
            if words or len(named) > 1:
                raise self.error(tree, f"invalid type '{self.text(tree)}'")
            return storage, named[0]
        t = type_from_keywords(words)
        if isinstance(t, str):
            if t.startswith("unsupported"):
                raise self.unsupported(tree, t)
            raise self.error(tree, t)
        return storage, self.T.sized(t) if t is not None else None

    def typedef(self, tok: Token) -> CInt | None:
        entry = self.lookup(str(tok))
        if entry is not None and entry[0] == "type":
            if isinstance(entry[1], str):
                raise self.unsupported(tok, entry[1])
            return entry[1]
        if str(tok) in BUILTIN_TYPEDEFS:
            t = type_from_keywords(list(BUILTIN_TYPEDEFS[str(tok)]))
            assert isinstance(t, CInt)
            return self.T.sized(t)
        if str(tok) in OPAQUE_BUILTIN_TYPES:
            raise self.unsupported(tok, f"unsupported construct: GCC built-in type '{tok}'")
        raise self.error(tok, f"unknown type name '{tok}'")

    def enum(self, spec: Tree) -> CInt:
        """Register an enum's constants in the current scope; its type (GCC's rule)."""
        if spec.data == "enum_ref":
            entry = self.lookup(f"enum {spec.children[1]}")
            if entry is None:
                raise self.unsupported(spec, f"unsupported construct: incomplete enum "
                                       f"'{self.text(spec)}'")
            return entry[1]
        tag = next((c for c in spec.children[1:] if isinstance(c, Token)), None)
        values: list[int] = []
        nxt = 0
        for enumerator in spec.children[1:]:
            if not isinstance(enumerator, Tree):
                continue
            name_tok = enumerator.children[0]
            if len(enumerator.children) > 1:
                nxt = self.constant(enumerator.children[-1])
            self.scopes[-1][str(name_tok)] = ("const", nxt)
            values.append(nxt)
            nxt += 1
        t = enum_type(values, self.T.data_model)
        t = CInt(f"enum {tag}" if tag else "enum", t.bits, t.signed, t.rank)
        if tag is not None:
            self.scopes[-1][f"enum {tag}"] = ("type", t)
        return t

    def constant(self, tree: Tree) -> int:
        """The value of an integer constant expression."""
        pre, v = self.capture(lambda: self.value(self.expr(tree), tree))
        value = fold(v.expr) if not pre and v.expr is not None else None
        if value is None:
            raise self.error(tree, f"'{self.text(tree)}' is not an integer constant expression")
        return value

    def type_name(self, tree: Tree) -> CInt | None:
        specs, *rest = tree.children
        _, t = self.decl_specs(specs)
        if isinstance(t, CStruct):
            raise self.unsupported(tree, f"unsupported construct: cast to '{self.text(tree)}'")
        if rest and rest[0] is not None:
            raise self.unsupported(tree, f"unsupported construct: type '{self.text(tree)}' "
                                   f"{NO_POINTERS}")
        return t
