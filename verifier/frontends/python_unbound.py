"""Which reads of a function's local names may find them unbound (definite assignment).

CPython raises UnboundLocalError when a function reads one of its locals (a
name it binds somewhere) before any binding on the path taken, and NameError
("cannot access free variable") when a comprehension, lambda or nested helper
reads an enclosing local not yet bound. `unbound_reads(params, suite,
helpers)` finds, by ``id`` of the parse tree's ``var`` node, every read whose
name is not bound on *every* path reaching it: a must-analysis over the body
whose state is the set of locals definitely bound (None where no path
reaches). Parameters are bound on entry; an assignment, ``for`` target or
``except ... as`` binds (the last until its handler ends); ``del x`` unbinds; an
augmented assignment reads its target first; ``for`` targets are bound only
in the body (the loop may not run); a loop's head is the meet of its entry and
every path back (iterated to a fixpoint), its exit the meet of the head (the
condition false; never for ``while True``) and every ``break``; a ``try``
handler starts from what holds before the ``try`` minus what its body may
delete. Comprehension and lambda variables are their own scope. A nested
helper inlined at its calls (`python_local_functions`) reads the enclosing
names of its body at each call, after the arguments. A statement kind the
analysis does not know makes every read of a local possibly unbound.

The lowering (`FunctionLowerer`) gives each local with such a read a BOOL
flag (`bound_flag`), false on entry and set after every IR assignment to its
variables (`flag_bindings`), and puts the check ``unbound`` (`bound_check`)
at each such read where it lowers a name (``ExprLowerer._e_var``, the target
of ``x += v``, a list, string or dict variable used as a value), in evaluation
order; a listed read lowered another way (``xs.append(v)``, ``xs[i] = v``)
makes the function unsupported. A function none of
whose reads is listed gets nothing extra.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Iterable

from lark import Token, Tree

from verifier.ir import BOOL, Assert, Assign, Const, If, Loc, Stmt, Var, While

from .python_local_functions import LocalFunction
from .python_tree import assigned_names, stmts_of

__all__ = ["UnboundRead", "unbound_reads", "unbound_message", "bound_flag", "bound_check", "flag_bindings"]

State = frozenset[str] | None  # the locals definitely bound; None: no path reaches here


@dataclass(frozen=True)
class UnboundRead:
    """A read of local `name` that may find it unbound; `free`: from an inner scope (NameError)."""

    name: str
    free: bool


def unbound_message(read: UnboundRead) -> str:
    """CPython's message for `read` failing."""
    if read.free:
        return (f"NameError: cannot access free variable '{read.name}' where it is not associated with a value "
                "in enclosing scope")
    return f"UnboundLocalError: cannot access local variable '{read.name}' where it is not associated with a value"


def bound_flag(name: str) -> str:
    """The BOOL temporary that holds "local `name` is bound" (never a Python name)."""
    return f"$bound_{name}"


def bound_check(read: UnboundRead, loc: Loc) -> Assert:
    """The check ``unbound`` of `read` at `loc`: its flag holds."""
    return Assert(Var(bound_flag(read.name), BOOL, loc), "unbound", unbound_message(read), loc)


def flag_bindings(stmts: list[Stmt], owners: dict[str, str]) -> list[Stmt]:
    """`stmts` with the flag of local ``owners[v]`` set after every assignment to
    IR variable `v` (a binding in Python, or a change of a value already read)."""
    out: list[Stmt] = []
    for s in stmts:
        if isinstance(s, If):
            s = replace(s, then=flag_bindings(s.then, owners), other=flag_bindings(s.other, owners))
        elif isinstance(s, While):
            s = replace(s, body=flag_bindings(s.body, owners), step=flag_bindings(s.step, owners))
        out.append(s)
        if isinstance(s, Assign) and s.target in owners:
            out.append(Assign(bound_flag(owners[s.target]), Const(1, BOOL, s.loc), s.loc))
    return out


def unbound_reads(params: Iterable[str], suite: Tree, helpers: dict[str, LocalFunction]) -> dict[int, UnboundRead]:
    """The reads (``id`` of their ``var`` node) of function body `suite` that may
    find their local unbound; `params` are bound on entry."""
    own = frozenset(params)
    analysis = _Analysis(set(assigned_names(suite)) | _deleted(suite) | _caught_names(suite) | own, helpers)
    analysis.block(stmts_of(suite), own)
    return analysis.found


def _meet(*states: State) -> State:
    reached = [s for s in states if s is not None]
    if not reached:
        return None
    out = reached[0]
    for s in reached[1:]:
        out = out & s
    return out


@dataclass
class _Loop:
    breaks: list[State] = field(default_factory=list)
    continues: list[State] = field(default_factory=list)


class _Analysis:
    def __init__(self, candidates: set[str], helpers: dict[str, LocalFunction]) -> None:
        self.candidates = candidates
        self.helpers = helpers
        self.found: dict[int, UnboundRead] = {}
        self.loops: list[_Loop] = []

    # ------------------------------------------------------------ statements

    def block(self, stmts: list[Tree], state: State) -> State:
        for s in stmts:
            if state is None:
                return None  # code no path reaches never runs: nothing to check there
            state = self.stmt(s, state)
        return state

    def stmt(self, t: Tree, s: frozenset[str]) -> State:
        kind = t.data
        if kind in ("pass_stmt", "funcdef", "global_stmt"):
            return s  # `global g`: the caller passes g as bound on entry (`python_globals`)
        if kind in ("expr_stmt", "assert_stmt"):
            self.reads(t.children[0], s)  # an assertion's message runs only when it fails
            return s
        if kind == "assign":
            *targets, value = t.children
            self.reads(value, s)
            for target in targets:
                s = self.bind(target, s)
            return s
        if kind == "annassign":
            target, _annotation, value = t.children
            if value is None:
                return s
            self.reads(value, s)
            return self.bind(target, s)
        if kind == "augassign":
            target, _op, value = t.children
            self.reads(target, s)
            self.reads(value, s)
            return self.bind(target, s)
        if kind == "del_stmt":
            return self.delete(t.children[0], s)
        if kind in ("return_stmt", "raise_stmt"):
            for c in t.children:
                self.reads(c, s)
            return None
        if kind in ("break_stmt", "continue_stmt") and self.loops:
            loop = self.loops[-1]
            (loop.breaks if kind == "break_stmt" else loop.continues).append(s)
            return None
        if kind == "if_stmt":
            return self.if_stmt(t, s)
        if kind == "while_stmt":
            return self.while_stmt(t, s)
        if kind == "for_stmt":
            return self.for_stmt(t, s)
        if kind == "try_stmt" and t.children[3] is None:
            return self.try_stmt(t, s)
        return self.unknown(t)

    def if_stmt(self, t: Tree, s: frozenset[str]) -> State:
        cond, body, elifs, other = t.children
        clauses = [(cond, body)] + [(e.children[0], e.children[1]) for e in elifs.children if isinstance(e, Tree)]
        ends: list[State] = []
        for c, suite in clauses:
            self.reads(c, s)
            ends.append(self.block(stmts_of(suite), s))
        ends.append(self.block(stmts_of(other), s))
        return _meet(*ends)

    def while_stmt(self, t: Tree, s: frozenset[str]) -> State:
        cond, body, other = t.children
        forever = isinstance(cond, Tree) and cond.data == "const_true"
        head, loop = self.loop(s, lambda h: (self.reads(cond, h), self.block(stmts_of(body), h))[1])
        done = self.block(stmts_of(other), head) if not forever else None
        return _meet(done, *loop.breaks)

    def for_stmt(self, t: Tree, s: frozenset[str]) -> State:
        target, iterable, body, other = t.children
        self.reads(iterable, s)
        head, loop = self.loop(s, lambda h: self.block(stmts_of(body), self.bind(target, h)))
        return _meet(self.block(stmts_of(other), head), *loop.breaks)

    def loop(self, entry: frozenset[str], body) -> tuple[frozenset[str], _Loop]:  # type: ignore[no-untyped-def]
        """The loop head's state (a fixpoint) and the last pass's breaks and continues."""
        head = entry
        while True:
            loop = _Loop()
            self.loops.append(loop)
            try:
                end = body(head)
            finally:
                self.loops.pop()
            again = _meet(entry, end, *loop.continues)
            assert again is not None
            if again == head:
                return head, loop
            head = again

    def try_stmt(self, t: Tree, s: frozenset[str]) -> State:
        body, clauses, other, _final = t.children
        done = self.block(stmts_of(other), self.block(stmts_of(body), s))
        caught = s - _deleted(body)  # an exception may interrupt the body anywhere
        ends = [done]
        for clause in clauses.children:
            if not isinstance(clause, Tree):
                continue
            kind, name, suite = clause.children
            if kind is not None:
                self.reads(kind, caught)
            start = caught | {str(name)} if name is not None else caught
            end = self.block(stmts_of(suite), start)
            ends.append(end - {str(name)} if end is not None and name is not None else end)
        return _meet(*ends)

    def unknown(self, t: Tree) -> State:
        """A statement the analysis does not follow: every read of a local in it may
        find it unbound, and it may leave (or jump out of a loop) with none bound."""
        self.reads(t, frozenset())
        if self.loops:
            self.loops[-1].breaks.append(frozenset())
            self.loops[-1].continues.append(frozenset())
        return frozenset()

    # -------------------------------------------------------------- bindings

    def bind(self, target: Tree | Token | None, s: frozenset[str]) -> frozenset[str]:
        """`s` after assigning to `target` (its subscripts and attributes read first)."""
        if isinstance(target, Tree) and target.data == "var":
            return s | {str(target.children[0])}
        if isinstance(target, Tree) and target.data in ("tuple", "list", "star_expr", "testlist_tuple", "exprlist"):
            for c in target.children:
                s = self.bind(c, s)
            return s
        self.reads(target, s)
        return s

    def delete(self, target: Tree | Token | None, s: frozenset[str]) -> frozenset[str]:
        if isinstance(target, Tree) and target.data == "var":
            self.reads(target, s)
            return s - {str(target.children[0])}
        if isinstance(target, Tree) and target.data in ("tuple", "list", "exprlist", "testlist_tuple"):
            for c in target.children:
                s = self.delete(c, s)
            return s
        self.reads(target, s)
        return s

    # ----------------------------------------------------------------- reads

    def reads(self, t: Tree | Token | None, s: frozenset[str], shadow: frozenset[str] = frozenset(),
              free: bool = False) -> None:
        """Record the reads in expression `t` evaluated in state `s`; `shadow`: names
        of an inner scope (comprehension, lambda, helper parameters), read from
        there (`free`) when not shadowed."""
        if not isinstance(t, Tree):
            return
        if t.data == "var":
            name = str(t.children[0])
            if name not in shadow and name in self.candidates and name not in s:
                self.found[id(t)] = UnboundRead(name, free)
            return
        if t.data in ("list_comprehension", "tuple_comprehension", "set_comprehension", "dict_comprehension"):
            self.comprehension(t.children[0], s, shadow, free)
            return
        if t.data == "comprehension":
            self.comprehension(t, s, shadow, free)
            return
        if t.data in ("lambdef", "lambdef_nocond"):
            params, body = t.children
            names: set[str] = set()
            for p in params.children if isinstance(params, Tree) else []:
                if isinstance(p, Token):
                    names.add(str(p))
                elif isinstance(p, Tree) and p.children and isinstance(p.children[0], Token):
                    names.add(str(p.children[0]))  # ``name=default`` (or ``*name``): the default read now
                    for default in p.children[1:]:
                        self.reads(default, s, shadow, free)
                elif p is not None:
                    self.reads(p, frozenset())  # a parameter shape not followed: its reads may find nothing bound
            self.reads(body, s, shadow | names, True)
            return
        if t.data == "funccall":
            callee = t.children[0]
            for c in t.children[1:]:
                self.reads(c, s, shadow, free)
            if isinstance(callee, Tree) and callee.data == "var" and str(callee.children[0]) in self.helpers \
                    and str(callee.children[0]) not in shadow:
                helper = self.helpers[str(callee.children[0])]
                # a closure reads the enclosing function's names, whatever scope calls it
                self.reads(helper.body, s, frozenset(helper.params), True)
            else:
                self.reads(callee, s, shadow, free)
            return
        for c in t.children:
            self.reads(c, s, shadow, free)

    def comprehension(self, t: Tree, s: frozenset[str], shadow: frozenset[str], free: bool) -> None:
        """The first iterable in the enclosing scope, the rest in the comprehension's own."""
        result, fors, *conds = t.children
        inner = set(shadow)
        for k, comp_for in enumerate(c for c in fors.children if isinstance(c, Tree)):
            target, iterable = comp_for.children
            self.reads(iterable, s, frozenset(inner), free if k == 0 else True)
            inner |= _names_of(target)
        for c in [result, *conds]:
            self.reads(c, s, frozenset(inner), True)


def _names_of(target: Tree | Token | None) -> set[str]:
    if isinstance(target, Tree):
        if target.data == "var":
            return {str(target.children[0])}
        return {n for c in target.children for n in _names_of(c)}
    return set()


def _deleted(tree: Tree) -> set[str]:
    """Names ``del`` statements in `tree` unbind."""
    out: set[str] = set()
    for node in tree.iter_subtrees():
        if node.data == "del_stmt":
            out |= _names_of(node.children[0]) if isinstance(node.children[0], Tree) and node.children[0].data in (
                "var", "tuple", "list", "exprlist") else set()
    return out


def _caught_names(tree: Tree) -> set[str]:
    """Names ``except ... as NAME`` clauses bind."""
    return {str(node.children[1]) for node in tree.iter_subtrees()
            if node.data == "except_clause" and node.children[1] is not None}
