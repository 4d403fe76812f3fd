"""Does every execution of a function end? yes with ranking functions, no with
an input that runs forever, or unknown with the reason.

`prove_termination(program, function)` builds the automaton (calls inlined),
encodes it exactly (`verifier.encode`), and works per strongly connected set
of cut-points (a loop and the loops nested in it):

1. supporting invariants: the linear atoms (from the program's comparisons,
   signs and differences of variables) that are inductive at each loop head,
   by Houdini's fixpoint over the linear paths (`ranking.linear_paths`);
2. ranking functions (`ranking.Synthesiser`) over the paths strengthened
   with those invariants and with the condition that the next iteration can
   start;
3. when a loop has none, a non-termination search (`recurrence`), whose
   input is replayed for real (`verifier.crosscheck.nontermination`).

A yes is only given after the certificate's obligations, stated on the exact
encoding (bit-vectors in ``bv`` semantics, with the widened arithmetic of
`ranking.affine_ge0`), have been re-checked unsatisfiable by z3 and cvc5
(`verifier.crosscheck.recheck`): the invariant is inductive, and on every
block of every loop the lexicographic tuple decreases. A no is only given when
the recurrent set's closure is re-checked the same way and the replay
confirms the input. Executions that stop at a failing check (a signed
overflow in ``bv``, a division by zero) end there: they count as terminating,
and the other checks of `verify prove` report them.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, field

import z3

from .. import ir
from ..cfa import Cfa, CfaUnsupported, build_cfa
from ..config import DEFAULT_TIMEOUT
from ..registry import UnknownReason
from ..encode import Block, TransitionSystem, encode
from ..result import Certificate, Counterexample, Location, NondetSource, Result, Verdict
from ..smt import EncodeUnsupported, sort_of
from ..solver import check, smt2
from .ranking import (Component, Lin, NoRanking, Path, RankNode, Synthesiser, TooManyPaths, Transition,
                      affine_ge0, compared_forms, feasible, holds, int_term, lin_items, linear_paths, step_terms,
                      prune, render, render_atom, sccs)
from ..recurrent_set import Recurrence
from .recurrence import RecurrenceSearch

#: Variables whose pairwise differences are invariant candidates (the first
#: ones mentioned by conditions): quadratic in this number, so kept small.
MAX_PAIR_VARS = 10

#: Share of the budget the ranking synthesis may use before the
#: non-termination search gets the rest.
RANKING_SHARE = 0.6


@dataclass
class LoopRanking:
    """The ranking function of one loop head, in source syntax."""

    line: int
    column: int
    kind: str  # linear, lexicographic, multiphase
    functions: list[str]
    invariant: str

    def text(self) -> str:
        if self.kind == "linear":
            body = self.functions[0]
        else:
            body = f"{self.kind} ({', '.join(self.functions)})"
        return f"loop at line {self.line}: {body}"


@dataclass
class TerminationAnswer:
    """The answer for one function.

    yes: `rankings` per loop, `invariants` (text per loop line), the
    certificate's `obligations` (SMT-LIB texts that must be unsatisfiable)
    and `checked_by`. no: `params`, `nondet` (values in call order, as far
    as the replay ran), `stem_length` (blocks before the recurrent set),
    `recurrent_set` (text), `confirmed` and `replay`. unknown: `reason`.
    """

    verdict: str
    function: str
    location: ir.Loc
    reason: str = ""
    rankings: list[LoopRanking] = field(default_factory=list)
    invariants: dict[int, str] = field(default_factory=dict)
    certificate_kind: str = ""
    certificate_text: str = ""
    obligations: list[str] = field(default_factory=list)
    checked_by: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    params: dict[str, int] = field(default_factory=dict)
    nondet: list[int] = field(default_factory=list)
    nondet_sources: list[NondetSource] = field(default_factory=list)
    stem_length: int = 0
    recurrent_set: str = ""
    confirmed: bool = False
    replay: str = ""
    engine: str = "termination"
    time_s: float = 0.0


# --------------------------------------------------------------- driver


def prove_termination(program: ir.Program, function: str, semantics: str | None = None,
                      timeout: float = DEFAULT_TIMEOUT) -> TerminationAnswer:
    """Does every execution of `function` end?

    `semantics` must be the one `program` was lowered with (the IR's types
    carry it); None means ``program.semantics``. Never raises for a function
    outside what the engines handle: the answer is then unknown with the reason.
    """
    start = time.monotonic()
    deadline = start + timeout
    fn = program.functions[function]
    if semantics is not None and semantics != program.semantics:
        raise ValueError(f"{program.path} was lowered with {program.semantics} semantics, not {semantics}")
    try:
        answer = _prove(program, function, deadline)
    except z3.Z3Exception as exc:  # a solver failure is an unknown, never an answer
        answer = TerminationAnswer("unknown", function, fn.loc, reason=UnknownReason.SOLVER.describe(str(exc)))
    if answer.location == ir.NOWHERE:
        answer.location = fn.loc
    answer.time_s = time.monotonic() - start
    return answer


def _prove(program: ir.Program, function: str, deadline: float) -> TerminationAnswer:
    fn = program.functions[function]
    try:
        cfa = build_cfa(program, function)
        ts = encode(cfa)
    except CfaUnsupported as exc:
        return TerminationAnswer("unknown", function, exc.loc if exc.loc != ir.NOWHERE else fn.loc,
                                 reason=UnknownReason.UNSUPPORTED.describe(exc.what))
    except EncodeUnsupported as exc:
        return TerminationAnswer("unknown", function, exc.loc, reason=UnknownReason.UNSUPPORTED.describe(exc.what))
    math_sem = program.semantics == "math" or all(
        not isinstance(t, ir.IntType) or t.bits is None for t in cfa.variables.values())
    roots = block_sccs(ts)
    recursion = _recursion(program, function) if cfa.bounded_recursion else ""

    failures: list[tuple[frozenset[int], str]] = []
    ranked: list[RankNode] = []
    invariants: dict[int, list[Lin]] = {}
    paths: dict[int, list[Path]] = {}
    if roots:
        try:
            try:
                paths = linear_paths(cfa, [cfa.entry, *cfa.loops])
            except TooManyPaths:
                # join paths with equal outcomes, forget variables no condition reads
                paths = linear_paths(cfa, [cfa.entry, *cfa.loops], merge=True)
        except TooManyPaths as exc:
            failures = [(r, UnknownReason.INCOMPLETE.describe(str(exc))) for r in roots]
        except TypeError as exc:
            failures = [(r, UnknownReason.UNSUPPORTED.describe(str(exc))) for r in roots]
    if roots and not failures:
        rank_deadline = time.monotonic() + RANKING_SHARE * max(0.0, deadline - time.monotonic())
        invariants = houdini(cfa, paths, list(cfa.loops), rank_deadline)
        invariants = {h: prune(atoms, cfa.variables, rank_deadline) for h, atoms in invariants.items()}
        state_vars = set(cfa.variables)
        synth = Synthesiser(_template_vars(cfa, paths, roots), rank_deadline)
        for root in roots:
            transitions = root_transitions(root, paths, invariants, state_vars, rank_deadline)
            try:
                # first over unbounded integers (simpler functions), then with the types' ranges
                ranked.append(synth.solve(root, transitions))
            except NoRanking as exc:
                bounded = [Transition(t.src, t.dst, t.poly + t.path.ranges, t.post, t.path) for t in transitions]
                if not any(t.path.ranges for t in transitions):
                    failures.append((root, exc.reason))
                    continue
                try:
                    ranked.append(synth.solve(root, bounded))
                except NoRanking as exc2:
                    failures.append((root, exc2.reason))

    if not failures and not recursion:
        return _yes(program, function, cfa, ts, roots, ranked, invariants, deadline)

    # some loop has no ranking function: look for an input that runs forever
    search_roots = [r for r, _ in failures] + [r for r in roots if all(r != f for f, _ in failures)]
    unconfirmed: TerminationAnswer | None = None
    for root in search_roots:
        if time.monotonic() >= deadline:
            break
        rec = RecurrenceSearch(ts, root, deadline, math_sem, paths).run()
        if rec is not None:
            answer = _no(program, function, cfa, ts, rec, deadline)
            if answer.verdict == "no":
                return answer
            unconfirmed = unconfirmed or answer
    if recursion:
        return TerminationAnswer("unknown", function, fn.loc, reason=recursion)
    if unconfirmed is not None:
        return unconfirmed
    root, why = failures[0]
    head = outermost(cfa, root)
    loop = cfa.loops.get(head)
    where = f"loop at line {loop.loc.line}" if loop else "a loop"
    if time.monotonic() >= deadline:
        reason = UnknownReason.TIMEOUT.describe(
            f"no ranking function or non-terminating input found for the {where} in time")
    elif UnknownReason.of(why) in (UnknownReason.INCOMPLETE, UnknownReason.UNSUPPORTED):
        reason = why
    else:
        reason = UnknownReason.INCOMPLETE.describe(
            f"no ranking function found for the {where} ({why}), and no input found that runs forever")
    return TerminationAnswer("unknown", function, loop.loc if loop else fn.loc, reason=reason)


def outermost(cfa: Cfa, cutpoints: Iterable[int]) -> int:
    """The cut-point whose loop holds most of the others (an inlined callee's
    loop inside it is not where the trouble is shown), then the first by line."""
    points = list(cutpoints)

    def key(c: int) -> tuple[int, int]:
        loop = cfa.loops.get(c)
        if loop is None:
            return (1, 1 << 30)
        return (-sum(1 for d in points if d in loop.body_nodes), loop.loc.line)

    return min(points, key=key)


def _recursion(program: ir.Program, function: str) -> str:
    """The reason text for a function whose calls recurse."""
    from ..irutil import calls_in

    graph: dict[str, set[str]] = {}
    for name, f in program.functions.items():
        callees: set[str] = set()
        stack: list = list(f.body)
        while stack:
            node = stack.pop()
            for value in vars(node).values():
                if isinstance(value, ir.Expr):
                    callees |= {c.func for c in calls_in(value)}
                elif isinstance(value, list):
                    stack.extend(value)
        graph[name] = callees
    cycle = []
    seen: set[str] = set()

    def visit(name: str, trail: list[str]) -> bool:
        if name in trail:
            cycle.extend(trail[trail.index(name):] + [name])
            return True
        if name in seen:
            return False
        seen.add(name)
        return any(visit(c, trail + [name]) for c in sorted(graph.get(name, ())))

    visit(function, [])
    through = " -> ".join(cycle) if cycle else function
    return UnknownReason.UNSUPPORTED.describe(f"recursive call cycle {through}: termination of recursion is "
                                              "not analysed (calls are inlined a bounded number of times)")


# ------------------------------------------------------------ structure


def live_blocks(ts: TransitionSystem) -> list[Block]:
    """Blocks between cut-points whose guard is not trivially false."""
    cut = set(ts.cutpoints)
    return [b for b in ts.blocks if b.dst in cut and not z3.is_false(z3.simplify(b.guard))]


def block_sccs(ts: TransitionSystem) -> list[frozenset[int]]:
    """Strongly connected sets of cut-points of the block graph (the loops that can repeat)."""
    return sccs(ts.cutpoints, {(b.src, b.dst) for b in live_blocks(ts)})


# ------------------------------------------------------------ invariants


def invariant_candidates(cfa: Cfa) -> list[Lin]:
    """Atoms ``g >= 0`` tried as loop-head invariants: both sides of every linear
    comparison in the program, signs of variables and ordered differences."""
    atoms: list[Lin] = []

    def add(a: Lin) -> None:
        if a not in atoms:
            atoms.append(a)

    mentioned: list[str] = []
    for e in cfa.edges:
        cond = getattr(e.action, "cond", None)
        if cond is None:
            continue
        for d in compared_forms(cond):
            for a in (d, d - Lin.num(1), -d, -d - Lin.num(1)):
                add(a)
            for v in d.coeffs:
                if v not in mentioned:
                    mentioned.append(v)
    numeric = [v for v, t in cfa.variables.items() if isinstance(t, ir.IntType)]
    for v in [*mentioned, *numeric]:
        if v in cfa.variables and isinstance(cfa.variables[v], ir.IntType):
            x = Lin.var(v)
            for a in (x, x - Lin.num(1), -x, -x - Lin.num(1)):
                add(a)
    pair = [v for v in dict.fromkeys([*mentioned, *(p.name for p in cfa.params)])
            if isinstance(cfa.variables.get(v), ir.IntType)][:MAX_PAIR_VARS]
    for i, v in enumerate(pair):
        for w in pair[i + 1:]:
            d = Lin.var(v) - Lin.var(w)
            for a in (d, d - Lin.num(1), -d, -d - Lin.num(1)):
                add(a)
    return atoms


def houdini(cfa: Cfa, paths: dict[int, list[Path]], heads: list[int], deadline: float) -> dict[int, list[Lin]]:
    """The candidates inductive at each loop head (the largest inductive subset,
    Houdini's fixpoint over the linear paths, which over-approximate the program)."""
    candidates = invariant_candidates(cfa)
    inv: dict[int, list[Lin]] = {h: list(candidates) for h in heads}
    changed = True
    while changed:
        changed = False
        for src, plist in paths.items():
            for p in plist:
                if not inv.get(p.dst):
                    continue
                while inv[p.dst]:
                    if time.monotonic() >= deadline:
                        return {h: [] for h in heads}
                    syms: dict[str, z3.ArithRef] = {}
                    pre = [int_term(g, syms) >= 0 for g in [*p.cons, *p.ranges, *inv.get(src, [])]]
                    posts = [a.subst(p.post) for a in inv[p.dst]]
                    found = check(z3.Solver(), deadline, *pre, z3.Or([int_term(a, syms) < 0 for a in posts]))
                    if found.unsat:
                        break
                    changed = True
                    if not found.sat:
                        inv[p.dst] = []
                        break
                    m = found.model
                    values = {n: m.eval(t, model_completion=True).as_long() for n, t in syms.items()}
                    inv[p.dst] = [a for a, pa in zip(inv[p.dst], posts)
                                  if pa.value({k: values.get(k, 0) for k in pa.coeffs}) >= 0]
    return inv


def root_transitions(root: frozenset[int], paths: dict[int, list[Path]], inv: dict[int, list[Lin]],
                     state_vars: set[str], deadline: float) -> list[Transition]:
    """The feasible paths inside `root`, strengthened with the invariants at both
    ends and with the condition every path continuing from the target shares."""
    strengthened: dict[int, list[tuple[Path, list[Lin]]]] = {}
    for c in root:
        for p in paths.get(c, []):
            if p.dst not in root:
                continue
            poly = [*p.cons, *inv.get(c, []), *(a.subst(p.post) for a in inv.get(p.dst, []))]
            if feasible(poly + p.ranges, deadline):
                strengthened.setdefault(c, []).append((p, poly))
    cont: dict[int, list[Lin]] = {}
    for c in root:
        common: set[Lin] | None = None
        for p, _ in strengthened.get(c, []):
            pre = {g for g in p.cons if set(g.coeffs) <= state_vars}
            common = pre if common is None else common & pre
        cont[c] = sorted(common or (), key=lambda a: repr(a.key()))
    out = []
    for c, items in strengthened.items():
        for p, poly in items:
            full = poly + [a.subst(p.post) for a in cont.get(p.dst, [])]
            if feasible(full + p.ranges, deadline):
                out.append(Transition(c, p.dst, full, p.post, p))
    return out


def _template_vars(cfa: Cfa, paths: dict[int, list[Path]], roots: list[frozenset[int]]) -> list[str]:
    names: set[str] = set()
    for root in roots:
        for c in root:
            for p in paths.get(c, []):
                if p.dst in root:
                    names |= {s for s in p.symbols() if not s.startswith("~")}
    return sorted(v for v in names if v in cfa.variables)


# ----------------------------------------------------------- obligations


class CertificateError(Exception):
    """A ranking certificate whose shape is not a valid termination argument."""


def ranking_obligations(ts: TransitionSystem, roots: list[RankNode],
                        invariants: dict[int, list[Lin]]) -> list[tuple[str, z3.BoolRef]]:
    """The formulas (each must be unsatisfiable) that make `roots` a proof that
    every execution ends: invariants inductive; every block inside a root
    decreases the lexicographic tuple of its chain of nodes. Raises
    `CertificateError` when the certificate's shape is wrong."""
    types = ts.variables
    cur = ts.current
    blocks = live_blocks(ts)
    # every cycle of the block graph lies in a root
    for part in sccs(ts.cutpoints, {(b.src, b.dst) for b in blocks}):
        if not any(part <= r.cutpoints for r in roots):
            raise CertificateError(f"cut-points {sorted(part)} form a loop no ranking covers")
    for r in roots:
        _check_shape(r)

    def inv_at(c: int, env) -> list[z3.BoolRef]:
        return [holds(a, env, types) for a in invariants.get(c, [])]

    out: list[tuple[str, z3.BoolRef]] = []
    for b in ts.blocks:
        if b.dst not in invariants or not invariants[b.dst] or b.dst == ts.exit:
            continue
        post = _post(ts, b)
        out.append((f"invariant at cut-point {b.dst} preserved by block {b.src}->{b.dst}",
                    z3.And(*inv_at(b.src, cur), b.guard, z3.Not(z3.And(inv_at(b.dst, post))))))
    for b in blocks:
        root = next((r for r in roots if b.src in r.cutpoints and b.dst in r.cutpoints), None)
        if root is None:
            continue
        # the next state as named constants bound to the block's update: the
        # solvers then see each update term once
        update = _post(ts, b)
        post = {v: z3.Const(f"{v}!post", sort_of(t)) if not update[v].eq(cur[v]) else cur[v]
                for v, t in types.items()}
        bind = [post[v] == update[v] for v in types if not update[v].eq(cur[v])]
        enabled = _continuation(ts, blocks, root.cutpoints, b.dst, post)
        decrease = _decrease(root, b.src, b.dst, cur, post, types)
        out.append((f"ranking decreases on block {b.src}->{b.dst}",
                    z3.And(*inv_at(b.src, cur), b.guard, *bind, *inv_at(b.dst, post), enabled, z3.Not(decrease))))
    return out


def _post(ts: TransitionSystem, b: Block) -> dict[str, z3.ExprRef]:
    return {v: b.update.get(v, ts.current[v]) for v in ts.variables}


def _continuation(ts: TransitionSystem, blocks: list[Block], root: frozenset[int], dst: int,
                  post: dict[str, z3.ExprRef]) -> z3.BoolRef:
    """Some block inside `root` can start from `post` at `dst` (with fresh nondet values)."""
    sub = [(ts.current[v], post[v]) for v in ts.variables]
    sub += [(z3.Const(site, sort_of(info.type)), z3.Const(site + "!next", sort_of(info.type)))
            for site, info in ts.nondets.items()]
    options = [z3.substitute(b.guard, *sub) for b in blocks if b.src == dst and b.dst in root]
    return z3.Or(options) if options else z3.BoolVal(False)


def _check_shape(node: RankNode) -> None:
    seen: set[int] = set()
    for child in node.children:
        if not child.cutpoints <= node.cutpoints or child.cutpoints & seen:
            raise CertificateError("nested parts must be disjoint subsets of their parent")
        seen |= child.cutpoints
        _check_shape(child)
    for k, comp in enumerate(node.components):
        if comp.kind == "multiphase" and (k != len(node.components) - 1 or node.children):
            raise CertificateError("a multiphase function must close its part")
        for phase in comp.phases:
            if set(phase) != set(node.cutpoints):
                raise CertificateError("a ranking function must be given at every cut-point of its part")

    def part(c: int):
        return next((i for i, ch in enumerate(node.children) if c in ch.cutpoints), ("c", c))

    edges = set()
    for a, b in node.free_edges:
        if a not in node.cutpoints or b not in node.cutpoints:
            raise CertificateError("a free transition must stay in its part")
        pa, pb = part(a), part(b)
        if pa == pb:
            raise CertificateError("a free transition cannot stay inside one nested part or loop")
        edges.add((pa, pb))
    nodes = {p for e in edges for p in e}
    index = {p: i for i, p in enumerate(nodes)}
    if sccs(range(len(nodes)), {(index[a], index[b]) for a, b in edges}):
        raise CertificateError("the free transitions form a cycle")


def _decrease(root: RankNode, src: int, dst: int, pre, post, types) -> z3.BoolRef:
    """Some level of the chain of parts holding src and dst decreases (bounded)
    with all earlier levels non-increasing; or the transition is free."""
    chain = [root]
    while True:
        child = next((ch for ch in chain[-1].children if src in ch.cutpoints and dst in ch.cutpoints), None)
        if child is None:
            break
        chain.append(child)
    prefix: list[z3.BoolRef] = []
    options: list[z3.BoolRef] = []
    for node in chain:
        for comp in node.components:
            if comp.kind == "linear":
                f = comp.phases[0]
                options.append(z3.And(*prefix, holds(f[src], pre, types), _diff(f[src], f[dst], pre, post, types, 1)))
                prefix.append(_diff(f[src], f[dst], pre, post, types, 0))
            else:
                conds = []
                phases = comp.phases
                for k, ph in enumerate(phases):
                    items, pairs, const = step_terms(ph[src], ph[dst], pre, post, types)
                    if k > 0:
                        items = items + lin_items(phases[k - 1][src], pre, types)
                        const += phases[k - 1][src].const
                    conds.append(affine_ge0(items, const - 1, pairs))
                conds.append(holds(phases[-1][src], pre, types))
                options.append(z3.And(*prefix, *conds))
    if (src, dst) in chain[-1].free_edges:
        options.append(z3.And(*prefix) if prefix else z3.BoolVal(True))
    return z3.Or(options) if options else z3.BoolVal(False)


def _diff(f_src: Lin, f_dst: Lin, pre, post, types, at_least: int) -> z3.BoolRef:
    """``f_src(pre) - f_dst(post) >= at_least``."""
    items, pairs, const = step_terms(f_src, f_dst, pre, post, types)
    return affine_ge0(items, const - at_least, pairs)


#: Most cases one obligation is split into (see `split_cases`).
MAX_CASES = 16


def split_cases(formula: z3.BoolRef, limit: int = MAX_CASES) -> list[z3.BoolRef]:
    """Formulas, all unsatisfiable iff `formula` is, obtained by case splits on
    the conditions of its if-then-else terms (the merged paths of a block):
    ``F`` becomes ``F[c:=true] and c`` and ``F[c:=false] and not c``, each
    simplified. A bit-blasting solver finds the cases far easier than the whole."""
    done: list[z3.BoolRef] = []
    work = [formula]
    while work:
        f = work.pop()
        cond = _ite_condition(f)
        if cond is None or len(done) + len(work) + 2 > limit:
            done.append(f)
            continue
        work.append(z3.And(z3.substitute(f, (cond, z3.BoolVal(False))), z3.Not(cond)))
        work.append(z3.And(z3.substitute(f, (cond, z3.BoolVal(True))), cond))
    return done or [z3.BoolVal(False)]


def _ite_condition(f: z3.ExprRef) -> z3.BoolRef | None:
    seen: set[int] = set()
    stack = [f]
    while stack:
        t = stack.pop()
        if t.get_id() in seen:
            continue
        seen.add(t.get_id())
        if z3.is_app_of(t, z3.Z3_OP_ITE):
            cond = t.arg(0)
            if not (z3.is_true(cond) or z3.is_false(cond)):
                return cond
            stack.append(t.arg(1) if z3.is_true(cond) else t.arg(2))
            continue
        stack.extend(t.children())
    return None


def check_obligations(obligations: list[tuple[str, z3.BoolRef]], deadline: float) -> str:
    """'' if z3 finds every obligation unsatisfiable, else the first failure."""
    for name, f in obligations:
        if time.monotonic() >= deadline:
            return "timeout"
        answer = check(z3.Solver(), deadline, f)
        if not answer.unsat:
            return f"{name}: {'counterexample found' if answer.sat else 'solver unknown'}"
    return ""


# ----------------------------------------------------------------- yes


@dataclass
class CertificateCheck:
    """The verdict on a ranking certificate: `ok` only when z3 found every
    obligation unsatisfiable and no solver refuted one on re-reading its
    SMT-LIB text; `texts` are those obligations."""

    ok: bool
    reason: str = ""
    texts: list[str] = field(default_factory=list)
    checked_by: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def certify(ts: TransitionSystem, ranked: list[RankNode], invariants: dict[int, list[Lin]],
            deadline: float) -> CertificateCheck:
    """Check a ranking certificate (parts, functions, supporting invariants) on
    the exact encoding `ts`, then have z3 and cvc5 re-check its obligations."""
    try:
        obligations = ranking_obligations(ts, ranked, invariants)
    except CertificateError as exc:
        return CertificateCheck(False, UnknownReason.INCOMPLETE.describe(f"invalid ranking certificate ({exc})"))
    failure = check_obligations(obligations, deadline)
    if failure == "timeout":
        return CertificateCheck(False, UnknownReason.TIMEOUT.describe("checking the ranking certificate"))
    if failure:
        return CertificateCheck(False, UnknownReason.INCOMPLETE.describe(
            f"ranking certificate failed its check ({failure})"))
    from ..crosscheck.recheck import recheck

    bits = any(isinstance(t, ir.IntType) and t.bits is not None for t in ts.variables.values())
    # bit-blasting solvers prefer one path at a time; arithmetic ones the whole block
    texts = [smt2(case) for _, f in obligations for case in (split_cases(f) if bits else [f])]
    if not texts:
        return CertificateCheck(True, notes=["no loop can repeat: nothing to re-check"])
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        return CertificateCheck(False, UnknownReason.TIMEOUT.describe("re-checking the ranking certificate"))
    checked = recheck(texts, timeout_s=min(10.0, remaining))
    if not checked.refuted_by and "z3" not in checked.checked_by and time.monotonic() >= deadline:
        return CertificateCheck(False, UnknownReason.TIMEOUT.describe("re-checking the ranking certificate"))
    if "z3" not in checked.checked_by or checked.refuted_by:
        who = ", ".join(checked.refuted_by) or "z3"
        why = UnknownReason.INCOMPLETE.describe(f"ranking certificate failed its re-check by {who}")
        return CertificateCheck(False, why, texts, notes=list(checked.notes))
    return CertificateCheck(True, "", texts, list(checked.checked_by), list(checked.notes))


def _yes(program: ir.Program, function: str, cfa: Cfa, ts: TransitionSystem, roots: list[frozenset[int]],
         ranked: list[RankNode], invariants: dict[int, list[Lin]], deadline: float) -> TerminationAnswer:
    fn = program.functions[function]
    used = _used_invariants(ranked, invariants)
    check = certify(ts, ranked, used, deadline)
    if not check.ok and used is not invariants and UnknownReason.of(check.reason) is not UnknownReason.TIMEOUT:
        used = invariants
        check = certify(ts, ranked, used, deadline)
    if not check.ok:
        return TerminationAnswer("unknown", function, fn.loc, reason=check.reason)
    answer = TerminationAnswer("yes", function, fn.loc, certificate_kind="ranking", engine="ranking")
    answer.obligations = check.texts
    answer.checked_by = check.checked_by
    answer.notes += check.notes
    language = program.language
    conj = " and " if language == "python" else " && "
    for head, loop in sorted(cfa.loops.items(), key=lambda kv: (kv[1].loc.line, kv[1].loc.column)):
        funcs, kinds = _functions_at(ranked, head)
        inv_text = conj.join(render_atom(a) for a in used.get(head, []))
        if inv_text:
            answer.invariants[loop.loc.line] = inv_text
        if not funcs:
            continue
        kind = kinds[0] if len(kinds) == 1 else "lexicographic"
        answer.rankings.append(LoopRanking(loop.loc.line, loop.loc.column, kind, funcs, inv_text))
    lines = [r.text() for r in answer.rankings] or ["no loop can repeat: every execution is finite"]
    for line, text in sorted(answer.invariants.items()):
        if any(r.line == line for r in answer.rankings):
            lines.append(f"supporting invariant at line {line}: {text}")
    answer.certificate_text = "\n".join(lines)
    stops = sorted({(e.key[0], e.key[1]) for e in ts.errors if e.key[0] != "bound"
                    and any(e.src in r for r in roots) and _may_fail(ts, e, used, deadline)})
    if stops:
        where = ", ".join(f"{kind} at line {line}" for kind, line in stops[:3])
        answer.notes.append(f"executions that stop at a failing check ({where}) count as terminating; "
                            f"`verify prove` reports those checks")
    return answer


def _may_fail(ts: TransitionSystem, error, invariants: dict[int, list[Lin]], deadline: float) -> bool:
    """The error exit can be taken from a state satisfying the loop head's invariant."""
    facts = [holds(a, ts.current, ts.variables) for a in invariants.get(error.src, [])]
    # at least a 1 ms query, even past the deadline: this only words a note on a proof already found
    return not check(z3.Solver(), max(deadline, time.monotonic() + 0.001), error.cond, *facts, cap_s=1.0).unsat


def _functions_at(roots: list[RankNode], head: int) -> tuple[list[str], list[str]]:
    """The rendered components of the chain of parts holding `head`, and their kinds."""
    node = next((r for r in roots if head in r.cutpoints), None)
    comps: list[Component] = []
    while node is not None:
        comps += node.components
        node = next((ch for ch in node.children if head in ch.cutpoints), None)
    if len(comps) == 1 and comps[0].kind == "multiphase":
        return [render(ph[head]) for ph in comps[0].phases], ["multiphase"]
    funcs = [render(c.phases[0][head]) if c.kind == "linear"
             else f"multiphase ({', '.join(render(ph[head]) for ph in c.phases)})" for c in comps]
    return funcs, [c.kind for c in comps]


def _used_invariants(ranked: list[RankNode], invariants: dict[int, list[Lin]]) -> dict[int, list[Lin]]:
    """The invariant atoms over variables the ranking functions mention (a first,
    smaller certificate; the caller falls back to all of them)."""
    mentioned: set[str] = set()

    def walk(node: RankNode) -> None:
        for comp in node.components:
            for ph in comp.phases:
                for f in ph.values():
                    mentioned.update(f.coeffs)
        for ch in node.children:
            walk(ch)

    for r in ranked:
        walk(r)
    return {h: [a for a in atoms if set(a.coeffs) <= mentioned] for h, atoms in invariants.items()}


# ------------------------------------------------------------------- no


def _no(program: ir.Program, function: str, cfa: Cfa, ts: TransitionSystem, rec: Recurrence,
        deadline: float) -> TerminationAnswer:
    from ..crosscheck.nontermination import replay_nontermination
    from ..crosscheck.recheck import recheck

    fn = program.functions[function]
    head = outermost(cfa, rec.cutpoints)
    loc = cfa.loops[head].loc if head in cfa.loops else fn.loc
    failure = check_obligations(rec.obligations, deadline)
    if failure:
        why = UnknownReason.INCOMPLETE.describe(f"recurrent set failed its check ({failure})")
        return TerminationAnswer("unknown", function, loc, reason=why)
    texts = [smt2(f) for _, f in rec.obligations]
    late = UnknownReason.TIMEOUT.describe("re-checking and replaying the non-terminating input")
    if time.monotonic() >= deadline:
        return TerminationAnswer("unknown", function, loc, reason=late)
    checked = recheck(texts, timeout_s=min(10.0, deadline - time.monotonic()))
    if "z3" not in checked.checked_by or checked.refuted_by:
        if not checked.refuted_by and time.monotonic() >= deadline:
            return TerminationAnswer("unknown", function, loc, reason=late)
        return TerminationAnswer("unknown", function, loc,
                                 reason=UnknownReason.INCOMPLETE.describe("recurrent set failed its re-check"))
    replay = replay_nontermination(program, function, cfa, rec, deadline)
    line_of = {h: loop.loc.line for h, loop in cfa.loops.items()}
    answer = TerminationAnswer("no", function, loc, certificate_kind="recurrent-set", engine="recurrence")
    answer.params = dict(rec.params)
    answer.nondet = list(replay.nondet)
    answer.nondet_sources = list(replay.nondet_sources)
    answer.stem_length = rec.stem_steps
    answer.recurrent_set = rec.text(line_of, program.language)
    answer.certificate_text = answer.recurrent_set
    answer.obligations = texts
    answer.checked_by = list(checked.checked_by)
    answer.notes += checked.notes
    answer.confirmed = replay.confirmed
    answer.replay = replay.detail
    if not replay.confirmed:
        answer.verdict = "unknown"
        answer.reason = late if replay.late else \
            UnknownReason.INCOMPLETE.describe(f"counterexample did not replay ({replay.detail})")
    return answer


# --------------------------------------------------------------- result


def termination_result(program: ir.Program, function: str, timeout: float = DEFAULT_TIMEOUT) -> Result:
    """`prove_termination` as a `Result` of check ``termination``: location of
    the loop the answer is about (else of the function), the ranking or
    recurrent-set certificate with the solvers that re-checked it, and for a
    no the input (parameters, nondet values) and how the replay went."""
    answer = prove_termination(program, function, timeout=timeout)
    loc = answer.location
    result = Result(
        check="termination",
        target=f"{program.path}:{function}",
        location=Location(program.path, loc.line, loc.column),
        verdict=Verdict(answer.verdict),
        reason=answer.reason,
        engine=answer.engine,
        time_s=answer.time_s,
        message="; ".join(answer.notes),
    )
    if answer.certificate_kind and (answer.verdict != "unknown" or answer.certificate_text):
        result.certificate = Certificate(answer.certificate_kind, answer.certificate_text, list(answer.checked_by))
    if answer.certificate_kind == "recurrent-set":
        text = (f"stem of {answer.stem_length} loop-head visits, then forever in {answer.recurrent_set}"
                if answer.recurrent_set else "")
        result.counterexample = Counterexample(inputs=dict(answer.params), nondet=list(answer.nondet),
                                               confirmed=answer.confirmed, replay=answer.replay,
                                               nondet_sources=list(answer.nondet_sources))
        if result.certificate is not None:
            result.certificate.note = text
    return result


__all__ = ["TerminationAnswer", "termination_result", "certify", "CertificateCheck", "split_cases", "LoopRanking", "prove_termination", "ranking_obligations", "houdini",
           "invariant_candidates", "root_transitions", "block_sccs", "live_blocks", "check_obligations",
           "CertificateError"]
