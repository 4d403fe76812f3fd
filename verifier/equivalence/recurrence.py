"""A recursion against a loop: the loop's invariant in terms of the recursive function.

When one side of `verify equiv` recurses (a self-recursive function `h`, called
from loop-free code) and the other does not, the recursive side is read as
uninterpreted functions with their defining equations (`definitions`), and the
loop side's invariant may speak of them: Houdini keeps, at each loop head, the
inductive subset of candidate facts

    v == h(u + c)   when u + c is in h's domain   (v, u variables or inputs, |c| <= 2)
    u <= v, u == v, u >= 0, ...

so an iterative Fibonacci gets ``a == fib(i) && b == fib(i + 1)``, a running
sum ``s == sum(i - 1)``, a tribonacci loop one fact per variable. Every query
carries the instances of the definitions at the applications it mentions
(`Definitions.facts`). The proof is: the facts hold on entry and are kept by
every loop step, the loop side fails no check, and where it returns it returns
the recursive side's value; with `Definitions.obligations` (both sides'
functions return normally) and, for total equivalence, both sides end (a
measure for the recursive calls, a ranking function for each loop). All of it
goes to the re-check as unsatisfiable formulas.
"""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass

import z3

from .. import ir
from ..call_graph import recursive_functions
from ..errors import AnalysisUnsupported
from ..int_reading import int_fits, int_range
from ..smt import EncodeUnsupported
from ..solver import check, smt2
from .definitions import Definitions, read_definitions
from .side_encoding import RETURNED, Side, encode_side

__all__ = ["recurrence_answer", "loop_against_recursion", "OFFSETS"]

#: Offsets c of the candidate facts ``v == h(u + c)``: a loop that keeps the last
#: three values of a recurrence needs three consecutive ones.
OFFSETS = (-2, -1, 0, 1, 2)
#: Time limit of one Houdini or proof query.
QUERY_S = 3.0
#: Share of the time left that the termination proofs may take.
TERMINATION_SHARE = 0.5
ENGINE = "recurrence+houdini"
#: Small inputs the loop side runs on (with the domain's ends) to drop candidates
#: before Houdini; runs and loop steps per run.
SMALL = (0, 1, 2, 3, 4, 5, 7, -1, -2)
MAX_RUNS = 40
#: Start values c of counters in the candidate facts ``x <= y + k || x <= c``.
CAPS = (0, 1, 2)
MAX_VALUES = 18
MAX_STEPS = 200


@dataclass
class _Step:
    """From cut-point `src`, when `constraint` holds, to loop head `dst` with
    state `env`, or (dst None) to an end where `goal` must hold."""

    src: int
    constraint: z3.BoolRef
    dst: int | None
    env: dict[str, z3.ExprRef]
    goal: z3.BoolRef | None = None


def loop_against_recursion(pa: ir.Program, fa: str, pb: ir.Program, fb: str) -> bool:
    """Exactly one side recurses and the other has a loop (or a jump back): what
    this engine is for, and what summaries of loop-free functions cannot read."""
    from ..call_graph import reachable_functions
    from ..irutil import all_stmts

    rec_a, rec_b = bool(recursive_functions(pa, fa)), bool(recursive_functions(pb, fb))
    if rec_a == rec_b:
        return False
    program, function = (pb, fb) if rec_a else (pa, fa)
    names = {function} | reachable_functions(program, function)
    return any(isinstance(st, (ir.While, ir.Goto)) for n in names for st in all_stmts(program.functions[n].body))


def recurrence_answer(pa: ir.Program, fa: str, pb: ir.Program, fb: str, deadline: float, partial: bool):
    """An `EngineAnswer` (``equal``) or None: the sides are not a recursion and a
    non-recursive function, or no invariant was found by `deadline`."""
    from .check import EngineAnswer

    rec_a, rec_b = bool(recursive_functions(pa, fa)), bool(recursive_functions(pb, fb))
    if rec_a == rec_b:
        return None
    (pr, fr), (pl, fl, tag) = ((pa, fa), (pb, fb, "2")) if rec_a else ((pb, fb), (pa, fa, "1"))
    if pl.language != "c":  # the same C domain of inputs on both sides
        return None
    defs = read_definitions(pr, fr, deadline)
    if defs is None:
        return None
    try:
        side = encode_side(pl, fl, tag, "int")
    except (AnalysisUnsupported, EncodeUnsupported, z3.Z3Exception):
        return None
    if side.ret_var is None or len(side.params) != len(defs.paths[fr].params) or \
            not all(isinstance(p.type, ir.IntType) for p in side.params):
        return None
    proof = _prove(defs, side, fr, deadline)
    if proof is None:
        return None
    text, obligations = proof
    label_r, label_l = ("A", "B") if rec_a else ("B", "A")
    if defs.table:  # the table's obligations show every call goes one way
        lo, hi = min(defs.table), max(defs.table)
        ends = f"{label_r}: every call {defs.recursive}(j), {lo} <= j <= {hi}, calls it " \
               f"{'below' if defs.descent == 'down' else 'above'} j"
    else:  # the definitions stand only for a recursion that ends
        from ..engines.termination.recursion import rank_recursion

        ranking = rank_recursion(pr, fr, deadline)
        if not ranking.measures:
            return None
        obligations += ranking.obligations
        ends = f"{label_r}: recursive calls decrease " + "; ".join(
            f"{n}: {', '.join(levels)}" for n, levels in ranking.measures.items())
    scripts = [smt2(f) for f in obligations]
    if partial:
        termination = "not required (--partial: agreement whenever both end)"
    else:
        from .termination import prove_terminates

        ended = prove_terminates(side, time.monotonic() + TERMINATION_SHARE * max(0.0, deadline - time.monotonic()))
        if not ended.proved:
            return None
        scripts += ended.proof_smt2
        termination = f"{ends}; {label_l}: {ended.text}"
    return EngineAnswer("equal", ENGINE, certificate_kind="coupling-invariant", certificate_text=text,
                        proof_smt2=scripts, termination=termination)


def _prove(defs: Definitions, side: Side, target: str, deadline: float) -> tuple[str, list[z3.BoolRef]] | None:
    """(the loop side's invariant shown readably, every obligation) or None."""
    ghosts = {f"in!{p.name}": z3.Int(f"in!{p.name}") for p in side.params}
    expected = defs.apply(target, list(ghosts.values()))
    steps = _steps(side, expected)
    heads = sorted({s.dst for s in steps if s.dst is not None})
    entry = z3.And(*[side.current[p.name] == ghosts[f"in!{p.name}"] for p in side.params],
                   *[int_range(ghosts[f"in!{p.name}"], p.type) for p in side.params])
    seen = _samples(defs, side, heads, deadline)
    candidates = {h: [f for f in _candidates(defs, side, h) if all(f.holds(env, defs) for env in seen[h])]
                  for h in heads}

    def holds(loc: int, env: dict[str, z3.ExprRef], facts) -> z3.BoolRef:
        if loc == side.entry:
            return z3.substitute(entry, *[(side.current[n], env[n]) for n in side.current])
        return z3.And(*[f.formula({**env, **ghosts}, defs) for f in facts[loc]])

    def known_at(s: _Step, facts) -> list[z3.BoolRef]:
        """The definitions' facts for step `s` with `facts` at its ends."""
        apps = [a for f in facts.get(s.src, []) for a in f.application({**side.current, **ghosts}, defs)]
        if s.dst is not None:
            apps += [a for f in facts[s.dst] for a in f.application({**s.env, **ghosts}, defs)]
        return defs.facts(s.constraint, *([s.goal] if s.goal is not None else []), apps=tuple(apps))

    known = _houdini(defs, side, steps, candidates, holds, known_at, deadline)
    if known is None:
        return None
    obligations = []
    for s in steps:
        body = z3.And(holds(s.src, side.current, known), s.constraint)
        head = s.goal if s.dst is None else holds(s.dst, s.env, known)
        claim = z3.And(body, z3.Not(head))
        obligations.append(z3.And(*known_at(s, known), claim))
    obligations += defs.obligations()
    for f in obligations:
        if not check(z3.Solver(), deadline, f, cap_s=QUERY_S).unsat:
            return None
    return _text(defs, side, known, heads, ghosts), obligations


def _samples(defs: Definitions, side: Side, heads: list[int], deadline: float) -> dict[int, list[dict[str, int]]]:
    """Concrete states (variables and ``in!`` inputs) seen at each loop head when
    the loop side runs on small inputs and the domain's ends."""
    values = set(SMALL)
    for bounds in [*defs.domains.values(), defs.called]:
        values |= {v + d for b in bounds for v in b if v is not None and abs(v) < 10 ** 6 for d in (-1, 0, 1)}
    per_param = sorted(values, key=abs)[:MAX_VALUES]
    seen: dict[int, list[dict[str, int]]] = {h: [] for h in heads}
    outgoing: dict[int, list] = {}
    for b in side.blocks:
        outgoing.setdefault(b.src, []).append(b)
    for inputs in itertools.islice(itertools.product(per_param, repeat=len(side.params)), MAX_RUNS):
        if time.monotonic() >= deadline:
            break
        if not all(int_fits(v, p.type) for v, p in zip(inputs, side.params)):
            continue
        env = {n: (z3.BoolVal(False) if z3.is_bool(t) else z3.IntVal(0)) for n, t in side.current.items()}
        env.update({p.name: z3.IntVal(v) for p, v in zip(side.params, inputs)})
        given = {f"in!{p.name}": v for p, v in zip(side.params, inputs)}
        loc = side.entry
        for _ in range(MAX_STEPS):
            pairs = [(side.current[n], env[n]) for n in side.current]
            block = next((b for b in outgoing.get(loc, []) if z3.is_true(z3.simplify(z3.substitute(b.guard, *pairs)))),
                         None)
            if block is None:
                break
            env = {**env, **{n: z3.simplify(z3.substitute(t, *pairs)) for n, t in block.update.items()}}
            loc = block.dst
            if loc in seen:
                state = {n: v.as_long() for n, v in env.items() if z3.is_int_value(v)}
                seen[loc].append({**state, **given})
    return seen


def _steps(side: Side, expected: z3.ExprRef) -> list[_Step]:
    """Every block and failing check from a cut-point, with what an end must satisfy."""
    out = []
    for b in side.blocks:
        env = {**side.current, **b.update}
        constraint = z3.And(_ranges(side, b.src), b.guard)
        if b.dst == side.exit:
            out.append(_Step(b.src, constraint, None, env, z3.And(env[RETURNED], env[side.ret_var] == expected)))
        else:
            out.append(_Step(b.src, constraint, b.dst, env))
    for e in side.errors:
        out.append(_Step(e.src, z3.And(_ranges(side, e.src), e.cond), None, side.current, z3.BoolVal(False)))
    return out


def _ranges(side: Side, loc: int) -> z3.BoolRef:
    """Each fixed-width variable live at `loc` holds a value of its type."""
    facts = []
    for n in side.live.get(loc, side.variables):
        t = side.variables[n]
        if isinstance(t, ir.IntType) and t.bits is not None:
            facts.append(int_range(side.current[n], t))
    return z3.And(*facts) if facts else z3.BoolVal(True)


@dataclass(frozen=True)
class _Fact:
    """A candidate fact over state names (``in!x`` for input x): `kind` ``ge``
    (x >= k), ``le`` (x <= k), ``eq``/``le2``/``ge2`` (x op y + k), ``cap``
    (x <= y + k or x <= c: a counter that starts at c and stops one past y,
    also when the loop never runs), or ``def`` (y == h(x + k) where x + k is
    in h's domain)."""

    kind: str
    x: str
    y: str = ""
    k: int = 0
    c: int = 0

    def formula(self, env: dict[str, z3.ExprRef], defs: Definitions) -> z3.BoolRef:
        x = env[self.x]
        if self.kind in ("ge", "le"):
            return x >= self.k if self.kind == "ge" else x <= self.k
        y = env[self.y]
        if self.kind == "eq":
            return x == y + self.k
        if self.kind == "le2":
            return x <= y + self.k
        if self.kind == "ge2":
            return x >= y + self.k
        if self.kind == "cap":
            return z3.Or(x <= y + self.k, x <= self.c)
        at = [x + self.k]
        return z3.Implies(defs.in_domain(defs.recursive, at), y == defs.apply(defs.recursive, at))

    def application(self, env: dict[str, z3.ExprRef], defs: Definitions) -> list[z3.ExprRef]:
        """The application of the recursive function the fact mentions (none or one)."""
        return [defs.apply(defs.recursive, [env[self.x] + self.k])] if self.kind == "def" else []

    def holds(self, values: dict[str, int], defs: Definitions) -> bool:
        """In a concrete state (True where h's value cannot be computed)."""
        x = values[self.x]
        if self.kind in ("ge", "le"):
            return x >= self.k if self.kind == "ge" else x <= self.k
        y = values[self.y]
        if self.kind in ("eq", "le2", "ge2", "cap"):
            return {"eq": x == y + self.k, "le2": x <= y + self.k, "ge2": x >= y + self.k,
                    "cap": x <= y + self.k or x <= self.c}[self.kind]
        (lo, hi), = defs.domains[defs.recursive]
        if (lo is not None and x + self.k < lo) or (hi is not None and x + self.k > hi):
            return True
        value = defs.value(x + self.k)
        return value is None or value == y

    def text(self, shown: dict[str, str], defs: Definitions) -> str:
        x = shown[self.x]
        if self.kind in ("ge", "le"):
            return f"{x} {'>=' if self.kind == 'ge' else '<='} {self.k}"
        y = shown[self.y]
        plus_k = "" if self.k == 0 else f" {'+' if self.k > 0 else '-'} {abs(self.k)}"
        if self.kind == "cap":
            return f"({x} <= {y}{plus_k} || {x} <= {self.c})"
        if self.kind != "def":
            return f"{x} {dict(eq='==', le2='<=', ge2='>=')[self.kind]} {y}{plus_k}"
        (lo, hi), = defs.domains[defs.recursive]
        where = "" if lo is None and hi is None else \
            f" (where {'' if lo is None else f'{lo} <= '}{x}{plus_k}{'' if hi is None else f' <= {hi}'})"
        return f"{y} == {defs.recursive}({x}{plus_k}){where}"



def _candidates(defs: Definitions, side: Side, head: int) -> list[_Fact]:
    """Candidate facts at loop head `head`."""
    names = [n for n in side.live[head] if isinstance(side.variables[n], ir.IntType)]
    terms = names + [f"in!{p.name}" for p in side.params]
    bounds = sorted({0, 1} | {v for b in defs.domains[defs.recursive] + defs.called for v in b if v is not None})
    out = [_Fact(kind, x, k=k) for x in terms for k in bounds for kind in ("ge", "le") if (kind, k) != ("le", 1)]
    out += [_Fact(kind, x, y, k) for x, y in itertools.combinations(terms, 2) for kind in ("eq", "le2", "ge2")
            for k in (-1, 0, 1)]
    out += [_Fact("cap", x, y, k, c) for x, y in itertools.permutations(terms, 2) for k in (0, 1) for c in CAPS]
    if len(defs.paths[defs.recursive].params) == 1:
        out += [_Fact("def", u, v, c) for u, c, v in itertools.product(terms, OFFSETS, names) if u != v]
    return out


def _houdini(defs: Definitions, side: Side, steps: list[_Step], candidates: dict, holds, known_at, deadline: float):
    """The inductive subset of the candidates at each loop head (the greatest
    fixpoint), or None at the deadline or on a solver unknown."""
    facts = {h: list(c) for h, c in candidates.items()}
    ghosts = {f"in!{p.name}": z3.Int(f"in!{p.name}") for p in side.params}
    into = [s for s in steps if s.dst is not None]
    every = {id(s): known_at(s, candidates) for s in into}  # the definitions' facts for every candidate, once
    changed = True
    while changed:
        changed = False
        for s in into:
            if not facts[s.dst]:
                continue
            env = {**s.env, **ghosts}
            solver = z3.Solver()
            solver.add(holds(s.src, side.current, facts), s.constraint, *every[id(s)])
            while facts[s.dst]:
                if deadline - time.monotonic() <= 0.05:
                    return None
                goals = [f.formula(env, defs) for f in facts[s.dst]]
                found = check(solver, deadline, z3.Not(z3.And(goals)), cap_s=QUERY_S)
                if found.unsat:
                    break
                if found.model is None:
                    return None
                changed = True
                model = found.model
                kept = [f for f, g in zip(facts[s.dst], goals) if z3.is_true(model.eval(g, model_completion=True))]
                facts[s.dst] = kept if len(kept) < len(goals) else []
    return facts


def _text(defs: Definitions, side: Side, known: dict, heads: list[int], ghosts: dict) -> str:
    """The invariant at each loop head, over the source's names (inputs with a 0),
    without the facts about numbers that the others shown imply."""
    shown = {n: side.display(n) for n in side.variables} | {g: f"{g[3:]}0" for g in ghosts}
    env = {**side.current, **ghosts}
    parts = []
    for h in heads:
        loop = side.cfa.loops.get(h)
        where = f"loop line {loop.loc.line}" if loop else f"node {h}"
        facts = _shortest(known[h], env, defs, side)
        parts.append(f"[{where}] " + (" && ".join(f.text(shown, defs) for f in facts) or "true"))
    if defs.table:
        lo, hi = min(defs.table), max(defs.table)
        parts.append(f"{defs.recursive}(j) computed for {lo} <= j <= {hi} ({defs.recursive}({hi}) = {defs.table[hi]})")
    return "; ".join(parts)


def _shortest(facts: list[_Fact], env: dict[str, z3.ExprRef], defs: Definitions, side: Side) -> list[_Fact]:
    """`facts` less each fact about numbers that the ones kept imply (for display only)."""
    ranges = [int_range(env[n], t) for n, t in side.variables.items() if isinstance(t, ir.IntType)]
    plain = [f for f in facts if f.kind != "def"]
    marks = [z3.Bool(f"shown!{i}") for i in range(len(plain))]
    solver = z3.Solver()
    solver.set("timeout", 200)
    solver.add(*ranges, *[z3.Implies(m, f.formula(env, defs)) for m, f in zip(marks, plain)])
    kept = set(range(len(plain)))
    order = {"cap": 0, "le2": 1, "ge2": 1, "ge": 2, "le": 2, "eq": 3}  # the plainest facts are kept longest
    for i in sorted(kept, key=lambda i: order[plain[i].kind]):
        solver.push()
        solver.add(z3.Not(plain[i].formula(env, defs)))
        if solver.check(*[marks[j] for j in kept if j != i]) == z3.unsat:
            kept.remove(i)
        solver.pop()
    return [f for i, f in enumerate(plain) if i in kept] + [f for f in facts if f.kind == "def"]
