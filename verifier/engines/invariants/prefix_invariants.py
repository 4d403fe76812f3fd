"""Guessed array invariants that quantify over a range: ``forall k. 0 <= k < i -> a[k] == 0``.

Loops over arrays keep facts about the part they have done: an initialising
loop has set ``a[0..i)``, a copy has ``a[k] == b[k]`` there, a search has not
met the key there, a maximum bounds it, a shift has ``a[k] == b[k + 1]``, a
reversal (a loop working from both ends) has ``a[k] == b[n - 1 - k]`` at both
ends and the old elements in the middle. `prefix_candidates` proposes such
facts from templates, for every loop head, array and counter live there:

    forall k. lo <= k < hi -> BODY(k)

with ``[lo, hi)`` one of ``[0, len)``, ``[0, x)`` and ``[0, x - 1)`` (any integer
`x`), and for a counter `i` the loop assigns: ``[0, i + 1)``, ``[i + 1, len)`` (a loop
going down), ``[i, x)`` and ``[i + 1, x)`` (what is not done yet), ``[x - i, x)`` and
``[i, x - i)`` (both ends of a two-ended loop, and its middle); for an array of fixed
size walked row by row (a C 2-D array is one flat array), ``[0, c * i)`` and
``[0, c * x + j)`` with `c` a program constant dividing the size; BODY one of
``a[k] == e`` (a program constant, a variable the loop keeps, `k`, or ``c * k + d``: an
arithmetic progression some sample's first three elements follow),
``a[k] == b[k]``, ``a[k] == b[k + 1]``, ``a[k] == b[k - 1]``, ``a[k] == b[x - 1 - k]``,
``a[k] != x`` (a variable the loop keeps), ``a[k] != 0`` (no terminating 0 walked
over), ``a[k] <= e`` and ``a[k] >= e`` (a program constant, any variable `x`, ``a[x]``
or ``a[x - 1]``); and, unquantified, ``a[x] == c`` (the sentinel a walk stops at).
Only the candidates true of every sampled loop-head state, over a range not empty in
all of them, survive (evaluated on the concrete arrays); of the constant bounds, the
three tightest per direction; of variables equal in every sample, one stands for all.
Relations between arrays come first, bounds last, when a head has too many. Houdini
then keeps the inductive ones (re-checking a block only when the facts at its source
shrank), and the certifier re-checks the result like any invariant. The formulas
are in the integer reading (integer constants and integer-indexed arrays named
after the variables); `to_bitvectors.to_bv` carries them to a `bv` program.
"""

from __future__ import annotations

import math
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

import z3

from ... import ir
from ...arrays import ArrayValue
from ...cfa import Cfa
from ...solver import check
from .horn import HornView, Invariant

__all__ = ["prefix_candidates", "has_arrays", "prefix_houdini"]

#: Sampled states are checked on at most this many indices of each range.
MAX_CHECKED_INDICES = 24
#: At most this many candidates per loop head (templates multiply quickly),
#: and program constants (the smallest) tried as element values and bounds.
MAX_PER_HEAD, MAX_CONSTANTS = 80, 24
#: Of the constant bounds of one array on one range true of the samples, this many
#: of the tightest are kept per direction.
TIGHTEST = 3
#: Arithmetic progressions (``a[k] == c * k + d``) proposed per array, the most frequent in the samples.
PROGRESSIONS = 2

Env = dict[str, object]
#: The bound variable's name: no program variable is spelled so (the printer names it anew).
BOUND = "#k"


def has_arrays(variables: dict[str, ir.Type]) -> bool:
    """Has some variable an array type?"""
    return any(isinstance(t, ir.ArrayType) for t in variables.values())


@dataclass(frozen=True)
class _Range:
    """``[lo, hi)`` as terms, and its bounds on a concrete state."""

    lo: z3.ArithRef
    hi: z3.ArithRef
    bounds: Callable[[Env], tuple[int, int]]


@dataclass(frozen=True)
class _Body:
    """BODY(k) as a term over the bound variable, and its value on a state at an index.
    `rank` orders the survivors (lower first: they are kept when a head has too many):
    0 a relation to another array, 1 an equality, 2 a disequality, 3 a bound.
    `bound` marks ``a[k] <= c`` (``("<=", c)``) and ``a[k] >= c``: of those true on a
    range, only the `TIGHTEST` per direction are kept."""

    formula: z3.BoolRef
    value: Callable[[Env, int], bool]
    rank: int = 3
    bound: tuple[str, int] | None = None


def prefix_candidates(cfa: Cfa, states: dict[int, list[Env]], live: dict[int, list[str]],
                      constants: list[int], deadline: float = math.inf) -> dict[int, list[z3.BoolRef]]:
    """The range facts true of every sampled state at each loop head (heads
    without samples get none), on ranges some sample does not leave empty;
    what is found by `deadline` (a `time.monotonic()` instant)."""
    out: dict[int, list[z3.BoolRef]] = {}
    k = z3.Int(BOUND)
    for head, loop in cfa.loops.items():
        samples = states.get(head, [])
        if not samples:
            continue
        names = live.get(head, list(cfa.variables))
        survivors = sorted(_surviving(cfa, loop.assigned, names, constants, k, samples, deadline),
                           key=lambda rb: rb[1].rank)
        kept = [z3.ForAll([k], z3.Implies(z3.And(r.lo <= k, k < r.hi), b.formula)) for r, b in survivors]
        kept = _point_facts(cfa.variables, names, constants, samples) + kept
        if kept:
            out[head] = kept[:MAX_PER_HEAD]
    return out


def _point_facts(types, names: list[str], constants: list[int], samples: list[Env]) -> list[z3.BoolRef]:
    """``a[x] == c`` (a program constant) true of every sample, with `x` inside `a`
    in all of them: the sentinel a search stops at (a string's terminating 0)."""
    out = []
    arrays = [n for n in names if isinstance(types[n], ir.ArrayType) and isinstance(types[n].elem, ir.IntType)]
    ints = [n for n in names if isinstance(types[n], ir.IntType) and not n.startswith("__")]
    for a in arrays:
        t = types[a]
        for x in ints:
            try:
                values = {_select(env[a], env[x]) for env in samples if 0 <= env[x] < _length(a, t, env)}
                inside = all(0 <= env[x] < _length(a, t, env) for env in samples)
            except (KeyError, TypeError):
                continue
            if inside and len(values) == 1 and ((c := values.pop()) in constants or c == 0):
                out.append(z3.Array(a, z3.IntSort(), z3.IntSort())[z3.Int(x)] == c)
    return out


def _surviving(cfa: Cfa, assigned: frozenset[str], names: list[str], constants: list[int], k: z3.ArithRef,
               samples: list[Env], deadline: float):
    """(range, body) of each template true of every sample, over a range not empty in all."""
    types = cfa.variables
    arrays = [n for n in names if isinstance(types[n], ir.ArrayType) and isinstance(types[n].elem, ir.IntType)]
    ints = _distinct([n for n in names if isinstance(types[n], ir.IntType) and not n.startswith("__")], samples)
    counters = [n for n in ints if n in assigned]
    for a in arrays:
        t = types[a]
        ranges = list(_ranges(a, t, ints, counters, types)) + list(_row_ranges(t, ints, counters, constants))
        bodies = list(_bodies(a, t, arrays, ints, assigned, constants, k, types))
        elem = z3.Array(a, z3.IntSort(), z3.IntSort())[k]
        bodies += [_Body(elem == c * k + d, lambda env, i, a=a, c=c, d=d: _select(env[a], i) == c * i + d, rank=1)
                   for c, d in _progressions(a, samples)]
        spans = [[_indices(r, env) for env in samples] for r in ranges]
        # each body's value at an index of a sample, computed once for all ranges
        truth: list[list[dict[int, bool]]] = [[{} for _ in samples] for _ in bodies]
        for r, per_sample in zip(ranges, spans):
            if time.monotonic() >= deadline:
                return
            if per_sample is None or any(s is None for s in per_sample) or not any(per_sample):
                continue  # an undefined bound, or empty everywhere: no evidence
            true = [body for bi, body in enumerate(bodies)
                    if all(_holds_on(body, env, span, truth[bi][si])
                           for si, (env, span) in enumerate(zip(samples, per_sample)))]
            for body in _tightest(true):
                yield r, body


def _progressions(a: str, samples: list[Env]) -> list[tuple[int, int]]:
    """``(c, d)`` with ``a[m] == c * m + d`` for ``m`` 0, 1 and 2 in some sample (the arithmetic
    progression a loop writes: ``a[k] = 3 * k + 1``), the most frequent `PROGRESSIONS` first; not
    the constants and ``a[k] == k``, which `_bodies` proposes anyway."""
    counts: Counter[tuple[int, int]] = Counter()
    for env in samples:
        try:
            first, second, third = (_select(env[a], m) for m in range(3))
        except (KeyError, TypeError):
            continue
        c, d = second - first, first
        if third == 2 * c + d and c != 0 and (c, d) != (1, 0):
            counts[c, d] += 1
    return [cd for cd, _ in counts.most_common(PROGRESSIONS)]


def _distinct(ints: list[str], samples: list[Env]) -> list[str]:
    """One of each group of variables equal in every sample (the linear facts
    relate them), a source variable before a copy (``n@c1``, ``a#len``)."""
    out, seen = [], set()
    for x in sorted(ints, key=lambda n: ("@" in n or "#" in n, ints.index(n))):
        values = tuple(env.get(x) for env in samples)
        if values not in seen:
            seen.add(values)
            out.append(x)
    return sorted(out, key=ints.index)


def _tightest(bodies: list[_Body]) -> list[_Body]:
    """`bodies` without the constant bounds that `TIGHTEST` tighter ones of them imply
    (samples seldom reach the extreme elements, so the tightest alone may not be inductive)."""
    upper = sorted(b.bound[1] for b in bodies if b.bound and b.bound[0] == "<=")[:TIGHTEST]
    lower = sorted((b.bound[1] for b in bodies if b.bound and b.bound[0] == ">="), reverse=True)[:TIGHTEST]
    return [b for b in bodies if b.bound is None or b.bound[1] in (upper if b.bound[0] == "<=" else lower)]


def _indices(r: _Range, env: Env) -> range | None:
    """The indices of `r` checked on a sample (None: a bound it does not define)."""
    try:
        lo, hi = r.bounds(env)
    except (KeyError, TypeError):
        return None
    return range(lo, min(hi, lo + MAX_CHECKED_INDICES))


def _holds_on(body: _Body, env: Env, span: range, memo: dict[int, bool]) -> bool:
    for i in span:
        known = memo.get(i)
        if known is None:
            try:
                known = memo[i] = bool(body.value(env, i))
            except (KeyError, TypeError):
                known = memo[i] = False
        if not known:
            return False
    return True


def _ranges(a: str, t: ir.ArrayType, ints: list[str], counters: list[str], types):
    """The range templates over array `a` (see the module docstring)."""
    length = z3.IntVal(t.size) if t.size is not None else _int_var(ir.length_name(a), types)
    if length is not None:  # the whole array (a loop after the one that filled it)
        yield _Range(z3.IntVal(0), length, lambda env: (0, _length(a, t, env)))
    for x in ints:
        xv = z3.Int(x)
        yield _Range(z3.IntVal(0), xv, lambda env, x=x: (0, env[x]))
        yield _Range(z3.IntVal(0), xv - 1, lambda env, x=x: (0, env[x] - 1))
    for i in counters:
        iv = z3.Int(i)
        yield _Range(z3.IntVal(0), iv + 1, lambda env, i=i: (0, env[i] + 1))
        if length is not None:
            yield _Range(iv + 1, length, lambda env, i=i: (env[i] + 1, _length(a, t, env)))
        for x in ints:
            if x == i:
                continue
            xv = z3.Int(x)
            yield _Range(iv, xv, lambda env, i=i, x=x: (env[i], env[x]))
            yield _Range(iv + 1, xv, lambda env, i=i, x=x: (env[i] + 1, env[x]))
            yield _Range(xv - iv, xv, lambda env, i=i, x=x: (env[x] - env[i], env[x]))
            yield _Range(iv, xv - iv, lambda env, i=i, x=x: (env[i], env[x] - env[i]))


def _row_ranges(t: ir.ArrayType, ints: list[str], counters: list[str], constants: list[int]):
    """The range templates of a row-major walk over a 2-D array of fixed size (a C
    ``m[R][c]`` is one flat array): ``[0, c * i)`` (the rows a counter `i` has done)
    and ``[0, c * x + j)`` (those and the part of row `x` a counter `j` has done), for
    each program constant `c` that could be the row length (it divides the size)."""
    if t.size is None:
        return
    for c in sorted({c for c in constants if 1 < c < t.size and t.size % c == 0}):
        for i in counters:
            yield _Range(z3.IntVal(0), c * z3.Int(i), lambda env, i=i, c=c: (0, c * env[i]))
        for x in ints:
            for j in counters:
                if j != x:
                    yield _Range(z3.IntVal(0), c * z3.Int(x) + z3.Int(j),
                                 lambda env, x=x, j=j, c=c: (0, c * env[x] + env[j]))


def _int_var(name: str, types) -> z3.ArithRef | None:
    return z3.Int(name) if isinstance(types.get(name), ir.IntType) else None


def _length(a: str, t: ir.ArrayType, env: Env) -> int:
    return t.size if t.size is not None else env[ir.length_name(a)]


def _bodies(a: str, t: ir.ArrayType, arrays: list[str], ints: list[str], assigned: frozenset[str],
            constants: list[int], k: z3.ArithRef, types):
    """The body templates over array `a` (see the module docstring)."""
    av = z3.Array(a, z3.IntSort(), z3.IntSort())
    elem = av[k]

    def at(env: Env, i: int) -> int:
        return _select(env[a], i)

    # a constant no element can exceed (an index guard's 2**63 / 3) bounds nothing
    fitting = [c for c in set(constants) | {0} if t.elem.bits is None or t.elem.min <= c <= t.elem.max]
    for c in sorted(fitting, key=abs)[:MAX_CONSTANTS]:
        yield _Body(elem == c, lambda env, i, c=c: at(env, i) == c, rank=1)
        yield _Body(elem <= c, lambda env, i, c=c: at(env, i) <= c, bound=("<=", c))
        yield _Body(elem >= c, lambda env, i, c=c: at(env, i) >= c, bound=(">=", c))
    yield _Body(elem == k, lambda env, i: at(env, i) == i, rank=1)
    # no terminating 0 in the part walked over (random samples pass ``!= c`` for most other c)
    yield _Body(elem != 0, lambda env, i: at(env, i) != 0, rank=2)
    for x in ints:
        xv = z3.Int(x)
        if x not in assigned:
            yield _Body(elem == xv, lambda env, i, x=x: at(env, i) == env[x], rank=1)
            yield _Body(elem != xv, lambda env, i, x=x: at(env, i) != env[x], rank=2)
        yield _Body(elem <= xv, lambda env, i, x=x: at(env, i) <= env[x])
        yield _Body(elem >= xv, lambda env, i, x=x: at(env, i) >= env[x])
        # the element at a remembered position (the index of a minimum or maximum), or the last one
        yield _Body(elem <= av[xv], lambda env, i, x=x: at(env, i) <= at(env, env[x]))
        yield _Body(elem >= av[xv], lambda env, i, x=x: at(env, i) >= at(env, env[x]))
        yield _Body(elem <= av[xv - 1], lambda env, i, x=x: at(env, i) <= at(env, env[x] - 1))
        yield _Body(elem >= av[xv - 1], lambda env, i, x=x: at(env, i) >= at(env, env[x] - 1))
    for b in arrays:
        if b != a and types[b].elem == t.elem:
            bv = z3.Array(b, z3.IntSort(), z3.IntSort())
            if (a in assigned, b) > (b in assigned, a):  # b[k] == a[k] is the same fact: the written array first
                yield _Body(elem == bv[k], lambda env, i, b=b: at(env, i) == _select(env[b], i), rank=0)
            yield _Body(elem == bv[k + 1], lambda env, i, b=b: at(env, i) == _select(env[b], i + 1), rank=0)
            yield _Body(elem == bv[k - 1], lambda env, i, b=b: at(env, i) == _select(env[b], i - 1), rank=0)
            for x in ints:  # a reversed copy
                yield _Body(elem == bv[z3.Int(x) - 1 - k],
                            lambda env, i, b=b, x=x: at(env, i) == _select(env[b], env[x] - 1 - i), rank=0)


def _select(array: object, i: int) -> int:
    return array.select(i) if isinstance(array, ArrayValue) else 0


def prefix_houdini(view: HornView, known: Invariant, candidates: dict[int, list[z3.BoolRef]], deadline: float,
                   translate: Callable[[z3.BoolRef], z3.BoolRef | None] | None = None,
                   query_ms: int = 1000) -> dict[int, list[z3.BoolRef]] | None:
    """The candidates that are inductive together on top of `known` (an
    inductive invariant in the view's terms), per loop head, or None past the
    deadline. Each candidate is checked alone against each block (z3 decides
    one quantified fact quickly, a disjunction of many slowly); an undecided
    one (past `query_ms` or `QUERY_RLIMIT`) is dropped. A block is checked again only when the facts at its
    source have shrunk (what it proved from the same facts still holds). A state
    that fails one candidate after a block (z3's model) drops the others it fails
    too, without a query of their own (these are the slow ones).
    `translate` maps a candidate to the view's terms."""
    ts = view.ts
    heads = set(ts.cfa.loops)
    live: dict[int, list[tuple[z3.BoolRef, z3.BoolRef]]] = {}
    for h in heads:
        pairs = [(c, translate(c) if translate else c) for c in candidates.get(h, [])]
        live[h] = [(c, t) for c, t in pairs if t is not None]
    blocks = [b for b in view.loop_blocks() if live[b.dst]]
    pending = list(range(len(blocks)))  # blocks whose source facts changed since they were last checked
    while pending:
        b = blocks[pending.pop(0)]
        if not live[b.dst]:
            continue
        pre = [view.state_facts, view.nondet_facts, b.guard]
        if b.src in heads:
            pre += [known.get(b.src, z3.BoolVal(True)), *(t for _, t in live[b.src])]
        subst = [(ts.current[n], v) for n, v in b.update.items()]
        solver = z3.Solver()
        solver.add(*pre)
        kept = []
        models: list[z3.ModelRef] = []  # states at the source that fail some candidate after the block
        for c, t in live[b.dst]:
            if time.monotonic() >= deadline:
                return None
            post = z3.substitute(t, *subst) if subst else t
            if any(_fails_in(m, post) for m in models[-RECENT_MODELS:]):
                continue  # the same query would be satisfiable: no need to ask it
            answer = check(solver, deadline, z3.Not(post), cap_s=query_ms / 1000, rlimit=QUERY_RLIMIT)
            if answer.unsat:
                kept.append((c, t))
            elif answer.sat and answer.model is not None:
                models.append(answer.model)
        if len(kept) != len(live[b.dst]):
            live[b.dst] = kept
            pending += [i for i, other in enumerate(blocks) if other.src == b.dst and i not in pending]
    return {h: [c for c, _ in pairs] for h, pairs in live.items() if pairs}


#: z3's resource budget per candidate and block (on top of the time cap): the inductive
#: candidates of the memory corpus were decided within 65,000 units; the failing ones took
#: up to 400,000 and the undecided ones 600,000 (a tenth to a fifth of a second each).
#: Unlike the time cap, a loaded machine does not shrink it.
QUERY_RLIMIT = 200_000
#: A candidate is first evaluated in the models of this many of the last failed
#: queries on the block (each evaluation costs about a tenth of a failed query;
#: more models drop few more candidates), and each evaluation, a closed formula
#: over the bound variable, gets at most this long.
RECENT_MODELS, MODEL_QUERY_MS = 2, 20


def _fails_in(model: z3.ModelRef, post: z3.BoolRef) -> bool:
    """Is `post` false in `model` (a counterexample to another candidate, which then
    refutes this one too without a query on the block)? False when undecided. (A
    candidate dropped wrongly would only be missing from the invariant: whatever is
    kept is still checked inductive, and the certificate re-checked.)"""
    value = model.eval(post, model_completion=True)
    if z3.is_true(value) or z3.is_false(value):
        return z3.is_false(value)
    solver = z3.Solver()
    solver.set("timeout", MODEL_QUERY_MS)
    solver.add(z3.Not(value))  # closed: satisfiable iff the quantified fact is false in the model
    return solver.check() == z3.sat
