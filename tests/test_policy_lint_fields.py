"""The semantic lint's field-by-field answers (lint_dimensions.py) agree with z3 on the policy's encoding,
and the automaton walk behind them (automata.member) agrees with the cells and with IAM's matching."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from verifier.deadline import within
from verifier.policy import globs, lint_queries
from verifier.policy.automata import Family, member
from verifier.policy.catalogue import catalogue
from verifier.policy.evaluator import statement_applies
from verifier.policy.ir import Request
from verifier.policy.lint import findings
from verifier.policy.lint_queries import Questions
from verifier.policy.parse import parse_policy
from verifier.policy.universe import Unsupported

ACTIONS = ["s3:GetObject", "s3:Get*", "s3:*", "ec2:RunInstances", "ec2:*", "*", "ec2:TerminateInstances", "s3:PutObject"]
# `*` ending an ARN segment runs past colons: these cut 2^n cells together
RESOURCES = ["*", "arn:aws:ec2:*:*:instance/*", "arn:aws:ec2:*:*:volume/*", "arn:aws:ec2:*:*:*", "arn:aws:s3:::b/*",
             "arn:aws:s3:::b/k*", "arn:aws:s3:::*", "arn:aws:ec2:us-east-1:*:instance/i-1", "arn:aws:*:*:*:*",
             "arn:aws:s3:::b/?", "arn:*:ec2:*:*:subnet/*"]
CONDITIONS = [
    {"StringEquals": {"aws:ResourceTag/team": "a"}},
    {"StringLike": {"aws:ResourceTag/team": "a*"}},
    {"StringNotEquals": {"aws:ResourceTag/team": "a"}},
    {"Bool": {"aws:SecureTransport": "true"}},
    {"NumericLessThan": {"s3:max-keys": "10"}},
    {"NumericGreaterThan": {"s3:max-keys": "20"}},
    {"ForAnyValue:StringEquals": {"aws:TagKeys": ["x", "y"]}},
    {"ForAllValues:StringEquals": {"aws:TagKeys": ["x"]}},
    {"StringEquals": {"aws:ResourceAccount": "${aws:PrincipalAccount}"}},
    {"StringLikeIfExists": {"aws:ResourceTag/team": "b?"}},
]


@st.composite
def statements(draw) -> dict:
    s: dict = {"Effect": draw(st.sampled_from(["Allow", "Allow", "Deny"]))}
    s["NotAction" if draw(st.integers(0, 5)) == 0 else "Action"] = draw(
        st.lists(st.sampled_from(ACTIONS), min_size=1, max_size=2, unique=True))
    s["NotResource" if draw(st.integers(0, 5)) == 0 else "Resource"] = draw(
        st.lists(st.sampled_from(RESOURCES), min_size=1, max_size=3, unique=True))
    condition: dict = {}
    for block in draw(st.lists(st.sampled_from(CONDITIONS), max_size=2)):
        for op, entry in block.items():
            condition.setdefault(op, {}).update(entry)
    if condition:
        s["Condition"] = condition
    return s


def policy(*stmts: dict):
    return parse_policy(json.dumps({"Version": "2012-10-17", "Statement": list(stmts)}, indent=1), "p.json")


def _questions(p) -> list[tuple[int, list[int]]]:
    """Every question the lint may ask of `p`: each statement alone, and against the others of its kind."""
    out = []
    for k, s in enumerate(p.statements):
        out.append((k, []))
        out.append((k, [j for j, t in enumerate(p.statements) if j != k and (t.effect == s.effect or t.effect == "Deny")]))
    return out


@settings(max_examples=40, deadline=None)
@given(st.lists(statements(), min_size=1, max_size=4))
def test_field_answers_are_the_solvers(stmts):
    p = policy(*stmts)
    old = lint_queries.LINT_QUERY_CAP, lint_queries.WHOLE_POLICY_STATES
    lint_queries.LINT_QUERY_CAP, lint_queries.WHOLE_POLICY_STATES = 30.0, 10**6  # answers, not speed
    try:
        with within(120) as deadline:
            try:
                ask = Questions(p, catalogue(), deadline)
            except Unsupported:
                return  # the lint does not ask: nothing to compare
            for k, cover in _questions(p):
                fast = ask.fields.alone(k, ask.grouped(k, cover))
                if fast is not None:
                    assert fast == ask.by_solver(k, cover), (k, cover)
    finally:
        lint_queries.LINT_QUERY_CAP, lint_queries.WHOLE_POLICY_STATES = old


WIDE = [
    {"Effect": "Allow", "Action": "ec2:RunInstances", "Resource": [f"arn:aws:ec2:*:*:{kind}/*" for kind in
                                                                  ("instance", "volume", "network-interface", "subnet",
                                                                   "security-group", "snapshot", "image", "key-pair")]},
    {"Effect": "Allow", "Action": "ec2:RunInstances", "Resource": "arn:aws:ec2:*:*:volume/*"},
    {"Effect": "Allow", "Action": ["ec2:RunInstances", "ec2:TerminateInstances"], "Resource": "arn:aws:ec2:*:*:instance/*",
     "Condition": {"StringEquals": {"aws:ResourceTag/team": "a"}}},
    {"Effect": "Allow", "Action": "ec2:TerminateInstances", "Resource": "arn:aws:ec2:*:*:instance/*",
     "Condition": {"StringEquals": {"aws:ResourceTag/team": "a"}, "Bool": {"aws:SecureTransport": "true"}}},
    {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*",
     "Condition": {"NumericLessThan": {"s3:max-keys": "10"}, "NumericGreaterThan": {"s3:max-keys": "20"}}},
]


def test_fields_answer_both_ways_on_colon_crossing_patterns():
    """Redundant (a statement inside another), never applies (contradictory conditions) and
    neither, on patterns whose cells are too many for the policy's encoding, without z3 on the policy."""
    p = policy(*WIDE)
    with within(60) as deadline:
        ask = Questions(p, catalogue(), deadline)
        answers = [ask.fields.alone(k, ask.grouped(k, cover)) for k, cover in _questions(p)]
    assert answers == [False, False,  # statement 1: applies; not redundant
                       False, True,   # statement 2: applies; covered by statement 1
                       False, False,  # statement 3: applies; not redundant
                       False, True,   # statement 4: applies; covered by statement 3 (same condition, fewer actions)
                       True, True]    # statement 5: max-keys < 10 and > 20 never holds
    assert not hasattr(ask, "whole")  # the policy's encoding was never built


# policy variables in resources tie the resource to the context (one joint field, z3 strings)
TIED = [
    {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/${aws:username}/*"},
    {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/${aws:username}/*",
     "Condition": {"StringEquals": {"aws:username": "ann"}}},
    {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/ann/*",
     "Condition": {"StringEquals": {"aws:username": "bob"}}},
    {"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::b/*"},
]


def test_fields_answer_as_the_solver_when_a_resource_holds_a_policy_variable(monkeypatch):
    monkeypatch.setattr(lint_queries, "LINT_QUERY_CAP", 30.0)  # answers, not speed
    p = policy(*TIED)
    with within(120) as deadline:
        ask = Questions(p, catalogue(), deadline)
        questions = [(0, []), (0, [1, 2]), (1, [0]), (2, [0, 1]), (0, [3])]
        fast = [ask.fields.alone(k, ask.grouped(k, cover)) for k, cover in questions]
        assert fast == [False, False, True, False, True]
        assert fast == [ask.by_solver(k, cover) for k, cover in questions]


def test_lint_reports_the_redundant_and_dead_statements():
    found, note = findings(policy(*WIDE), catalogue(), 30)
    assert note == ""
    assert [(f.code, f.line) for f in found if f.code in ("REDUNDANT_STATEMENT", "NEVER_APPLIES")] == [
        ("REDUNDANT_STATEMENT", policy(*WIDE).statements[1].line), ("REDUNDANT_STATEMENT", policy(*WIDE).statements[3].line),
        ("NEVER_APPLIES", policy(*WIDE).statements[4].line)]


PIECES = ["arn:aws:ec2:", "*", "?", ":", "instance/", "vol", "/", "a", "b"]


@st.composite
def resource_patterns(draw):
    text = "".join(draw(st.lists(st.sampled_from(PIECES), min_size=1, max_size=6)))
    p = policy({"Effect": "Allow", "Action": "s3:*", "Resource": text})
    return p.statements[0].resources[0]


def _statement_on(pattern):
    """A statement allowing every S3 action on `pattern` (the evaluator then matches as IAM does)."""
    p = policy({"Effect": "Allow", "Action": "s3:GetObject", "Resource": pattern.text})
    return p.statements[0]


@settings(max_examples=80, deadline=None)
@given(st.lists(resource_patterns(), min_size=1, max_size=2), st.lists(resource_patterns(), max_size=3))
def test_member_is_exact(include, exclude):
    """member's string is in every include and no exclude pattern (by IAM's matching in the evaluator);
    None exactly when the cells of all the patterns have no such cell."""
    inc = [globs.pred("resource", p) for p in include]
    exc = [globs.pred("resource", p) for p in exclude]
    found = member(inc, exc)
    cells = Family(inc + exc).cells
    expected = any(all(i in c.preds for i in range(len(inc))) and not any(len(inc) + j in c.preds for j in range(len(exc)))
                   for c in cells)
    assert (found is not None) == expected
    if found is not None:
        applies = [statement_applies(_statement_on(p), Request("s3:GetObject", found), {}) for p in include + exclude]
        assert all(applies[:len(include)]) and not any(applies[len(include):]), (found, applies)
