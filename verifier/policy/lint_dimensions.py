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
* Policy variables in a resource tie it to the context: such a question takes
  the resource and the conditions as one field, asked of z3 on the conditions'
  encoding (where the resource is then a z3 string, as in the policy's).
* Anything else (a principal in k, a greedy miss, an automaton or z3 query
  too large for its budget) is left to the solver: None.
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
#: the fields when k's resources hold policy variables, which tie the resource to the context
JOINT_FIELDS = ("action", "rc")


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
        stripped = tuple(_only(s, "context", keep_variables=True) for s in policy.statements)
        self.context_enc = Encoder(Universe([dataclasses.replace(policy, statements=stripped)], cat))
        self.context_domain = self.context_enc.domain()
        for s in stripped:
            if _has_variables(s):  # only a policy variable makes an encoding unsupported: found now
                self.context_enc.applies(s)
        #: each statement's conditions alone, encoded when a question needs them
        self._conditions = tuple(_only(s, "context") for s in policy.statements)
        keys = self.context_enc.u.keys
        #: how the whole policy types each key (what a conditions-only answer depends on)
        self._typing = {name: (info.family, info.is_set) for name, info in keys.items()}
        self.actions = [ActionSet.of(s, cat) for s in policy.statements]
        self._simple = [_simple(s) for s in policy.statements]
        self._fitted: dict[tuple[str, int, tuple[int, ...]], tuple[bool | None, Any]] = {}
        self._parts: dict[tuple[str, int], Statement] = {}

    def alone(self, k: int, cover: list[int]) -> bool | None:
        """True: k cannot apply while no statement of `cover` does; False: it can (a
        replayed request shows it); None: not decided here."""
        if self.policy.statements[k].principals is not None:
            return None
        try:
            if self._simple[k]:
                answer = self._alone(k, cover, FIELDS)
                if answer is not None or all(self._simple[j] for j in cover):
                    return answer
            # policy variables in some resource tie the resource to the context
            return self._alone(k, cover, JOINT_FIELDS)
        except (OutOfTime, TooLarge):
            return None

    def _alone(self, k: int, cover: list[int], fields: tuple[str, ...]) -> bool | None:
        placed: dict[str, list[int]] = {f: [] for f in fields}
        witness = {}
        for f in fields:
            fits, witness[f] = self._fits(f, k, [])
            if fits is None:
                return None
            if not fits:
                return True  # k alone never applies
        for j in cover:
            usable = self._usable(fields, j)
            free = next((f for f in usable if self._dodges(f, j, witness[f])), None)
            if free is not None:  # the field's witness already falls outside j
                placed[free].append(j)
                continue
            if usable != fields:
                return None
            options = [f for f in fields if self._may_dodge(f, k, j)]
            if not options:
                return True  # j applies wherever k does
            for f in options:
                fits, found = self._fits(f, k, placed[f] + [j])
                if fits:
                    placed[f].append(j)
                    witness[f] = found
                    break
            else:
                if all(self._fits(f, k, [j])[0] is False for f in options):
                    return True  # no field dodges j even alone: j applies wherever k does
                return None  # the greedy search found no field for j: the solver decides
        resource, context = witness["rc"] if "rc" in witness else (witness["resource"], witness["context"])
        request = Request(self.cat.actions[witness["action"]], resource, None, context)
        ctx = request.context_map()
        statements = self.policy.statements
        if statement_applies(statements[k], request, ctx) and not any(statement_applies(statements[j], request, ctx)
                                                                      for j in cover):
            return False
        return None  # a replay that fails is a disagreement: the solver decides

    def _usable(self, fields: tuple[str, ...], j: int) -> tuple[str, ...]:
        """The fields in which statement j can be told apart from k's witness: a principal, or policy
        variables in j's resources when k has none, tie j's fields together; only the action (and
        the conditions, which a principal does not change) then dodge it alone."""
        t = self.policy.statements[j]
        if fields == FIELDS:
            return fields if self._simple[j] else ("action", "context")
        return fields if t.principals is None else ("action",)

    def _dodges(self, field: str, j: int, value: Any) -> bool:
        """The field's witness `value` falls outside statement j in that field (the concrete evaluator says)."""
        part = self._part(field, j)
        if field == "action":
            request = Request(self.cat.actions[value], "*")
        elif field == "resource":
            request = Request("*", value)
        elif field == "rc":
            request = Request("*", value[0], None, value[1])
        else:
            request = Request("*", "*", None, value)
        return not statement_applies(part, request, request.context_map())

    def _part(self, field: str, j: int) -> Statement:
        """Statement j constraining only `field` (one object per field: the encoder remembers it)."""
        part = self._parts.get((field, j))
        if part is None:
            part = self._parts[(field, j)] = _only(self.policy.statements[j], field)
        return part

    def _may_dodge(self, field: str, k: int, j: int) -> bool:
        """Some request inside k may be outside j in `field` (exact, or True when unsure)."""
        s, t = self.policy.statements[k], self.policy.statements[j]
        if field == "action":
            return not self.actions[k].minus(self.actions[j]).is_empty(self.size)
        if field == "resource":
            if t.resources is None:
                return False
            return self._fits("resource", k, [j])[0] is not False
        if field == "rc" and t.resources is not None:
            return True
        return any(_condition_key(c) not in {_condition_key(d) for d in s.conditions} for c in t.conditions)

    def _fits(self, field: str, k: int, dodged: list[int]) -> tuple[bool | None, Any]:
        """(True, a witness in `field` inside k and outside every statement of `dodged`);
        (False, None) when there is none; (None, None) when that is not known in time."""
        key = (field, k, tuple(sorted(dodged)))
        known = self._fitted.get(key)
        if known is None:
            known = self._fitted[key] = self._fit(field, k, dodged)
        return known

    def _fit(self, field: str, k: int, dodged: list[int]) -> tuple[bool | None, Any]:
        if field == "action":
            left = self.actions[k]
            for j in dodged:
                left = left.minus(self.actions[j])
            return (False, None) if left.is_empty(self.size) else (True, left.some(self.size))
        if field == "resource":
            return self._resource(k, dodged)
        if field == "rc":
            return self._joint(k, dodged)
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
        question = (_conditions_key(statements[k]), tuple(sorted({_conditions_key(statements[j]) for j in dodged})))
        typing = tuple(sorted((name, self._typing[name]) for name in _keys_named(statements, [k, *dodged])))
        known = _CONTEXTS.get((question, typing))
        if known is None:
            known = self._solve_context(k, dodged)
            if known[0] is not None and len(_CONTEXTS) < MAX_CONTEXTS:
                _CONTEXTS[(question, typing)] = known
        return known

    def _joint(self, k: int, dodged: list[int]) -> tuple[bool | None, Any]:
        """(resource, context) for a k whose resources hold policy variables: asked of z3 on the
        conditions' encoding, where the resource is then a z3 string as in the policy's encoding."""
        if self.context_enc.u.strings["resource"].family is not None:
            return None, None
        joint = [self._part("rc", i) for i in [k, *dodged]]
        found = self._solve(joint[0], joint[1:])
        if found[0]:
            request = self.context_enc.request_of(found[1])
            return True, (request.resource, request.context)
        return found[0], None

    def _solve_context(self, k: int, dodged: list[int]) -> tuple[bool | None, Any]:
        found = self._solve(self._conditions[k], [self._conditions[j] for j in dodged])
        return (True, self.context_enc.request_of(found[1]).context) if found[0] else (found[0], None)

    def _solve(self, inside: Statement, outside: list[Statement]) -> tuple[bool | None, Any]:
        """(True, a model) where `inside` applies and no statement of `outside` does, on the
        conditions' encoding; (False, None) when none does; (None, None) without an answer in time."""
        enc = self.context_enc
        solver = z3.Solver()
        solver.add(self.context_domain, enc.applies(inside), *(z3.Not(enc.applies(t)) for t in outside))
        left = min(CONTEXT_QUERY_CAP, self.deadline.remaining())
        if left <= 0:
            return None, None
        solver.set("timeout", max(1, int(left * 1000)))
        answer = solver.check()
        if answer == z3.unknown:
            return None, None
        if answer == z3.unsat:
            return False, None
        return True, solver.model()


@functools.lru_cache(maxsize=8192)
def _member(include: tuple[Pred, ...], exclude: tuple[Pred, ...]) -> str | None:
    """`automata.member`, remembered: managed policies repeat their resource lists."""
    return member(list(include), list(exclude), RESOURCE_STATES)


#: conditions-only answers by what they ask and how the keys are typed: managed policies repeat
#: their condition blocks, within a policy and across policies
_CONTEXTS: dict[tuple, tuple[bool | None, Any]] = {}
MAX_CONTEXTS = 50_000


def _conditions_key(s: Statement) -> tuple:
    """What a statement's conditions test, positions left out (their order does not matter)."""
    return tuple(sorted({_condition_key(c) for c in s.conditions}, key=repr))


def _keys_named(statements: tuple[Statement, ...], which: list[int]) -> set[str]:
    """The condition keys the conditions of `which` test or read as policy variables."""
    out = set()
    for i in which:
        for c in statements[i].conditions:
            out.add(c.key)
            out.update(v.key for value in c.values if isinstance(value, Pattern) for v in value.variables)
    return out


def _has_variables(s: Statement) -> bool:
    return any(p.variables for p in s.resources or ()) or any(
        isinstance(v, Pattern) and v.variables for c in s.conditions for v in c.values)


def _only(s: Statement, field: str, keep_variables: bool = False) -> Statement:
    """`s` constraining only `field` of a request (with `keep_variables`, "context" keeps
    the principal and the resource patterns holding policy variables as well)."""
    every = (Pattern("*", (ANY,), 0, 0),)
    if field == "action":
        return dataclasses.replace(s, principals=None, not_principal=False, resources=None, not_resource=False,
                                   conditions=())
    if field == "resource":
        return dataclasses.replace(s, principals=None, not_principal=False, actions=every, not_action=False,
                                   conditions=())
    if field == "rc":
        return dataclasses.replace(s, principals=None, not_principal=False, actions=every, not_action=False)
    kept = tuple(p for p in s.resources or () if p.variables) if keep_variables else ()
    principals = (s.principals, s.not_principal) if keep_variables else (None, False)
    return dataclasses.replace(s, principals=principals[0], not_principal=principals[1], actions=every,
                               not_action=False, resources=kept or None, not_resource=bool(kept) and s.not_resource)


def _simple(s: Statement) -> bool:
    """No principal and no policy variable in a resource: a box over the three fields."""
    return s.principals is None and not any(p.variables for p in s.resources or ())


def _condition_key(c: Condition) -> tuple:
    """What a condition tests, its position left out."""
    values = tuple(v.parts if isinstance(v, Pattern) else v for v in c.values)
    return c.base, c.qualifier, c.if_exists, c.key, values
