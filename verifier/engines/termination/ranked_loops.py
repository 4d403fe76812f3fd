"""Termination engine: ranking functions with their supporting invariants, and
the obligations that certify them.

`rank_loops(cfa, ts, deadline)` works per strongly connected set of
cut-points (a loop and the loops nested in it) of the exact encoding
(`verifier.encode`):

1. supporting invariants: the linear atoms (from the program's comparisons,
   signs and differences of variables) that are inductive at each loop head,
   by Houdini's fixpoint over the linear paths (`ranking.linear_paths`);
2. ranking functions (`ranking.Synthesiser`) over the paths strengthened
   with those invariants and with the condition that the next iteration can
   start.

`ranking_obligations` states a ranking certificate on the exact encoding
(bit-vectors in ``bv`` semantics, with the widened arithmetic of
`ranking.affine_ge0`): the invariant is inductive, and on every block of
every loop the lexicographic tuple decreases; `check_obligations` has z3
check them. Nothing here is trusted or turned into a verdict: the task layer
(`verifier.terminating`) re-checks the certificates, searches for
non-terminating inputs when a loop has no ranking function, and answers.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, field

import z3

from ... import ir
from ...cfa import Cfa
from ...registry import UnknownReason
from ...encode import Block, TransitionSystem
from ...solver import check
from ..ranking import (Lin, NoRanking, Path, RankNode, Synthesiser, TooManyPaths, Transition, affine_ge0,
                       compared_forms, feasible, holds, int_term, lin_items, linear_paths, prune, sccs, step_terms)

#: Variables whose pairwise differences are invariant candidates (the first
#: ones mentioned by conditions): quadratic in this number, so kept small.
MAX_PAIR_VARS = 10

#: Share of the budget the ranking synthesis may use before the
#: non-termination search gets the rest.
RANKING_SHARE = 0.6


# --------------------------------------------------------------- driver


@dataclass
class LoopRankings:
    """What the ranking synthesis found for a function's loops: the strongly
    connected sets of cut-points (`roots`), the linear `paths` between
    cut-points, the `ranked` parts, the supporting `invariants` per loop head,
    and the roots without a ranking function with the reason (`failures`)."""

    roots: list[frozenset[int]]
    paths: dict[int, list[Path]] = field(default_factory=dict)
    ranked: list[RankNode] = field(default_factory=list)
    invariants: dict[int, list[Lin]] = field(default_factory=dict)
    failures: list[tuple[frozenset[int], str]] = field(default_factory=list)


def rank_loops(cfa: Cfa, ts: TransitionSystem, deadline: float) -> LoopRankings:
    """Supporting invariants and ranking functions for every loop that can
    repeat, within `RANKING_SHARE` of the time left before `deadline`."""
    found = LoopRankings(block_sccs(ts))
    roots = found.roots
    if not roots:
        return found
    try:
        try:
            found.paths = linear_paths(cfa, [cfa.entry, *cfa.loops])
        except TooManyPaths:
            # join paths with equal outcomes, forget variables no condition reads
            found.paths = linear_paths(cfa, [cfa.entry, *cfa.loops], merge=True)
    except TooManyPaths as exc:
        found.failures = [(r, UnknownReason.INCOMPLETE.describe(str(exc))) for r in roots]
        return found
    except TypeError as exc:
        found.failures = [(r, UnknownReason.UNSUPPORTED.describe(str(exc))) for r in roots]
        return found
    paths = found.paths
    rank_deadline = time.monotonic() + RANKING_SHARE * max(0.0, deadline - time.monotonic())
    invariants = houdini(cfa, paths, list(cfa.loops), rank_deadline)
    found.invariants = {h: prune(atoms, cfa.variables, rank_deadline) for h, atoms in invariants.items()}
    state_vars = set(cfa.variables)
    synth = Synthesiser(_template_vars(cfa, paths, roots), rank_deadline)
    for root in roots:
        transitions = root_transitions(root, paths, found.invariants, state_vars, rank_deadline)
        try:
            # first over unbounded integers (simpler functions), then with the types' ranges
            found.ranked.append(synth.solve(root, transitions))
        except NoRanking as exc:
            bounded = [Transition(t.src, t.dst, t.poly + t.path.ranges, t.post, t.path) for t in transitions]
            if not any(t.path.ranges for t in transitions):
                found.failures.append((root, exc.reason))
                continue
            try:
                found.ranked.append(synth.solve(root, bounded))
            except NoRanking as exc2:
                found.failures.append((root, exc2.reason))
    return found


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
    syms: dict[str, z3.ArithRef] = {}
    terms: dict[Lin, z3.ArithRef] = {}  # each form built once: the loop below asks again and again

    def term(g: Lin) -> z3.ArithRef:
        if g not in terms:
            terms[g] = int_term(g, syms)
        return terms[g]

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
                    pre = [term(g) >= 0 for g in [*p.cons, *p.ranges, *inv.get(src, [])]]
                    posts = [a.subst(p.post) for a in inv[p.dst]]
                    found = check(z3.Solver(), deadline, *pre, z3.Or([term(a) < 0 for a in posts]))
                    if found.unsat:
                        break
                    changed = True
                    if not found.sat:
                        inv[p.dst] = []
                        break
                    m = found.model
                    needed = {k for pa in posts for k in pa.coeffs}
                    values = {n: m.eval(syms[n], model_completion=True).as_long() for n in needed if n in syms}
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
        post = {v: z3.Const(f"{v}!post", cur[v].sort()) if not update[v].eq(cur[v]) else cur[v] for v in types}
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
    sub += [(ts.nondet_const(site), z3.Const(site + "!next", ts.nondet_const(site).sort())) for site in ts.nondets]
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


def obligation_solver(formula: z3.BoolRef) -> z3.Solver:
    """A z3 solver holding `formula` (asserted, not pushed): z3's bit-vector
    tactic for a formula of bit-vectors only (a ranking obligation over a nested
    loop: seconds, where the general solver takes ten), else the general one."""
    goal = z3.Goal()
    goal.add(formula)
    solver = z3.SolverFor("QF_BV") if z3.Probe("is-qfbv")(goal) == 1.0 else z3.Solver()
    solver.add(formula)
    return solver


def check_obligations(obligations: list[tuple[str, z3.BoolRef]], deadline: float) -> str:
    """'' if z3 finds every obligation unsatisfiable, else the first failure."""
    for name, f in obligations:
        if time.monotonic() >= deadline:
            return "timeout"
        answer = check(obligation_solver(f), deadline)
        if not answer.unsat:
            return f"{name}: {'counterexample found' if answer.sat else 'solver unknown'}"
    return ""


__all__ = ["LoopRankings", "rank_loops", "outermost", "split_cases", "ranking_obligations", "houdini",
           "invariant_candidates", "root_transitions", "block_sccs", "live_blocks", "check_obligations",
           "CertificateError", "RANKING_SHARE", "MAX_PAIR_VARS", "obligation_solver"]
