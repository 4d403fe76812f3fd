"""Non-termination: a stem into a closed recurrent set, with a concrete input.

A *recurrent set* assigns to some cut-points of a strongly connected part of
the automaton a set of states (a disjunction of conjunctions of linear atoms
``g >= 0``, in the program's own semantics) such that from every state in it,
with the nondet values of a fixed *schedule*, some block leads to a state in
the set again. Together with a concrete *stem* (parameters and nondet values
that bring an execution into the set), that is an execution that never ends.

Three searches propose candidates, all checked on the exact encoding:

- a *cycle*: a lasso found by bounded model checking whose state repeats
  (a finite recurrent set; the schedule repeats the nondet values of the cycle);
- a *geometric* orbit (mathematical integers only): a lasso whose loop path
  takes the state along ``x, x + y, x + (1+l) y, ...`` (Leike and Heizmann's
  geometric non-termination arguments with one ray), solved as a linear
  problem for l = 1, 2;
- a long bounded execution that stays in the loop.

The states an orbit visits suggest the candidate set: the atoms of the
program's conditions, signs, differences and monotone bounds that hold on all
of them; atoms the closure check refutes are dropped (a few rounds).
"""

from __future__ import annotations

import time

import z3

from ... import ir
from ...encode import Block, TransitionSystem
from ...recurrent_set import Recurrence
from ...smt import from_python, sort_of, subterms, to_python
from ...solver import Answer, check
from ..ranking import Lin, Path, compared_forms, holds, prune
from ..ranking.congruence import Congruence, congruences, implied, moduli_in
from ..safety.unroll import Unroller

#: Longest lasso (stem + cycle, in blocks) searched for a repeating state.
MAX_LASSO = 10
#: Longest cycle tried in it.
MAX_CYCLE = 6
#: Blocks a bounded execution must stay in the loop for its states to be used.
ORBIT_STEPS = 12
#: Rounds of weakening a candidate set against the closure check.
REFINE_ROUNDS = 8
#: Parameters are first looked for in [-SMALL, SMALL] (readable inputs).
SMALL = 64
#: Variables used in pairwise difference atoms (the first ones in the conditions).
MAX_PAIR_VARS = 8
#: Share of the time left the lasso search may use before the orbits get their turn
#: (a long lasso over bit-vectors can take seconds that a bounded orbit does not need).
CYCLE_SHARE = 0.4


# ----------------------------------------------------------------- search


class RecurrenceSearch:
    """Searches one strongly connected set of cut-points for non-termination."""

    def __init__(self, ts: TransitionSystem, root: frozenset[int], deadline: float,
                 math_semantics: bool, paths: dict[int, list[Path]] | None = None) -> None:
        self.ts = ts
        self.root = root
        self.deadline = deadline
        self.math = math_semantics
        self.paths = paths or {}
        self.u = Unroller(ts)
        self.blocks_from: dict[int, list[Block]] = {}
        for b in ts.blocks:
            if not z3.is_false(z3.simplify(b.guard)):
                self.blocks_from.setdefault(b.src, []).append(b)
        self.site_sorts = {site: sort_of(info.type) for site, info in ts.nondets.items()}
        self.aliases = _site_aliases(ts)
        self.block_sites = [self._sites_of(b) for b in ts.blocks]
        self.atoms = self._condition_atoms()
        self.moduli = moduli_in([e.action for e in ts.cfa.edges])

    def run(self) -> Recurrence | None:
        """The first certificate found, or None: a lasso within its share of the
        time, then orbits, then the lasso search again with the time left."""
        share = time.monotonic() + CYCLE_SHARE * max(0.0, self.deadline - time.monotonic())
        found = self._cycle(share)
        if found is not None:
            return self._generalise(found) or found
        cut = time.monotonic() >= share - 0.1  # stopped by its share of the time, not done
        found = self._orbits()
        if found is None and cut and not self._expired():
            found = self._cycle(self.deadline)
            return (self._generalise(found) or found) if found is not None else None
        return found

    def _orbits(self) -> Recurrence | None:
        """A recurrent set suggested by the states of an orbit, or None."""
        orbits = []
        if self.math:
            orbits.append(self._geometric)
        orbits.append(self._bounded_orbit)
        for search in orbits:
            for orbit in search():
                if self._expired():
                    return None
                rec = self._from_orbit(*orbit) or self._from_alternating_orbit(*orbit)
                if rec is not None:
                    return rec
        return None

    # ------------------------------------------------------------ helpers

    def _expired(self) -> bool:
        return time.monotonic() >= self.deadline

    def _solver(self) -> z3.Solver | None:
        """A fresh solver, or None once the deadline has passed."""
        return None if self._expired() else z3.Solver()

    def _sites_of(self, b: Block) -> set[str]:
        return {t.decl().name() for t in subterms(b.guard, *b.update.values())
                if z3.is_const(t) and t.decl().name() in self.ts.nondets}

    def _same_reads(self, i: int) -> list[z3.BoolRef]:
        """At step i, sites that are one read in the program take one value: a
        nondet call in a branch condition is a site on each branch's edge."""
        out = []
        for group in self.aliases:
            terms = [z3.Const(f"{site}@{i}", self.site_sorts[site]) for site in group]
            out += [terms[0] == t for t in terms[1:]]
        return out

    def _trans(self, i: int) -> z3.BoolRef:
        return z3.And(self.u.trans(i), *self._same_reads(i))

    def _init(self) -> z3.BoolRef:
        """Entry, with every variable but the parameters 0 (as the interpreter
        starts them; the frontends never read a local before writing it)."""
        params = {p.name for p in self.ts.cfa.params}
        st = self.u.state(0)
        zero = [st[v] == from_python(0, t) for v, t in self.ts.variables.items() if v not in params]
        return z3.And(self.u.init(), *zero)

    def _check_small(self, solver: z3.Solver, steps: int = 0, until: float | None = None) -> Answer:
        """`check(solver)` by `until` (else the deadline), preferring parameters (and
        nondet values of the first `steps` blocks) of small magnitude: readable inputs."""
        small = []
        for i in range(steps):
            for site, info in self.ts.nondets.items():
                term = z3.Const(f"{site}@{i}", self.site_sorts[site])
                if isinstance(info.type, ir.IntType):
                    if info.type.bits is None or info.type.signed:
                        small.append(z3.And(term >= from_python(-SMALL, info.type), term <= from_python(SMALL, info.type)))
                    else:
                        small.append(z3.ULE(term, from_python(SMALL, info.type)))
        for p in self.ts.cfa.params:
            term = self.u.state(0)[p.name]
            if isinstance(p.type, ir.IntType):
                low, high = from_python(-SMALL, p.type), from_python(SMALL, p.type)
                if p.type.bits is None or p.type.signed:
                    small.append(z3.And(term >= low, term <= high))
                else:
                    small.append(z3.ULE(term, high))
        for bounded in ([small] if small else []) + [[]]:
            found = check(solver, self.deadline if until is None else until, *bounded)
            if found.sat:
                return found
        return found

    def _in_root(self, i: int) -> z3.BoolRef:
        return z3.Or([self.u.pc(i) == c for c in sorted(self.root)])

    def _state(self, model: z3.ModelRef, i: int) -> dict[str, int]:
        st = self.u.state(i)
        return {v: to_python(model.eval(st[v], model_completion=True), t, model) for v, t in self.ts.variables.items()}

    def _nd(self, model: z3.ModelRef, site: str, i: int) -> int:
        term = z3.Const(f"{site}@{i}", self.site_sorts[site])
        return to_python(model.eval(term, model_completion=True), self.ts.nondets[site].type, model)

    def _taken(self, model: z3.ModelRef, i: int) -> int | None:
        """Index of the block taken at step i in `model`."""
        pc, nxt = model.eval(self.u.pc(i)).as_long(), model.eval(self.u.pc(i + 1)).as_long()
        for k, b in enumerate(self.ts.blocks):
            if b.src == pc and b.dst == nxt and z3.is_true(model.eval(self.u.at_step(b.guard, i), model_completion=True)):
                return k
        return None

    def _stem(self, model: z3.ModelRef, steps: int) -> tuple[dict[str, int], dict[tuple[str, int], int]]:
        state0 = self.u.state(0)
        params = {p.name: to_python(model.eval(state0[p.name], model_completion=True), p.type, model)
                  for p in self.ts.cfa.params}
        nondet = {}
        for i in range(steps):
            k = self._taken(model, i)
            sites = self.block_sites[k] if k is not None else set(self.ts.nondets)
            for site in sites:
                nondet[(site, i)] = self._nd(model, site, i)
        return params, nondet

    # -------------------------------------------------------------- cycle

    def _cycle(self, until: float) -> Recurrence | None:
        """A lasso whose state repeats, found by `until`: a finite recurrent set."""
        u = self.u
        solver = self._solver()
        if solver is None:
            return None
        solver.add(self._init())
        for length in range(1, MAX_LASSO + 1):
            if time.monotonic() >= until:
                return None
            solver.add(self._trans(length - 1))
            for period in range(1, min(MAX_CYCLE, length) + 1):
                start = length - period
                solver.push()
                solver.add(*[self._in_root(j) for j in range(start, length + 1)])
                solver.add(u.pc(length) == u.pc(start))
                a, b = u.state(start), u.state(length)
                solver.add(*[a[v] == b[v] for v in self.ts.variables])
                found = self._check_small(solver, length, until)
                if found.sat:
                    rec = self._cycle_certificate(found.model, start, period)
                    solver.pop()
                    if rec is not None:
                        return rec
                    continue
                solver.pop()
                if found.unknown:
                    return None
        return None

    def _cycle_certificate(self, model: z3.ModelRef, start: int, period: int) -> Recurrence | None:
        params, stem_nd = self._stem(model, start)
        states, schedule, sets = [], [], {}
        pcs = [model.eval(self.u.pc(start + i)).as_long() for i in range(period + 1)]
        for i in range(period):
            k = self._taken(model, start + i)
            if k is None:
                return None
            st = self._state(model, start + i)
            states.append(st)
            schedule.append({site: self._nd(model, site, start + i) for site in self.block_sites[k]})
            sets.setdefault(pcs[i], []).append(_point(st))
        self._cycle_states = list(zip(pcs, states))
        rec = Recurrence(self.root, "cycle", params, start, stem_nd, schedule, sets, states[0], pcs[0])
        obligations = []
        for i in range(period):
            target = states[(i + 1) % period]
            obligations.append((f"state {i + 1} of the cycle steps to state {(i + 1) % period + 1}",
                                self._steps_into(pcs[i], states[i], schedule[i], pcs[i + 1], [_point(target)])))
        rec.obligations = obligations
        return rec

    def _generalise(self, cycle: Recurrence) -> Recurrence | None:
        """A symbolic recurrent set around a cycle's states (same stem), when
        one built from the program's atoms is closed; else None."""
        if any(entry != cycle.schedule[0] for entry in cycle.schedule):
            return None
        observed: dict[int, list[tuple[int, dict[str, int]]]] = {}
        for i, (c, cubes) in enumerate(self._cycle_states):
            observed.setdefault(c, []).append((cycle.stem_steps + i, cubes))
        sets = {c: self._candidates([st for _, st in pts], from_observation=False) for c, pts in observed.items()}
        sets = self._close(sets, cycle.schedule[0])
        if sets is None:
            return None
        first = observed[cycle.entry_cutpoint][0][1]
        if not all(a.value(first) >= 0 for a in sets[cycle.entry_cutpoint]):
            return None
        sets = {c: self._prune(cube) for c, cube in sets.items()}
        rec = Recurrence(self.root, "recurrent set", cycle.params, cycle.stem_steps, cycle.stem_nondet,
                         [cycle.schedule[0]], {c: [cube] for c, cube in sets.items()}, first, cycle.entry_cutpoint)
        rec.obligations = self._closure_obligations(sets, cycle.schedule[0])
        env = {v: from_python(val, self.ts.variables[v]) for v, val in first.items()}
        rec.obligations.append(("the state after the stem lies in the recurrent set",
                                z3.Not(z3.And([holds(a, env, self.ts.variables) for a in sets[cycle.entry_cutpoint]]))))
        return rec

    def _close(self, sets: dict[int, list[Lin]], schedule: dict[str, int]) -> dict[int, list[Lin]] | None:
        """`sets` weakened until closed under the blocks with `schedule`, or None."""
        for _ in range(REFINE_ROUNDS):
            if self._expired():
                return None
            bad = self._closure_counterexample(sets, schedule)
            if bad is None:
                return sets
            if bad == "stuck":
                return None
            c2, post = bad
            before = len(sets[c2])
            sets[c2] = [a for a in sets[c2] if a.value(post) >= 0]
            if len(sets[c2]) == before:
                return None
        return None

    def _value(self, nd: dict[str, int], site: str) -> int:
        """The schedule's value for `site` (or for a site it is the same read as; else 0)."""
        if site in nd:
            return nd[site]
        for group in self.aliases:
            if site in group:
                return next((nd[s] for s in group if s in nd), 0)
        return 0

    def _steps_into(self, c: int, state: dict[str, int], nd: dict[str, int], dst: int,
                    cubes: list[list[Lin]]) -> z3.BoolRef:
        """Unsatisfiable iff from concrete `state` at `c`, with nondet values
        `nd`, some block leads to `dst` into `cubes`."""
        env = {v: from_python(val, self.ts.variables[v]) for v, val in state.items()}
        sub = [(self.ts.current[v], env[v]) for v in self.ts.variables]
        options = []
        for b in self.blocks_from.get(c, []):
            if b.dst != dst:
                continue
            guard, post = self._instantiate(b, nd)
            post_env = {v: z3.substitute(post[v], *sub) for v in self.ts.variables}
            inside = z3.Or([z3.And([holds(a, post_env, self.ts.variables) for a in cube]) for cube in cubes])
            options.append(z3.And(z3.substitute(guard, *sub), inside))
        return z3.Not(z3.Or(options)) if options else z3.BoolVal(True)

    def _instantiate(self, b: Block, nd: dict[str, int]) -> tuple[z3.BoolRef, dict[str, z3.ExprRef]]:
        """Block `b` with its nondet sites replaced by the schedule's values (0 if absent)."""
        sub = [(z3.Const(site, self.site_sorts[site]), from_python(self._value(nd, site), self.ts.nondets[site].type))
               for site in self.block_sites[self.ts.blocks.index(b)]]
        guard = z3.substitute(b.guard, *sub) if sub else b.guard
        post = {}
        for v in self.ts.variables:
            term = b.update.get(v, self.ts.current[v])
            post[v] = z3.substitute(term, *sub) if sub else term
        return guard, post

    # ------------------------------------------------------------- orbits

    def _bounded_orbit(self):
        """Executions that stay in the loop for `ORBIT_STEPS` blocks."""
        u = self.u
        for extra in (1, 3, 8, 16):
            if self._expired():
                return
            solver = self._solver()
            if solver is None:
                return
            length = extra + ORBIT_STEPS
            orbit = [self._init(), *[self._trans(i) for i in range(length)],
                     *[self._in_root(j) for j in range(extra, length + 1)]]
            solver.add(*orbit)
            tried = 0
            while tried < 3 and (found := self._check_small(solver, length)).sat:
                tried += 1
                yield self._observed(found.model, extra, length)
                state0 = u.state(0)
                solver.add(z3.Or([state0[p.name] != found.model.eval(state0[p.name], model_completion=True)
                                  for p in self.ts.cfa.params] or [z3.BoolVal(False)]))
            # then an orbit whose inputs sit at their types' extremes: a loop that runs forever because a
            # bound is the largest value (``i <= n`` with n == UINT_MAX), which small inputs never meet
            extremes = self._extreme_inputs(extra)
            if extremes is not None and (solver := self._solver()) is not None:
                solver.add(*orbit)
                if (found := check(solver, self.deadline, extremes)).sat:
                    yield self._observed(found.model, extra, length)

    def _observed(self, model: z3.ModelRef, extra: int, length: int):
        """An orbit's model, its states at each cut-point from step `extra`, and its nondet schedule."""
        observed: dict[int, list[tuple[int, dict[str, int]]]] = {}
        for j in range(extra, length + 1):
            observed.setdefault(model.eval(self.u.pc(j)).as_long(), []).append((j, self._state(model, j)))
        schedule: dict[str, int] = {}
        for j in range(extra, length):
            k = self._taken(model, j)
            for site in self.block_sites[k] if k is not None else ():
                schedule[site] = self._nd(model, site, j)
        return model, observed, schedule, length

    def _extreme_inputs(self, steps: int) -> z3.BoolRef | None:
        """Every fixed-width parameter, and nondet value of the first `steps` blocks, at its type's
        least or greatest value; None when there is none."""
        terms = [(self.u.state(0)[p.name], p.type) for p in self.ts.cfa.params]
        terms += [(z3.Const(f"{site}@{i}", self.site_sorts[site]), info.type)
                  for i in range(steps) for site, info in self.ts.nondets.items()]
        atoms = [z3.Or(term == from_python(t.min, t), term == from_python(t.max, t))
                 for term, t in terms if isinstance(t, ir.IntType) and t.bits is not None]
        return z3.And(atoms) if atoms else None

    def _geometric(self):
        """Geometric orbits x, x + y, x + (1 + l) y, ... along one exact loop path."""
        if len(self.root) != 1:
            return
        (head,) = self.root
        loop_paths = [p for p in self.paths.get(head, []) if p.dst == head and p.exact]
        u = self.u
        for stem in range(1, 7):
            for path in loop_paths:
                for lam in (1, 2):
                    if self._expired():
                        return
                    solver = self._solver()
                    if solver is None:
                        return
                    solver.add(self._init(), *[self._trans(i) for i in range(stem)], u.pc(stem) == head)
                    x0 = u.state(stem)
                    point = {v: x0[v] for v in self.ts.variables if isinstance(self.ts.variables[v], ir.IntType)}
                    if len(point) != len([v for v in self.ts.variables]):
                        break  # booleans in the state: not handled here
                    syms = {s: z3.Int(f"g!{s}") for s in path.symbols() if s.startswith("~")}
                    ray = {s: z3.Int(f"r!{s}") for s in [*self.ts.variables, *syms]}
                    env0 = {**point, **syms}
                    for g in path.cons:
                        solver.add(_eval(g, env0) >= 0)
                        solver.add(_eval(Lin(g.coeffs), ray) >= 0)
                    for v in self.ts.variables:
                        post = path.post.get(v, Lin.var(v))
                        solver.add(_eval(post, env0) == point[v] + ray[v])
                        solver.add(_eval(Lin(post.coeffs), ray) == lam * ray[v])
                    for s in path.nondet_symbols:
                        if s in ray:
                            solver.add(ray[s] == 0)
                    solver.add(z3.Or([ray[v] != 0 for v in self.ts.variables]))
                    found = self._check_small(solver, stem)
                    if not found.sat:
                        continue
                    model = found.model
                    start = {v: model.eval(point[v], model_completion=True).as_long() for v in point}
                    step = {v: model.eval(ray[v], model_completion=True).as_long() for v in point}
                    observed = {head: []}
                    factor = 0
                    for t in range(ORBIT_STEPS):
                        observed[head].append((stem + t, {v: start[v] + factor * step[v] for v in point}))
                        factor = 1 + lam * factor
                    schedule = {site: model.eval(syms[s], model_completion=True).as_long()
                                for s, site in path.nondet_symbols.items() if s in syms}
                    yield model, observed, schedule, stem
                    return

    # ------------------------------------------------- candidate sets

    def _condition_atoms(self) -> list[Lin]:
        atoms: dict[Lin, None] = {}  # insertion-ordered set: a program of many branches has thousands
        for e in self.ts.cfa.edges:
            act = e.action
            cond = getattr(act, "cond", None)
            if cond is None:
                continue
            for d in compared_forms(cond):
                for a in (d, d - Lin.num(1), -d, -d - Lin.num(1)):
                    atoms.setdefault(a)
        return list(atoms)

    def _candidates(self, obs: list[dict[str, int]], from_observation: bool = True) -> list[Lin | Congruence]:
        names = [v for v, t in self.ts.variables.items() if not isinstance(t, ir.ArrayType)]  # linear: no arrays
        used = []
        for a in self.atoms:
            for v in a.coeffs:
                if v not in used:
                    used.append(v)
        pool: list[Lin] = list(self.atoms)
        for v in names:
            x = Lin.var(v)
            pool += [x, x - Lin.num(1), -x, -x - Lin.num(1)]
            values = [o[v] for o in obs]
            if from_observation:
                pool += [x - Lin.num(min(values)), Lin.num(max(values)) - x]
        pair_vars = [v for v in (used + [p.name for p in self.ts.cfa.params]) if v in names]
        pair_vars = list(dict.fromkeys(pair_vars))[:MAX_PAIR_VARS]
        for i, v in enumerate(pair_vars):
            for w in pair_vars[i + 1:]:
                d = Lin.var(v) - Lin.var(w)
                pool += [d, d - Lin.num(1), -d, -d - Lin.num(1)]
                diffs = [o[v] - o[w] for o in obs]
                if from_observation:
                    pool += [d - Lin.num(min(diffs)), Lin.num(max(diffs)) - d]
        out: list[Lin | Congruence] = []
        for a in pool:
            if a not in out and all(a.value(o) >= 0 for o in obs):
                out.append(a)
        # parities the states keep (a wrapping ``x -= 2`` keeps x odd), after the linear atoms
        return out + congruences(names, obs, self.ts.variables, self.moduli)

    def _from_orbit(self, model, observed, schedule, model_len: int) -> Recurrence | None:
        """A recurrent set suggested by the observed states, weakened until closed.
        `model` fixes the stem's blocks up to `model_len`; later blocks use `schedule`."""
        obs_by_c = {c: [st for _, st in pts] for c, pts in observed.items() if c in self.root}
        if not obs_by_c:
            return None
        # the second half of the orbit: drop transient states near the stem
        # all observed states first (weaker atoms, a readable set), then only the
        # second half of the orbit (without the transient states near the stem)
        for part in (0, 2):
            sets = {c: self._candidates(sts[len(sts) // 2:] if part else sts) for c, sts in obs_by_c.items()}
            sets = self._close(sets, schedule)
            if sets is not None:
                break
        if sets is None:
            return None
        # the first observed state that lies in the set starts the recurrence
        entries = sorted((j, c, st) for c, pts in observed.items() if c in sets for j, st in pts)
        for j, c, st in entries:
            if all(a.value(st) >= 0 for a in sets[c]):
                sets = {c2: self._prune(cube) for c2, cube in sets.items()}
                params, stem_nd = self._stem(model, min(j, model_len))
                for step in range(model_len, j):
                    for site, value in schedule.items():
                        stem_nd[(site, step)] = value
                rec = Recurrence(self.root, "recurrent set", params, j, stem_nd, [schedule],
                                 {c2: [cube] for c2, cube in sets.items()}, st, c)
                rec.obligations = self._closure_obligations(sets, schedule)
                env = {v: from_python(val, self.ts.variables[v]) for v, val in st.items()}
                rec.obligations.append(("the state after the stem lies in the recurrent set",
                                        z3.Not(z3.And([holds(a, env, self.ts.variables) for a in sets[c]]))))
                return rec
        return None

    def _from_alternating_orbit(self, model, observed, schedule, model_len: int) -> Recurrence | None:
        """For a loop of one cut-point whose states alternate between two regions
        (``x -> -2 * x``: signs flip), two sets, each stepping into the other: the
        orbit's states at even and at odd steps suggest them, weakened until each
        steps into the other. Their union is the recurrent set."""
        if len(self.root) != 1:
            return None
        (head,) = self.root
        points = sorted((j, st) for j, st in observed.get(head, []))
        tail = points[len(points) // 2:]
        if len(tail) < 4:
            return None
        cubes = [self._candidates([st for j, st in tail if j % 2 == phase]) for phase in (0, 1)]
        for _ in range(REFINE_ROUNDS):
            if self._expired():
                return None
            bad = self._alternation_counterexample(head, cubes, schedule)
            if bad is None:
                break
            if bad == "stuck":
                return None
            phase, post = bad
            before = len(cubes[phase])
            cubes[phase] = [a for a in cubes[phase] if a.value(post) >= 0]
            if len(cubes[phase]) == before:
                return None
        else:
            return None
        for j, st in points:
            cube = cubes[j % 2]
            if all(a.value(st) >= 0 for a in cube):
                params, stem_nd = self._stem(model, min(j, model_len))
                for step in range(model_len, j):
                    for site, value in schedule.items():
                        stem_nd[(site, step)] = value
                rec = Recurrence(self.root, "recurrent set", params, j, stem_nd, [schedule],
                                 {head: [self._prune(c) for c in (cube, cubes[(j + 1) % 2])]}, st, head)
                rec.obligations = [(f"the states of {'one' if i == 0 else 'the other'} region step into the other",
                                    self._alternation_formula(head, rec.sets[head], i, schedule)) for i in (0, 1)]
                env = {v: from_python(val, self.ts.variables[v]) for v, val in st.items()}
                rec.obligations.append(("the state after the stem lies in the recurrent set",
                                        z3.Not(z3.And([holds(a, env, self.ts.variables) for a in cube]))))
                return rec
        return None

    def _alternation_formula(self, head: int, cubes: list[list[Lin]], phase: int,
                             schedule: dict[str, int]) -> z3.BoolRef:
        """Satisfiable iff a state of cube `phase` has no block into the other cube."""
        cur, types = self.ts.current, self.ts.variables
        options = []
        for b in self.blocks_from.get(head, []):
            if b.dst != head:
                continue
            guard, post = self._instantiate(b, schedule)
            options.append(z3.And(guard, *[holds(a, post, types) for a in cubes[1 - phase]]))
        return z3.And(*[holds(a, cur, types) for a in cubes[phase]], z3.Not(z3.Or(options)) if options else True)

    def _alternation_counterexample(self, head: int, cubes: list[list[Lin]], schedule: dict[str, int]):
        """None if each cube steps into the other; else (the cube to weaken, the
        state it must take in), or "stuck"."""
        for phase in (0, 1):
            solver = self._solver()
            if solver is None:
                return "stuck"
            found = check(solver, self.deadline, self._alternation_formula(head, cubes, phase, schedule))
            if found.unsat:
                continue
            if found.unknown:
                return "stuck"
            model = found.model
            for b in self.blocks_from.get(head, []):
                guard, post = self._instantiate(b, schedule)
                if b.dst == head and z3.is_true(model.eval(guard, model_completion=True)):
                    types = self.ts.variables
                    return 1 - phase, {v: to_python(model.eval(post[v], model_completion=True), types[v], model)
                                       for v in types}
            return "stuck"
        return None

    def _prune(self, cube: list[Lin | Congruence]) -> list[Lin | Congruence]:
        """The atoms without those the others imply (congruences by congruences of larger moduli)."""
        mods = list(dict.fromkeys(a for a in cube if isinstance(a, Congruence)))
        kept = [a for a in mods if not implied(a, mods)]
        return prune([a for a in cube if not isinstance(a, Congruence)], self.ts.variables, self.deadline) + kept

    def _closure_formula(self, c: int, sets: dict[int, list[Lin]], schedule: dict[str, int]) -> z3.BoolRef:
        cur = self.ts.current
        types = self.ts.variables
        inside = z3.And([holds(a, cur, types) for a in sets[c]])
        options = []
        for b in self.blocks_from.get(c, []):
            if b.dst not in sets:
                continue
            guard, post = self._instantiate(b, schedule)
            options.append(z3.And(guard, *[holds(a, post, types) for a in sets[b.dst]]))
        return z3.And(inside, z3.Not(z3.Or(options)) if options else z3.BoolVal(True))

    def _closure_obligations(self, sets, schedule) -> list[tuple[str, z3.BoolRef]]:
        return [(f"the recurrent set at cut-point {c} is closed", self._closure_formula(c, sets, schedule))
                for c in sorted(sets)]

    def _closure_counterexample(self, sets, schedule):
        """None if closed; else (cut-point, successor state) to weaken, or "stuck"."""
        for c in sorted(sets):
            solver = self._solver()
            if solver is None:
                return "stuck"
            found = check(solver, self.deadline, self._closure_formula(c, sets, schedule))
            if found.unsat:
                continue
            if found.unknown:
                return "stuck"
            model = found.model
            for b in self.blocks_from.get(c, []):
                guard, post = self._instantiate(b, schedule)
                if z3.is_true(model.eval(guard, model_completion=True)):
                    if b.dst not in sets:
                        return "stuck"
                    types = self.ts.variables
                    return b.dst, {v: to_python(model.eval(post[v], model_completion=True), types[v], model) for v in types}
            return "stuck"
        return None


def _site_aliases(ts: TransitionSystem) -> list[list[str]]:
    """Groups of nondet sites on sibling edges that stand for one read (the
    same `Nondet` node in a condition and in its negation)."""
    from ...cfa import nondet_nodes, site_name

    by_node: dict[int, dict[int, list[str]]] = {}
    for index, edge in enumerate(ts.cfa.edges):
        for position, nd in enumerate(nondet_nodes(edge.action)):
            by_node.setdefault(edge.src, {}).setdefault(id(nd), []).append(site_name(index, position))
    groups = []
    for per_node in by_node.values():
        for sites in per_node.values():
            sites = [s for s in sites if s in ts.nondets]
            if len(sites) > 1:
                groups.append(sites)
    return groups


def _point(state: dict[str, int]) -> list[Lin]:
    """The single state `state` as a conjunction of atoms (arrays left free: the
    linear domain has none)."""
    cube = []
    for v, val in state.items():
        if isinstance(val, int):
            cube += [Lin.var(v) - Lin.num(val), Lin.num(val) - Lin.var(v)]
    return cube


def _eval(lin: Lin, env: dict[str, z3.ArithRef]) -> z3.ArithRef:
    return z3.Sum([*(env[s] * int(c) for s, c in lin.coeffs.items()), z3.IntVal(int(lin.const))])


__all__ = ["RecurrenceSearch"]
