"""The semantic lint's question, "can statement k apply while none of `cover` does?",
answered one request field at a time, mostly without z3.

A statement (no principal, no policy variable) is a box: its action set, times
its resource language, times what its conditions allow of the request context;
the three are independent in the lint's request space. A cover statement j is
dodged by a request outside j's action set, or outside j's resource language,
or where j's conditions fail. So k applies while no j does iff each j can be
given one field in which it is dodged, such that in each field the request can
still fall inside k and outside every j given to that field. Each field's test
is exact: set arithmetic over catalogue actions, an automaton walk over the
resource's globs (`automata.member`: no 2^n cells for colon-crossing `*`), and
a small z3 query over the conditions alone, on the whole policy's key typing.

* A j that no field can dodge covers k: the answer is yes (unsat), exactly.
* Otherwise the fields are filled greedily; when that works, the request built
  from the fields' witnesses is replayed through the concrete evaluator (k
  applies, no j does) before the answer no (sat) is given.
* Anything else (principals, policy variables, a greedy miss, an automaton or
  z3 query too large for its budget) is left to the solver: None.
"""

from __future__ import annotations

import dataclasses
import functools
from typing import Any

import z3

from verifier.deadline import Deadline, OutOfTime
from verifier.policy import globs
from verifier.policy.automata import Pred, TooLarge, member
from verifier.policy.catalogue import Catalogue
from verifier.policy.encode import Encoder
from verifier.policy.evaluator import statement_applies
from verifier.policy.ir import ANY, Condition, Pattern, Policy, Request, Statement
from verifier.policy.universe import Universe

#: product states one resource walk may take before the question goes to the solver
RESOURCE_STATES = 5000
#: seconds one conditions-only z3 query may take
CONTEXT_QUERY_CAP = 1.0
#: the fields, in the order the greedy search tries them (cheapest first)
FIELDS = ("action", "resource", "context")


@dataclasses.dataclass(frozen=True)
class ActionSet:
    """The catalogue actions a statement's Action/NotAction names: `indices`, or all but them (`negated`)."""

    indices: frozenset[int]
    negated: bool

    @staticmethod
    def of(s: Statement, cat: Catalogue) -> "ActionSet":
        if any(p.is_any for p in s.actions):
            named, negated = frozenset(), True
        else:
            named, negated = frozenset().union(*(cat.matching(p) for p in s.actions)), False
        return ActionSet(named, negated != s.not_action)

    def meets(self, other: "ActionSet", size: int) -> bool:
        """Some catalogue action (of `size`) is in both."""
        return not self.minus_complement(other).is_empty(size)

    def minus(self, other: "ActionSet") -> "ActionSet":
        """The actions in this set and not in `other`."""
        if not self.negated:
            return ActionSet(self.indices & other.indices if other.negated else self.indices - other.indices, False)
        if other.negated:
            return ActionSet(other.indices - self.indices, False)
        return ActionSet(self.indices | other.indices, True)

    def minus_complement(self, other: "ActionSet") -> "ActionSet":
        """The actions in both sets."""
        return self.minus(ActionSet(other.indices, not other.negated))

    def is_empty(self, size: int) -> bool:
        return len(self.indices) == size if self.negated else not self.indices

    def some(self, size: int) -> int:
        """One member (the set is not empty)."""
        if not self.negated:
            return min(self.indices)
        return next(i for i in range(size) if i not in self.indices)


class Dimensions:
    """Field-by-field answers for one policy. Building encodes every statement's conditions
    on the whole policy's key typing, and so raises Unsupported (or OutOfTime) exactly
    when the whole policy's encoding does: only resources without policy variables and
    actions, which never make a construct unsupported, are left out of it."""

    def __init__(self, policy: Policy, cat: Catalogue, deadline: Deadline) -> None:
        self.policy, self.cat, self.deadline = policy, cat, deadline
        self.size = len(cat)
        every = (Pattern("*", (ANY,), 0, 0),)
        stripped = tuple(
            dataclasses.replace(s, actions=every, not_action=False,
                                resources=None if s.resources is None else tuple(p for p in s.resources if p.variables))
            for s in policy.statements)
        self.context_enc = Encoder(Universe([dataclasses.replace(policy, statements=stripped)], cat))
        self.context_domain = self.context_enc.domain()
        for s in stripped:
            self.context_enc.applies(s)
        self.actions = [ActionSet.of(s, cat) for s in policy.statements]
        self._simple = [_simple(s) for s in policy.statements]

    def alone(self, k: int, cover: list[int]) -> bool | None:
        """True: k cannot apply while no statement of `cover` does; False: it can (a
        replayed request shows it); None: not decided here."""
        if not self._simple[k] or not all(self._simple[j] for j in cover):
            return None
        try:
            return self._alone(k, cover)
        except (OutOfTime, TooLarge):
            return None

    def _alone(self, k: int, cover: list[int]) -> bool | None:
        placed: dict[str, list[int]] = {f: [] for f in FIELDS}
        witness = {}
        for f in FIELDS:
            fits, witness[f] = self._fits(f, k, [])
            if fits is None:
                return None
            if not fits:
                return True  # k alone never applies
        options = {}
        for j in cover:
            options[j] = [f for f in FIELDS if self._may_dodge(f, k, j)]
            if not options[j]:
                return True  # j applies wherever k does
        for j in sorted(cover, key=lambda j: len(options[j])):
            for f in options[j]:
                fits, found = self._fits(f, k, placed[f] + [j])
                if fits:
                    placed[f].append(j)
                    witness[f] = found
                    break
            else:
                return None  # the greedy search found no field for j: the solver decides
        request = Request(self.cat.actions[witness["action"]], witness["resource"], None, witness["context"])
        ctx = request.context_map()
        statements = self.policy.statements
        if statement_applies(statements[k], request, ctx) and not any(statement_applies(statements[j], request, ctx)
                                                                      for j in cover):
            return False
        return None  # a replay that fails is a disagreement: the solver decides

    def _may_dodge(self, field: str, k: int, j: int) -> bool:
        """Some request inside k may be outside j in `field` (exact, or True when unsure)."""
        s, t = self.policy.statements[k], self.policy.statements[j]
        if field == "action":
            return not self.actions[k].minus(self.actions[j]).is_empty(self.size)
        if field == "resource":
            if t.resources is None:
                return False
            return self._fits("resource", k, [j])[0] is not False
        return any(_condition_key(c) not in {_condition_key(d) for d in s.conditions} for c in t.conditions)

    def _fits(self, field: str, k: int, dodged: list[int]) -> tuple[bool | None, Any]:
        """(True, a witness in `field` inside k and outside every statement of `dodged`);
        (False, None) when there is none; (None, None) when that is not known in time."""
        if field == "action":
            left = self.actions[k]
            for j in dodged:
                left = left.minus(self.actions[j])
            return (False, None) if left.is_empty(self.size) else (True, left.some(self.size))
        if field == "resource":
            return self._resource(k, dodged)
        return self._context(k, dodged)

    def _resource(self, k: int, dodged: list[int]) -> tuple[bool | None, Any]:
        statements = self.policy.statements
        include: list[Pred] = [globs.RESOURCE_DOMAIN]
        exclude: list[Pred] = []
        for j in dodged:
            t = statements[j]
            union = tuple(g for p in t.resources for g in globs.pred("resource", p))
            (include if t.not_resource else exclude).append(union)
        s = statements[k]
        if s.resources is None or s.not_resource:
            own = tuple(g for p in s.resources or () for g in globs.pred("resource", p))
            found = _member(tuple(include), tuple(exclude + [own]))
        else:
            found = None
            for p in s.resources:
                found = _member(tuple(include + [globs.pred("resource", p)]), tuple(exclude))
                if found is not None:
                    break
        return (False, None) if found is None else (True, found)

    def _context(self, k: int, dodged: list[int]) -> tuple[bool | None, Any]:
        """A request context under which k's conditions hold and each dodged statement's fail."""
        statements = self.policy.statements
        if not dodged and not statements[k].conditions:
            return True, ()
        enc = self.context_enc
        solver = z3.Solver()
        solver.add(self.context_domain, *(enc.condition(c) for c in statements[k].conditions))
        for j in dodged:
            solver.add(z3.Not(z3.And([enc.condition(c) for c in statements[j].conditions])))
        left = min(CONTEXT_QUERY_CAP, self.deadline.remaining())
        if left <= 0:
            return None, None
        solver.set("timeout", max(1, int(left * 1000)))
        answer = solver.check()
        if answer == z3.unknown:
            return None, None
        if answer == z3.unsat:
            return False, None
        return True, enc.request_of(solver.model()).context


@functools.lru_cache(maxsize=8192)
def _member(include: tuple[Pred, ...], exclude: tuple[Pred, ...]) -> str | None:
    """`automata.member`, remembered: managed policies repeat their resource lists."""
    return member(list(include), list(exclude), RESOURCE_STATES)


def _simple(s: Statement) -> bool:
    """No principal and no policy variable in a resource: a box over the three fields."""
    return s.principals is None and not any(p.variables for p in s.resources or ())


def _condition_key(c: Condition) -> tuple:
    """What a condition tests, its position left out."""
    values = tuple(v.parts if isinstance(v, Pattern) else v for v in c.values)
    return c.base, c.qualifier, c.if_exists, c.key, values
