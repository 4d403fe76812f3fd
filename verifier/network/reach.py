"""Is a packet delivered along some path, whatever AWS assigns? z3 decides, the evaluator replays.

Variables are of two kinds. The packet (protocol, ports, the internet source) is
chosen by whoever sends it: "there is a packet". Private and public addresses, NAT
ports and the free booleans of rules we cannot read are fixed by the deployment,
not by the sender: an answer must hold for every value they may take. So:

- ``reachable``: some packet passes for every assignment (z3: exists packet, for all
  assigned values in their domains); the witness is replayed through the evaluator;
- ``unreachable``: no packet passes for any assignment (the formula is unsatisfiable);
- ``depends``: the answer depends on assigned values; `depends_on` names them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import z3

from verifier.deadline import Deadline
from verifier.network.encode import Encoder
from verifier.network.evaluate import Assignment, Step, passes, walk
from verifier.network.hops import (AclHop, Domain, GroupHop, Path, RouteHop, UnknownHop, acl_entries, group_rules,
                                   ranked_routes)
from verifier.solver import check

#: variables the sender of a packet chooses
CHOSEN = ("proto", "sport", "dport", "internet")
#: the first port of the ephemeral range clients usually pick from (a witness prefers one)
EPHEMERAL = 49152


@dataclass
class Side:
    """The paths of one network version; `prefix` renames its assigned variables (another version's
    deployment assigns its own values)."""

    paths: list[Path]
    prefix: str = ""

    def name(self, var: str) -> str:
        return var if var in CHOSEN else self.prefix + var

    def values(self, model: Assignment) -> Assignment:
        """The assignment this side's paths read, from a model of prefixed names."""
        return {var: model[self.name(var)] for var in _names(model, self.prefix)}


def _names(model: Assignment, prefix: str) -> list[str]:
    out = []
    for key in model:
        if key in CHOSEN:
            out.append(key)
        elif prefix and key.startswith(prefix):
            out.append(key[len(prefix):])
        elif not prefix and not key.startswith("old "):
            out.append(key)
    return out


@dataclass
class Outcome:
    status: str  # reachable, unreachable, depends, timeout, solver (z3 said unknown: `depends_on` holds its reason)
    values: Assignment = field(default_factory=dict)
    path: Path | None = None
    steps: list[Step] = field(default_factory=list)
    depends_on: list[str] = field(default_factory=list)
    replayed: bool = False
    checked_by: list[str] = field(default_factory=lambda: ["z3"])  # solvers that found "unreachable"
    note: str = ""


class _Prefixed(Encoder):
    def __init__(self, base: Encoder, prefix: str) -> None:
        super().__init__()
        self.base, self.prefix = base, prefix
        self.vars = base.vars

    def var(self, name: str) -> z3.ExprRef:
        return self.base.var(name if name in CHOSEN else self.prefix + name)


def decide(wanted: Side, unwanted: Side | None, packet: dict[str, tuple[tuple[int, int], ...] | None],
           deadline: Deadline) -> Outcome:
    """Is some packet delivered by `wanted` and not by `unwanted`, whatever the deployment assigns?
    `packet` restricts proto/dport to the listed inclusive ranges (None: any)."""
    enc = Encoder()
    want = _Prefixed(enc, wanted.prefix)
    formula = z3.Or([want.path(p) for p in wanted.paths]) if wanted.paths else z3.BoolVal(False)
    domains = _domains(wanted)
    if unwanted is not None:
        other = _Prefixed(enc, unwanted.prefix)
        blocked = z3.Or([other.path(p) for p in unwanted.paths]) if unwanted.paths else z3.BoolVal(False)
        formula = z3.And(formula, z3.Not(blocked))
        domains.update(_domains(unwanted))
    chosen = [enc.var(c) for c in ("proto", "sport", "dport")]
    limits = [enc.internet(enc.var("internet"))] if "internet" in enc.vars else []
    for name, allowed in packet.items():
        if allowed is not None:
            v = enc.var(name)
            limits.append(z3.Or([z3.And(z3.UGE(v, lo), z3.ULE(v, hi)) for lo, hi in allowed]))
    assigned = [name for name in enc.vars if name not in CHOSEN]
    bounds = [enc.domain(n, domains[n]) for n in assigned if n in domains]
    dom = z3.And(bounds) if bounds else z3.BoolVal(True)  # never an empty `(and)`: cvc5 reads the same text
    solver = z3.Solver()
    first = check(solver, deadline, *limits, dom, formula)
    if first.unknown:
        return Outcome("timeout" if first.reason == "timeout" else "solver", depends_on=[first.reason])
    if first.unsat:
        return _rechecked(Outcome("unreachable", _example(enc, limits, dom, deadline)), [*limits, dom, formula],
                          deadline)
    some = _model(enc, first.model)
    bound = [enc.vars[n] for n in assigned]
    every = z3.ForAll(bound, z3.Implies(dom, formula)) if bound else formula
    second = check(z3.Solver(), deadline, *limits, every, z3.UGE(enc.var("sport"), EPHEMERAL))
    if second.unsat:  # only a low source port gets through
        second = check(z3.Solver(), deadline, *limits, every)
    if second.unknown:
        return Outcome("timeout" if second.reason == "timeout" else "solver", depends_on=[second.reason])
    if second.unsat:
        return Outcome("depends", some, depends_on=_depends(wanted, unwanted, assigned))
    values = {**some, **{k: v for k, v in _model(enc, second.model).items() if k in CHOSEN}}
    for name in chosen:
        values.setdefault(str(name), 0)
    side_values = wanted.values(values)
    for path in wanted.paths:
        if passes(path, side_values):
            replayed = unwanted is None or not any(passes(p, unwanted.values(values)) for p in unwanted.paths)
            return Outcome("reachable", values, path, walk(path, side_values), replayed=replayed)
    return Outcome("reachable", values, None, [], replayed=False)


def _rechecked(outcome: Outcome, assertions: list, deadline: Deadline) -> Outcome:
    """An unreachable answer re-checked by cvc5 on the same SMT-LIB query (`checked_by`); if cvc5 finds
    the query satisfiable the solvers disagree and the answer is not given."""
    from verifier.policy.recheck import recheck_unsat

    solver = z3.Solver()
    solver.add(*assertions)
    again = recheck_unsat(solver, max(0.1, deadline.remaining()))
    if again.answer == "sat":
        return Outcome("solver", depends_on=["z3 says unsat, cvc5 says sat"])
    if again.answer == "unsat":
        outcome.checked_by.append("cvc5")
    else:
        outcome.note = again.note or f"cvc5: {again.answer}"
    return outcome


def _domains(side: Side) -> dict[str, Domain]:
    out: dict[str, Domain] = {}
    for p in side.paths:
        for name, dom in p.domains.items():
            out[side.name(name)] = dom
    return out


def _model(enc: Encoder, model: z3.ModelRef) -> Assignment:
    values: Assignment = {}
    for name, v in enc.vars.items():
        got = model.eval(v, model_completion=True)
        values[name] = int(z3.is_true(got)) if z3.is_bool(got) else got.as_long()
    return values


def _example(enc: Encoder, limits: list, dom: z3.BoolRef, deadline: Deadline) -> Assignment:
    """Some packet and deployment within the limits (to show where a path stops it)."""
    got = check(z3.Solver(), deadline, *limits, dom, z3.UGE(enc.var("sport"), EPHEMERAL))
    if not got.sat:
        got = check(z3.Solver(), deadline, *limits, dom)
    return _model(enc, got.model) if got.sat else {}


def _depends(wanted: Side, unwanted: Side | None, assigned: list[str]) -> list[str]:
    """What the answer may depend on: the unknown constructs first, then the assigned addresses."""
    unknowns: list[str] = []
    for side in (wanted, unwanted):
        for path in side.paths if side else ():
            for hop in path.hops:
                for what in _unknowns(hop):
                    if what not in unknowns:
                        unknowns.append(what)
    assigned_values = sorted({_describe(n.removeprefix("old ")) for n in assigned
                              if not n.startswith(("unknown ", "old unknown "))})
    return unknowns + assigned_values


def _describe(var: str) -> str:
    """What an assigned variable stands for, in words."""
    kind, _, what = var.partition(" ")
    what = what.split("#")[0]
    return {"private": f"the private address of {what}", "public": f"the public address of {what}",
            "placed": f"the subnet AWS places {what} in", "nat-port": f"the port NAT gateway {what} picks"}.get(kind, var)


def _unknowns(hop) -> list[str]:
    """The constructs we could not read in one hop (with their lines)."""
    if isinstance(hop, UnknownHop):
        return [str(hop.what)]
    if isinstance(hop, GroupHop):
        missing = [f"security group {gid} (not in the template)" for _, gid, r in group_rules(hop) if r is None]
        return missing + [str(r.unknown) for _, _, r in group_rules(hop) if r is not None and r.unknown]
    if isinstance(hop, AclHop):
        return [str(e.unknown) for _, e in acl_entries(hop) if e.unknown]
    if isinstance(hop, RouteHop):
        out = [str(r.unknown) for _, r in ranked_routes(hop) if r.unknown]
        out += [f"a route to {r.target} at line {r.loc.line} (not followed)" for _, r in ranked_routes(hop)
                if r.target is not None and r.target.kind not in ("local", "igw", "nat", "peering")]
        return out
    return []

