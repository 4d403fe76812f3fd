"""The per-file policy checks on a template: every policy found, checked as its resource type.

Each result names the policy (`target` "FILE: LABEL") and points at its
statement in the template. Soundness with template symbols (symbols.py):

* a policy `vet.py` refuses is unknown, with its reason -- unless its
  refused values could hold a wildcard and the check is no-public-access or
  not-granted: readings.py then answers by monotonicity;
* the search keeps to values a symbol can take (admissible.py); a no whose
  request still gives one a value it cannot take (not an account number for
  AWS::AccountId, ...) is unknown;
* principal stand-ins (vet.py) check one deployment only. no-public-access
  keeps its yes (the outsider's account is chosen apart from every named
  account, whatever value the stand-in takes); not-granted checks a deploying
  account case by case (accounts.py); any other stand-in makes its yes unknown.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from verifier.errors import InputError
from verifier.policy import checks, public_rules
from verifier.policy.finding_codes import DEFAULT_FAIL_ON, fails, tagged
from verifier.policy.parse import action_pattern, resource_pattern
from verifier.policy.ir import Policy
from verifier.policy.templates.accounts import over_accounts
from verifier.policy.templates.admissible import guarded
from verifier.policy.templates.found import FoundPolicy, StandIn
from verifier.policy.templates.symbols import REFERENCE
from verifier.policy.templates.load import load_template
from verifier.policy.templates.readings import MONOTONE, one_value_each, settle
from verifier.registry import UnknownReason
from verifier.result import Certificate, Location, Result, Verdict

CHECK_NAMES = {
    "validate": "policy-validate",
    "no-public-access": "policy-no-public-access",
    "not-granted": "policy-not-granted",
}


def answer_template(path: str, command: str, options: dict[str, Any]) -> tuple[list[Result], InputError | None]:
    """Results for every policy of the template at `path`, or the input error that stopped reading it."""
    try:
        found = load_template(path)
    except InputError as error:
        return [], error
    if not found:
        return [Result(CHECK_NAMES[command], path, Location(path, 0, 0), Verdict.YES, engine="template",
                       message="no IAM policy documents found in the template")], None
    out: list[Result] = []
    for f in found:
        out += _over_variants(f, command, options) if f.variants else _one(f, command, options)
    return out, None


def _one(f: FoundPolicy, command: str, options: dict[str, Any]) -> list[Result]:
    """The answer over every value of the template values; where that is unknown, a no of one deployment
    (example.py), for the checks whose no one deployment shows."""
    if f.choices is not None and command in MONOTONE:
        return _over_choices(f, command, options)
    results = _every_value(f, command, options)
    if f.example is None or command not in MONOTONE or not all(r.verdict == Verdict.UNKNOWN for r in results):
        return results
    deployed = _answer(f.example.found, command, options)
    if not any(r.verdict == Verdict.NO for r in deployed):
        return results
    for r in deployed:
        if r.verdict == Verdict.NO:
            r.message = f"{r.message} (in the deployment where {f.example.values})".lstrip()
    return deployed


def _over_choices(f: FoundPolicy, command: str, options: dict[str, Any]) -> list[Result]:
    """A policy per value of its structured template values (choices.py): yes when those are every value
    and each answers yes; a no of one of them (that deployment); else the answer as written."""
    assert f.choices is not None
    answers = [(values, _one(v, command, options)) for values, v in f.choices.variants]
    if f.choices.complete and all(r.verdict == Verdict.YES for _, rs in answers for r in rs):
        for r in answers[0][1]:
            r.message = f"{r.message} (for each value it can take: {'; '.join(values for values, _ in answers)})".lstrip()
        return answers[0][1]
    for values, rs in answers:
        if any(r.verdict == Verdict.NO for r in rs):
            for r in rs:
                if r.verdict == Verdict.NO:
                    r.message = f"{r.message} (in the deployment where {values})".lstrip()
            return rs
    return _one(replace(f, choices=None), command, options)


def _every_value(f: FoundPolicy, command: str, options: dict[str, Any]) -> list[Result]:
    if f.one_copy is not None and command in MONOTONE:
        results = _every_value(replace(f, unsupported=f.one_copy.vetted, one_copy=None), command, options)
        if f.one_copy.singleton:
            return results
        return [_unknown(r, UnknownReason.INCOMPLETE.describe(
            f"{f.one_copy.why}; the request found needs an element that collection is not shown to hold alone"))
                if r.verdict == Verdict.NO else r for r in results]
    if f.readings is not None and command in MONOTONE:
        return settle(f.readings, lambda g: _answer(g, command, options), _answer(f, command, options)[0])
    return _answer(f, command, options)


def _over_variants(f: FoundPolicy, command: str, options: dict[str, Any]) -> list[Result]:
    """A policy with `Fn::If` (conditions.py): yes when every choice of its conditions answers yes,
    no when every one answers no (shown with the first), else unknown."""
    answers = [(choice, _one(v, command, options)) for choice, v in f.variants]
    if all(r.verdict == Verdict.YES for _, rs in answers for r in rs):
        for r in answers[0][1]:
            r.message = f"{r.message} (for every choice of its conditions)".lstrip()
        return answers[0][1]
    if all(any(r.verdict == Verdict.NO for r in rs) for _, rs in answers):
        for r in answers[0][1]:
            if r.verdict == Verdict.NO:
                r.message = f"{r.message} (with {answers[0][0]}; every choice of its conditions answers no)".lstrip()
        return answers[0][1]
    for (choice, rs), (_, v) in zip(answers, f.variants):
        if v.chosen_by is not None and command in MONOTONE and any(r.verdict == Verdict.NO for r in rs):
            values = ", ".join(f"{name} = {value!r}" for name, value in v.chosen_by)
            for r in rs:
                if r.verdict == Verdict.NO:
                    r.message = f"{r.message} (with {choice}, which the parameters {values} make)".lstrip()
            return rs
    (r,) = _check(f, command, options)  # f.unsupported names the conditions
    shown = "; ".join(f"{choice}: {'no' if any(x.verdict == Verdict.NO for x in rs) else 'yes' if all(x.verdict == Verdict.YES for x in rs) else 'unknown'}"
                      for choice, rs in answers)
    return [_unknown(adjusted(r, f, command), UnknownReason.INCOMPLETE.describe(
        f"the answer depends on the template's conditions (Fn::If): {shown}"))]


def _answer(f: FoundPolicy, command: str, options: dict[str, Any]) -> list[Result]:
    if command == "not-granted" and not f.unsupported:
        per_account = over_accounts([f], lambda policies: _not_granted(policies[0], options))
        if per_account is not None:
            return [adjusted(per_account, f, command, settled=True)]
    return [adjusted(r, f, command) for r in _check(f, command, options)]


def _check(f: FoundPolicy, command: str, options: dict[str, Any]) -> list[Result]:
    timeout = options["timeout"]
    if f.unsupported:
        policy = f.policy
        return [Result(CHECK_NAMES[command], policy.path, Location(policy.path, policy.line, policy.column),
                       Verdict.UNKNOWN, engine="template", reason=UnknownReason.UNSUPPORTED.describe(f.unsupported))]
    if f.no_statements:
        return [_no_statements(f, command)]
    if command == "validate":
        results = checks.validate(f.policy, timeout, options.get("fail_on", DEFAULT_FAIL_ON))
        return _missing_version(f, results, options.get("fail_on", DEFAULT_FAIL_ON)) if f.written_version is None else results
    policy = guarded(f.policy, f.symbols)
    if command == "no-public-access":
        rule = public_rules.rule_for(options.get("resource_type") or f.resource_type)
        raw = options.get("raw_arns", False)
        return [checks.no_public_access(policy, options.get("account"), timeout, rule, raw_arns=raw)]
    return [_not_granted(policy, options)]


def _no_statements(f: FoundPolicy, command: str) -> Result:
    """A variant whose choice of conditions leaves no statement: it grants nothing (no-public-access and
    not-granted answer yes); whether AWS accepts such a policy is not known here (validate is unknown)."""
    policy = f.policy
    where = Location(policy.path, policy.line, policy.column)
    if command == "validate":
        return Result(CHECK_NAMES[command], policy.path, where, Verdict.UNKNOWN, engine="template",
                      reason=UnknownReason.UNSUPPORTED.describe("the policy has no statement with this choice of conditions"))
    message = "the policy has no statement with this choice of conditions: it grants nothing"
    return Result(CHECK_NAMES[command], policy.path, where, Verdict.YES, engine="template", message=message,
                  certificate=Certificate("definition", message, checked_by=["schema"]))


def _missing_version(f: FoundPolicy, results: list[Result], fail_on: str) -> list[Result]:
    """`results` of a policy written without "Version" and read as 2012-10-17 (vet.supplied_version), with the
    finding the written policy has: lint.py's MISSING_VERSION, in place of "no findings"."""
    policy = f.policy
    finding = Result("policy-validate", policy.path, Location(policy.path, policy.line, policy.column),
                     Verdict.NO if fails("MISSING_VERSION", fail_on) else Verdict.YES, engine="lint",
                     message=tagged('no "Version": IAM reads the policy as "2008-10-17" (policy variables as literal text)',
                                    "MISSING_VERSION"))
    findings = [r for r in results if r.verdict != Verdict.YES or r.certificate is not None or not r.message.startswith("valid policy:")]
    return [finding] + findings


def _not_granted(policy: Policy, options: dict[str, Any]) -> Result:
    actions = tuple(action_pattern(a) for a in options["actions"])
    resources = tuple(resource_pattern(r) for r in options["resources"])
    return checks.not_granted(policy, actions, resources, options["timeout"], raw_arns=options.get("raw_arns", False))


def adjusted(r: Result, f: FoundPolicy, command: str, settled: bool = False) -> Result:
    """Name the policy in the target, and keep only the answers symbols and stand-ins allow
    (`settled`: the stand-ins were checked case by case, accounts.py)."""
    r.target = f"{f.policy.path}: {f.label}"
    if r.verdict == Verdict.NO and r.counterexample is not None and r.counterexample.request:
        context = r.counterexample.request.get("context", {})
        for key, value in context.items():
            symbol = f.symbols.lookup(key)
            values = value if isinstance(value, list) else [value]
            if symbol is not None and not all(symbol.admits(v) for v in values):
                return _unknown(r, UnknownReason.INCOMPLETE.describe(
                    f"the request found needs {symbol.source} = {values[0]!r}, a value it cannot take"))
        if f.stand_ins and not one_value_each(r, f):
            return _unknown(r, UnknownReason.INCOMPLETE.describe(
                f"the request found gives {', '.join(map(str, f.stand_ins))} a value other than the one in the Principal"))
    if r.verdict == Verdict.YES and f.stand_ins and not settled and command in ("not-granted", "no-new-access", "equiv"):
        return _unknown(r, UnknownReason.INCOMPLETE.describe(
            f"checked with one example value of {', '.join(map(str, f.stand_ins))} in a Principal"))
    unknown_provider = [s for s in f.stand_ins if _unknown_provider(s, f.policy)]
    if r.verdict == Verdict.YES and unknown_provider:
        return _unknown(r, UnknownReason.INCOMPLETE.describe(
            f"the identity provider {', '.join(map(str, unknown_provider))} is a template value: who holds its tokens "
            "(anyone, for a public provider such as GitHub's) depends on which provider it is"))
    return r


#: a federated principal whose provider is written out: the account may be a template value, the host not
_PROVIDER = re.compile(r"arn:[^:]*:iam::[^:]*:(oidc|saml)-provider/(?P<host>.+)")


def _unknown_provider(s: StandIn, policy: Policy) -> bool:
    """Does the stand-in `s` stand for (part of) the name of a Federated principal's OIDC provider?
    Its example is one provider; another (a public one) could let anyone in."""
    federated = any(p.kind == "Federated" and (p.line, p.column) == (s.line, s.column)
                    for st in policy.statements for p in st.principals or ())
    if not federated:
        return False
    m = _PROVIDER.fullmatch(REFERENCE.sub("\0", s.template))  # a template value, as one character
    # any SAML provider is one of the account's own (public_rules.TRUST): which one does not matter
    return m is None or m.group(1) == "oidc" and "\0" in m.group("host")


def _unknown(r: Result, reason: str) -> Result:
    r.verdict = Verdict.UNKNOWN
    r.reason = reason
    r.certificate = None
    return r
