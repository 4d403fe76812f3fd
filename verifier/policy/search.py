"""Find a request with a property, or prove there is none: the engine behind every check.

`search(policies, goal, holds, ...)` asks z3 for a request satisfying one of
the cases of `goal` (formulas over the encoder's request, typically one per
Allow statement: first all at once with half the time, then one by one, each
first with a share of the time, so a hard case cannot starve the easy ones)
and answers:

* ``none``: z3 proved there is none; cvc5 re-checks the query and Hypothesis
  tries to refute it with requests made of the policies' material. A refuted or
  contradicted proof becomes ``unknown`` ("incomplete: ...").
* ``found``: the model's request, replayed through the concrete evaluator
  (`holds`), made readable (`witness.polish`) and explored with Hypothesis. A
  model that does not replay becomes ``unknown`` ("incomplete: counterexample
  did not replay").
* ``unknown``: timeout, solver failure, or a construct the encoding cannot
  represent ("unsupported: ...").

Building the encoding, solving, re-checking and exploring all run under the
check's deadline (`deadline.within(timeout)`, or the caller's if sooner): a
search that does not finish is unknown ("timeout: ..."); the optional steps
after a decision (cvc5, Hypothesis, polishing a witness) are dropped, noted,
when time runs out, and the decision stands.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Callable

import z3

from verifier.policy.catalogue import Catalogue, catalogue
from verifier.deadline import Deadline, OutOfTime, within
from verifier.policy.encode import Encoder
from verifier.policy.ir import Pattern, Policy, Request
from verifier.policy.recheck import Recheck, recheck_unsat
from verifier.policy.universe import Universe, Unsupported
from verifier.policy.globs import formats_regex
from verifier.policy.witness import fits_format, polish
from verifier.registry import UnknownReason

#: the cases of what is searched for (their disjunction), e.g. one per Allow statement
Goal = Callable[[Encoder], list[z3.BoolRef]]
Holds = Callable[[Request], bool]


@dataclass
class Outcome:
    """What a search established."""

    status: str  # "none", "found" or "unknown"
    reason: str = ""
    request: Request | None = None
    confirmed: bool = False
    checked_by: list[str] = field(default_factory=list)
    explored: dict[str, int] | None = None
    note: str = ""
    universe: Universe | None = None
    #: unknown because the request found is in no documented form, the formats not encoded (`Universe.formats_withheld`)
    undocumented: bool = False


@dataclass(frozen=True)
class Scope:
    """Atoms a check adds to the policies' own (see `Universe`)."""

    actions: tuple[Pattern, ...] = ()
    resources: tuple[Pattern, ...] = ()
    key_atoms: tuple[tuple[str, str, Pattern], ...] = ()
    principals: tuple[str, ...] | None = None


def search(
    policies: list[Policy],
    goal: Goal,
    holds: Holds,
    *,
    timeout: float,
    scope: Scope = Scope(),
    crosscheck: bool = True,
    formats: bool = True,
) -> Outcome:
    """A request satisfying one of the cases of `goal`, or a proof that none exists (see module doc).
    Without `crosscheck`, neither cvc5 nor Hypothesis runs (for measuring the solving alone).
    With `formats`, only requests AWS could receive count: for an action a policy names, the
    resource is in an ARN format AWS documents for its class (`Universe.class_formats`); without,
    any string is a resource (IAM's raw string matching)."""
    if crosscheck:  # Hypothesis: slow to import (validate, which never searches, goes without), so not on the clock
        from verifier.policy import explore  # noqa: F401
    with within(timeout) as deadline:
        try:
            return _search(policies, goal, holds, scope, crosscheck, formats, deadline)
        except OutOfTime:
            return Outcome("unknown", deadline.reason())


def _search(
    policies: list[Policy], goal: Goal, holds: Holds, scope: Scope, crosscheck: bool, formats: bool, deadline: Deadline
) -> Outcome:
    """One search; where it finds a request in no documented form on a resource held as a z3 string (the
    formats withheld there, slow), one more with the formats encoded, whose yes or no stands."""
    outcome = _search_once(policies, goal, holds, scope, crosscheck, formats, deadline, string_formats=False)
    if not outcome.undocumented:
        return outcome
    again = _search_once(policies, goal, holds, scope, crosscheck, formats, deadline, string_formats=True)
    return again if again.status != "unknown" else outcome


def _search_once(
    policies: list[Policy],
    goal: Goal,
    holds: Holds,
    scope: Scope,
    crosscheck: bool,
    formats: bool,
    deadline: Deadline,
    string_formats: bool,
) -> Outcome:
    cat = catalogue()
    try:
        uni = Universe(
            policies,
            cat,
            actions=scope.actions,
            resources=scope.resources,
            key_atoms=scope.key_atoms,
            principals=scope.principals,
            formats=formats,
            string_formats=string_formats,
        )
        enc = Encoder(uni)
        domain = enc.domain()
        cases = goal(enc) or [z3.BoolVal(False)]
    except Unsupported as exc:
        return Outcome("unknown", UnknownReason.UNSUPPORTED.describe(str(exc)))
    if uni.class_formats:
        holds = _receivable(holds, uni)
    # all cases at once first: one query settles most policies, however many statements they have
    whole = z3.Solver()
    whole.add(domain, z3.Or(cases))
    answer = _check(whole, deadline, deadline.remaining() / 2 if len(cases) > 1 else None)
    if answer == z3.sat:
        return _found(whole, enc, holds, policies, cat, deadline, crosscheck)
    if answer == z3.unsat:
        return _proved(whole, holds, policies, cat, deadline, uni, crosscheck)
    reason = _unknown_reason(whole, deadline.seconds)
    # then case by case on one incremental solver, first with a share of the time each, so one hard
    # case cannot starve the easy ones; all cases unsat is `whole` unsat, the query cvc5 re-checks
    stepper = z3.Solver()
    stepper.add(domain)
    pending = list(cases) if len(cases) > 1 else []
    for cap in (deadline.remaining() / (2 * len(pending)), None) if pending else ():
        unsettled = []
        for case in pending:
            if deadline.expired():
                return Outcome("unknown", deadline.reason(), universe=uni)
            stepper.push()
            stepper.add(case)
            answer = _check(stepper, deadline, cap)
            if answer == z3.sat:
                return _found(stepper, enc, holds, policies, cat, deadline, crosscheck)
            stepper.pop()
            if answer != z3.unsat:
                unsettled.append(case)
                reason = _unknown_reason(stepper, deadline.seconds)
        pending = unsettled
        if not pending:
            return _proved(whole, holds, policies, cat, deadline, uni, crosscheck)
    return Outcome("unknown", reason, universe=uni)


def _found(
    solver: z3.Solver,
    enc: Encoder,
    holds: Holds,
    policies: list[Policy],
    cat: Catalogue,
    deadline: Deadline,
    crosscheck: bool,
) -> Outcome:
    uni = enc.u
    model = solver.model()
    # readable first: template values (if any) at their examples, with realistic fields or without (a value
    # the search chose for a template value may be one it cannot take: answers.py then says unknown),
    # then at least realistic fields
    examples = enc.template_examples()
    preferences = ([z3.And(enc.realistic(), examples), examples] if not z3.is_true(examples) else []) + [enc.realistic()]
    for preferred in preferences:
        solver.push()
        solver.add(preferred)
        answer = _check(solver, deadline, cap=2.0)
        if answer == z3.sat:
            model = solver.model()
        solver.pop()
        if answer == z3.sat:
            break
    raw = enc.request_of(model)
    if not holds(raw):
        return Outcome("unknown", UnknownReason.INCOMPLETE.describe("counterexample did not replay"), raw, universe=uni)
    cls = model.eval(enc.action, model_completion=True).as_long()

    def in_time(req: Request) -> bool:
        """`holds`, for the optional steps below: past the deadline they stop (OutOfTime)."""
        deadline.check()
        return holds(req)

    request = raw
    try:  # readability and exploration are kept only if they finish in time; the replayed request stands
        request = polish(raw, in_time, cat, _members(uni, cls))
        if (uni.class_formats or uni.formats_withheld) and not fits_format(request, cat):
            request = _documented_action(request, in_time, cat, _members(uni, cls))
    except OutOfTime:
        pass
    if uni.formats_withheld and not fits_format(request, cat):
        return Outcome("unknown", _undocumented(request), request, universe=uni, undocumented=True)
    out = Outcome("found", request=request, confirmed=True, universe=uni)
    if crosscheck:
        try:
            from verifier.policy import explore as hyp  # imported by `search`

            explored = hyp.explore(request, in_time, policies, cat)
            explored["actions_failing"] = _action_width(uni, request, in_time)
            out.explored = explored
        except OutOfTime:
            pass
    return out


def _undocumented(req: Request) -> str:
    """Why a replayed request is no evidence when the documented ARN formats could not be encoded."""
    return UnknownReason.INCOMPLETE.describe(
        f"the request found ({req.action} on {req.resource}) is in no resource form AWS documents for its action,"
        " and a template value or policy variable in a Resource kept the documented forms out of the search"
    )


def _receivable(holds: Holds, uni: Universe) -> Holds:
    """`holds`, for requests whose resource is in a documented format of its action's class (the
    encoding's constraint, replayed)."""
    patterns = {c: formats_regex(text.split(" ")) for c, text in uni.class_formats.items()}

    def receivable(req: Request) -> bool:
        c = uni.action_class(req.action)
        return (c not in patterns or patterns[c].fullmatch(req.resource) is not None) and holds(req)

    return receivable


def _documented_action(req: Request, holds: Holds, cat: Catalogue, members: list[int]) -> Request:
    """The request with an action of the same class whose own documented format the resource fits, if any."""
    for i in members[:MAX_FORMAT_TRIES]:
        candidate = replace(req, action=cat.actions[i])
        if fits_format(candidate, cat) and holds(candidate):
            return candidate
    return req


#: actions of a class tried for one whose own format fits the witness's resource
MAX_FORMAT_TRIES = 200
#: seconds cvc5 gets to re-check a query with the documented formats on a z3-string resource: it rarely
#: settles those regular expressions, and would otherwise take the whole check's time (the yes then stands
#: on z3 and Hypothesis, noted)
STRING_FORMATS_RECHECK_CAP = 1.0


def _proved(
    solver: z3.Solver,
    holds: Holds,
    policies: list[Policy],
    cat: Catalogue,
    deadline: Deadline,
    uni: Universe,
    crosscheck: bool,
) -> Outcome:
    out = Outcome("none", checked_by=["z3"], universe=uni)
    if not crosscheck:
        return out
    limit = min(deadline.remaining(), STRING_FORMATS_RECHECK_CAP) if uni.formats_on_strings else deadline.remaining()
    again = recheck_unsat(solver, limit) if not deadline.expired() else Recheck("unknown", "out of time")
    if again.answer == "sat":
        return Outcome("unknown", UnknownReason.INCOMPLETE.describe(
            "cvc5 finds the query satisfiable where z3 proved it unsatisfiable"))
    if again.answer == "unsat":
        out.checked_by.append("cvc5")
    else:
        out.note = f"cvc5 did not confirm ({again.note or again.answer})"
    try:
        from verifier.policy import explore as hyp  # imported by `search`

        found = hyp.refute(holds, policies, cat)
    except OutOfTime:
        out.note = "; ".join(filter(None, [out.note, "Hypothesis did not run: out of time"]))
        return out
    if found is not None:
        return Outcome("unknown", UnknownReason.INCOMPLETE.describe("Hypothesis found a request the proof missed"), found,
                       confirmed=True)
    out.checked_by.append(f"hypothesis({hyp.REFUTE_EXAMPLES} requests)")
    return out


def _check(solver: z3.Solver, deadline: Deadline, cap: float | None = None) -> z3.CheckSatResult:
    left = max(0.001, deadline.remaining())
    if cap is not None:
        left = min(left, cap)
    solver.set("timeout", max(1, int(left * 1000)))
    return solver.check()


def _unknown_reason(solver: z3.Solver, timeout: float) -> str:
    why = solver.reason_unknown()
    if "timeout" in why or "canceled" in why:
        return UnknownReason.TIMEOUT.describe(
            f"z3 gave no answer within {timeout:g} s (try --timeout {max(10, int(timeout * 4))})")
    return UnknownReason.SOLVER.describe(f"z3 answered unknown ({why})")


def _members(uni: Universe, cls: int) -> list[int]:
    """Catalogue indices of action class `cls` (the first few of a large one)."""
    members = uni.classes[cls].members
    if members is not None:
        return list(members)
    out = []
    for i, name in enumerate(uni.cat.actions):
        if uni.action_class(name) == cls:
            out.append(i)
            if len(out) >= 40:
                break
    return out


def _action_width(uni: Universe, request: Request, holds: Holds) -> int:
    """How many catalogue actions, put in place of the request's, keep it a counterexample."""
    total = 0
    for cls in uni.classes:
        if holds(replace(request, action=uni.cat.actions[cls.representative])):
            total += cls.size
    return total
