"""The one table of `verify policy validate` findings: a stable code, a severity, what it means.

Severities, most severe first, follow IAM Access Analyzer's policy validation
(error, security warning, warning, suggestion). By default only errors and
security warnings make validate answer no; `--fail-on LEVEL` moves the bar.
Retired services are named as such (a warning: the catalogue outlived them,
the policy is not wrong), each with the AWS page that says so.
"""

from __future__ import annotations

from dataclasses import dataclass

SEVERITIES = ("error", "security-warning", "warning", "suggestion")
DEFAULT_FAIL_ON = "security-warning"


@dataclass(frozen=True)
class Code:
    """One kind of finding."""

    name: str
    severity: str
    meaning: str


CODES: dict[str, Code] = {c.name: c for c in (
    Code("MALFORMED_ACTION", "error", 'an action not written "service:Action"'),
    Code("UNKNOWN_SERVICE", "error", "a service prefix the catalogue does not know"),
    Code("RETIRED_SERVICE", "warning", "a service prefix of a service AWS has retired"),
    Code("UNKNOWN_ACTION", "error", "an action pattern that matches no documented action"),
    Code("MALFORMED_ARN", "error", "a Resource that is not arn:partition:service:region:account:resource"),
    Code("ARN_CONDITION_NOT_ARN", "error", "an Arn* condition value that is not an ARN (it never matches)"),
    Code("MISSING_RESOURCE", "error", 'a statement without "Resource" or "NotResource"'),
    Code("DUPLICATE_SID", "error", "two statements with the same Sid"),
    Code("PLACEHOLDER", "error", 'an example\'s placeholder ("<ACCOUNT ID>") left in a value'),
    Code("ALLOW_NOT_PRINCIPAL", "security-warning", '"Allow" with "NotPrincipal": everyone not listed'),
    Code("ALLOW_NOT_ACTION_ANY_RESOURCE", "security-warning", '"Allow" with "NotAction" on every resource'),
    Code("PASS_ROLE_ANY_RESOURCE", "security-warning", "iam:PassRole allowed on every role"),
    Code("GITHUB_TRUST_WITHOUT_SUB", "security-warning", "a GitHub OIDC trust any repository on GitHub can use"),
    Code("ALLOW_NOT_ACTION", "warning", '"Allow" with "NotAction": also actions AWS adds later'),
    Code("ALLOW_NOT_RESOURCE", "warning", '"Allow" with "NotResource": every resource not listed'),
    Code("LITERAL_VARIABLE", "warning", 'a policy variable read literally (no "Version": "2012-10-17")'),
    Code("MISSING_VERSION", "warning", 'no "Version": IAM reads the policy as 2008-10-17'),
    Code("NEVER_APPLIES", "warning", "a statement no request matches"),
    Code("REDUNDANT_STATEMENT", "suggestion", "a statement whose removal changes no decision"),
)}


@dataclass(frozen=True)
class Retired:
    """A service AWS has retired, and the page that says so."""

    name: str
    source: str


#: service prefix -> the retired service (pages read 2026-12-04)
RETIRED_SERVICES: dict[str, Retired] = {
    "elastic-inference": Retired(
        "Amazon Elastic Inference",
        "AWS CLI Command Reference, elastic-inference: \"Amazon Elastic Inference is no longer available\" "
        "(https://docs.aws.amazon.com/cli/latest/reference/elastic-inference/index.html)",
    ),
    "iot1click": Retired(
        "AWS IoT 1-Click",
        "AWS IoT 1-Click Developer Guide: \"AWS will discontinue AWS IoT 1-Click service on December 16, 2024\" "
        "(https://docs.aws.amazon.com/iot-1-click/latest/developerguide/doc-history.html)",
    ),
}


def fails(code: str, fail_on: str = DEFAULT_FAIL_ON) -> bool:
    """Does a finding with `code` make validate answer no at the bar `fail_on`?"""
    return SEVERITIES.index(CODES[code].severity) <= SEVERITIES.index(fail_on)


def tagged(message: str, code: str) -> str:
    """The finding's message with its severity and code, as reports show it."""
    return f"{message} [{CODES[code].severity} {code}]"
