"""Candidate invariants guessed from sampled executions, kept if inductive (Houdini).

`sample_states` runs the automaton concretely (the interpreter's semantics)
on small pseudo-random inputs and nondeterministic values (seeded, so runs
are reproducible; plain `random` rather than Hypothesis, whose import alone
costs a third of a second of the one-second budget of a whole run) and
records the states seen at each loop head. `guess_candidates` proposes, per loop head,
facts true of every sample: constant values, bounds of variables and of
sums and differences of two variables (octagons), congruences of variables and
of their sums and differences (``x % 4 == 1``: a step of 4, or a phase of a loop that
leaves by ``break``), and affine equalities
among the variables and (for few variables) their pairwise products. `houdini`
keeps the largest subset that is inductive on a `HornView`: a candidate
falsified after some block from a state satisfying the rest is dropped,
until nothing changes. What survives holds at every reachable loop-head
state; whether it proves a check is for the certificate's re-check.
"""

from __future__ import annotations

import random
import time
from collections.abc import Sequence
from fractions import Fraction
from itertools import combinations

import z3

from ... import ir
from ...arrays import ArrayValue, is_length_variable
from ...cfa import Cfa, nondet_nodes
from ...interpret import CheckFailed, Evaluator, execute
from ...irutil import subexpressions
from ...solver import check
from .horn import HornView, Invariant
from .rendering import conj, nonlinear

__all__ = ["sample_states", "guess_candidates", "houdini"]

#: Executions sampled and edges each may take: enough to see a few dozen
#: iterations of most loops while keeping sampling near 0.1 s.
RUNS = 24
MAX_EDGES = 600
#: A long run looks at the deadline every this many edges.
DEADLINE_EVERY = 1024
#: Distinct states kept per loop head (the affine-hull computation is cubic in it).
MAX_STATES = 80
#: ... and per run, so that one long run does not fill them with one input's states.
MAX_STATES_PER_RUN = 8
#: Products of variables are only proposed with at most this many variables at a head.
MAX_VARS_FOR_PRODUCTS = 5
#: Program constants tried as bounds (with their neighbours).
MAX_CONSTANTS = 24
#: Program constants wider than this are no bounds to try (``10**4300``, the Python frontend's bound on
#: the digits ``str`` writes: as a bound it holds of every sample, and z3's nonlinear reasoning with such
#: numbers is slow and overruns its timeouts; `certify` does not minimize invariants then either).
MAX_CONSTANT_BITS = 1024
#: Program constants tried as factors between two variables.
MAX_FACTORS = 4
#: Congruences ``t % m == r`` are proposed for the moduli up to this that divide every
#: difference between two samples of `t`, at most `MAX_MODULI` of them per term, the largest first.
MAX_MODULUS, MAX_MODULI, MIN_CONGRUENT_VALUES = 64, 3, 3

States = dict[int, list[dict[str, int]]]


def sample_states(cfa: Cfa, deadline: float, runs: int = RUNS, max_edges: int = MAX_EDGES,
                  seed: int = 0, max_states: int = MAX_STATES, per_run: int = MAX_STATES_PER_RUN,
                  constants: tuple[int, ...] = (), starts: Sequence[tuple[int, dict]] = ()) -> States:
    """States at loop heads seen in concrete runs (each at most `max_edges` edges),
    at most `max_states` per head and `per_run` of them from one run. With `constants`,
    a nondeterministic value is one of them half of the time (a path behind ``n == 16``
    that small random values never take). With `starts`, run `r` starts at the node and
    state of ``starts[r % len(starts)]`` instead of the entry and drawn inputs."""
    out_edges = cfa.outgoing()
    sites = {id(e): nondet_nodes(e.action) for e in cfa.edges}
    truths = {id(nd) for e in cfa.edges for nd in _truth_nondets(e.action)}
    states: States = {h: [] for h in cfa.loops}
    seen: dict[int, set[tuple]] = {h: set() for h in cfa.loops}
    rng = random.Random(seed)
    lengths = [name for name in cfa.variables if is_length_variable(name, cfa.variables)]
    for run in range(runs):
        if time.monotonic() > deadline:
            break
        # alternate small inputs with wider ones; nondet truth values biased per run
        spread = 12 if run % 3 else 200
        bias = (0.1, 0.5, 0.9)[run % 3]
        if starts:
            node, env = starts[run % len(starts)]
            env = dict(env)
        else:
            env = {name: _draw(rng, t, bias, spread) for name, t in cfa.variables.items()}
            for name in lengths:  # few distinct lengths: arrays assumed of equal length often are
                env[name] = rng.randint(0, MAX_LENGTH)
            node = cfa.entry
        # a uniform sample of this run's states at each head (reservoir sampling)
        reservoir: dict[int, list[dict[str, int]]] = {h: [] for h in cfa.loops}
        visits = dict.fromkeys(cfa.loops, 0)
        for step in range(max_edges):
            if node == cfa.exit or (step % DEADLINE_EVERY == DEADLINE_EVERY - 1 and time.monotonic() > deadline):
                break
            if node in cfa.loops:
                visits[node] += 1
                if len(reservoir[node]) < per_run:
                    reservoir[node].append(env)
                else:
                    slot = rng.randrange(visits[node])
                    if slot < per_run:
                        reservoir[node][slot] = env
            taken = None
            drawn: dict[int, int] = {}  # a branch's edges share their condition's values
            for edge in out_edges.get(node, []):
                for nd in sites[id(edge)]:
                    if id(nd) not in drawn:
                        drawn[id(nd)] = int(rng.random() < bias) if id(nd) in truths else \
                            _draw(rng, nd.type, bias, spread, constants)
                values = {id(nd): drawn[id(nd)] for nd in sites[id(edge)]}
                try:
                    result = execute(edge.action, Evaluator(env, values), env)
                except CheckFailed:
                    break
                except Exception:  # an operation the interpreter rejects: end this run
                    break
                if result is not None:
                    env, taken = result, edge
                    break
            if taken is None:
                break
            node = taken.dst
        for h, picked in reservoir.items():
            for env in picked:
                key = tuple(env.values())
                if key not in seen[h] and len(states[h]) < max_states:
                    seen[h].add(key)
                    states[h].append(dict(env))
    return states


def _truth_nondets(action: object) -> list[ir.Nondet]:
    """The nondeterministic ints of an edge's action only compared with 0 (``if (nondet())``,
    ``while (nondet())``): drawn as truth values, biased per run like a `bool`, so that a loop
    left by ``if (__VERIFIER_nondet_int()) break;`` runs more than once in some runs."""
    expr = action.value if isinstance(action, ir.Assign) else getattr(action, "cond", None)  # Assume, Check
    if expr is None or not nondet_nodes(action):
        return []
    return [side for e in subexpressions(expr) if isinstance(e, ir.Binary) and e.op in ("ne", "eq")
            for side, other in ((e.left, e.right), (e.right, e.left))
            if isinstance(side, ir.Nondet) and isinstance(side.type, ir.IntType)
            and isinstance(other, ir.Const) and other.value == 0]


#: A sampled array holds drawn elements at its first indices, this many at most;
#: the length variables of arrays are drawn from 0 .. MAX_LENGTH.
ARRAY_ELEMENTS, MAX_LENGTH = 16, 12


def _draw(rng: random.Random, t: ir.Type, bias: float, spread: int,
          constants: tuple[int, ...] = ()) -> int | ArrayValue:
    """A value of type `t`: mostly small (loops then run a few dozen times), sometimes
    the type's edges, half of the time one of `constants` (an integer in its range);
    an array holds such elements (at its first indices, and beyond)."""
    if constants and isinstance(t, ir.IntType) and rng.random() < 0.5:
        fitting = [c for c in constants if (t.min is None or c >= t.min) and (t.max is None or c <= t.max)]
        if fitting:
            return rng.choice(fitting)
    if isinstance(t, ir.ArrayType):
        count = min(t.size if t.size is not None else spread, ARRAY_ELEMENTS)
        return ArrayValue(_draw(rng, t.elem, bias, spread), {i: _draw(rng, t.elem, bias, spread) for i in range(count)})
    if isinstance(t, ir.BoolType):
        return int(rng.random() < bias)
    lo, hi = t.min, t.max
    r = rng.random()
    if r < 0.03 and lo is not None:
        return rng.choice((lo, hi))
    low = -spread // 3 if lo is None or lo < 0 else 0
    return rng.randint(low, spread)


# --------------------------------------------------------------- candidates


def _int_constants(cfa: Cfa) -> set[int]:
    """The integer constants written in the program."""
    found: set[int] = set()
    for edge in cfa.edges:
        a = edge.action
        for attr in ("value", "cond", "expr"):
            e = getattr(a, attr, None)
            if isinstance(e, ir.Expr):
                found.update(c.value for c in subexpressions(e)
                             if isinstance(c, ir.Const) and isinstance(c.type, ir.IntType))
    return found


def program_constants(cfa: Cfa, limit: int = MAX_CONSTANTS) -> list[int]:
    """Integer constants written in the program (and their neighbours), smallest magnitude first;
    none wider than `MAX_CONSTANT_BITS`."""
    found = {v + d for v in _int_constants(cfa) if abs(v).bit_length() <= MAX_CONSTANT_BITS for d in (-1, 0, 1)}
    return sorted(found, key=lambda v: (abs(v), v))[:limit]


def has_wide_constants(cfa: Cfa) -> bool:
    """The program has an integer constant wider than `MAX_CONSTANT_BITS`."""
    return any(abs(v).bit_length() > MAX_CONSTANT_BITS for v in _int_constants(cfa))


def guess_candidates(states: States, live: dict[int, list[str]], ints: set[str],
                     constants: list[int] = (), constant_pairs: bool = True) -> dict[int, list[z3.BoolRef]]:
    """Facts true of every sampled state at each loop head, over its live integer variables
    (as formulas over integer constants: the `math` reading). `constants` (the
    program's) are tried as bounds of single variables. Without `constant_pairs`, a
    variable of one value in every sample is in no fact but ``x == c`` (the facts
    pairing it with others are mostly that one rewritten: a pointer's object and
    offset beside every counter multiply Houdini's work)."""
    out: dict[int, list[z3.BoolRef]] = {}
    for head, names in live.items():
        samples = states.get(head, [])
        names = [n for n in names if n in ints]
        if not samples or not names:
            out[head] = []
            continue
        xs = {n: z3.Int(n) for n in names}
        cands: list[z3.BoolRef] = []
        forms: list[tuple[z3.ArithRef, list[int]]] = [(xs[n], [s[n] for s in samples]) for n in names]
        if not constant_pairs:
            singles = names
            names = [n for n in names if len({s[n] for s in samples}) > 1]
            cands += [xs[n] == samples[0][n] for n in singles if n not in names]
            forms = [(xs[n], [s[n] for s in samples]) for n in names]
        for a, b in combinations(names, 2):
            forms.append((xs[a] - xs[b], [s[a] - s[b] for s in samples]))
            forms.append((xs[a] + xs[b], [s[a] + s[b] for s in samples]))
        # a variable against a multiple of another, by the program's own factors (s <= 100*i)
        factors = [c for c in constants if 2 <= c <= 10_000][:MAX_FACTORS]
        for a, b in combinations(names, 2):
            for c in factors:
                forms.append((xs[a] - c * xs[b], [s[a] - c * s[b] for s in samples]))
                forms.append((xs[b] - c * xs[a], [s[b] - c * s[a] for s in samples]))
        for index, (term, values) in enumerate(forms):
            lo, hi = min(values), max(values)
            if lo == hi:
                cands.append(term == lo)
                continue
            if index < len(names) + len(names) * (len(names) - 1):  # a variable, a difference or a sum
                cands += _congruences(term, values)
            lows, highs = {lo, 0, 1}, {hi, 0}
            if index < len(names):  # a single variable: also the program's constants
                lows.update(c for c in constants if c <= lo)
                highs.update(c for c in constants if c >= hi)
                lows = set(sorted(lows, reverse=True)[:4])
                highs = set(sorted(highs)[:4])
            cands += [term >= b for b in sorted(lows) if b <= lo]
            cands += [term <= b for b in sorted(highs) if b >= hi]
        cands += _affine_equalities(samples, names, xs)
        out[head] = _dedupe(cands)
    return out


def _congruences(term: z3.ArithRef, values: list[int]) -> list[z3.BoolRef]:
    """``term % m == r`` true of every sampled value, for the moduli `m` of at most
    `MAX_MODULUS` that divide every difference of two values (`MAX_MODULI`, largest first);
    none from fewer than `MIN_CONGRUENT_VALUES` distinct values (two say little)."""
    if len(set(values)) < MIN_CONGRUENT_VALUES:
        return []
    step = 0
    for v in values:
        step = _gcd(step, v - values[0])
    moduli = [m for m in range(min(step, MAX_MODULUS), 1, -1) if step % m == 0][:MAX_MODULI]
    return [term % m == values[0] % m for m in moduli]


def _dedupe(cands: list[z3.BoolRef]) -> list[z3.BoolRef]:
    seen, out = set(), []
    for c in cands:
        c = z3.simplify(c)
        if z3.is_true(c) or c.get_id() in seen:
            continue
        seen.add(c.get_id())
        out.append(c)
    return out


def _affine_equalities(samples, names, xs) -> list[z3.BoolRef]:
    """Equalities `sum(a_i * t_i) == c` holding on every sample, where the t_i are
    the variables and, with few variables, their pairwise products."""
    terms: list[tuple[z3.ArithRef, object]] = [(xs[n], (n,)) for n in names]
    distinct_points = {tuple(s[n] for n in names) for s in samples}
    if len(names) <= MAX_VARS_FOR_PRODUCTS and len(distinct_points) > 2 * len(names):
        for a, b in combinations(names + names[:0], 2):
            terms.append((xs[a] * xs[b], (a, b)))
        for a in names:
            terms.append((xs[a] * xs[a], (a, a)))

    def value(s, key) -> int:
        v = 1
        for n in key:
            v *= s[n]
        return v

    from ...linalg import null_space  # FLINT costs 20 ms to import: not for the sampler, which shares this module

    rows = [[Fraction(value(s, key)) for _, key in terms] + [Fraction(1)] for s in samples]
    linear = len(names)
    out = _equalities(null_space([r[:linear] + r[-1:] for r in rows], linear + 1), terms[:linear])
    if len(terms) == linear:
        return out
    products = _equalities(null_space(rows, len(terms) + 1), terms)
    # keep the equalities with products that the linear ones do not imply
    solver = z3.Solver()
    solver.set("timeout", 200)
    solver.add(*out)
    for eq in products:
        if not nonlinear(eq):
            continue
        solver.push()
        solver.add(z3.Not(eq))
        if solver.check() != z3.unsat:
            out.append(eq)
        solver.pop()
    return out


def _equalities(basis: list[list[Fraction]], terms) -> list[z3.BoolRef]:
    out = []
    for vec in basis:
        den = 1
        for v in vec:
            den = den * v.denominator // _gcd(den, v.denominator)
        coeffs = [int(v * den) for v in vec]
        if all(c == 0 for c in coeffs[:-1]):
            continue
        lhs = z3.Sum([c * t for c, (t, _) in zip(coeffs, terms) if c]) if any(coeffs[:-1]) else z3.IntVal(0)
        out.append(lhs == -coeffs[-1])
    return out


def _gcd(a: int, b: int) -> int:
    while b:
        a, b = b, a % b
    return abs(a)


# ------------------------------------------------------------------ Houdini


def houdini(view: HornView, candidates: dict[int, list[z3.BoolRef]], deadline: float,
            translate=None, query_ms: int = 2000) -> Invariant | None:
    """The largest inductive subset of `candidates` (per loop head, a conjunction),
    or None past the deadline. `translate` maps a candidate to the view's terms
    (default: identity); the result is in the candidates' own terms."""
    ts = view.ts
    heads = set(ts.cfa.loops)
    live: dict[int, list[tuple[z3.BoolRef, z3.BoolRef]]] = {}
    for h in heads:
        pairs = []
        for c in candidates.get(h, []):
            t = translate(c) if translate else c
            if t is not None:
                pairs.append((c, t))
        live[h] = pairs
    blocks = [b for b in view.loop_blocks()]
    changed = True
    while changed:
        changed = False
        for b in blocks:
            if not live[b.dst]:
                continue
            pre = [view.state_facts, view.nondet_facts, b.guard]
            if b.src in heads:
                pre += [t for _, t in live[b.src]]
            subst = [(ts.current[n], v) for n, v in b.update.items()]
            posts = _substitute_all([t for _, t in live[b.dst]], subst)
            solver = z3.Solver()
            solver.add(*pre)
            # each candidate's truth after the block, named once: the queries and models below then
            # handle small literals rather than the candidates' terms (most of a large Houdini's time)
            marks = [z3.Bool(f"houdini!{i}") for i in range(len(posts))]
            solver.add(*[m == p for m, p in zip(marks, posts)])
            posts = marks
            while posts:
                if time.monotonic() >= deadline:
                    return None
                found = check(solver, deadline, z3.Or([z3.Not(p) for p in posts]), cap_s=query_ms / 1000)
                if found.unsat:
                    break
                model = found.model
                if found.unknown:
                    # undecided (often products of variables): drop the hardest candidate
                    hardest = max(range(len(posts)), key=lambda i: (nonlinear(live[b.dst][i][0]),
                                                                     len(live[b.dst][i][0].sexpr())))
                    keep = [i for i in range(len(posts)) if i != hardest]
                    live[b.dst] = [live[b.dst][i] for i in keep]
                    posts = [posts[i] for i in keep]
                    changed = True
                    continue
                falsified = [i for i, p in enumerate(posts)
                             if z3.is_false(model.eval(p, model_completion=True))]
                if not falsified:
                    return None  # the model does not decide the candidates: give up
                keep = [i for i in range(len(posts)) if i not in set(falsified)]
                live[b.dst] = [live[b.dst][i] for i in keep]
                posts = [posts[i] for i in keep]
                changed = True
    return {h: conj([c for c, _ in live[h]]) for h in heads}


def _substitute_all(terms: list[z3.BoolRef], subst: list[tuple[z3.ExprRef, z3.ExprRef]]) -> list[z3.BoolRef]:
    """`terms` after `subst`, in one substitution (one per term costs z3's Python
    layer a check of every pair each time: most of a large Houdini's time)."""
    if not subst or not terms:
        return list(terms)
    together = z3.substitute(z3.And(terms), *subst)
    if together.num_args() == len(terms):
        return [together.arg(i) for i in range(len(terms))]
    return [z3.substitute(t, *subst) for t in terms]
