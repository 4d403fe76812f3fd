"""Lowering of one C function body (statements, local declarations) to IR.

`BodyLowerer(unit, ret).body(compound_stmt)` returns the IR statements; its
`locals` then holds every local and temporary with its IR type. Loops become
`While` (``for`` keeps its update as the loop's `step`; ``do B while (c)`` is
``While(true, B, step=[If(!c, [Break])])``); a condition with side effects is
evaluated at the top of a ``While(true, ...)`` body. `switch` becomes a chain
of `If`s over three temporaries (the value, "fell through", "broke out").
Labels and `goto` stay as they are (`Label`, `Goto`); the control-flow
automaton takes the jumps. A label used but not defined, or defined twice, is
an input error; a jump into a switch from outside it is unsupported (the
switch's temporaries would not say which section runs). A jump (a `goto`, or a
`case` label's) that skips a declaration still in scope where it lands leaves
that variable indeterminate there, as in C: the jump assigns it a `Nondet`.

Variable names are unique within the function: a declaration that reuses a
name already used in the function (an outer local, a parameter, any global)
is renamed ``name#2``, ``name#3``, ...; `display_name` strips the suffix.
An uninitialised local is assigned a `Nondet` of its type (name ``""``) where
it is declared.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from lark import Token, Tree

from ..ir import (BOOL, Assign, Binary, Break, Call, Cast, Const, Continue, Expr, Goto, If,
                  NOWHERE, Label, Loc, Nondet, Return, Stmt, Unary, Var, While)
from .c_base import WHY_NOT, Unit
from .c_sequence import unsequenced
from .c_lifetimes import LifetimeLowerer
from .c_operand_effects import refuse_unsettled
from .c_memory import declarator_ops
from .c_pointers import pointer_declarator
from .c_trips import constant_trips
from .c_types import CHAR, CInt, CStruct

__all__ = ["BodyLowerer", "declarator_name"]

_TRUE = Const(1, BOOL)


@dataclass
class _Switch:
    done: Var
    breaks: int = 0


@dataclass
@dataclass
class _Loop:
    line: int  # of its keyword
    trips: int | None = None  # how many times it runs at most, when its syntax says (`c_trips`)


def declarator_name(decl: Tree | Token) -> tuple[Token, str | None]:
    """The declared identifier and the declarator closest to it that makes it
    non-scalar (``pointer``, ``array``, ``function``), None for a plain name.
    `void *malloc(size_t)` is a function, `int (*fp)(int)` a pointer."""
    kind: str | None = None
    node = decl
    kinds = {"pointer_decl": ("pointer", 1), "array_decl": ("array", 0),
             "func_decl": ("function", 0)}
    while isinstance(node, Tree):
        if node.data == "name_decl":
            return node.children[0], kind
        if node.data not in kinds:  # pragma: no cover - the grammar has no other declarators
            break
        kind, child = kinds[node.data]
        node = node.children[child]
    raise ValueError(f"no name in declarator {decl}")


class BodyLowerer(LifetimeLowerer):
    """Statements of one function whose return type is `ret` (None = void)."""

    def __init__(self, unit: Unit, ret: CInt | None, name: str = "") -> None:
        super().__init__(unit)
        self.ret = ret
        self.name = name
        self.targets: list[_Switch | _Loop] = []
        #: label -> (its token, the switches around it); gotos likewise, in order
        self.labels: dict[str, tuple[Token, frozenset[int]]] = {}
        self.gotos: list[tuple[Token, frozenset[int]]] = []
        #: the locals in scope at each label and at each goto (by unique name)
        self.label_scopes: dict[str, dict[str, CInt]] = {}
        self.goto_scopes: list[tuple[Goto, dict[str, CInt]]] = []
        self.decl_locs: dict[str, Loc] = {}
        #: the dimensions after the first of each local array of several (`ir.Function.array_dims`)
        self.array_dims: dict[str, tuple[int, ...]] = {}

    # ----------------------------------------------------------------- scope

    def declare(self, tok: Token, t: CInt) -> str:
        """A fresh unique name for local `tok` of type `t`, bound in the innermost scope."""
        name = self.fresh_name(tok)
        self.scopes[-1][str(tok)] = ("var", name, t)
        self.locals[name] = self.T.ir(t)
        self.decl_locs[name] = self.loc(tok)
        return name

    def fresh_name(self, tok: Token) -> str:
        """A name for local `tok` not used yet in the function (``x``, ``x#2``, ...)."""
        base = str(tok)
        name, n = base, 1
        while name in self.used_names:
            n += 1
            name = f"{base}#{n}"
        self.used_names.add(name)
        return name

    def visible(self) -> dict[str, CInt]:
        """The locals in scope here, by unique name."""
        return {entry[1]: entry[2] for scope in self.scopes for entry in scope.values()
                if entry[0] == "var"}

    def skipped(self, inside: dict[str, CInt], outside: dict[str, CInt]) -> list[Stmt]:
        """A jump from where `outside` is in scope to where `inside` is: the
        variables it skips the declaration of become indeterminate."""
        return [Assign(n, self.uninitialised(t, self.decl_locs.get(n, NOWHERE)),
                       self.decl_locs.get(n, NOWHERE)) for n, t in inside.items() if n not in outside]

    def body(self, compound: Tree) -> list[Stmt]:
        stmts = self.block(compound.children)
        for tok, switches in self.gotos:
            label = self.labels.get(str(tok))
            if label is None:
                raise self.error(tok, f"label '{tok}' used but not defined")
            if not label[1] <= switches:
                raise self.unsupported(tok, f"unsupported construct: goto into a switch "
                                       f"(label '{tok}' at line {label[0].line})")
        before = {id(goto): self.skipped(self.label_scopes[goto.name], scope)
                  for goto, scope in self.goto_scopes}
        _insert_before(stmts, {k: v for k, v in before.items() if v})
        self.refuse_jumps_out(self.gotos)
        refuse_unsettled(self.unsettled_clashes, self.pointer_targets, self.unit.path)
        self.resolve_pointers(stmts)
        self.heap_prologue(stmts, self.loc(compound))
        return stmts

    def in_loop(self) -> bool:
        """Inside a loop, or after a label (a goto may come back to it)."""
        return any(isinstance(t, _Loop) for t in self.targets) or bool(self.labels)

    def loop_line(self) -> int:
        """The line of the innermost loop around the statement being lowered (0: none)."""
        return next((t.line for t in reversed(self.targets) if isinstance(t, _Loop)), 0)

    def loop_runs(self) -> int | None:
        """How many times the statement being lowered runs at most, when the
        loops around it say (`c_trips`) and no label does; None otherwise."""
        runs = 1
        for t in self.targets:
            if isinstance(t, _Loop):
                if t.trips is None:
                    return None
                runs *= t.trips
        return None if self.labels else runs

    def switches(self) -> frozenset[int]:
        """The switch statements being lowered, by identity."""
        return frozenset(id(t) for t in self.targets if isinstance(t, _Switch))

    def block(self, items: list, scoped: bool = True) -> list[Stmt]:
        """Lower block items into a new list (a new scope unless `scoped` is False).
        After an item that may `break` out of the innermost switch, the rest of
        the block only runs while that switch has not broken out."""
        saved, self.out = self.out, []
        if scoped:
            self.scopes.append({})
        declared = set(self.used_names)
        try:
            self._items(items)
            if scoped and items and len(self.scopes) > 3 and not (len(items) == 1 and items[0].data == "compound_stmt"):
                # a nested block (file, parameters, body: a function's), not just one around another
                self.out += self.ended(self.used_names - declared, self.end_of(items[-1]))
            return self.out
        finally:
            if scoped:
                self.scopes.pop()
            self.out = saved

    def _items(self, items: list) -> None:
        for i, item in enumerate(items):
            sw = self.targets[-1] if self.targets and isinstance(self.targets[-1], _Switch) else None
            before = sw.breaks if sw else 0
            self.stmt(item)
            if sw and sw.breaks > before and i + 1 < len(items):
                rest = self.block(items[i + 1:], scoped=False)
                if rest:
                    self.out.append(If(Unary("not", sw.done, BOOL, sw.done.loc), rest, [],
                                       sw.done.loc))
                return

    def sub(self, stmt: Tree) -> list[Stmt]:
        """A sub-statement (if/loop body) in its own scope."""
        return self.block([stmt])

    def stmt(self, tree: Tree) -> None:
        method = getattr(self, f"_s_{tree.data}", None)
        if method is None:
            raise self.unsupported(tree, f"unsupported construct: {tree.data} '{self.text(tree)}'")
        clash = unsequenced(tree)
        if clash is not None:
            raise self.unsupported(clash.token, f"unsupported construct: '{clash.name}' is modified and "
                                   "accessed again without a sequence point in between (undefined "
                                   "behaviour: the order of evaluation is not fixed)")
        method(tree)

    # ----------------------------------------------------------- declarations

    def _s_declaration(self, tree: Tree) -> None:
        specs, *decls = tree.children
        decls = [d for d in decls if d is not None]
        storage, t = self.decl_specs(specs)
        if "typedef" in storage:
            for d in decls:
                tok, kind = declarator_name(d.children[0])
                value: object = t
                if kind is not None:
                    value = f"unsupported construct: {kind} type '{tok}' {WHY_NOT[kind]}"
                self.scopes[-1][str(tok)] = ("type", value)
            return
        for d in decls:
            declarator, *init = d.children
            tok, kind = declarator_name(declarator)
            if kind == "function":
                continue  # a local prototype
            if isinstance(t, CStruct):
                self._struct_declaration(declarator, tok, kind, t, storage, init)
                continue
            if kind == "pointer":
                if not pointer_declarator(declarator) or not isinstance(t, CInt) or storage & {"static", "extern"}:
                    raise self.unsupported(declarator, f"unsupported construct: pointer variable '{tok}' (local "
                                           "pointers to integers and arrays of integers only)")
                trees = [x for x in init if isinstance(x, Tree)]
                if trees and trees[0].data == "brace_init":
                    raise self.error(trees[0], f"invalid initialiser of pointer '{tok}'")
                self.declare_pointer(tok, t, trees[0] if trees else None)
                continue
            if kind == "array":
                self._array_declaration(declarator, t, storage, init)
                continue
            if t is None:
                raise self.error(tok, f"variable '{tok}' declared void")
            if "static" in storage:
                raise self.unsupported(tok, f"unsupported construct: static local variable '{tok}'")
            if "extern" in storage:
                if str(tok) not in self.unit.globals:
                    raise self.unsupported(tok, f"unsupported construct: extern variable '{tok}' "
                                           "without a definition in the file")
                self.scopes[-1][str(tok)] = ("global", str(tok), self.unit.globals[str(tok)][0])
                continue
            name = self.declare(tok, t)
            at = self.loc(tok)
            init = [x for x in init if x is not None and not isinstance(x, Token)]
            if not init:
                self.out.append(Assign(name, self.uninitialised(t, at), at))
                continue
            if init[0].data == "brace_init":
                raise self.unsupported(init[0], "unsupported construct: brace initialiser "
                                       f"'{self.text(init[0])}'")
            v = self.value(self.expr(init[0], "assign"), init[0])
            if isinstance(v.expr, Call) and v.ctype != t:
                v = self.hoist(v, v.expr.loc)
            self.out.append(Assign(name, self.anchored(self.conv(v, t), v.expr, at), at))

    def _struct_declaration(self, declarator: Tree, tok: Token, kind: str | None, t: CStruct,
                            storage: set[str], init: list) -> None:
        if kind == "pointer" and pointer_declarator(declarator) and not storage & {"static", "extern"}:
            trees = [x for x in init if isinstance(x, Tree)]
            if trees and trees[0].data == "brace_init":
                raise self.error(trees[0], f"invalid initialiser of pointer '{tok}'")
            self.declare_pointer(tok, t, trees[0] if trees else None)  # type: ignore[arg-type]
            return
        if kind == "array" and not storage & {"static", "extern"}:
            trees = [x for x in init if isinstance(x, Tree)]
            self.out += self.declare_struct_array(declarator, t, trees[0] if trees else None)
            return
        if kind is not None:
            what = {"pointer": "pointer to a struct", "array": "array of structs"}.get(kind, kind)
            raise self.unsupported(declarator, f"unsupported construct: {what} '{tok}' (struct variables "
                                   "and struct pointer parameters only)")
        if "static" in storage or "extern" in storage:
            word = "static" if "static" in storage else "extern"
            raise self.unsupported(tok, f"unsupported construct: {word} local struct '{tok}'")
        trees = [x for x in init if isinstance(x, Tree)]
        self.out += self.declare_struct(tok, t, trees[0] if trees else None)

    def _array_declaration(self, declarator: Tree, elem: CInt | None, storage: set[str],
                           init: list) -> None:
        if isinstance(elem, CStruct):
            raise self.unsupported(declarator, f"unsupported construct: array of structs '{declarator_name(declarator)[0]}'")
        vla_tok, ops = declarator_ops(declarator)
        if (isinstance(elem, CInt) and not storage and not init and len(ops) == 1 and ops[0][1] is not None
                and self.constant_dimension(ops[0][1]) is None):
            self.declare_stack_array(vla_tok, elem, ops[0][1])  # ``int a[n];``
            return
        tok, t = self.array_declarator(declarator, elem if elem is not None else CHAR)
        if elem is None:
            raise self.error(tok, f"declaration of '{tok}' as array of voids")
        if "static" in storage or "extern" in storage:
            word = "static" if "static" in storage else "extern"
            raise self.unsupported(tok, f"unsupported construct: {word} local array '{tok}'")
        assert t is not None
        at = self.loc(tok)
        trees = [x for x in init if isinstance(x, Tree)]
        name = self.fresh_name(tok)
        t, stmts, _ = self.array_initialiser(name, t, trees[0] if trees else None, at)
        self.scopes[-1][str(tok)] = ("array", name, t)
        self.locals[name] = self.T.array(t)
        self.decl_locs[name] = at
        if len(t.dims) > 1:
            self.array_dims[name] = t.dims[1:]  # type: ignore[assignment]
        self.out += stmts

    def uninitialised(self, t: CInt, at: Loc) -> Expr:
        if t.is_bool:
            return Cast(Nondet(BOOL, "", at), self.T.ir(t), at)
        return Nondet(self.T.ir(t), "", at)

    # -------------------------------------------------------------- statements

    def _s_compound_stmt(self, tree: Tree) -> None:
        self.out += self.block(tree.children)

    def _s_expr_stmt(self, tree: Tree) -> None:
        if tree.children and tree.children[0] is not None:
            v = self.expr(tree.children[0], "discard")
            self.out += self.effects(v, self.loc(tree))

    def _s_labeled_stmt(self, tree: Tree) -> None:
        tok = tree.children[0]
        if str(tok) in self.labels:
            raise self.error(tok, f"duplicate label '{tok}'")
        self.labels[str(tok)] = (tok, self.switches())
        self.label_scopes[str(tok)] = self.visible()
        self.out.append(Label(str(tok), self.loc(tok)))
        self.stmt(tree.children[1])

    def _s_end_label(self, tree: Tree) -> None:
        self._s_labeled_stmt(Tree("labeled_stmt", [tree.children[0], Tree("expr_stmt", [None])],
                                  tree.meta))

    def _s_goto_stmt(self, tree: Tree) -> None:
        tok = tree.children[1]
        self.gotos.append((tok, self.switches()))
        goto = Goto(str(tok), self.loc(tree))
        self.goto_scopes.append((goto, self.visible()))
        self.out.append(goto)

    def condition(self, tree: Tree) -> tuple[list[Stmt], Expr]:
        """A condition's side effects and its BOOL value."""
        pre, v = self.capture(lambda: self.value(self.expr(tree, "cond"), tree))
        return pre, self.T.truth(v.expr)

    def _s_if_stmt(self, tree: Tree) -> None:
        kw, cond, then, _, other = tree.children
        pre, c = self.condition(cond)
        self.out += pre
        then_b = self.sub(then)
        other_b = self.sub(other) if other is not None else []
        self.out.append(If(c, then_b, other_b, self.loc(kw)))

    def _loop_body(self, stmt: Tree, line: int, trips: int | None = None) -> tuple[list[Stmt], list[Stmt]]:
        """The body of a loop, and the statements ending the lifetime of its
        locals: at the start of the step (after each iteration, a ``continue``
        too) and after the loop (a ``break`` too)."""
        self.targets.append(_Loop(line, trips))
        declared = set(self.used_names)
        try:
            body = self.sub(stmt)
        finally:
            self.targets.pop()
        return body, self.ended(self.used_names - declared, self.end_of(stmt))

    def _while(self, pre: list[Stmt], c: Expr, body: list[Stmt], step: list[Stmt],
               loc: Loc) -> While:
        if not pre:
            return While(c, body, step, loc)
        exit_ = If(_negate(c), [Break(loc)], [], loc)
        return While(Const(1, BOOL, loc), pre + [exit_] + body, step, loc)

    def _s_while_stmt(self, tree: Tree) -> None:
        kw, cond, stmt = tree.children
        pre, c = self.condition(cond)
        body, ended = self._loop_body(stmt, self.loc(kw).line)
        self.out.append(self._while(pre, c, body, ended, self.loc(kw)))
        self.out += _copies(ended)

    def _s_do_stmt(self, tree: Tree) -> None:
        kw, stmt, cond = tree.children
        loc = self.loc(kw)
        body, ended = self._loop_body(stmt, loc.line)
        pre, c = self.condition(cond)
        step = ended + pre + [If(_negate(c), [Break(loc)], [], self.loc(cond))]
        self.out.append(While(Const(1, BOOL, loc), body, step, loc))
        self.out += _copies(ended)

    def _s_for_stmt(self, tree: Tree) -> None:
        kw, init, cond, update, stmt = tree.children
        loc = self.loc(kw)
        self.scopes.append({})
        declared = set(self.used_names)
        try:
            first = init.children[0] if init.children else None
            if first is not None:
                if first.data == "declaration":
                    self._s_declaration(first)
                else:
                    self.out += self.effects(self.expr(first, "discard"), self.loc(first))
            pre, c = self.condition(cond) if cond is not None else ([], Const(1, BOOL, loc))
            body, ended = self._loop_body(stmt, loc.line, constant_trips(init, cond, update, stmt))
            step: list[Stmt] = []
            if update is not None:
                step, v = self.capture(lambda: self.expr(update, "discard"))
                step += self.effects(v, self.loc(update))
            self.out.append(self._while(pre, c, body, ended + step, loc))
            self.out += self.ended(self.used_names - declared, self.end_of(stmt))  # the body's and the init's
        finally:
            self.scopes.pop()

    def _s_break_stmt(self, tree: Tree) -> None:
        if not self.targets:
            raise self.error(tree, "'break' outside a loop or switch")
        target = self.targets[-1]
        if isinstance(target, _Switch):
            target.breaks += 1
            self.out.append(Assign(target.done.name, Const(1, BOOL, self.loc(tree)), self.loc(tree)))
        else:
            self.out.append(Break(self.loc(tree)))

    def _s_continue_stmt(self, tree: Tree) -> None:
        if not any(isinstance(t, _Loop) for t in self.targets):
            raise self.error(tree, "'continue' outside a loop")
        self.out.append(Continue(self.loc(tree)))

    def _s_return_stmt(self, tree: Tree) -> None:
        kw, value = tree.children
        loc = self.loc(kw)
        if value is None:
            if self.ret is not None:
                raise self.unsupported(tree, f"unsupported construct: 'return;' in a function "
                                       f"returning {self.ret}")
            self.out.append(Return(None, loc))
            return
        v = self.expr(value)
        if self.ret is None:
            if v.expr is not None:
                raise self.error(tree, "'return' with a value in a function returning void")
            self.out.append(Return(None, loc))
            return
        self.value(v, value)
        self.out.append(Return(self.conv(v, self.ret), loc))

    def _s_case_stmt(self, tree: Tree) -> None:
        if not any(isinstance(t, _Switch) for t in self.targets):
            raise self.error(tree, f"'{tree.children[0]}' label not within a switch statement")
        raise self.unsupported(tree, "unsupported construct: case label inside a nested statement "
                               "of a switch")

    _s_default_stmt = _s_case_stmt

    # ------------------------------------------------------------------ switch

    def _s_switch_stmt(self, tree: Tree) -> None:
        kw, cond, body = tree.children
        loc = self.loc(kw)
        v = self.value(self.expr(cond), cond)
        assert v.ctype is not None
        t = self.T.promote(v.ctype)
        sw = self.temp(t, loc)
        self.out.append(Assign(sw.name, self.conv(v, t), loc))
        done, fall = self.temp(None, loc, True), self.temp(None, loc, True)
        self.out.append(Assign(done.name, Const(0, BOOL, loc), loc))
        self.out.append(Assign(fall.name, Const(0, BOOL, loc), loc))
        items = body.children if body.data == "compound_stmt" else [body]
        sections: list[tuple[list[int], bool, list, Loc]] = []  # labels, default?, items, loc
        for item in items:
            labels: list[int] = []
            default = False
            first = item
            while isinstance(first, Tree) and first.data in ("case_stmt", "default_stmt"):
                if first.data == "case_stmt":
                    c = self.constant(first.children[1])
                    labels.append(self.T.ir(t).wrap(c))
                else:
                    default = True
                first = first.children[-1]
            if first is not item:
                sections.append((labels, default, [first], self.loc(item)))
            elif sections:
                sections[-1][2].append(item)
            elif item.data != "declaration" or any(c is not None for c in item.children[1:]):
                raise self.unsupported(item, "unsupported construct: statement before the first "
                                       "case label of a switch")
        every = [c for labels, _, _, _ in sections for c in labels]
        if len(every) != len(set(every)):
            raise self.error(tree, "duplicate case value in switch")
        ty = self.T.ir(t)
        self.targets.append(_Switch(done))
        self.scopes.append({})
        outside, start, declared = self.visible(), len(self.out), set(self.used_names)
        try:
            for labels, default, sec_items, sec_loc in sections:
                match: Expr | None = None
                for c in labels:
                    eq = Binary("eq", sw, Const(c, ty, sec_loc), BOOL, sec_loc)
                    match = eq if match is None else Binary("lor", match, eq, BOOL, sec_loc)
                if default:
                    none: Expr = Const(1, BOOL, sec_loc)
                    for c in every:
                        ne = Binary("ne", sw, Const(c, ty, sec_loc), BOOL, sec_loc)
                        none = ne if isinstance(none, Const) else Binary("land", none, ne, BOOL,
                                                                        sec_loc)
                    match = none if match is None else Binary("lor", match, none, BOOL, sec_loc)
                assert match is not None
                enter = Binary("land", Unary("not", done, BOOL, sec_loc),
                               Binary("lor", fall, match, BOOL, sec_loc), BOOL, sec_loc)
                stmts = self.block(sec_items, scoped=False)
                self.out.append(If(enter, [Assign(fall.name, Const(1, BOOL, sec_loc), sec_loc)]
                                   + stmts, [], sec_loc))
            # a case label may skip the declarations of the sections before it
            self.out[start:start] = self.skipped(self.visible(), outside)
            self.out += self.ended(self.used_names - declared, self.end_of(body))
        finally:
            self.scopes.pop()
            self.targets.pop()


def _insert_before(stmts: list[Stmt], extra: dict[int, list[Stmt]]) -> None:
    """Put `extra[id(s)]` right before each statement `s` of `stmts`, nested ones included."""
    if not extra:
        return
    out: list[Stmt] = []
    for s in stmts:
        out += extra.get(id(s), [])
        out.append(s)
        if isinstance(s, If):
            _insert_before(s.then, extra)
            _insert_before(s.other, extra)
        elif isinstance(s, While):
            _insert_before(s.body, extra)
            _insert_before(s.step, extra)
    stmts[:] = out


def _copies(stmts: list[Stmt]) -> list[Stmt]:
    """Fresh copies of `stmts` (a statement is at one place of the body: `_insert_before` goes by identity)."""
    return [dataclasses.replace(s) for s in stmts]


def _negate(c: Expr) -> Expr:
    if isinstance(c, Const):
        return Const(1 - c.value, BOOL, c.loc)
    if isinstance(c, Unary) and c.op == "not":
        return c.arg
    return Unary("not", c, BOOL, getattr(c, "loc"))
