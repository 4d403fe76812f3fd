"""Each resource type's meaning of public (public_rules.py), and the CLI's --resource-type."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from verifier.cli_policy import policy as policy_cli
from verifier.policy import checks, public, public_rules
from verifier.policy.evaluator import decide
from verifier.policy.ir import Request, RequestPrincipal
from verifier.policy.parse import action_pattern, parse_policy
from verifier.result import Verdict

from tests.policy_witness import request_of as request_from_json

GITHUB = "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"


def pol(*statements: dict):
    return parse_policy(json.dumps({"Version": "2012-10-17", "Statement": list(statements)}, indent=1), "p.json")


def request_of(result) -> Request:
    return request_from_json(result.counterexample.request)


def kms_use(**condition) -> dict:
    return {"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": ["kms:Decrypt"], "Resource": "*",
            "Condition": {"StringEquals": condition}}


def test_kms_caller_account_limits_a_key_policy_for_anyone():
    policy = pol(kms_use(**{"kms:CallerAccount": "111122223333"}))
    assert checks.no_public_access(policy, rule=public_rules.KMS).verdict == Verdict.YES
    # the S3 rule does not know the key: under it the same policy is public
    assert checks.no_public_access(policy, rule=public_rules.S3).verdict == Verdict.NO


def test_kms_via_service_alone_does_not_limit_who_calls():
    policy = pol(kms_use(**{"kms:ViaService": "s3.us-east-1.amazonaws.com"}))
    result = checks.no_public_access(policy, rule=public_rules.KMS)
    assert result.verdict == Verdict.NO
    request = request_of(result)
    assert decide(policy, request).allowed
    assert dict(request.context)["kms:ViaService"] == ("s3.us-east-1.amazonaws.com",)


def github_trust(**conditions) -> dict:
    return {"Effect": "Allow", "Principal": {"Federated": GITHUB}, "Action": "sts:AssumeRoleWithWebIdentity",
            "Condition": conditions}


def test_github_trust_without_sub_is_public_with_the_sub_claim_shown():
    policy = pol(github_trust(StringEquals={"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}))
    result = checks.no_public_access(policy, rule=public_rules.TRUST)
    assert result.verdict == Verdict.NO
    request = request_of(result)
    claims = dict(request.context)
    assert claims["token.actions.githubusercontent.com:aud"] == ("sts.amazonaws.com",)
    assert claims["token.actions.githubusercontent.com:sub"][0].startswith("repo:")
    assert "token.actions.githubusercontent.com:sub=" in result.message
    assert decide(policy, request).allowed and request.principal == RequestPrincipal("Federated", GITHUB)


@pytest.mark.parametrize("sub, verdict", [
    ({"StringEquals": {"token.actions.githubusercontent.com:sub": "repo:octo-org/octo-repo:ref:refs/heads/main"}}, Verdict.YES),
    ({"StringLike": {"token.actions.githubusercontent.com:sub": "repo:octo-org/octo-repo:*"}}, Verdict.YES),
    ({"StringLike": {"token.actions.githubusercontent.com:sub": "repo:octo-org/*"}}, Verdict.NO),
    ({"StringLike": {"token.actions.githubusercontent.com:sub": "*"}}, Verdict.NO),
])
def test_github_sub_must_name_one_repository(sub, verdict):
    aud = {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}
    conditions = {**sub, "StringEquals": {**aud, **sub.get("StringEquals", {})}}
    result = checks.no_public_access(pol(github_trust(**conditions)), rule=public_rules.TRUST)
    assert result.verdict == verdict, result.message


def test_a_trust_policy_file_is_recognised_by_its_actions(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    doc = {"Version": "2012-10-17", "Statement": [github_trust(StringEquals={"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"})]}
    (tmp_path / "trust.json").write_text(json.dumps(doc))
    result = CliRunner().invoke(policy_cli, ["no-public-access", "trust.json", "--no-cache", "--format", "json"])
    assert result.exit_code == 1, result.output
    assert "token.actions.githubusercontent.com:sub" in json.loads(result.stdout)["results"][0]["counterexample"]["request"]["context"]


def test_resource_type_option_chooses_the_rule_and_rejects_unknown_names(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    doc = {"Version": "2012-10-17", "Statement": [kms_use(**{"kms:CallerAccount": "111122223333"}),
                                                  {"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "s3:GetObject",
                                                   "Resource": "*", "Condition": {"StringEquals": {"kms:CallerAccount": "111122223333"}}}]}
    (tmp_path / "key.json").write_text(json.dumps(doc))
    as_key = CliRunner().invoke(policy_cli, ["no-public-access", "key.json", "--no-cache", "--resource-type", "AWS::KMS::Key"])
    assert as_key.exit_code == 0, as_key.output
    as_bucket = CliRunner().invoke(policy_cli, ["no-public-access", "key.json", "--no-cache"])
    assert as_bucket.exit_code == 1, as_bucket.output
    bad = CliRunner().invoke(policy_cli, ["no-public-access", "key.json", "--resource-type", "AWS::KMS::Keys"])
    assert bad.exit_code == 2 and bad.stderr.startswith('--resource-type: error: unknown resource type "AWS::KMS::Keys"')


def test_every_rule_cites_a_dated_page():
    for rule in public_rules.RULES.values():
        for c in rule.citations:
            assert c.url.startswith("https://docs.aws.amazon.com/") and c.title and len(c.date) == 10


def test_a_variable_with_a_default_replays_under_its_own_key():
    """Regression: the key of "${aws:username, 'guest'}" was read as "aws:username, 'guest'",
    so a witness that set it did not replay (unknown instead of no)."""
    policy = pol({"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/${aws:username, 'guest'}/*"},
                 {"Effect": "Deny", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/guest/*"})
    result = checks.not_granted(policy, (action_pattern("s3:GetObject"),))
    assert result.verdict == Verdict.NO and result.counterexample.confirmed
    assert "aws:username" in result.counterexample.request["context"]


def test_fixed_values_hold_template_values_apart_from_policy_variables():
    policy = pol({"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "*",
                  "Condition": {"StringEquals": {"aws:SourceAccount": ["${template:AWS::AccountId, '123456789012'}",
                                                                       "${aws:PrincipalAccount}"]}}})
    fixed = public.fixed_values(policy)
    assert [p.text for p in fixed.symbolic["aws:sourceaccount"]] == ["${template:AWS::AccountId, '123456789012'}"]
    assert "aws:sourceaccount" not in fixed.literals


def test_a_yes_is_one_line_citing_its_rule_once(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COLUMNS", "1000")
    doc = {"Version": "2012-10-17", "Statement": [kms_use(**{"kms:CallerAccount": "111122223333"})]}
    (tmp_path / "key.json").write_text(json.dumps(doc))
    result = CliRunner().invoke(policy_cli, ["no-public-access", "key.json", "--no-cache"])
    assert result.exit_code == 0, result.output
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    assert len(lines) == 3 and lines[1].lstrip().startswith("✓ yes")  # target, the answer, the summary
    assert result.stdout.count(public_rules.KMS_RULE.url) == 1
    assert "re-checked by z3" in lines[1]


def anyone(action: str, resource: str | None = "*", **conditions) -> dict:
    s = {"Effect": "Allow", "Principal": "*", "Action": action}
    if resource is not None:
        s["Resource"] = resource
    if conditions:
        s["Condition"] = conditions
    return s


@pytest.mark.parametrize("name", ["AWS::SQS::Queue", "AWS::SNS::Topic", "AWS::Lambda::Function", "AWS::SecretsManager::Secret",
                                  "AWS::ECR::Repository", "AWS::EFS::FileSystem", "AWS::OpenSearchService::Domain",
                                  "AWS::DynamoDB::Table", "AWS::DynamoDB::Stream", "AWS::Kinesis::Stream", "AWS::S3::Glacier",
                                  "AWS::ApiGateway::RestApi", "AWS::Backup::BackupVault", "AWS::CodeArtifact::Domain",
                                  "AWS::S3::AccessPoint", "AWS::S3Tables::TableBucket", "AWS::S3Tables::Table", "AWS::S3::Bucket"])
def test_access_analyzer_resource_types_are_named_as_its_api_names_them(name):
    rule = public_rules.rule_for(name)
    assert rule.resource_type == name or name == "AWS::S3::Bucket"
    assert any(c.url.startswith("https://docs.aws.amazon.com/") for c in rule.citations)


def test_template_resource_types_check_as_the_resource_they_govern():
    assert public_rules.rule_for("AWS::SQS::QueuePolicy").resource_type == "AWS::SQS::Queue"
    assert public_rules.rule_for("AWS::Lambda::Permission").resource_type == "AWS::Lambda::Function"
    assert public_rules.rule_for("AWS::Glacier::Vault").resource_type == "AWS::S3::Glacier"


@pytest.mark.parametrize("rule", [public_rules.rule_for("AWS::SQS::Queue"), public_rules.KMS, public_rules.TRUST])
def test_a_fixed_caller_account_is_not_public(rule):
    """Regression: aws:PrincipalAccount fixed to one account was answered public. (S3 keeps its own
    documented list, which does not name the key: Block Public Access calls that grant public.)"""
    policy = pol(anyone("sqs:SendMessage", **{"StringEquals": {"aws:PrincipalAccount": "444455556666"}}))
    assert checks.no_public_access(policy, rule=rule).verdict == Verdict.YES
    assert checks.no_public_access(policy, rule=public_rules.S3).verdict == Verdict.NO
    wild = pol(anyone("sqs:SendMessage", **{"StringLike": {"aws:PrincipalAccount": "4444*"}}))
    result = checks.no_public_access(wild, rule=rule)
    assert result.verdict == Verdict.NO and decide(wild, request_of(result)).allowed


def test_a_public_opensearch_domain_is_public_on_an_http_path():
    """Regression: no request fitted the domain's documented ARN format ("domain/NAME"), while HTTP
    requests name a path inside it ("domain/NAME/INDEX/..."), so a public domain answered yes."""
    policy = pol(anyone("es:ESHttpGet", "arn:aws:es:us-east-1:111122223333:domain/logs/*"))
    result = checks.no_public_access(policy, rule=public_rules.rule_for("AWS::OpenSearchService::Domain"))
    assert result.verdict == Verdict.NO
    request = request_of(result)
    assert request.resource.startswith("arn:aws:es:us-east-1:111122223333:domain/logs/") and decide(policy, request).allowed


def service_grant(service: str, **conditions) -> dict:
    s = {"Effect": "Allow", "Principal": {"Service": service}, "Action": "sns:Publish", "Resource": "*"}
    if conditions:
        s["Condition"] = conditions
    return s


def test_service_principals_follow_the_documented_meaning_of_public():
    topic = public_rules.rule_for("AWS::SNS::Topic")
    limited = pol(service_grant("events.amazonaws.com", ArnLike={"aws:SourceArn": "arn:aws:events:us-east-1:111122223333:rule/r"}))
    assert checks.no_public_access(limited, rule=topic).verdict == Verdict.YES
    # a named service without aws:SourceArn/aws:SourceAccount: a fixed principal (see public_rules' doc)
    assert checks.no_public_access(pol(service_grant("events.amazonaws.com")), rule=topic).verdict == Verdict.YES
    # a wildcard SourceArn does not limit the service's callers; neither does Service "*"
    for policy in (pol(anyone("sns:Publish", **{"StringLike": {"aws:SourceArn": "arn:aws:*"}})), pol(service_grant("*"))):
        result = checks.no_public_access(policy, rule=topic)
        assert result.verdict == Verdict.NO and decide(policy, request_of(result)).allowed


LAMBDA_STACK = """
Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties: {Handler: index.handler, Runtime: python3.12, Role: arn:aws:iam::111122223333:role/fn, Code: {ZipFile: x}}
  Url:
    Type: AWS::Lambda::Permission
    Properties: {FunctionName: !GetAtt Fn.Arn, Action: lambda:InvokeFunctionUrl, Principal: "*", FunctionUrlAuthType: NONE}
  Bucket:
    Type: AWS::Lambda::Permission
    Properties:
      FunctionName: !GetAtt Fn.Arn
      Action: lambda:InvokeFunction
      Principal: s3.amazonaws.com
      SourceArn: arn:aws:s3:::uploads
      SourceAccount: !Ref AWS::AccountId
"""

LAMBDA_MODULE = """
resource "aws_lambda_permission" "url" {
  function_name          = aws_lambda_function.fn.function_name
  action                 = "lambda:InvokeFunctionUrl"
  principal              = "*"
  function_url_auth_type = "NONE"
}
resource "aws_lambda_permission" "bucket" {
  function_name  = aws_lambda_function.fn.function_name
  action         = "lambda:InvokeFunction"
  principal      = "s3.amazonaws.com"
  source_arn     = "arn:aws:s3:::uploads"
  source_account = data.aws_caller_identity.current.account_id
}
"""


@pytest.mark.parametrize("name, text, public, private", [
    ("stack.yaml", LAMBDA_STACK, "Permission of Url (AWS::Lambda::Permission)", "Permission of Bucket (AWS::Lambda::Permission)"),
    ("main.tf", LAMBDA_MODULE, "aws_lambda_permission.url", "aws_lambda_permission.bucket"),
])
def test_lambda_permissions_are_checked_as_the_statement_lambda_adds(tmp_path, name, text, public, private):
    from verifier.policy.templates import answer_template

    (tmp_path / name).write_text(text)
    results, error = answer_template(str(tmp_path / name), "no-public-access", {"timeout": 10.0})
    verdicts = {r.target.split(": ", 1)[1]: r for r in results}
    assert error is None and set(verdicts) == {public, private}
    assert verdicts[private].verdict == Verdict.YES
    witness = verdicts[public]
    assert witness.verdict == Verdict.NO
    assert witness.counterexample.request["action"] == "lambda:InvokeFunctionUrl"
    assert witness.counterexample.request["context"]["lambda:FunctionUrlAuthType"] == "NONE"


def test_dynamodb_streams_and_s3_tables_policies_are_found(tmp_path):
    from verifier.policy.templates import load_template

    doc = {"Version": "2012-10-17", "Statement": [anyone("dynamodb:GetRecords")]}
    stack = {"Resources": {
        "T": {"Type": "AWS::DynamoDB::Table", "Properties": {"StreamSpecification": {"StreamViewType": "NEW_IMAGE",
                                                                                     "ResourcePolicy": {"PolicyDocument": doc}}}},
        "B": {"Type": "AWS::S3Tables::TableBucketPolicy", "Properties": {"TableBucketARN": "arn:aws:s3tables:us-east-1:111122223333:bucket/b",
                                                                         "ResourcePolicy": doc}},
    }}
    (tmp_path / "stack.json").write_text(json.dumps(stack))
    found = {f.label: f.resource_type for f in load_template(str(tmp_path / "stack.json"))}
    assert found == {"StreamSpecification.ResourcePolicy.PolicyDocument of T (AWS::DynamoDB::Table)": "AWS::DynamoDB::Stream",
                     "ResourcePolicy of B (AWS::S3Tables::TableBucketPolicy)": "AWS::S3Tables::TableBucket"}


def test_a_queue_policy_file_is_recognised_by_its_actions(tmp_path, monkeypatch):
    """A policy file naming only sqs: actions is a queue policy: a fixed aws:PrincipalAccount limits who
    calls (the SQS rule), where it was read with S3's list of keys (public)."""
    monkeypatch.chdir(tmp_path)
    for name, action in (("queue.json", "sqs:SendMessage"), ("bucket.json", "s3:GetObject")):
        statement = anyone(action, **{"StringEquals": {"aws:PrincipalAccount": "444455556666"}})
        (tmp_path / name).write_text(json.dumps({"Version": "2012-10-17", "Statement": [statement]}))
    queue = CliRunner().invoke(policy_cli, ["no-public-access", "queue.json", "--no-cache"])
    assert queue.exit_code == 0, queue.output
    bucket = CliRunner().invoke(policy_cli, ["no-public-access", "bucket.json", "--no-cache"])
    assert bucket.exit_code == 1, bucket.output
    assert public_rules.inferred_type(pol(anyone("SNS:Publish"))) == "AWS::SNS::Topic"
    assert public_rules.inferred_type(pol(anyone("sqs:SendMessage"), anyone("sns:Publish"))) is None
