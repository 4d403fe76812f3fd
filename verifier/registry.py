"""One home for check names, unknown reasons and input-error kinds.

SARIF rule ids and the text reporter's labels come from here.
"""

from __future__ import annotations

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
}

#: the closed vocabulary an unknown's reason starts with
UNKNOWN_REASONS: tuple[str, ...] = ("timeout", "unsupported", "incomplete", "solver")

#: input-error kinds (exit code 2)
INPUT_ERROR_KINDS: dict[str, str] = {
    "syntax": "the file does not parse",
    "unsupported": "a construct outside the supported subset",
    "policy-json": "malformed JSON",
    "policy-schema": "a policy element of the wrong shape",
    "file": "missing, empty, binary or unreadable file",
    "usage": "bad command-line usage",
}
