"""The concrete evaluator against IAM's documented evaluation logic.

Each test gives a policy inline and checks the decision for requests that
should and should not match (sources: IAM User Guide, "Policy evaluation
logic", "IAM JSON policy elements: Condition operators", "...: Resource",
"Policy variables", "Single-valued vs. multivalued context keys").
"""

from __future__ import annotations

import json

import pytest

from verifier.policy.evaluator import decide
from verifier.policy.ir import ALLOW, DENY, IMPLICIT_DENY, Request, RequestPrincipal
from verifier.policy.parse import parse_policy


def policy(*statements: dict, version: str | None = "2012-10-17"):
    doc: dict = {"Statement": list(statements)}
    if version:
        doc["Version"] = version
    return parse_policy(json.dumps(doc, indent=1), "p.json")


def allow(**extra) -> dict:
    return {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", **extra}


def req(action="s3:GetObject", resource="arn:aws:s3:::b/k", principal=None) -> Request:
    return Request(action, resource, principal)


def ctx_req(context: dict, **kw) -> Request:
    return Request(
        kw.get("action", "s3:GetObject"),
        kw.get("resource", "arn:aws:s3:::b/k"),
        kw.get("principal"),
        tuple((k, tuple(v) if isinstance(v, list) else (v,)) for k, v in context.items()),
    )


def decision(p, r) -> str:
    return decide(p, r).decision


# ---- evaluation logic ---------------------------------------------------------------


def test_explicit_deny_overrides_allow():
    p = policy(allow(), {"Effect": "Deny", "Action": "s3:*", "Resource": "arn:aws:s3:::b/*"})
    d = decide(p, req())
    assert d.decision == DENY and d.statement.index == 2


def test_no_matching_statement_is_an_implicit_deny():
    p = policy(allow(Action="s3:PutObject"))
    assert decision(p, req()) == IMPLICIT_DENY


def test_allow_names_the_first_allowing_statement():
    p = policy(allow(Sid="A"), allow(Sid="B"))
    assert decide(p, req()).statement.sid == "A"


def test_not_action_with_allow_allows_every_other_action():
    p = policy({"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"})
    assert decision(p, req("s3:GetObject")) == ALLOW
    assert decision(p, req("iam:CreateUser")) == IMPLICIT_DENY


def test_not_resource_matches_every_other_resource():
    p = policy({"Effect": "Allow", "Action": "s3:*", "NotResource": "arn:aws:s3:::secret/*"})
    assert decision(p, req(resource="arn:aws:s3:::b/k")) == ALLOW
    assert decision(p, req(resource="arn:aws:s3:::secret/k")) == IMPLICIT_DENY


def test_statement_without_resource_applies_to_every_resource():
    p = policy({"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"Service": "ec2.amazonaws.com"}})
    who = RequestPrincipal("Service", "ec2.amazonaws.com")
    assert decision(p, req("sts:AssumeRole", "arn:aws:iam::111122223333:role/R", who)) == ALLOW


# ---- actions and resources -------------------------------------------------------------


def test_actions_match_case_insensitively():
    p = policy(allow(Action="S3:getobject"))
    assert decision(p, req("s3:GetObject")) == ALLOW
    assert decision(p, req("S3:GETOBJECT")) == ALLOW


@pytest.mark.parametrize(
    "pattern, action, expected",
    [
        ("s3:Get*", "s3:GetObjectAcl", ALLOW),
        ("s3:Get*", "s3:PutObject", IMPLICIT_DENY),
        ("s3:?etObject", "s3:GetObject", ALLOW),
        ("s3:?etObject", "s3:GGetObject", IMPLICIT_DENY),
        ("*", "ec2:RunInstances", ALLOW),
        ("s3:*Object", "s3:DeleteObject", ALLOW),
    ],
)
def test_action_wildcards(pattern, action, expected):
    assert decision(policy(allow(Action=pattern)), req(action)) == expected


def test_resources_match_case_sensitively():
    p = policy(allow(Resource="arn:aws:s3:::Bucket/*"))
    assert decision(p, req(resource="arn:aws:s3:::Bucket/k")) == ALLOW
    assert decision(p, req(resource="arn:aws:s3:::bucket/k")) == IMPLICIT_DENY


@pytest.mark.parametrize(
    "pattern, resource, expected",
    [
        # a * ending a segment may run past colons (IAM's Resource documentation)
        ("arn:aws:s3:::b/*", "arn:aws:s3:::b/a/b:c", ALLOW),
        ("arn:aws:ec2:*:*:instance/*", "arn:aws:ec2:us-east-1:111122223333:instance/i-1", ALLOW),
        # a * inside a segment stays inside it
        ("arn:aws:s3:::b*x", "arn:aws:s3:::bqqx", ALLOW),
        ("arn:aws:s3:::b*x", "arn:aws:s3:::b:qx", IMPLICIT_DENY),
        # ? is one character, not a colon
        ("arn:aws:s3:::b?", "arn:aws:s3:::bc", ALLOW),
        ("arn:aws:s3:::b?", "arn:aws:s3:::b:", IMPLICIT_DENY),
        ("arn:aws:s3:::b?", "arn:aws:s3:::bcd", IMPLICIT_DENY),
        # wildcards are not regular expressions
        ("arn:aws:s3:::b.k", "arn:aws:s3:::bxk", IMPLICIT_DENY),
        ("*", "*", ALLOW),
    ],
)
def test_resource_wildcards(pattern, resource, expected):
    assert decision(policy(allow(Resource=pattern)), req(resource=resource)) == expected


# ---- principals ---------------------------------------------------------------------------


def test_principal_account_matches_every_principal_of_the_account():
    p = policy(allow(Principal={"AWS": "111122223333"}))
    assert decision(p, req(principal=RequestPrincipal("AWS", "arn:aws:iam::111122223333:user/alice"))) == ALLOW
    assert decision(p, req(principal=RequestPrincipal("AWS", "arn:aws:iam::444455556666:user/alice"))) == IMPLICIT_DENY


def test_principal_role_matches_its_sessions():
    p = policy(allow(Principal={"AWS": "arn:aws:iam::111122223333:role/path/R"}))
    session = RequestPrincipal("AWS", "arn:aws:sts::111122223333:assumed-role/R/s1")
    assert decision(p, req(principal=session)) == ALLOW
    assert decision(p, req(principal=RequestPrincipal("AWS", "arn:aws:sts::111122223333:assumed-role/S/s1"))) == IMPLICIT_DENY


def test_principal_star_includes_anonymous():
    p = policy(allow(Principal={"AWS": "*"}))
    assert decision(p, req(principal=RequestPrincipal("Anonymous", ""))) == ALLOW


def test_not_principal_with_deny_spares_the_listed_principal():
    p = policy(allow(Principal="*"), {"Effect": "Deny", "NotPrincipal": {"AWS": "111122223333"}, "Action": "*", "Resource": "*"})
    assert decision(p, req(principal=RequestPrincipal("AWS", "arn:aws:iam::111122223333:root"))) == ALLOW
    assert decision(p, req(principal=RequestPrincipal("AWS", "arn:aws:iam::444455556666:root"))) == DENY


def test_service_principal_is_exact():
    p = policy(allow(Principal={"Service": "lambda.amazonaws.com"}))
    assert decision(p, req(principal=RequestPrincipal("Service", "lambda.amazonaws.com"))) == ALLOW
    assert decision(p, req(principal=RequestPrincipal("Service", "ec2.amazonaws.com"))) == IMPLICIT_DENY


# ---- condition operators: one matching and one non-matching request each --------------------

OPERATORS = [
    ("StringEquals", "v", "v", "V"),
    ("StringNotEquals", "v", "w", "v"),
    ("StringEqualsIgnoreCase", "v", "V", "w"),
    ("StringNotEqualsIgnoreCase", "v", "w", "V"),
    ("StringLike", "a*c?", "abbcd", "abbc"),
    ("StringNotLike", "a*", "ba", "ab"),
    ("NumericEquals", "10", "10.0", "11"),
    ("NumericNotEquals", "10", "11", "10"),
    ("NumericLessThan", "10", "9.5", "10"),
    ("NumericLessThanEquals", "10", "10", "10.01"),
    ("NumericGreaterThan", "10", "10.5", "10"),
    ("NumericGreaterThanEquals", "10", "10", "9"),
    ("DateEquals", "2020-01-01T00:00:00Z", "2020-01-01T00:00:00Z", "2020-01-01T00:00:01Z"),
    ("DateNotEquals", "2020-01-01T00:00:00Z", "2021-01-01T00:00:00Z", "1577836800"),
    ("DateLessThan", "2020-01-01T00:00:00Z", "2019-12-31T23:59:59Z", "2020-01-01T00:00:00Z"),
    ("DateLessThanEquals", "2020-01-01T00:00:00Z", "2020-01-01T00:00:00Z", "2020-01-02T00:00:00Z"),
    ("DateGreaterThan", "2020-01-01T00:00:00Z", "2020-06-01T00:00:00Z", "2019-06-01T00:00:00Z"),
    ("DateGreaterThanEquals", "2020-01-01", "2020-01-01T00:00:00Z", "2019-12-31T23:59:59Z"),
    ("Bool", "true", "TRUE", "false"),
    ("BinaryEquals", "QmluYXJ5", "QmluYXJ5", "QmluYXJZ"),
    ("IpAddress", "203.0.113.0/24", "203.0.113.7", "203.0.114.1"),
    ("NotIpAddress", "203.0.113.0/24", "198.51.100.1", "203.0.113.255"),
    ("IpAddress", "2001:db8::/32", "2001:db8::1", "2001:db9::1"),
    ("ArnEquals", "arn:aws:sns:*:111122223333:topic", "arn:aws:sns:us-east-1:111122223333:topic", "arn:aws:sns:us-east-1:444455556666:topic"),
    ("ArnLike", "arn:aws:s3:::b/*", "arn:aws:s3:::b/a:b", "arn:aws:s3:::c/a"),
    ("ArnNotEquals", "arn:aws:s3:::b", "arn:aws:s3:::c", "arn:aws:s3:::b"),
    ("ArnNotLike", "arn:aws:*:*:*:x", "arn:aws:s3:::y", "arn:aws:s3:::x"),
]


@pytest.mark.parametrize("op, value, matching, other", OPERATORS, ids=[o[0] + "-" + o[1][:6] for o in OPERATORS])
def test_condition_operator(op, value, matching, other):
    p = policy(allow(Condition={op: {"k:key": value}}))
    assert decision(p, ctx_req({"k:key": matching})) == ALLOW
    assert decision(p, ctx_req({"k:key": other})) == IMPLICIT_DENY


def test_arn_like_compares_the_six_parts_separately():
    p = policy(allow(Condition={"ArnLike": {"aws:SourceArn": "arn:aws:sns:*:111122223333:*"}}))
    # the region's * cannot swallow a colon
    assert decision(p, ctx_req({"aws:SourceArn": "arn:aws:sns:a:b:111122223333:t"})) == IMPLICIT_DENY
    assert decision(p, ctx_req({"aws:SourceArn": "arn:aws:sns:a:111122223333:t:u"})) == ALLOW


def test_several_values_of_one_key_are_ored():
    p = policy(allow(Condition={"StringEquals": {"k:key": ["a", "b"]}}))
    assert decision(p, ctx_req({"k:key": "b"})) == ALLOW


def test_negated_operator_with_several_values_is_a_nor():
    p = policy(allow(Condition={"StringNotEquals": {"k:key": ["a", "b"]}}))
    assert decision(p, ctx_req({"k:key": "b"})) == IMPLICIT_DENY
    assert decision(p, ctx_req({"k:key": "c"})) == ALLOW


def test_keys_and_operators_are_anded():
    p = policy(allow(Condition={"StringEquals": {"k:a": "1"}, "Bool": {"k:b": "true"}}))
    assert decision(p, ctx_req({"k:a": "1", "k:b": "true"})) == ALLOW
    assert decision(p, ctx_req({"k:a": "1", "k:b": "false"})) == IMPLICIT_DENY


def test_condition_key_names_are_case_insensitive():
    p = policy(allow(Condition={"StringEquals": {"AWS:SourceVpc": "vpc-1"}}))
    assert decision(p, ctx_req({"aws:sourcevpc": "vpc-1"})) == ALLOW


# ---- missing keys, IfExists, Null, set operators ---------------------------------------------


def test_missing_key_makes_a_positive_operator_false():
    p = policy(allow(Condition={"StringEquals": {"k:key": "v"}}))
    assert decision(p, ctx_req({})) == IMPLICIT_DENY


def test_missing_key_makes_a_negated_operator_true():
    p = policy(allow(Condition={"StringNotEquals": {"k:key": "v"}}))
    assert decision(p, ctx_req({})) == ALLOW


def test_if_exists_on_a_missing_key_is_true():
    p = policy(allow(Condition={"NumericLessThanIfExists": {"k:n": "5"}}))
    assert decision(p, ctx_req({})) == ALLOW
    assert decision(p, ctx_req({"k:n": "4"})) == ALLOW
    assert decision(p, ctx_req({"k:n": "6"})) == IMPLICIT_DENY


def test_null_tests_presence():
    absent = policy(allow(Condition={"Null": {"k:key": "true"}}))
    present = policy(allow(Condition={"Null": {"k:key": "false"}}))
    assert decision(absent, ctx_req({})) == ALLOW
    assert decision(absent, ctx_req({"k:key": "x"})) == IMPLICIT_DENY
    assert decision(present, ctx_req({"k:key": "x"})) == ALLOW
    assert decision(present, ctx_req({})) == IMPLICIT_DENY


def test_for_all_values_on_a_missing_or_empty_set_is_true():
    p = policy(allow(Condition={"ForAllValues:StringEquals": {"aws:TagKeys": ["a", "b"]}}))
    assert decision(p, ctx_req({})) == ALLOW
    assert decision(p, ctx_req({"aws:TagKeys": []})) == ALLOW
    assert decision(p, ctx_req({"aws:TagKeys": ["a", "b"]})) == ALLOW
    assert decision(p, ctx_req({"aws:TagKeys": ["a", "c"]})) == IMPLICIT_DENY


def test_for_any_value_on_a_missing_or_empty_set_is_false():
    p = policy(allow(Condition={"ForAnyValue:StringEquals": {"aws:TagKeys": ["a"]}}))
    assert decision(p, ctx_req({})) == IMPLICIT_DENY
    assert decision(p, ctx_req({"aws:TagKeys": []})) == IMPLICIT_DENY
    assert decision(p, ctx_req({"aws:TagKeys": ["c", "a"]})) == ALLOW


def test_for_any_value_if_exists_on_a_missing_set_is_true():
    p = policy(allow(Condition={"ForAnyValue:StringEqualsIfExists": {"aws:TagKeys": ["a"]}}))
    assert decision(p, ctx_req({})) == ALLOW


# ---- policy variables -----------------------------------------------------------------------------


def test_policy_variable_in_a_resource():
    p = policy(allow(Resource="arn:aws:s3:::b/home/${aws:username}/*"))
    assert decision(p, ctx_req({"aws:username": "alice"}, resource="arn:aws:s3:::b/home/alice/x")) == ALLOW
    assert decision(p, ctx_req({"aws:username": "bob"}, resource="arn:aws:s3:::b/home/alice/x")) == IMPLICIT_DENY


def test_policy_variable_missing_from_the_request_matches_nothing():
    p = policy(allow(Resource="arn:aws:s3:::b/home/${aws:username}/*"))
    assert decision(p, ctx_req({}, resource="arn:aws:s3:::b/home//x")) == IMPLICIT_DENY


def test_policy_variable_default_value():
    p = policy(allow(Resource="arn:aws:s3:::b/${aws:username, 'shared'}/*"))
    assert decision(p, ctx_req({}, resource="arn:aws:s3:::b/shared/x")) == ALLOW


def test_policy_variable_value_is_literal_text():
    p = policy(allow(Condition={"StringLike": {"s3:prefix": "${aws:username}/*"}}))
    assert decision(p, ctx_req({"aws:username": "a*", "s3:prefix": "a*/x"})) == ALLOW
    assert decision(p, ctx_req({"aws:username": "a*", "s3:prefix": "ab/x"})) == IMPLICIT_DENY


def test_special_variables_escape_wildcards():
    p = policy(allow(Resource="arn:aws:s3:::b/${*}"))
    assert decision(p, ctx_req({}, resource="arn:aws:s3:::b/*")) == ALLOW
    assert decision(p, ctx_req({}, resource="arn:aws:s3:::b/x")) == IMPLICIT_DENY


def test_variables_are_literal_text_under_the_old_version():
    p = policy(allow(Resource="arn:aws:s3:::b/${aws:username}"), version="2008-10-17")
    assert decision(p, ctx_req({"aws:username": "alice"}, resource="arn:aws:s3:::b/alice")) == IMPLICIT_DENY
    assert decision(p, ctx_req({}, resource="arn:aws:s3:::b/${aws:username}")) == ALLOW
