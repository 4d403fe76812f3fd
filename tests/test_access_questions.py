"""The snapshot questions: decisions, witnesses replayed through the referee, unknowns, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from verifier.cli_policy import policy
from verifier.policy.access.can import can
from verifier.policy.access.changes import no_new_access
from verifier.policy.access.logic import evaluate
from verifier.policy.access.snapshot import load_snapshot
from verifier.policy.access.who_can import who_can
from verifier.policy.ir import Request, RequestPrincipal
from verifier.result import Verdict

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "access"
A = "111122223333"


def _doc(*statements) -> dict:
    return {"Version": "2012-10-17", "Statement": list(statements)}


def _snapshot(tmp_path: Path, roles=(), users=(), policies=(), resources=()) -> str:
    folder = tmp_path / "accounts" / A
    (folder / "resources").mkdir(parents=True)
    (folder / "iam.json").write_text(json.dumps({"UserDetailList": list(users), "RoleDetailList": list(roles),
                                                 "GroupDetailList": [], "Policies": list(policies)}))
    (folder / "resources" / "r.json").write_text(json.dumps([{"Arn": a, "Policy": p} for a, p in resources]))
    return str(tmp_path)


def _role(name: str, *inline, boundary: str | None = None, managed=()) -> dict:
    role = {"RoleName": name, "Arn": f"arn:aws:iam::{A}:role/{name}",
            "AssumeRolePolicyDocument": _doc({"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"},
                                              "Action": "sts:AssumeRole"}),
            "RolePolicyList": [{"PolicyName": f"p{i}", "PolicyDocument": d} for i, d in enumerate(inline)],
            "AttachedManagedPolicies": [{"PolicyArn": m} for m in managed]}
    if boundary:
        role["PermissionsBoundary"] = {"PermissionsBoundaryArn": boundary}
    return role


def _session(name: str, session: str = "verify-session") -> RequestPrincipal:
    return RequestPrincipal("AWS", f"arn:aws:sts::{A}:assumed-role/{name}/{session}")


def test_who_can_witnesses_replay_and_name_outsiders():
    snap = load_snapshot(str(EXAMPLES / "startup"))
    results = who_can(snap, "s3:GetObject", "arn:aws:s3:::startup-site/index.html", timeout=20, crosscheck=False)
    by_target = {r.target: r for r in results}
    assert by_target["anyone outside account 111122223333"].verdict == Verdict.NO  # the public site
    for r in results:
        if r.verdict == Verdict.NO:
            req = r.counterexample.request
            kind, value = next(iter(req["principal"].items())) if isinstance(req["principal"], dict) else ("Anonymous", "")
            request = Request(req["action"], req["resource"], RequestPrincipal(kind, value),
                              tuple((k, (v,)) for k, v in req["context"].items()))
            assert evaluate(snap, request, outsider=r.target.startswith("anyone")).allowed


def test_a_session_named_in_a_bucket_policy_is_found(tmp_path):
    named = f"arn:aws:sts::{A}:assumed-role/batch/nightly"
    path = _snapshot(tmp_path, roles=[_role("batch")], resources=[(
        "arn:aws:s3:::reports", _doc({"Effect": "Allow", "Principal": {"AWS": named}, "Action": "s3:GetObject",
                                      "Resource": "arn:aws:s3:::reports/*"}))])
    result = next(r for r in who_can(load_snapshot(path), "s3:GetObject", "arn:aws:s3:::reports/a", timeout=20)
                  if r.target.endswith("role/batch"))
    assert result.verdict == Verdict.NO
    assert result.counterexample.request["principal"] == {"AWS": named}


def test_a_wildcard_grant_to_a_role_beyond_its_boundary_is_unknown(tmp_path):
    boundary = f"arn:aws:iam::{A}:policy/b"
    managed = {"PolicyName": "b", "Arn": boundary, "PolicyVersionList": [
        {"IsDefaultVersion": True, "Document": _doc({"Effect": "Allow", "Action": "ec2:*", "Resource": "*"})}]}
    path = _snapshot(tmp_path, roles=[_role("app", boundary=boundary)], policies=[managed], resources=[(
        "arn:aws:s3:::open", _doc({"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
                                   "Resource": "arn:aws:s3:::open/*"}))])
    snap = load_snapshot(path)
    result = can(snap, Request("s3:GetObject", "arn:aws:s3:::open/a", _session("app")))
    assert result.verdict == Verdict.UNKNOWN and "does not say" in result.reason
    # a user is not in doubt: the bucket policy grants it alone
    found = who_can(snap, "s3:GetObject", "arn:aws:s3:::open/a", timeout=20)
    assert {r.target: r.verdict for r in found}[f"arn:aws:iam::{A}:role/app"] == Verdict.UNKNOWN


def test_missing_managed_policies_and_unmodelled_keys_make_only_their_answers_unknown(tmp_path):
    tagged = _doc({"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*",
                   "Condition": {"StringEquals": {"aws:ResourceTag/env": "dev"}}})
    path = _snapshot(tmp_path, roles=[_role("a", managed=["arn:aws:iam::aws:policy/ReadOnlyAccess"]),
                                      _role("b", tagged), _role("c", _doc({"Effect": "Allow", "Action": "s3:*", "Resource": "*"}))])
    results = {r.target: r for r in who_can(load_snapshot(path), "s3:GetObject", "arn:aws:s3:::x/y", timeout=20)}
    assert "ReadOnlyAccess" in results[f"arn:aws:iam::{A}:role/a"].reason
    assert "aws:resourcetag/env" in results[f"arn:aws:iam::{A}:role/b"].reason
    assert results[f"arn:aws:iam::{A}:role/c"].verdict == Verdict.NO


def test_a_boundary_loosened_between_snapshots_is_new_access(tmp_path):
    def version(actions: list[str]) -> str:
        boundary = f"arn:aws:iam::{A}:policy/b"
        managed = {"PolicyName": "b", "Arn": boundary, "PolicyVersionList": [
            {"IsDefaultVersion": True, "Document": _doc({"Effect": "Allow", "Action": actions, "Resource": "*"})}]}
        return _snapshot(tmp_path / "-".join(actions).replace(":", "_").replace("*", "all"),
                         roles=[_role("dev", _doc({"Effect": "Allow", "Action": "*", "Resource": "*"}), boundary=boundary)],
                         policies=[managed])
    old, new = load_snapshot(version(["s3:*"])), load_snapshot(version(["s3:*", "iam:PassRole"]))
    widened = [r for r in no_new_access(old, new, timeout=20, crosscheck=False) if r.verdict != Verdict.YES]
    assert [r.target for r in widened] == [f"arn:aws:iam::{A}:role/dev"]
    assert widened[0].verdict == Verdict.NO and widened[0].counterexample.request["action"] == "iam:PassRole"
    assert all(r.verdict == Verdict.YES for r in no_new_access(new, old, timeout=20))


def test_cli_exit_codes_and_json_shape(monkeypatch):
    monkeypatch.chdir(EXAMPLES)
    runner = CliRunner()
    denied = runner.invoke(policy, ["can", "arn:aws:iam::111122223333:user/bob", "s3:DeleteObject",
                                    "arn:aws:s3:::startup-data/a", "--snapshot", "startup", "--format", "json"])
    assert denied.exit_code == 1
    result = json.loads(denied.stdout)["results"][0]
    assert result["check"] == "access-can" and result["counterexample"]["decisions"]
    assert any(v == "deny" and "no-prod-delete" in k for k, v in result["counterexample"]["decisions"].items())
    unknown_principal = runner.invoke(policy, ["can", "arn:aws:iam::111122223333:user/nobody", "s3:GetObject",
                                               "arn:aws:s3:::startup-data/a", "--snapshot", "startup"])
    assert unknown_principal.exit_code == 2 and "none of its users or roles" in unknown_principal.stderr
    bad_action = runner.invoke(policy, ["who-can", "s3:Nope", "arn:aws:s3:::x", "--snapshot", "startup"])
    assert bad_action.exit_code == 2 and '"s3:Nope" is not an action AWS documents' in bad_action.stderr
    missing = runner.invoke(policy, ["external-access", "no-such-snapshot"])
    assert missing.exit_code == 2 and missing.stderr.startswith("no-such-snapshot: error:")
    both = runner.invoke(policy, ["no-new-access", "--snapshot", "startup", "startup", "x"])
    assert both.exit_code == 2


def test_a_session_policy_limits_a_grant_to_the_role(tmp_path, monkeypatch):
    monkeypatch.chdir(EXAMPLES)
    session = tmp_path / "session.json"
    session.write_text(json.dumps(_doc({"Effect": "Allow", "Action": "kms:*", "Resource": "*"})))
    args = ["can", "arn:aws:iam::111122223333:role/app", "s3:GetObject", "arn:aws:s3:::startup-data/a.csv",
            "--snapshot", "startup", "--format", "json"]
    assert CliRunner().invoke(policy, args).exit_code == 0  # the bucket policy names the role
    limited = CliRunner().invoke(policy, args + ["--session-policy", str(session)])
    assert limited.exit_code == 1  # ... within its session policy, which allows only KMS
    decisions = json.loads(limited.stdout)["results"][0]["counterexample"]["decisions"]
    assert [v for k, v in decisions.items() if k.startswith("session:")] == ["implicit-deny"]


def test_external_access_answers_alike_with_forked_workers(tmp_path):
    from verifier.policy.access.external import external_access

    buckets = [(f"arn:aws:s3:::b{i}", _doc({"Effect": "Allow", "Principal": "*" if i % 3 == 0 else {"AWS": A},
                                             "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::b{i}/*"}))
               for i in range(10)]
    snap = load_snapshot(_snapshot(tmp_path, resources=buckets))
    alone = external_access(snap, "account", timeout=20, crosscheck=False)
    forked = external_access(snap, "account", timeout=20, jobs=2, crosscheck=False)
    assert [(r.target, r.verdict) for r in forked] == [(r.target, r.verdict) for r in alone]
    assert sorted(r.target for r in alone if r.verdict == Verdict.NO) == ["arn:aws:s3:::b0", "arn:aws:s3:::b3",
                                                                         "arn:aws:s3:::b6", "arn:aws:s3:::b9"]
