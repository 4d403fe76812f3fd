"""Requests AWS could receive: witness resources in a documented ARN format of their action,
raw string semantics behind --raw-arns, and template versions compared policy by policy."""

from __future__ import annotations

import json
import subprocess

import pytest
from click.testing import CliRunner

from verifier.cli_policy import policy as policy_cli
from verifier.policy import checks
from verifier.policy.catalogue import catalogue
from verifier.policy.evaluator import decide
from verifier.policy.ir import Request
from verifier.policy.parse import action_pattern, parse_policy
from verifier.policy.witness import fits_format
from verifier.result import Verdict

ACTIONS = ["cloudformation:UpdateStack", "cloudformation:DeleteStack", "cloudformation:RollbackStack"]


def pol(*statements: dict, name: str):
    return parse_policy(json.dumps({"Version": "2012-10-17", "Statement": list(statements)}), name)


def reference(actions: list[str], sensitive: str):
    return pol({"Effect": "Allow", "Action": "*", "Resource": "*"},
               {"Effect": "Deny", "Action": actions, "Resource": sensitive}, name="reference.json")


CFN_REFERENCE = reference(ACTIONS, "arn:aws:cloudformation:*:*:stack/MySensitiveStack/*")
CFN_CANDIDATE = pol({"Effect": "Allow", "Action": ACTIONS, "Resource": "arn:aws:cloudformation:*:*:stack/NotMySensitiveStack/*"},
                    name="candidate.json")
ECS_ACTIONS = ["ecs:RunTask", "ecs:StartTask"]
ECS_REFERENCE = reference(ECS_ACTIONS, "arn:aws:ecs:*:*:task-definition/MySensitiveTaskDefinition:*")
ECS_CANDIDATE = pol({"Effect": "Allow", "Action": ECS_ACTIONS, "Resource": "arn:aws:ecs:*:*:task-definition/NotMySensitiveTaskDefinition:*"},
                    name="candidate.json")


def request_of(result) -> Request:
    r = result.counterexample.request
    return Request(r["action"], r["resource"], None, ())


@pytest.mark.parametrize("old, new", [(CFN_REFERENCE, CFN_CANDIDATE), (ECS_REFERENCE, ECS_CANDIDATE)], ids=["stack", "task-definition"])
def test_a_wildcard_stretched_across_colons_is_no_request_aws_receives(old, new):
    assert checks.no_new_access(old, new).verdict == Verdict.YES
    raw = checks.no_new_access(old, new, raw_arns=True)
    assert raw.verdict == Verdict.NO  # IAM's raw matching: the account "*" runs across colons
    request = request_of(raw)
    assert decide(new, request).allowed and not decide(old, request).allowed
    assert not fits_format(request, catalogue())


def test_a_real_new_access_is_shown_on_a_documented_resource():
    candidate = pol({"Effect": "Allow", "Action": "cloudformation:DeleteStack", "Resource": "arn:aws:cloudformation:*:*:stack/*Sensitive*/*"},
                    name="candidate.json")
    result = checks.no_new_access(CFN_REFERENCE, candidate)
    assert result.verdict == Verdict.NO
    request = request_of(result)
    assert fits_format(request, catalogue()) and "note:" not in result.message
    assert request.resource.startswith("arn:aws:cloudformation:us-east-1:") and "/MySensitiveStack/" in request.resource
    assert decide(candidate, request).allowed and not decide(CFN_REFERENCE, request).allowed


def test_raw_arns_is_a_command_line_option(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "old.json").write_text(json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "*", "Resource": "*"},
        {"Effect": "Deny", "Action": ACTIONS, "Resource": "arn:aws:cloudformation:*:*:stack/MySensitiveStack/*"}]}))
    (tmp_path / "new.json").write_text(json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": ACTIONS, "Resource": "arn:aws:cloudformation:*:*:stack/NotMySensitiveStack/*"}]}))
    assert CliRunner().invoke(policy_cli, ["no-new-access", "old.json", "new.json"]).exit_code == 0
    assert CliRunner().invoke(policy_cli, ["no-new-access", "old.json", "new.json", "--raw-arns"]).exit_code == 1
    assert CliRunner().invoke(policy_cli, ["equiv", "new.json", "new.json", "--raw-arns"]).exit_code == 0


STACK = """\
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - {Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: sts:AssumeRole}
      Policies:
        - PolicyName: Read
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - {Effect: Allow, Action: [ACTIONS], Resource: !Sub "arn:aws:s3:::${AWS::AccountId}-logs/*"}
"""


def git(*args: str, cwd) -> None:
    subprocess.run(["git", "-c", "user.email=dev@example.com", "-c", "user.name=Dev", *args], cwd=cwd, check=True,
                   capture_output=True)


def test_template_versions_are_compared_policy_by_policy(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "stack.yaml").write_text(STACK.replace("ACTIONS", "s3:GetObject"))
    git("init", "-q", "-b", "main", cwd=tmp_path)
    git("add", "stack.yaml", cwd=tmp_path)
    git("commit", "-qm", "first", cwd=tmp_path)
    (tmp_path / "stack.yaml").write_text(STACK.replace("ACTIONS", "s3:GetObject, s3:PutObject"))
    result = CliRunner().invoke(policy_cli, ["no-new-access", "stack.yaml", "--against", "HEAD", "--format", "json"])
    assert result.exit_code == 1, result.output
    by_target = {r["target"]: r for r in json.loads(result.stdout)["results"]}
    grown = by_target["Policies[0].PolicyDocument of Role (AWS::IAM::Role) (stack.yaml)"]
    assert grown["verdict"] == "no" and grown["counterexample"]["request"]["action"] == "s3:PutObject"
    assert grown["location"]["line"] == 14
    assert by_target["AssumeRolePolicyDocument of Role (AWS::IAM::Role) (stack.yaml)"]["verdict"] == "yes"
    back = CliRunner().invoke(policy_cli, ["no-new-access", "stack.yaml", "stack.yaml"])
    assert back.exit_code == 0, back.output


def test_a_grant_on_qualified_lambda_arns_is_found_though_the_catalogue_format_ends_at_the_name():
    # InvokeFunction accepts "function:NAME:QUALIFIER" (a version or alias), which the catalogue's
    # "function:${FunctionName}" leaves out: reading that format narrowly made this grant invisible.
    policy = pol({"Effect": "Allow", "Action": "lambda:InvokeFunction",
                  "Resource": "arn:aws:lambda:us-east-1:111122223333:function:f:*"}, name="qualified.json")
    result = checks.not_granted(policy, (action_pattern("lambda:InvokeFunction"),))
    assert result.verdict == Verdict.NO and result.counterexample.confirmed
    resource = result.counterexample.request["resource"]
    assert resource.startswith("arn:aws:lambda:us-east-1:111122223333:function:f:")
    assert decide(policy, Request(action="lambda:InvokeFunction", resource=resource)).allowed
