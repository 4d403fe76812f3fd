"""The SMT encoding agrees with the concrete evaluator, on generated policies.

Policies are generated as JSON text from small vocabularies that still cover
every construct (wildcards, NotX elements, principals, every operator family
with IfExists and set forms, Null, policy variables); requests are made of the
policies' own material. For each request the encoding, pinned to it, must
reach the evaluator's decision; and a comparison's answer must replay.
"""

from __future__ import annotations

import json
import re

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import z3

from verifier.policy import checks, explore
from verifier.policy.catalogue import catalogue
from verifier.policy.encode import Encoder
from verifier.policy.evaluator import decide
from verifier.policy.parse import parse_policy
from verifier.policy.universe import Universe, Unsupported
from verifier.result import Verdict

ACTIONS = ["s3:GetObject", "s3:Get*", "s3:*", "s3:?etObject", "*", "s3:PutObject", "ec2:RunInstances", "s3:List*", "s3:ListAllMyBuckets"]
RESOURCES = [
    "*",
    "arn:aws:s3:::b/*",
    "arn:aws:s3:::b",
    "arn:aws:s3:::b/x?",
    "arn:aws:s3:::*/x",
    "arn:aws:s3:::b*y",
    "arn:aws:ec2:*:*:instance/*",
    "arn:aws:s3:::b/${aws:username}/*",
]
PRINCIPALS = [
    "*",
    {"AWS": "*"},
    {"AWS": "111122223333"},
    {"AWS": "arn:aws:iam::111122223333:role/R"},
    {"AWS": ["arn:aws:iam::444455556666:user/u", "arn:aws:iam::111122223333:root"]},
    {"Service": "lambda.amazonaws.com"},
]
#: key -> (operators usable on it, values); each key keeps one family and one arity
KEYS = {
    "k:str": (["StringEquals", "StringNotEquals", "StringLike", "StringNotLike", "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase"],
              ["a", "a*", "b?", "A", "x:y"]),
    "k:var": (["StringEquals", "StringLike", "StringNotEquals"], ["${aws:username}", "h/${aws:username}/*", "h/*"]),
    "k:num": (["NumericEquals", "NumericNotEquals", "NumericLessThan", "NumericLessThanEquals", "NumericGreaterThan", "NumericGreaterThanEquals"],
              ["1", "2.5", "-3", "10"]),
    "k:date": (["DateEquals", "DateLessThan", "DateGreaterThanEquals", "DateNotEquals"], ["2020-01-01T00:00:00Z", "2021-06-01T12:00:00Z"]),
    "k:bool": (["Bool"], ["true", "false"]),
    "k:ip": (["IpAddress", "NotIpAddress"], ["10.0.0.0/8", "10.1.2.3", "192.168.0.0/16", "2001:db8::/32"]),
    "k:arn": (["ArnLike", "ArnEquals", "ArnNotLike"], ["arn:aws:s3:::b/*", "arn:aws:*:*:*:x", "arn:aws:sns:us-east-1:111122223333:t"]),
    "k:bin": (["BinaryEquals"], ["QUJD", "WFla"]),
}
SET_KEY = ("aws:TagKeys", ["StringEquals", "StringLike", "StringNotEquals"], ["a", "b*", "c"])


@st.composite
def conditions(draw) -> dict:
    block: dict = {}
    for key in draw(st.lists(st.sampled_from(sorted(KEYS)), max_size=2, unique=True)):
        ops, values = KEYS[key]
        # a set operator on a key also used plainly sees a set of at most one value
        qualifier = draw(st.sampled_from(["", "", "", "ForAllValues:", "ForAnyValue:"]))
        op = qualifier + draw(st.sampled_from(ops)) + draw(st.sampled_from(["", "IfExists"]))
        block.setdefault(op, {})[key] = draw(st.lists(st.sampled_from(values), min_size=1, max_size=2, unique=True))
    if draw(st.booleans()):
        key, ops, values = SET_KEY
        op = draw(st.sampled_from(["ForAllValues:", "ForAnyValue:"])) + draw(st.sampled_from(ops))
        block.setdefault(op, {})[key] = draw(st.lists(st.sampled_from(values), min_size=1, max_size=2, unique=True))
    if draw(st.integers(0, 4)) == 0:
        block["Null"] = {draw(st.sampled_from(sorted(KEYS))): draw(st.sampled_from(["true", "false"]))}
    return block


@st.composite
def statements(draw, principals: bool) -> dict:
    s: dict = {"Effect": draw(st.sampled_from(["Allow", "Allow", "Deny"]))}
    s["NotAction" if draw(st.integers(0, 5)) == 0 else "Action"] = draw(
        st.lists(st.sampled_from(ACTIONS), min_size=1, max_size=2, unique=True)
    )
    s["NotResource" if draw(st.integers(0, 5)) == 0 else "Resource"] = draw(
        st.lists(st.sampled_from(RESOURCES), min_size=1, max_size=2, unique=True)
    )
    if principals:
        s["NotPrincipal" if draw(st.integers(0, 5)) == 0 else "Principal"] = draw(st.sampled_from(PRINCIPALS))
    cond = draw(conditions())
    if cond:
        s["Condition"] = cond
    return s


@st.composite
def policies(draw, principals: bool | None = None):
    if principals is None:
        principals = draw(st.booleans())
    doc = {"Version": "2012-10-17", "Statement": draw(st.lists(statements(principals), min_size=1, max_size=3))}
    return parse_policy(json.dumps(doc, indent=1), "gen.json")


_ARN = re.compile(r"arn:[^:]+:[^:]+:[^:]*:[^:]*:.+", re.DOTALL)


def _smt_decision(policy, request) -> str | None:
    """The decision the encoding reaches on `request`, or None if it cannot represent it."""
    try:
        enc = Encoder(Universe([policy], catalogue(), requests=(request,)))
        pinned = z3.And(enc.domain(), enc.pin(request))
        allow, deny = enc.effects(policy)
    except Unsupported:
        return None
    def sat(goal) -> bool:
        s = z3.Solver()
        s.add(pinned, goal)
        answer = s.check()
        assert answer != z3.unknown
        return answer == z3.sat
    assert sat(True), "the request itself is outside the encoded domain"
    if sat(deny):
        return "deny"
    return "allow" if sat(allow) else "implicit-deny"


def _representable(request) -> bool:
    return request.resource == "*" or bool(_ARN.fullmatch(request.resource))


@settings(derandomize=True, deadline=None, max_examples=150, suppress_health_check=list(HealthCheck), database=None)
@given(data=st.data(), policy=policies())
def test_encoding_reaches_the_evaluators_decision(data, policy):
    request = data.draw(explore.requests([policy], catalogue()))
    assume(_representable(request))
    smt = _smt_decision(policy, request)
    assume(smt is not None)
    assert smt == decide(policy, request).decision


@settings(derandomize=True, deadline=None, max_examples=40, suppress_health_check=list(HealthCheck), database=None)
@given(a=policies(principals=False), b=policies(principals=False))
def test_comparison_answers_replay_and_survive_sampling(a, b):
    r = checks.equiv(a, b, timeout=20)
    if r.verdict == Verdict.UNKNOWN:
        assert r.reason.startswith("unsupported"), r.reason
        return
    if r.verdict == Verdict.NO:
        cex = r.counterexample
        assert cex.confirmed and len(set(cex.decisions.values()) - {"deny", "implicit-deny"} ) == 1
        return
    assert "hypothesis(40 requests)" in r.certificate.checked_by


@settings(derandomize=True, deadline=None, max_examples=150, suppress_health_check=list(HealthCheck), database=None)
@given(policy=policies(), other=policies())
def test_every_model_of_a_decision_replays(policy, other):
    try:
        enc = Encoder(Universe([policy, other], catalogue()))
        allow, deny = enc.effects(policy)
        domain = enc.domain()
    except Unsupported:
        assume(False)
    goals = {"allow": z3.And(allow, z3.Not(deny)), "deny": deny, "implicit-deny": z3.And(z3.Not(allow), z3.Not(deny))}
    for expected, goal in goals.items():
        s = z3.Solver()
        s.add(domain, goal)
        if s.check() == z3.sat:
            request = enc.request_of(s.model())
            assert decide(policy, request).decision == expected, request
