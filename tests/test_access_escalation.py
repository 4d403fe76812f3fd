"""Privilege escalation paths: role chains, passing a role to a service that runs code, rewriting policies."""

from __future__ import annotations

import json
from pathlib import Path

from verifier.policy.access.escalation import escalation
from verifier.policy.access.logic import evaluate
from verifier.policy.access.snapshot import load_snapshot
from verifier.policy.ir import Request, RequestPrincipal
from verifier.result import Verdict

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "access"
A = "111122223333"


def _doc(*statements) -> dict:
    return {"Version": "2012-10-17", "Statement": list(statements)}


def _allow(action, resource="*") -> dict:
    return {"Effect": "Allow", "Action": action, "Resource": resource}


def _write(tmp_path: Path, users=(), roles=(), policies=()) -> str:
    path = tmp_path / "iam.json"
    path.write_text(json.dumps({"UserDetailList": list(users), "RoleDetailList": list(roles), "GroupDetailList": [],
                                "Policies": list(policies)}))
    return str(path)


def _user(name, *inline, boundary=None, managed=()) -> dict:
    user = {"UserName": name, "Arn": f"arn:aws:iam::{A}:user/{name}",
            "UserPolicyList": [{"PolicyName": f"p{i}", "PolicyDocument": d} for i, d in enumerate(inline)],
            "AttachedManagedPolicies": [{"PolicyArn": m} for m in managed]}
    if boundary:
        user["PermissionsBoundary"] = {"PermissionsBoundaryArn": boundary}
    return user


def _managed(name, document) -> dict:
    return {"PolicyName": name, "Arn": f"arn:aws:iam::{A}:policy/{name}",
            "PolicyVersionList": [{"IsDefaultVersion": True, "Document": document}]}


FUNCTION_ROLE = {"RoleName": "fn", "Arn": f"arn:aws:iam::{A}:role/fn", "RolePolicyList": [],
                 "AttachedManagedPolicies": [],
                 "AssumeRolePolicyDocument": _doc({"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"},
                                                   "Action": "sts:AssumeRole"})}


def _replayed(request: dict, snap) -> bool:
    kind, value = next(iter(request["principal"].items()))
    req = Request(request["action"], request["resource"], RequestPrincipal(kind, value),
                  tuple((k, (v,)) for k, v in request["context"].items()))
    return evaluate(snap, req).allowed


def test_a_role_chain_is_reported_step_by_step():
    snap = load_snapshot(str(EXAMPLES / "role-chain"))
    [result] = escalation(snap, timeout=20, start=f"arn:aws:iam::{A}:user/carol")
    assert result.verdict == Verdict.NO
    assert "assume arn:aws:iam::111122223333:role/build -> assume arn:aws:iam::444455556666:role/deploy" in result.message
    assert _replayed(result.counterexample.request, snap)


def test_passing_a_role_to_lambda_is_a_path_unless_the_boundary_stops_it(tmp_path):
    boundary = _managed("b", _doc(_allow("lambda:*")))
    user = _user("dev", _doc(_allow(["iam:PassRole", "lambda:CreateFunction"])))
    snap = load_snapshot(_write(tmp_path, [user], [FUNCTION_ROLE]))
    [result] = escalation(snap, timeout=20, start=f"arn:aws:iam::{A}:user/dev")
    assert result.verdict == Verdict.NO and f"arn:aws:iam::{A}:role/fn by pass-role" in result.message
    bounded = _user("dev", _doc(_allow(["iam:PassRole", "lambda:CreateFunction"])), boundary=f"arn:aws:iam::{A}:policy/b")
    snap = load_snapshot(_write(tmp_path, [bounded], [FUNCTION_ROLE], [boundary]))
    [result] = escalation(snap, timeout=20, start=f"arn:aws:iam::{A}:user/dev")
    assert result.verdict == Verdict.YES


def test_rewriting_ones_own_managed_policy_is_a_path_to_oneself(tmp_path):
    own = _managed("own", _doc(_allow("iam:CreatePolicyVersion", f"arn:aws:iam::{A}:policy/own")))
    snap = load_snapshot(_write(tmp_path, [_user("u", managed=[own["Arn"]])], policies=[own]))
    [result] = escalation(snap, timeout=20, start=f"arn:aws:iam::{A}:user/u")
    assert result.verdict == Verdict.NO and f"arn:aws:iam::{A}:user/u by rewrite" in result.message
    assert result.counterexample.request["action"] == "iam:CreatePolicyVersion"
    assert _replayed(result.counterexample.request, snap)
