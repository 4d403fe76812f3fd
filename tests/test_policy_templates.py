"""Policies inside CloudFormation templates and Terraform modules: found, placed, typed, checked soundly."""

from __future__ import annotations

import json
import re
import shlex
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from verifier.cli_policy import policy as policy_cli
from verifier.policy import public
from verifier.policy.evaluator import decide
from verifier.policy.ir import Policy, Request
from verifier.policy.parse import parse_policy
from verifier.policy.templates import answer_template, load_template
from verifier.policy.templates.admissible import guarded
from verifier.result import Verdict

from tests.policy_witness import request_of as request_from_json

OPTIONS = {"timeout": 20.0, "account": None, "resource_type": None}


def write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text).lstrip("\n"))
    return str(path)


def request_of(result) -> Request:
    return request_from_json(result.counterexample.request)


def by_label(path: str, command: str = "no-public-access", **options):
    results, error = answer_template(path, command, {**OPTIONS, **options})
    assert error is None, error
    return {r.target.split(": ", 1)[1]: r for r in results}


BUCKET_STACK = """
    AWSTemplateFormatVersion: "2010-09-09"
    Parameters:
      Stage:
        Type: String
        AllowedValues: [dev, prod]
    Resources:
      Bucket:
        Type: AWS::S3::Bucket
      Policy:
        Type: AWS::S3::BucketPolicy
        Properties:
          Bucket: !Ref Bucket
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Sid: Same account only
                Effect: Allow
                Principal: "*"
                Action: s3:GetObject
                Resource: !Sub "${Bucket.Arn}/${Stage}/*"
                Condition:
                  StringEquals:
                    aws:SourceAccount: !Ref AWS::AccountId
      Open:
        Type: AWS::S3::BucketPolicy
        Properties:
          Bucket: !Ref Bucket
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Principal: "*"
                Action: s3:GetObject
                Resource: !Join ["", [!GetAtt Bucket.Arn, "/public/*"]]
"""


def test_cloudformation_yaml_policies_are_found_typed_and_placed(tmp_path):
    found = load_template(write(tmp_path, "stack.yaml", BUCKET_STACK))
    assert [(f.label, f.resource_type) for f in found] == [
        ("PolicyDocument of Policy (AWS::S3::BucketPolicy)", "AWS::S3::BucketPolicy"),
        ("PolicyDocument of Open (AWS::S3::BucketPolicy)", "AWS::S3::BucketPolicy"),
    ]
    first = found[0].policy.statements[0]
    assert (first.line, first.column) == (16, 13)  # "- Sid: ..." in the template
    assert first.conditions[0].line == 23
    assert {s.source for s in found[0].symbols.symbols.values()} >= {"Bucket", "AWS::Partition", "Stage", "AWS::AccountId"}  # Bucket.Arn: arn:PARTITION:s3:::BUCKET


def test_a_template_value_in_a_fixed_condition_restricts_and_a_join_keeps_its_structure(tmp_path):
    results = by_label(write(tmp_path, "stack.yaml", BUCKET_STACK))
    same = results["PolicyDocument of Policy (AWS::S3::BucketPolicy)"]
    assert same.verdict == Verdict.YES  # aws:SourceAccount = the owner's account, whatever it is
    open_ = results["PolicyDocument of Open (AWS::S3::BucketPolicy)"]
    assert open_.verdict == Verdict.NO
    assert open_.location.line == 31
    request = request_of(open_)
    assert request.resource.endswith("/public/example") or "/public/" in request.resource
    policy = next(f for f in load_template(str(tmp_path / "stack.yaml")) if f.label.startswith("PolicyDocument of Open"))
    assert decide(guarded(policy.policy, policy.symbols), request).allowed
    assert public.is_public_request(request, public.fixed_values(policy.policy))


def test_witness_values_stay_within_allowed_values(tmp_path):
    path = write(tmp_path, "stack.yaml", """
        Parameters:
          Stage: {Type: String, AllowedValues: [dev, prod]}
        Resources:
          P:
            Type: AWS::SQS::QueuePolicy
            Properties:
              Queues: [q]
              PolicyDocument:
                Version: "2012-10-17"
                Statement:
                  - Effect: Allow
                    Principal: "*"
                    Action: sqs:SendMessage
                    Resource: "*"
                    Condition: {StringEquals: {aws:PrincipalTag/stage: !Ref Stage}}
                  - Effect: Deny
                    Principal: "*"
                    Action: sqs:SendMessage
                    Resource: "*"
                    Condition: {StringEquals: {aws:PrincipalTag/stage: [dev, prod]}}
    """)
    (result,) = by_label(path).values()
    # every value Stage can take is denied: only a value outside AllowedValues would be public
    assert result.verdict == Verdict.YES, result.reason


def test_a_value_that_could_be_a_wildcard_is_settled_by_its_two_readings_or_unknown(tmp_path):
    path = write(tmp_path, "stack.yaml", """
        Parameters:
          Target: {Type: String}
        Resources:
          Q:
            Type: AWS::SQS::QueuePolicy
            Properties:
              Queues: [q]
              PolicyDocument:
                Version: "2012-10-17"
                Statement:
                  - {Effect: Allow, Principal: {AWS: !Ref Target}, Action: sqs:SendMessage, Resource: "*"}
          R:
            Type: AWS::SQS::QueuePolicy
            Properties:
              Queues: [q]
              PolicyDocument:
                Version: "2012-10-17"
                Statement:
                  - {Effect: Deny, Principal: "*", Action: sqs:*, Resource: !Ref Target}
                  - {Effect: Allow, Principal: "*", Action: sqs:SendMessage, Resource: "*"}
    """)
    results = by_label(path)
    q, r = results["PolicyDocument of Q (AWS::SQS::QueuePolicy)"], results["PolicyDocument of R (AWS::SQS::QueuePolicy)"]
    # Target = "*" makes Q public, an ordinary account does not: unknown, and says why
    assert q.verdict == Verdict.UNKNOWN and "depends on whether the value of Target holds a wildcard" in q.reason
    # R's Deny must not be read widest (it would deny everything): an ordinary Target leaves R public
    assert r.verdict == Verdict.NO and "with Target = " in r.message
    concrete = with_witness(r, "Target", """[
        {"Effect": "Deny", "Principal": "*", "Action": "sqs:*", "Resource": "@Target@"},
        {"Effect": "Allow", "Principal": "*", "Action": "sqs:SendMessage", "Resource": "*"}]""")
    assert_public(concrete, r)


def with_witness(result, source: str, statements: str) -> Policy:
    """The policy `statements` with the witness value of `source` (from the no's message) written in as plain text."""
    value = re.search(rf"{re.escape(source)} = '([^'*?]*)'", result.message).group(1)
    text = json.dumps({"Version": "2012-10-17", "Statement": json.loads(statements.replace(f"@{source}@", value))})
    return parse_policy(text, "concrete.json")


def assert_public(policy: Policy, result) -> None:
    """The no's request is allowed by the concrete policy and comes from an outsider (replayed, not re-searched)."""
    request = request_of(result)
    request = Request(request.action, request.resource, request.principal,
                      tuple((k, v) for k, v in request.context if not k.startswith("template:")))
    assert decide(policy, request).allowed
    assert public.is_public_request(request, public.fixed_values(policy))


TFV = """
    variable "bucket" {
      type = string
    }

    resource "aws_s3_bucket_policy" "p" {
      bucket = var.bucket
      policy = jsonencode({
        Version = "2012-10-17"
        Statement = [{
          Effect    = "Allow"
          Principal = "*"
          Action    = "s3:GetObject"
          Resource  = "arn:aws:s3:::${var.bucket}/*"
        }]
      })
    }

    resource "aws_s3_bucket_policy" "q" {
      bucket = local.b
      policy = jsonencode({
        Version = "2012-10-17"
        Statement = [{
          Effect    = "Allow"
          Principal = { AWS = "arn:aws:iam::${local.acct}:root" }
          Action    = "s3:GetObject"
          Resource  = "arn:aws:s3:::x/*"
        }]
      })
    }
"""


def test_terraform_variables_that_could_hold_a_wildcard_are_answered_by_monotonicity(tmp_path):
    results = by_label(write(tmp_path, "main.tf", TFV))
    p, q = results["aws_s3_bucket_policy.p.policy"], results["aws_s3_bucket_policy.q.policy"]
    # public whatever var.bucket holds: a no for an ordinary value, shown and replayed concretely
    assert p.verdict == Verdict.NO and "with var.bucket = " in p.message
    concrete = with_witness(p, "var.bucket", """[{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
        "Resource": "arn:aws:s3:::@var.bucket@/*"}]""")
    assert_public(concrete, p)
    # one account's root, whatever local.acct holds (IAM reads no partial wildcard in a principal)
    assert q.verdict == Verdict.YES and "for every value of local.acct" in q.message
    run = CliRunner().invoke(policy_cli, ["no-public-access", str(tmp_path / "main.tf"), "--format", "json", "--no-cache"])
    assert run.exit_code == 1 and [r["verdict"] for r in json.loads(run.stdout)["results"]] == ["no", "yes"]


def test_a_yes_that_holds_only_by_reading_the_value_as_a_wildcard(tmp_path):
    # an ordinary value of var.prefix says nothing of "*" or "a*b"; the widest reading (Allow on
    # arn:aws:s3:::b/*/*) covers every value at once, and the Deny on every object makes that a yes
    path = write(tmp_path, "main.tf", """
        resource "aws_s3_bucket_policy" "p" {
          bucket = "b"
          policy = jsonencode({
            Version = "2012-10-17"
            Statement = [
              {Effect = "Allow", Principal = "*", Action = "s3:GetObject", Resource = "arn:aws:s3:::b/${var.prefix}/*"},
              {Effect = "Deny", Principal = "*", Action = "s3:GetObject", Resource = "arn:aws:s3:::b/*"},
            ]
          })
        }
    """)
    (result,) = by_label(path).values()
    assert result.verdict == Verdict.YES and "even one holding a wildcard" in result.message
    (granted,) = by_label(path, "not-granted", actions=["s3:GetObject"], resources=[]).values()
    assert granted.verdict == Verdict.YES


def test_a_deny_on_a_template_value_is_never_read_widest(tmp_path):
    # read as "*", var.keep would deny every object: a wrong yes; with var.keep = "secret" the
    # policy is not public, with any other ordinary value it is
    path = write(tmp_path, "main.tf", """
        resource "aws_s3_bucket_policy" "p" {
          bucket = "b"
          policy = jsonencode({
            Version = "2012-10-17"
            Statement = [
              {Effect = "Allow", Principal = "*", Action = "s3:GetObject", Resource = "arn:aws:s3:::b/secret"},
              {Effect = "Deny", Principal = "*", Action = "s3:GetObject", Resource = "arn:aws:s3:::b/${var.keep}"},
            ]
          })
        }
    """)
    (result,) = by_label(path).values()
    assert result.verdict == Verdict.NO and "with var.keep = " in result.message
    concrete = with_witness(result, "var.keep", """[
        {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/secret"},
        {"Effect": "Deny", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/@var.keep@"}]""")
    assert_public(concrete, result)
    (granted,) = by_label(path, "not-granted", actions=["s3:GetObject"], resources=[]).values()
    assert granted.verdict == Verdict.NO


def test_a_wildcard_value_inside_a_principal_is_read_literally_even_in_a_deny(tmp_path):
    # IAM reads no partial wildcard in a principal: whatever var.acct holds, only that one
    # (named, so not an outsider) principal escapes the Deny
    path = write(tmp_path, "main.tf", """
        resource "aws_s3_bucket_policy" "p" {
          bucket = "b"
          policy = jsonencode({
            Version = "2012-10-17"
            Statement = [
              {Effect = "Allow", Principal = "*", Action = "s3:GetObject", Resource = "arn:aws:s3:::b/*"},
              {Effect = "Deny", NotPrincipal = {AWS = "arn:aws:iam::${var.acct}:root"}, Action = "s3:*", Resource = "*"},
            ]
          })
        }
    """)
    (result,) = by_label(path).values()
    assert result.verdict == Verdict.YES and "for every value of var.acct" in result.message


def test_a_wildcard_value_in_not_resource_gets_no_widest_reading_but_an_ordinary_value_no(tmp_path):
    path = write(tmp_path, "main.tf", """
        resource "aws_s3_bucket_policy" "p" {
          bucket = "b"
          policy = jsonencode({
            Version = "2012-10-17"
            Statement = [{Effect = "Allow", Principal = "*", Action = "s3:GetObject",
                          NotResource = "arn:aws:s3:::b/${var.keep}"}]
          })
        }
    """)
    (result,) = by_label(path).values()
    assert result.verdict == Verdict.NO  # an ordinary value still leaves other objects public
    (validated,) = by_label(path, "validate").values()
    assert validated.verdict == Verdict.UNKNOWN and "could hold a wildcard" in validated.reason


def test_a_principal_stand_in_keeps_no_public_access_but_not_a_not_granted_yes(tmp_path):
    path = write(tmp_path, "key.yaml", """
        Resources:
          App:
            Type: AWS::IAM::Role
          Key:
            Type: AWS::KMS::Key
            Properties:
              KeyPolicy:
                Version: "2012-10-17"
                Statement:
                  - Effect: Allow
                    Principal: {AWS: !GetAtt App.Arn}
                    Action: kms:*
                    Resource: "*"
    """)
    results = by_label(path)
    assert [r.verdict for r in results.values()] == [Verdict.YES]
    (granted,) = by_label(path, "not-granted", actions=["kms:Decrypt"], resources=[]).values()
    assert granted.verdict == Verdict.NO  # the stand-in role is one real deployment: a real no
    (denied,) = by_label(path, "not-granted", actions=["s3:GetObject"], resources=[]).values()
    assert denied.verdict == Verdict.UNKNOWN and "one example value of App.Arn" in denied.reason


def test_cloudformation_json_template_and_policy_given_as_text(tmp_path):
    doc = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "sns:Publish", "Resource": "*"}]}
    template = {"Resources": {"T": {"Type": "AWS::SNS::TopicPolicy", "Properties": {"Topics": ["t"], "PolicyDocument": json.dumps(doc)}}}}
    path = write(tmp_path, "stack.json", json.dumps(template, indent=2))
    (result,) = by_label(path).values()
    assert result.verdict == Verdict.NO and request_of(result).action == "sns:Publish"
    assert result.location.line == 9  # the line of the string holding the policy


TERRAFORM = '''
    data "aws_caller_identity" "current" {}

    resource "aws_s3_bucket" "b" {
      bucket = "example"
    }

    data "aws_iam_policy_document" "read" {
      statement {
        sid       = "SameAccount"
        actions   = ["s3:GetObject"]
        resources = ["${aws_s3_bucket.b.arn}/*"]
        principals {
          type        = "AWS"
          identifiers = ["*"]
        }
        condition {
          test     = "StringEquals"
          variable = "aws:SourceAccount"
          values   = [data.aws_caller_identity.current.account_id]
        }
      }
    }

    resource "aws_s3_bucket_policy" "b" {
      bucket = aws_s3_bucket.b.id
      policy = data.aws_iam_policy_document.read.json
    }

    resource "aws_sqs_queue_policy" "q" {
      queue_url = "q"
      policy = jsonencode({
        Version = "2012-10-17"
        Statement = [{
          Effect    = "Allow"
          Principal = "*"
          Action    = "sqs:SendMessage"
          Resource  = "*"
        }]
      })
    }

    resource "aws_iam_role" "r" {
      name = "r"
      assume_role_policy = <<EOF
    {"Version": "2012-10-17",
     "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]}
    EOF
      inline_policy {
        name   = "logs"
        policy = jsonencode({Version = "2012-10-17", Statement = [{Effect = "Allow", Action = "logs:*", Resource = "*"}]})
      }
    }
'''


def test_terraform_documents_from_data_sources_jsonencode_and_heredocs(tmp_path):
    module = tmp_path / "module"
    module.mkdir()
    write(module, "main.tf", TERRAFORM)
    found = {f.label: f for f in load_template(str(module))}
    assert {label: f.resource_type for label, f in found.items()} == {
        "aws_s3_bucket_policy.b.policy (data.aws_iam_policy_document.read)": "AWS::S3::BucketPolicy",
        "aws_sqs_queue_policy.q.policy": "AWS::SQS::QueuePolicy",
        "aws_iam_role.r.assume_role_policy": "AWS::IAM::AssumeRolePolicyDocument",
        "aws_iam_role.r.inline_policy[0].policy": "AWS::IAM::Policy",
    }
    where = {label: (f.policy.statements[0].line, f.policy.statements[0].column) for label, f in found.items()}
    assert where["aws_s3_bucket_policy.b.policy (data.aws_iam_policy_document.read)"] == (8, 3)
    assert where["aws_sqs_queue_policy.q.policy"] == (33, 18)
    assert where["aws_iam_role.r.assume_role_policy"] == (46, 16)
    results = by_label(str(module))
    assert results["aws_s3_bucket_policy.b.policy (data.aws_iam_policy_document.read)"].verdict == Verdict.YES
    queue = results["aws_sqs_queue_policy.q.policy"]
    assert queue.verdict == Verdict.NO and request_of(queue).action == "sqs:SendMessage"
    assert results["aws_iam_role.r.assume_role_policy"].verdict == Verdict.YES


def test_terraform_policy_variables_are_written_with_an_ampersand(tmp_path):
    path = write(tmp_path, "main.tf", '''
        data "aws_iam_policy_document" "home" {
          statement {
            actions   = ["s3:GetObject"]
            resources = ["arn:aws:s3:::home/&{aws:username}/*"]
          }
        }
    ''')
    (f,) = load_template(path)
    assert f.unsupported is None
    assert [type(p).__name__ for p in f.policy.statements[0].resources[0].parts] == ["str", "Var", "str", "Wild"]


def test_a_computed_terraform_policy_is_unknown_not_guessed(tmp_path):
    path = write(tmp_path, "main.tf", '''
        resource "aws_iam_policy" "p" {
          policy = file("policy.json")
        }
    ''')
    (result,) = answer_template(path, "validate", OPTIONS)[0]
    assert result.verdict == Verdict.UNKNOWN and "file() at line 2 reads" in result.reason and "policy.json" in result.reason


@pytest.mark.parametrize("name, text, where", [
    ("bad.yaml", "Resources:\n  A: [\n", "bad.yaml:3:1: error: cannot read the template"),
    ("bad.tf", 'resource "aws_iam_policy" "p" {\n  policy = jsonencode({\n', "bad.tf:3:1: error: cannot parse HCL"),
])
def test_malformed_templates_are_one_line_input_errors(tmp_path, monkeypatch, name, text, where):
    monkeypatch.chdir(tmp_path)
    (tmp_path / name).write_text(text)
    result = CliRunner().invoke(policy_cli, ["validate", name, "--no-cache"])
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [result.stderr.strip()] and result.stderr.startswith(where)


def test_a_schema_error_in_a_template_policy_points_into_the_template(tmp_path):
    path = write(tmp_path, "stack.yaml", """
        Resources:
          P:
            Type: AWS::IAM::ManagedPolicy
            Properties:
              PolicyDocument:
                Version: "2012-10-17"
                Statement:
                  - Effect: allow
                    Action: s3:GetObject
                    Resource: "*"
    """)
    results, error = answer_template(path, "validate", OPTIONS)
    assert results == [] and (error.line, error.column) == (8, 21) and '"Effect" must be "Allow" or "Deny"' in error.message


EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "templates"
LINES = re.findall(r"^- `verify policy (.+?)`: (yes|no|unknown).*\[(\d)\]$", (EXAMPLES / "README.md").read_text(), re.M)


@pytest.mark.parametrize("command, verdict, code", LINES, ids=[c for c, _, _ in LINES])
def test_example_templates_answer_as_documented(monkeypatch, command, verdict, code):
    monkeypatch.chdir(EXAMPLES)
    result = CliRunner().invoke(policy_cli, [*shlex.split(command), "--format", "json", "--no-cache"])
    assert result.exit_code == int(code), result.output
    verdicts = {r["verdict"] for r in json.loads(result.stdout)["results"]}
    assert verdict in verdicts and (verdict != "yes" or verdicts == {"yes"}) and (verdict != "unknown" or "no" not in verdicts)


def test_example_public_stack_witnesses_replay_in_the_evaluator():
    path = str(EXAMPLES / "public-stack.yaml")
    found = {f.label: f for f in load_template(path)}
    for label, result in by_label(path).items():
        assert result.verdict == Verdict.NO
        request = request_of(result)
        f = found[label]
        assert decide(guarded(f.policy, f.symbols), request).allowed
    trust = by_label(path)["AssumeRolePolicyDocument of DeployRole (AWS::IAM::Role)"]
    assert request_of(trust).principal.kind == "Federated"
    assert dict(request_of(trust).context)["token.actions.githubusercontent.com:sub"][0].startswith("repo:")


def test_every_example_template_is_documented():
    documented = {word for command, _, _ in LINES for word in shlex.split(command)}
    assert documented >= {p.name for p in EXAMPLES.iterdir() if p.name != "README.md" and not p.name.startswith(".")}


COLLISION = """
    Resources:
      Q:
        Type: AWS::SQS::QueuePolicy
        Properties:
          Queues: [q]
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - {Effect: Allow, Principal: {AWS: "arn:aws:iam::444455556666:root"}, Action: sqs:SendMessage, Resource: "*"}
              - Effect: Deny
                NotPrincipal: {AWS: !Sub "arn:aws:iam::${AWS::AccountId}:root"}
                Action: sqs:SendMessage
                Resource: "*"
"""


def test_the_deploying_account_in_a_principal_is_checked_case_by_case(tmp_path):
    path = write(tmp_path, "queue.yaml", COLLISION)
    (sends,) = by_label(path, "not-granted", actions=["sqs:SendMessage"], resources=[]).values()
    # only a stack deployed in account 444455556666 lets that account send: one stand-in account would say yes
    assert sends.verdict == Verdict.NO and "account 444455556666" in sends.message
    (reads,) = by_label(path, "not-granted", actions=["sqs:ReceiveMessage"], resources=[]).values()
    assert reads.verdict == Verdict.YES and "for every deploying account" in reads.message
