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
    "bounds": "an index outside its array or list (C out-of-bounds access, Python IndexError)",
    "value": "a ValueError from a builtin (min or max of an empty list, ...)",
    "key": "a KeyError (a dict key that is not present)",
    "raise": "an exception raised by a raise statement and not caught (nor declared by the function)",
    "type": "a TypeError from an operation (None used as a number, ord() of a string whose length is not 1)",
    "unbound": "an UnboundLocalError (a local variable read before any assignment on some path)",
    "postcondition": "a postcondition (icontract, deal, PEP 316 docstring) can be false at a return",
    "precondition": "a call passes arguments that violate the called function's precondition",
    "null": "a null pointer dereference",
    "free": "an invalid free (not the start of a heap object, or freed twice)",
    "use-after-free": "an access to a heap object after it was freed, or to a local after its block or function ended",
    "leak": "a heap object still allocated and unreachable when the program ends (off by default)",
    "termination": "the function does not always terminate",
    "equivalence": "two functions disagree on some input",
    "partial-equivalence": "two functions disagree on some input where both end (equivalence modulo termination)",
    "unsupported": "the function uses a construct outside the supported subset",
    "policy-validate": "policy grammar, schema and lint findings",
    "policy-allows": "concrete decision of a policy for one request",
    "policy-no-public-access": "the policy grants access to the public",
    "policy-not-granted": "the policy grants a listed action",
    "policy-no-new-access": "the new policy allows a request the old one denies",
    "policy-equiv": "two policies allow different requests",
    "network-no-public-ingress": "a packet from the internet reaches an instance or load balancer",
    "network-can-reach": "a packet from one endpoint reaches another on the port",
    "network-isolated": "a packet goes between two endpoints",
    "network-no-new-reachability": "the new template lets a packet reach an endpoint the old one did not",
    "access-can": "the decision for one request across every policy of a snapshot",
    "access-who-can": "a principal can make the request (across every policy of a snapshot)",
    "access-external-access": "a resource is reachable from outside the zone of trust",
    "access-no-new-access": "the new snapshot allows a request the old one denies",
    "access-escalation": "an identity can act as another one or rewrite permissions",
}


#: checks that only one language's programs can fail (the others apply to both)
CHECK_LANGUAGE: dict[str, str] = {"value": "python", "key": "python", "raise": "python", "type": "python",
                                  "unbound": "python", "postcondition": "python",
                                  "precondition": "python", "null": "c", "free": "c",
                                  "use-after-free": "c", "leak": "c"}


def applicable_checks(checks, language: str, fixed_width: bool) -> list[str]:
    """The checks of `checks` a program in `language` (``c`` or ``python``) can
    fail; ``overflow`` only with `fixed_width` integers."""
    return [c for c in checks if (fixed_width or c != "overflow") and CHECK_LANGUAGE.get(c, language) == language]


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
    #: The run ended before this check was answered because another check's
    #: confirmed no ended it (``verify prove --exit-first``). Never cached.
    STOPPED = "stopped"

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


#: the reason of checks left open because `--exit-first` ended the run at a confirmed no
STOPPED_AFTER_FIRST_NO = UnknownReason.STOPPED.describe("after the first confirmed no (--exit-first)")

#: the reason of checks whose worker process died (the cause follows in parentheses)
WORKER_CRASHED = UnknownReason.SOLVER.describe("worker crashed")
