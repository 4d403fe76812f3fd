"""The semantic lint's question, "can statement k apply while none of `cover` does?", answered fast.

Most questions are answered field by field without the policy's encoding
(lint_dimensions.py); the policy's encoding is built for the first question
left open, and z3 answers it there. Two exact reductions keep each query
small; neither changes an answer:

* Action grouping: a cover statement whose actions share no catalogue action
  with statement k's never applies where k does (the request has one action),
  so its "does not apply" is implied and it is left out of the query.
* One universe per query, when the whole policy's string cells are too many:
  IAM's `*` at the end of an ARN segment runs past colons, so n such resource
  patterns of one service cut 2^n cells, and z3's string solver then times out
  on the policy as a whole. The query's own statements (k and the cover left
  after grouping) are few, and a universe of their patterns alone is exact for
  the query: every encoding of `Universe` is exact for the atoms it collects.
  The exception is how condition keys are typed, which depends on every use
  in the policy (a key used once with a plain operator is single-valued
  everywhere): a query whose universe types a key differently from the whole
  policy's is asked on the whole policy's encoding, as before.

A template's policy (templates/symbols.py) holds template values, each free to
take any value it admits; a value spliced into an ARN pattern slows z3's string
solver past the query's cap. Such a query left open is asked again (with half
a cap of its own, within the lint's deadline) with every template value at its
example: a request found there is a request the statement applies to (an
answer "it can"), whatever the other values do; "it cannot" is only ever the
answer over every value.
"""

from __future__ import annotations

import dataclasses

import z3

from verifier.deadline import Deadline, OutOfTime
from verifier.policy.automata import MAX_STATES
from verifier.policy.catalogue import Catalogue
from verifier.policy.encode import Encoder
from verifier.policy.ir import Policy
from verifier.policy.lint_dimensions import Dimensions
from verifier.policy.universe import Universe, Unsupported

#: seconds one semantic lint query may take: a lint finding is not worth a long wait
LINT_QUERY_CAP = 1.0
#: statements from which one incremental solver answers every question (through assumption
#: literals, so the policy is given to z3 once); below, a fresh solver per question, which z3
#: simplifies better
INCREMENTAL_FROM = 64
#: automaton states the whole policy's cells may take before each query gets a universe of its own
#: (a policy whose cells fit is answered on one encoding, as for every other check)
WHOLE_POLICY_STATES = MAX_STATES
#: automaton states one query's cells may take before its strings are z3 strings (exact as well;
#: beyond, the cells of n colon-crossing patterns, 2^n, cost more than z3's string solver)
QUERY_STATES = 2000


class Questions:
    """"Can statement k apply while none of `cover` does?" for one policy, within `deadline`.
    Building raises Unsupported or OutOfTime as building the policy's encoding does."""

    def __init__(self, policy: Policy, cat: Catalogue, deadline: Deadline) -> None:
        self.policy, self.cat, self.deadline = policy, cat, deadline
        self.fields = Dimensions(policy, cat, deadline)
        self.actions = self.fields.actions
        self._solver_ready = False

    def _prepare_solver(self) -> None:
        """The whole policy's encoding, built for the first question `fields` leaves open."""
        if self._solver_ready:
            return
        policy, cat, deadline = self.policy, self.cat, self.deadline
        whole = Universe([policy], cat, max_states=WHOLE_POLICY_STATES)
        enc = Encoder(whole)
        self.whole = whole
        self.domain = enc.domain()
        self.examples = enc.template_examples()
        self.applies = [enc.applies(s) for s in policy.statements]
        #: per query universes when the whole policy's cells are too many (see module doc)
        self.split = any(subject.too_large for subject in whole.strings.values())
        self.incremental: z3.Solver | None = None
        self._solver_ready = True
        if not self.split and len(self.applies) >= INCREMENTAL_FROM:
            self.incremental = z3.Solver()
            self.incremental.add(self.domain)
            self.on = [z3.Bool(f"lint.on#{k}") for k in range(len(self.applies))]
            self.off = [z3.Bool(f"lint.off#{k}") for k in range(len(self.applies))]
            for k, formula in enumerate(self.applies):
                deadline.check()
                self.incremental.add(z3.Implies(self.on[k], formula), z3.Implies(self.off[k], z3.Not(formula)))

    def alone(self, k: int, cover: list[int]) -> bool | None:
        """True: it cannot (unsat); False: it can; None: no answer in time. Field by
        field first (lint_dimensions.py), then on the policy's encoding."""
        if self.deadline.expired():
            return None
        answer = self.fields.alone(k, self.grouped(k, cover))
        return answer if answer is not None else self.by_solver(k, cover)

    def grouped(self, k: int, cover: list[int]) -> list[int]:
        """The statements of `cover` that share a catalogue action with k (action grouping)."""
        return [j for j in cover if self.actions[j].meets(self.actions[k], len(self.cat))]

    def by_solver(self, k: int, cover: list[int]) -> bool | None:
        """`alone` asked of z3 on the policy's encoding (or a universe of the query's own statements)."""
        if self.deadline.expired():
            return None
        cover = self.grouped(k, cover)
        try:
            self._prepare_solver()
        except (OutOfTime, Unsupported):
            return None
        examples = z3.BoolVal(True)
        if self.incremental is not None:
            solver = self.incremental
            assumptions = [self.on[k], *(self.off[j] for j in cover)]
        else:
            solver = z3.Solver()
            try:
                formulas, examples = self._query(k, cover)
                solver.add(*formulas)
            except OutOfTime:
                return None
            assumptions = []
        left = min(LINT_QUERY_CAP, self.deadline.remaining())
        if left <= 0:
            return None
        solver.set("timeout", max(1, int(left * 1000)))
        answer = solver.check(*assumptions)
        if answer == z3.unknown and not z3.is_true(examples):  # the template values at their examples (module doc)
            left = min(LINT_QUERY_CAP / 2, self.deadline.remaining())
            solver.set("timeout", max(1, int(left * 1000)))
            return False if left > 0 and solver.check(*assumptions, examples) == z3.sat else None
        return None if answer == z3.unknown else answer == z3.unsat

    def _query(self, k: int, cover: list[int]) -> tuple[list[z3.BoolRef], z3.BoolRef]:
        """The query's formulas, on the whole policy's encoding or on a universe of its own statements, and
        the formula giving each template value its example there (Encoder.template_examples)."""
        if self.split:
            statements = tuple(self.policy.statements[i] for i in [k, *cover])
            try:
                own = Universe([dataclasses.replace(self.policy, statements=statements)], self.cat, max_states=QUERY_STATES)
                if self._same_keys(own):
                    enc = Encoder(own)
                    return ([enc.domain(), enc.applies(statements[0]), *(z3.Not(enc.applies(s)) for s in statements[1:])],
                            enc.template_examples())
            except Unsupported:
                pass  # the whole policy's encoding was built, so it represents the query: asked there
        return [self.domain, self.applies[k], *(z3.Not(self.applies[j]) for j in cover)], self.examples

    def _same_keys(self, own: Universe) -> bool:
        """Every condition key of `own` has the sort and shape it has in the whole policy."""
        return all(
            (info.family, info.is_set) == (self.whole.keys[name].family, self.whole.keys[name].is_set)
            for name, info in own.keys.items()
        )
