"""One home for check names, unknown reasons and input-error kinds.

SARIF rule ids and the text reporter's labels come from here.
"""

from __future__ import annotations

import enum

#: check name -> one-line description (also the SARIF rule's short description)
CHECKS: dict[str, str] = {
    "assert": "an assertion (assert, __VERIFIER_assert, reach_error) can fail",
    "overflow": "signed integer overflow (bv semantics), including INT_MIN / -1",
    "div-by-zero": "division or remainder by zero",
    "shift": "shift by a negative or too-large amount, or of a negative value",
    "termination": "the function does not always terminate",
    "equivalence": "two functions disagree on some input",
    "unsupported": "the function uses a construct outside the supported subset",
    "policy-validate": "policy grammar, schema and lint findings",
    "policy-allows": "concrete decision of a policy for one request",
    "policy-no-public-access": "the policy grants access to the public",
    "policy-not-granted": "the policy grants a listed action",
    "policy-no-new-access": "the new policy allows a request the old one denies",
    "policy-equiv": "two policies allow different requests",
    "access-can": "the decision for one request across every policy of a snapshot",
    "access-who-can": "a principal can make the request (across every policy of a snapshot)",
    "access-external-access": "a resource is reachable from outside the zone of trust",
    "access-no-new-access": "the new snapshot allows a request the old one denies",
}


#: input-error kinds (exit code 2)
INPUT_ERROR_KINDS: dict[str, str] = {
    "syntax": "the file does not parse",
    "unsupported": "a construct outside the supported subset",
    "policy-json": "malformed JSON",
    "policy-schema": "a policy element of the wrong shape",
    "file": "missing, empty, binary or unreadable file",
    "usage": "bad command-line usage",
}


class UnknownReason(enum.Enum):
    """Why a check is unknown: the closed vocabulary its reason text starts with.

    `describe` renders a result's ``reason``: the category, then ``: `` and
    what was hit (``timeout: no invariant found within 10s (loop at line 4);
    try --timeout 40``). That text is part of the JSON contract (DESIGN.md):
    tools match on the category.
    """

    #: The deadline passed first. The detail names the step that did not
    #: finish and, where it helps, the --timeout to try.
    TIMEOUT = "timeout"
    #: The function uses a construct outside the supported subset, or one
    #: the analysis cannot read exactly. The detail names it and its line.
    UNSUPPORTED = "unsupported"
    #: Every method ran out without an answer, or the evidence an engine gave
    #: failed its cross-check (a replay, a re-check, a concrete run).
    INCOMPLETE = "incomplete"
    #: A solver or a worker process failed (an error, a crash). Please report it.
    SOLVER = "solver"

    def describe(self, detail: str = "") -> str:
        """The reason text: ``category: detail`` (the bare category without a detail)."""
        return f"{self.value}: {detail}" if detail else self.value

    @classmethod
    def of(cls, reason: str) -> UnknownReason | None:
        """The category a reason text starts with; None for any other text."""
        for category in cls:
            if reason.startswith(category.value):
                return category
        return None


#: the reason of checks whose worker process died (the cause follows in parentheses)
WORKER_CRASHED = UnknownReason.SOLVER.describe("worker crashed")
