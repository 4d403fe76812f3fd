"""Reading account snapshots: authorization details, resource policies, the organisation; bad input at its place."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from verifier.errors import InputError
from verifier.policy.access.snapshot import load_snapshot

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "access"


def _details(users=(), roles=(), groups=(), policies=()) -> dict:
    return {"UserDetailList": list(users), "RoleDetailList": list(roles), "GroupDetailList": list(groups),
            "Policies": list(policies)}


def _role(name: str, trust: dict, **extra) -> dict:
    return {"RoleName": name, "Arn": f"arn:aws:iam::111122223333:role/{name}", "AssumeRolePolicyDocument": trust,
            "RolePolicyList": [], "AttachedManagedPolicies": [], **extra}


TRUST = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"},
                                                 "Action": "sts:AssumeRole"}]}


def test_a_directory_snapshot_holds_identities_resources_and_the_organisation():
    snap = load_snapshot(str(EXAMPLES / "organization"))
    assert snap.accounts == {"111111111111", "222222222222", "333333333333"}
    org = snap.organization
    assert org is not None and org.management_account == "111111111111"
    assert [n.name for n in org.levels("333333333333")] == ["Root", "Dev", "account 333333333333"]
    dev = org.levels("333333333333")[1]
    assert [snap.label(p) for p in dev.scps] == ["SCP policies/dev-allow-list.json"]
    assert "RCP RCPFullAWSAccess (AWS managed)" in [snap.label(p) for p in dev.rcps]  # attached everywhere
    slr = next(i for i in snap.identities.values() if i.name == "AWSServiceRoleForS3Replication")
    assert slr.service_linked
    assert snap.resources["arn:aws:s3:::prod-data"].kind == "s3-bucket"


def test_groups_managed_policies_boundaries_and_tags_reach_the_identity(tmp_path):
    boundary = {"PolicyName": "B", "Arn": "arn:aws:iam::111122223333:policy/B",
                "PolicyVersionList": [{"VersionId": "v2", "IsDefaultVersion": True,
                                       "Document": {"Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "*"}}},
                                      {"VersionId": "v1", "IsDefaultVersion": False,
                                       "Document": {"Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}}}]}
    group = {"GroupName": "g", "GroupPolicyList": [{"PolicyName": "gp", "PolicyDocument": json.dumps(
        {"Statement": {"Effect": "Allow", "Action": "ec2:*", "Resource": "*"}})}], "AttachedManagedPolicies": []}
    user = {"UserName": "u", "Arn": "arn:aws:iam::111122223333:user/u", "GroupList": ["g"],
            "AttachedManagedPolicies": [{"PolicyArn": "arn:aws:iam::aws:policy/ReadOnlyAccess"}],
            "PermissionsBoundary": {"PermissionsBoundaryArn": "arn:aws:iam::111122223333:policy/B"},
            "Tags": [{"Key": "team", "Value": "web"}]}
    path = tmp_path / "iam.json"
    path.write_text(json.dumps(_details([user], groups=[group], policies=[boundary])))
    snap = load_snapshot(str(path))
    u = snap.identities["arn:aws:iam::111122223333:user/u"]
    assert [s.actions[0].text for p in u.policies for s in p.statements] == ["ec2:*"]  # the group's, read from JSON text
    assert u.boundary is not None and u.boundary.statements[0].actions[0].text == "s3:*"  # the default version
    assert u.tags == (("team", "web"),)
    assert u.missing == ("arn:aws:iam::aws:policy/ReadOnlyAccess",)  # attached, but not in the output


@pytest.mark.parametrize("mutate, where, message", [
    (lambda d: d["RoleDetailList"][0]["AssumeRolePolicyDocument"]["Statement"][0].update(Effect="allow"),
     None, '"Effect" must be "Allow" or "Deny", got "allow"'),
    (lambda d: d["RoleDetailList"][0].update(Arn="arn:aws:iam::111122223333:user/x"), None, "is not an IAM role ARN"),
    (lambda d: d["RoleDetailList"][0].pop("AssumeRolePolicyDocument"), None, 'a role has no "AssumeRolePolicyDocument"'),
    (lambda d: d.clear() or d.update(Foo=1), (1, 1), "not the output of `aws iam get-account-authorization-details`"),
], ids=["schema", "arn", "missing-trust", "not-details"])
def test_malformed_details_are_one_positioned_error(tmp_path, mutate, where, message):
    doc = _details(roles=[_role("r", json.loads(json.dumps(TRUST)))])
    mutate(doc)
    path = tmp_path / "iam.json"
    path.write_text(json.dumps(doc, indent=1))
    with pytest.raises(InputError) as caught:
        load_snapshot(str(path))
    err = caught.value
    assert err.path == str(path) and message in err.message and err.line > 0 and err.column > 0
    if where:
        assert (err.line, err.column) == where


def test_an_error_inside_a_policy_points_into_the_details_file(tmp_path):
    doc = _details(roles=[_role("r", {"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "sts:AssumeRole",
                                                      "Condition": {"StringEqualz": {"a": "b"}}}]})])
    path = tmp_path / "iam.json"
    path.write_text(json.dumps(doc, indent=1))
    with pytest.raises(InputError) as caught:
        load_snapshot(str(path))
    line = path.read_text().splitlines()[caught.value.line - 1]
    assert "StringEqualz" in line and "StringEqualz" in caught.value.message


def test_the_directory_layout_is_checked(tmp_path):
    (tmp_path / "accounts" / "12345").mkdir(parents=True)
    with pytest.raises(InputError, match="12-digit account number"):
        load_snapshot(str(tmp_path))
    (tmp_path / "accounts" / "12345").rmdir()
    folder = tmp_path / "accounts" / "111122223333" / "resources"
    folder.mkdir(parents=True)
    (folder / "b.json").write_text(json.dumps({"Arn": "arn:aws:sqs:us-east-1:999999999999:q", "Policy": TRUST}))
    with pytest.raises(InputError, match="names account 999999999999") as caught:
        load_snapshot(str(tmp_path))
    assert caught.value.path.endswith("b.json") and caught.value.line == 1
    (tmp_path / "organization.json").write_text(json.dumps(
        {"Id": "o-x", "ManagementAccount": "111122223333", "Root": {"SCPs": ["policies/nope.json"]}}))
    (folder / "b.json").unlink()
    with pytest.raises(InputError, match='SCP file "policies/nope.json" not found'):
        load_snapshot(str(tmp_path))


def test_a_missing_snapshot_is_bad_input():
    with pytest.raises(InputError, match="no such file or directory"):
        load_snapshot("/nonexistent/snapshot")


TEMPLATE = """AWSTemplateFormatVersion: "2010-09-09"
Resources:
  ReportsPolicy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: reports-bucket
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: "*"
            Action: s3:GetObject
            Resource: arn:aws:s3:::reports-bucket/*
  Queue:
    Type: AWS::SQS::Queue
  QueuePolicy:
    Type: AWS::SQS::QueuePolicy
    Properties:
      Queues: [!Ref Queue]
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: {AWS: "arn:aws:iam::999988887777:root"}
            Action: sqs:SendMessage
            Resource: !GetAtt Queue.Arn
"""


def test_template_policies_join_the_snapshot_when_their_resource_is_named(tmp_path):
    from verifier.policy.access.external import external_access
    from verifier.result import Verdict

    folder = tmp_path / "accounts" / "111122223333" / "templates"
    folder.mkdir(parents=True)
    (folder / "stack.yaml").write_text(TEMPLATE)
    snap = load_snapshot(str(tmp_path))
    lines = TEMPLATE.splitlines()
    bucket = snap.resources["arn:aws:s3:::reports-bucket"]
    assert bucket.kind == "s3-bucket"
    assert "Effect: Allow" in lines[bucket.policy.statements[0].line - 1]  # positions in the template
    [queue] = snap.unplaced
    assert "Version" in lines[queue.line - 1] and queue.line > lines.index("  QueuePolicy:")
    assert "not named literally" in queue.reason
    results = {r.target: r for r in external_access(snap, "account", timeout=20, crosscheck=False)}
    assert results["arn:aws:s3:::reports-bucket"].verdict == Verdict.NO
    unknown = results[queue.label]
    assert unknown.verdict == Verdict.UNKNOWN and (unknown.location.line, unknown.location.file) == (queue.line, queue.path)


def test_a_template_policy_the_readers_do_not_read_makes_external_access_unknown(tmp_path):
    """An SSM resource policy (a type no template reader lists) open to anyone in a snapshot's template was
    skipped: external-access did not see it. It is unplaced now, and its question is unknown."""
    from verifier.policy.access.external import external_access
    from verifier.result import Verdict

    folder = tmp_path / "accounts" / "111122223333" / "templates"
    folder.mkdir(parents=True)
    (folder / "ops.yaml").write_text(
        "Resources:\n"
        "  Ops:\n"
        "    Type: AWS::SSM::ResourcePolicy\n"
        "    Properties:\n"
        "      ResourceArn: arn:aws:ssm:us-east-1:111122223333:opsitemgroup/default\n"
        "      Policy: '{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\","
        "\"Action\":\"ssm:GetOpsItem\",\"Resource\":\"*\"}]}'\n")
    snap = load_snapshot(str(tmp_path))
    [ops] = snap.unplaced
    assert ops.label == "Ops (AWS::SSM::ResourcePolicy)" and "is not read" in ops.reason and ops.line == 3
    results = {r.target: r for r in external_access(snap, "account", timeout=20, crosscheck=False)}
    assert results[ops.label].verdict == Verdict.UNKNOWN
