"""The semantic lint's fast paths (lint_queries.py) give the answers of the whole-policy encoding."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from verifier.deadline import within
from verifier.policy import lint_queries
from verifier.policy.catalogue import catalogue
from verifier.policy.evaluator import decide
from verifier.policy.ir import Request
from verifier.policy.lint import findings
from verifier.policy.lint_dimensions import ActionSet
from verifier.policy.lint_queries import Questions
from verifier.policy.parse import parse_policy

ACTIONS = ["s3:GetObject", "s3:Get*", "s3:*", "ec2:RunInstances", "ec2:*", "*", "iam:PassRole", "s3:PutObject"]


def policy(*statements: dict):
    return parse_policy(json.dumps({"Version": "2012-10-17", "Statement": list(statements)}, indent=1), "p.json")


def _statement(action: str, negated: bool) -> dict:
    return {"Effect": "Allow", "NotAction" if negated else "Action": action, "Resource": "*"}


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(ACTIONS), st.booleans(), st.sampled_from(ACTIONS), st.booleans())
def test_action_sets_meet_exactly_when_some_catalogue_action_is_in_both(a, not_a, b, not_b):
    cat = catalogue()
    p = policy(_statement(a, not_a), _statement(b, not_b))
    s, t = p.statements
    # the patterns name s3, ec2 and iam actions only: every action of another service is matched alike
    names = [name for name in cat.actions if name.split(":")[0] in ("s3", "ec2", "iam")]
    names.append(next(name for name in cat.actions if name.split(":")[0] not in ("s3", "ec2", "iam")))
    first, second = policy(_statement(a, not_a)), policy(_statement(b, not_b))
    both = any(decide(first, Request(name, "*")).allowed and decide(second, Request(name, "*")).allowed for name in names)
    assert ActionSet.of(s, cat).meets(ActionSet.of(t, cat), len(cat)) == both


# IAM's `*` ending an ARN segment runs past colons: n such patterns of one service cut 2^n cells
EC2 = ["instance", "volume", "network-interface", "subnet", "security-group", "snapshot"]
WIDE = [
    {"Effect": "Allow", "Action": "ec2:RunInstances", "Resource": [f"arn:aws:ec2:*:*:{kind}/*" for kind in EC2]},
    {"Effect": "Allow", "Action": "ec2:RunInstances", "Resource": "arn:aws:ec2:*:*:volume/*"},
    {"Effect": "Allow", "Action": "ec2:*", "Resource": [f"arn:aws:ec2:*:*:{kind}/*" for kind in EC2[:3]],
     "Condition": {"StringLike": {"aws:ResourceTag/team": ["a*", "b"]}}},
    {"Effect": "Deny", "Action": "ec2:TerminateInstances", "Resource": "arn:aws:ec2:*:*:instance/*",
     "Condition": {"ForAnyValue:StringEquals": {"aws:TagKeys": ["x"]}}},
    {"Effect": "Allow", "Action": "ec2:TerminateInstances", "Resource": "arn:aws:ec2:*:*:instance/*",
     "Condition": {"StringEquals": {"aws:TagKeys": "y"}}},  # aws:TagKeys single-valued in the whole policy
    {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"},
    {"Effect": "Allow", "Action": "s3:Get*", "Resource": "arn:aws:s3:::b/k*"},
]


def _answers(p) -> list:
    cat = catalogue()
    with within(60) as deadline:
        ask = Questions(p, cat, deadline)
        n = len(p.statements)
        answers = [ask.by_solver(k, []) for k in range(n)] + [ask.by_solver(k, [j for j in range(n) if j != k])
                                                               for k in range(n)]
        return ask.split, answers


def test_per_query_universes_answer_as_the_whole_policy_does(monkeypatch):
    p = policy(*WIDE)
    monkeypatch.setattr(lint_queries, "LINT_QUERY_CAP", 30.0)  # answers, not speed: no query may run out of time
    monkeypatch.setattr(lint_queries, "WHOLE_POLICY_STATES", 10)  # as if the policy's cells were too many
    split, split_answers = _answers(p)
    monkeypatch.setattr(lint_queries, "WHOLE_POLICY_STATES", 10**6)
    whole, whole_answers = _answers(p)
    assert split and not whole
    assert None not in whole_answers
    assert split_answers == whole_answers
    assert True in whole_answers and False in whole_answers  # both kinds of answer are compared


@pytest.mark.parametrize("states", [10, 10**6])
def test_lint_findings_do_not_depend_on_the_path(monkeypatch, states):
    monkeypatch.setattr(lint_queries, "WHOLE_POLICY_STATES", states)
    monkeypatch.setattr(lint_queries, "LINT_QUERY_CAP", 30.0)  # answers, not speed: no query may run out of time
    p = policy(*WIDE)
    found, note = findings(p, catalogue(), 60)
    assert note == ""
    # RunInstances on volumes is allowed by the first statement too; no other statement is redundant or dead
    assert [f.line for f in found if f.code in ("REDUNDANT_STATEMENT", "NEVER_APPLIES")] == [p.statements[1].line]


def test_a_query_universe_model_replays_through_the_evaluator():
    """Each satisfiable per-query question's model is a request on which k applies and no other statement does."""
    import dataclasses

    import z3

    from verifier.policy.encode import Encoder
    from verifier.policy.evaluator import statement_applies
    from verifier.policy.universe import Universe

    cat = catalogue()
    p = policy(*WIDE)
    replayed = 0
    with within(60):
        for k, s in enumerate(p.statements):
            cover = [j for j, t in enumerate(p.statements)
                     if j != k and ActionSet.of(t, cat).meets(ActionSet.of(s, cat), len(cat))]
            statements = tuple(p.statements[i] for i in [k, *cover])
            enc = Encoder(Universe([dataclasses.replace(p, statements=statements)], cat,
                                   max_states=lint_queries.QUERY_STATES))
            solver = z3.Solver()
            solver.add(enc.domain(), enc.applies(s), *(z3.Not(enc.applies(t)) for t in statements[1:]))
            if solver.check() == z3.sat:
                request = enc.request_of(solver.model())
                ctx = request.context_map()
                assert statement_applies(s, request, ctx)
                # no other statement applies, those left out by action grouping included
                assert not any(statement_applies(t, request, ctx) for j, t in enumerate(p.statements) if j != k)
                replayed += 1
    assert replayed >= 4


def test_template_values_in_an_arn_get_a_lint_answer():
    """Template values spliced into a resource ARN (a Terraform account and region) left z3's string solver
    without an answer: validate on such a template was unknown (timeout). The question is asked again
    with the values at their examples, where a request is found: the statement can apply."""
    account = "${template:data.aws_caller_identity.current.account_id, '111122223333'}"
    region = "${template:data.aws_region.current.name, 'us-east-1'}"
    p = policy({"Effect": "Allow", "Principal": {"Service": "es.amazonaws.com"}, "Action": ["logs:PutLogEvents", "logs:CreateLogStream"],
                "Resource": f"arn:aws:logs:{region}:{account}:log-group:/aws/opensearch/*",
                "Condition": {"StringEquals": {"aws:SourceAccount": account}}})
    with within(10.0) as deadline:
        assert Questions(p, catalogue(), deadline).alone(0, []) is False
    never = policy({"Effect": "Allow", "Principal": {"Service": "es.amazonaws.com"}, "Action": "logs:PutLogEvents",
                    "Resource": "arn:aws:logs:us-east-1:111122223333:log-group:/aws/opensearch/*",
                    "Condition": {"StringEquals": {"aws:SourceAccount": account}, "Null": {"aws:SourceAccount": "true"}}})
    with within(10.0) as deadline:
        assert Questions(never, catalogue(), deadline).alone(0, []) is True  # over every value: it cannot apply
