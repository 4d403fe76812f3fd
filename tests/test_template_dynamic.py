"""Terraform dynamic blocks and merged documents, CloudFormation Fn::If choices made by parameters,
AllowedPattern: each read to an answer where that is sound, and left unknown where it is not.
Every no is replayed through the concrete evaluator."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from verifier.policy.templates import answer_template, load_template

from tests.policy_witness import replayed as replayed_by
from verifier.policy.templates.allowed_pattern import admits_wildcard

OPTIONS = {"timeout": 30.0}


def module(tmp_path: Path, text: str) -> str:
    (tmp_path / "m").mkdir()
    (tmp_path / "m" / "main.tf").write_text(textwrap.dedent(text))
    return str(tmp_path / "m")


def template(tmp_path: Path, text: str) -> str:
    path = tmp_path / "t.yaml"
    path.write_text(textwrap.dedent(text))
    return str(path)


def answers(path: str, command: str = "no-public-access", **options) -> dict[str, object]:
    results, error = answer_template(path, command, {**OPTIONS, **options})
    assert error is None
    return {r.target.split(": ", 1)[-1]: r for r in results}


def replayed(path: str, label: str, result) -> bool:
    """Is the no's request allowed by the policy found (concrete evaluator)?"""
    (found,) = [f for f in load_template(path) if f.label == label]
    return replayed_by(found, result)  # a dynamic statement read as one copy: the policy checked


BUCKET = """\
    resource "aws_s3_bucket_policy" "b" {{
      bucket = "b"
      policy = data.aws_iam_policy_document.p.json
    }}
    {variables}
    data "aws_iam_policy_document" "p" {{
      {body}
    }}
    """
LABEL = "aws_s3_bucket_policy.b.policy (data.aws_iam_policy_document.p)"


def bucket(tmp_path: Path, body: str, variables: str = "") -> str:
    return module(tmp_path, BUCKET.format(body=textwrap.indent(textwrap.dedent(body), "  "), variables=variables))


READERS = """\
    dynamic "statement" {
      for_each = COLLECTION
      content {
        sid       = "Read${statement.key}"
        actions   = ["s3:GetObject"]
        resources = ["arn:aws:s3:::b/*"]
        principals {
          type        = "AWS"
          identifiers = [PRINCIPAL]
        }
      }
    }
    """


@pytest.mark.parametrize("collection, principal, verdict", [
    ('["111111111111", "222222222222"]', '"arn:aws:iam::${statement.value}:root"', "yes"),
    ('toset(["111111111111", "*"])', "statement.value", "no"),
    ('{ a = "arn:aws:iam::111111111111:root", b = "arn:aws:iam::222222222222:root" }', "statement.value", "yes"),
])
def test_a_dynamic_statement_over_a_written_collection_is_one_statement_per_element(tmp_path, collection, principal, verdict):
    """Was unknown ('a dynamic "statement" block ... is not read'); each element is now a statement."""
    path = bucket(tmp_path, READERS.replace("COLLECTION", collection).replace("PRINCIPAL", principal))
    (found,) = load_template(path)
    assert found.unsupported is None and len(found.policy.statements) == 2
    result = answers(path)[LABEL]
    assert result.verdict.value == verdict
    if verdict == "no":
        assert replayed(path, LABEL, result)


VARIABLE = 'variable "readers" {\n  type = list(string)\n}\n'


def test_a_dynamic_statement_over_a_variable_answers_no_public_access(tmp_path):
    """Accounts inside ARNs: not public for every value of the variable; validate and comparisons stay unknown."""
    path = bucket(tmp_path, READERS.replace("COLLECTION", "var.readers").replace(
        "PRINCIPAL", '"arn:aws:iam::${statement.value}:root"'), VARIABLE)
    assert answers(path)[LABEL].verdict.value == "yes"
    validated = answers(path, "validate")[LABEL]
    assert validated.verdict.value == "unknown" and "read as one statement" in validated.reason


def test_a_dynamic_statement_over_a_variable_to_anyone_is_public_with_one_element(tmp_path):
    """The no names one prefix: a one-element list of it is a value of the variable."""
    path = bucket(tmp_path, READERS.replace("COLLECTION", "var.readers").replace("PRINCIPAL", '"*"')
                  .replace('"arn:aws:s3:::b/*"', '"arn:aws:s3:::b/${statement.value}/*"'), VARIABLE)
    result = answers(path)[LABEL]
    assert result.verdict.value == "no" and replayed(path, LABEL, result)


def test_a_variable_with_validation_is_not_taken_to_hold_one_element(tmp_path):
    """A validation block may forbid the one-element collection the no needs: unknown, never no."""
    variables = 'variable "readers" {\n  type = list(string)\n  validation {\n    condition = length(var.readers) > 1\n    error_message = "two"\n  }\n}\n'
    path = bucket(tmp_path, READERS.replace("COLLECTION", "var.readers").replace("PRINCIPAL", '"*"')
                  .replace('"arn:aws:s3:::b/*"', '"arn:aws:s3:::b/${statement.value}/*"'), variables)
    result = answers(path)[LABEL]
    assert result.verdict.value == "unknown" and "not shown to hold alone" in result.reason


def test_a_dynamic_deny_over_a_variable_stays_unknown(tmp_path):
    body = """\
        statement {
          actions   = ["s3:GetObject"]
          resources = ["arn:aws:s3:::b/*"]
          principals {
            type        = "*"
            identifiers = ["*"]
          }
        }
        dynamic "statement" {
          for_each = var.readers
          content {
            effect    = "Deny"
            actions   = ["s3:GetObject"]
            resources = ["arn:aws:s3:::b/${statement.value}/*"]
            principals {
              type        = "*"
              identifiers = ["*"]
            }
          }
        }
        """
    result = answers(bucket(tmp_path, body, VARIABLE))[LABEL]
    assert result.verdict.value == "unknown" and "other than Allow" in result.reason


CONDITIONED = """\
    statement {
      actions   = ["sqs:SendMessage"]
      resources = ["arn:aws:sqs:us-east-1:111122223333:q"]
      principals {
        type        = "AWS"
        identifiers = ["*"]
      }
      dynamic "condition" {
        for_each = COLLECTION
        content {
          test     = "IpAddress"
          variable = "aws:SourceIp"
          values   = [condition.value]
        }
      }
    }
    """


@pytest.mark.parametrize("collection, verdict", [
    ('["10.0.0.0/8", "192.168.0.0/16"]', "yes"),
    ('["10.0.0.0/8", "0.0.0.0/0"]', "no"),  # the provider appends both into one list: either network
    ("var.networks", "no"),  # the empty default: no condition at all
])
def test_a_dynamic_condition_of_an_allow(tmp_path, collection, verdict):
    variables = 'variable "networks" {\n  type    = list(string)\n  default = []\n}\n'
    path = bucket(tmp_path, CONDITIONED.replace("COLLECTION", collection), variables)
    result = answers(path)[LABEL]
    assert result.verdict.value == verdict
    if verdict == "no":
        assert replayed(path, LABEL, result)


MERGED = """\
    data "aws_iam_policy_document" "base" {
      statement {
        sid       = "Downloads"
        actions   = ["s3:GetObject"]
        resources = ["arn:aws:s3:::b/*"]
        principals {
          type        = "*"
          identifiers = ["*"]
        }
      }
    }
    data "aws_iam_policy_document" "narrow" {
      statement {
        sid       = "Downloads"
        actions   = ["s3:GetObject"]
        resources = ["arn:aws:s3:::b/*"]
        principals {
          type        = "AWS"
          identifiers = ["arn:aws:iam::111122223333:role/reader"]
        }
      }
    }
    data "aws_iam_policy_document" "p" {
      ARGUMENTS
      statement {
        sid       = "Owner"
        actions   = ["s3:*"]
        resources = ["arn:aws:s3:::b/*"]
        principals {
          type        = "AWS"
          identifiers = ["arn:aws:iam::111122223333:root"]
        }
      }
    }
    resource "aws_s3_bucket_policy" "b" {
      bucket = "b"
      policy = data.aws_iam_policy_document.p.json
    }
    """


@pytest.mark.parametrize("arguments, verdict", [
    ("source_policy_documents = [data.aws_iam_policy_document.base.json]", "no"),
    ("source_policy_documents = [data.aws_iam_policy_document.base.json]\n"
     "override_policy_documents = [data.aws_iam_policy_document.narrow.json]", "yes"),
    ("source_policy_documents = [data.aws_iam_policy_document.narrow.json]\n"
     "override_policy_documents = [data.aws_iam_policy_document.base.json]", "no"),
])
def test_merged_documents_replace_statements_by_sid(tmp_path, arguments, verdict):
    """Was unknown ("source_policy_documents ... is not read")."""
    path = module(tmp_path, MERGED.replace("ARGUMENTS", arguments))
    result = answers(path)[LABEL]
    assert result.verdict.value == verdict
    if verdict == "no":
        assert replayed(path, LABEL, result)


def test_a_document_merging_itself_is_unknown_not_a_crash(tmp_path):
    path = module(tmp_path, MERGED.replace("ARGUMENTS", "source_policy_documents = [data.aws_iam_policy_document.p.json]"))
    result = answers(path)[LABEL]
    assert result.verdict.value == "unknown" and "merges itself" in result.reason


def test_template_valued_sids_of_two_statements_are_not_a_duplicate_sid(tmp_path):
    """Both sids read as their example ("value") made validate report DUPLICATE_SID, an error the policy has not."""
    body = READERS.replace("COLLECTION", '["a/", "b/"]').replace('"Read${statement.key}"', 'replace(statement.value, "/", "")') \
        .replace('"arn:aws:s3:::b/*"', '"arn:aws:s3:::b/${statement.value}*"').replace("PRINCIPAL", '"arn:aws:iam::111122223333:root"')
    results, error = answer_template(bucket(tmp_path, body), "validate", OPTIONS)
    assert error is None and not any("DUPLICATE_SID" in r.message for r in results)


CONDITIONAL_TRUST = """\
    Parameters:
      Environment:
        Type: String
        Default: dev
        AllowedValues: ALLOWED
    Conditions:
      IsProd: !Equals [!Ref Environment, prod]
    Resources:
      Role:
        Type: AWS::IAM::Role
        Properties:
          AssumeRolePolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Principal:
                  AWS: !If [IsProd, !Sub "arn:aws:iam::${AWS::AccountId}:root", "*"]
                Action: sts:AssumeRole
    """
TRUST = "AssumeRolePolicyDocument of Role (AWS::IAM::Role)"


def test_a_public_choice_of_conditions_that_a_parameter_makes_is_a_no(tmp_path):
    """Was unknown ("the answer depends on the template's conditions"): Environment=dev makes IsProd false."""
    path = template(tmp_path, CONDITIONAL_TRUST.replace("ALLOWED", "[dev, prod]"))
    result = answers(path)[TRUST]
    assert result.verdict.value == "no" and "Environment = 'dev'" in result.message


def test_a_public_choice_no_parameter_value_makes_stays_unknown(tmp_path):
    path = template(tmp_path, CONDITIONAL_TRUST.replace("ALLOWED", "[prod]").replace("Default: dev", "Default: prod"))
    result = answers(path)[TRUST]
    assert result.verdict.value == "unknown" and "conditions" in result.reason


PARTNER = """\
    Parameters:
      PartnerAccountId:
        Type: String
        AllowedPattern: PATTERN
    Resources:
      Role:
        Type: AWS::IAM::Role
        Properties:
          AssumeRolePolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Principal:
                  AWS: !Ref PartnerAccountId
                Action: sts:AssumeRole
    """


@pytest.mark.parametrize("pattern, verdict", [("'^[0-9]{12}$'", "yes"), ("'^.+$'", "unknown")])
def test_an_allowed_pattern_without_wildcards_makes_a_parameter_principal_exact(tmp_path, pattern, verdict):
    """Was unknown ('the value of PartnerAccountId in "Principal" could be "*"') whatever the pattern."""
    result = answers(template(tmp_path, PARTNER.replace("PATTERN", pattern)))[TRUST]
    assert result.verdict.value == verdict


@pytest.mark.parametrize("pattern, admits", [
    (r"^\d{12}$", False), (r"[a-zA-Z0-9_.-]+", False), (r"^(dev|prod)$", False), (r"[a-z]*-?", False),
    (r".*", True), (r"[^a-z]+", True), (r"[!-~]+", True), (r"\*", True), (r"[*?]", True), (r"\S+", True),
    (r"\x2a", True), (r"(?=a)b", True), (r"\p{Alnum}+", True), (r"\Q*\E", True),
])
def test_admits_wildcard_reads_patterns_conservatively(pattern, admits):
    assert admits_wildcard(pattern) is admits


def test_a_vpc_endpoint_without_a_policy_has_no_policy_to_read(tmp_path):
    """Was reported as "PolicyDocument of Endpoint ... is not read" (unknown) though it has none. (An
    endpoint's policy is read now: public_rules.ENDPOINT.)"""
    path = template(tmp_path, """\
        Resources:
          Endpoint:
            Type: AWS::EC2::VPCEndpoint
            Properties:
              VpcId: vpc-1
              ServiceName: com.amazonaws.us-east-1.s3
          WithPolicy:
            Type: AWS::EC2::VPCEndpoint
            Properties:
              VpcId: vpc-1
              ServiceName: com.amazonaws.us-east-1.s3
              PolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Principal: "*", Action: "s3:*", Resource: "*"}]}
        """)
    assert [f.label for f in load_template(path)] == ["PolicyDocument of WithPolicy (AWS::EC2::VPCEndpoint)"]


def test_sids_written_with_two_template_values_are_not_one_sid_twice(tmp_path):
    """Both sids stood in as the example "value": validate answered no (DUPLICATE_SID, an error)."""
    path = template(tmp_path, """\
        Resources:
          Topic:
            Type: AWS::SNS::Topic
          TopicPolicy:
            Type: AWS::SNS::TopicPolicy
            Properties:
              Topics: [!Ref Topic]
              PolicyDocument:
                Version: "2012-10-17"
                Statement:
                  - Sid: !ImportValue first-sid
                    Effect: Allow
                    Principal: {Service: events.amazonaws.com}
                    Action: sns:Publish
                    Resource: !Ref Topic
                  - Sid: !ImportValue second-sid
                    Effect: Allow
                    Principal: {Service: budgets.amazonaws.com}
                    Action: sns:Publish
                    Resource: !Ref Topic
        """)
    results, error = answer_template(path, "validate", OPTIONS)
    assert error is None and not any("DUPLICATE_SID" in r.message for r in results)


def test_a_choice_that_removes_the_resource_itself_is_no_deployment(tmp_path):
    """The public branch needs IsProd false, where the role (Condition: IsProd) is not created."""
    text = CONDITIONAL_TRUST.replace("ALLOWED", "[dev, prod]").replace("        Type: AWS::IAM::Role\n",
                                                                        "        Type: AWS::IAM::Role\n        Condition: IsProd\n")
    result = answers(template(tmp_path, text))[TRUST]
    assert result.verdict.value == "unknown"


def test_one_sid_in_two_source_documents_is_unknown(tmp_path):
    """The provider refuses such a data source ("duplicate SID"); neither statement is the answer."""
    path = module(tmp_path, MERGED.replace("ARGUMENTS", "source_policy_documents = [data.aws_iam_policy_document.narrow.json, "
                                                        "data.aws_iam_policy_document.base.json]"))
    result = answers(path)[LABEL]
    assert result.verdict.value == "unknown" and 'sid "Downloads" twice' in result.reason


ROLE_WITH_EXTERNAL_ID = """\
    Parameters:
      TrustedAccount: {Type: String}
      ExternalId: {Type: String, NoEcho: true}
      Tag: {Type: String}
    Resources:
      Role:
        Type: AWS::IAM::Role
        Properties:
          AssumeRolePolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Principal: PRINCIPAL
                Action: sts:AssumeRole
                Condition:
                  StringEquals: {sts:ExternalId: !Ref ExternalId}
                  StringLike: {aws:PrincipalTag/team: !Ref Tag}
    """


@pytest.mark.parametrize("principal, verdict", [
    ('{AWS: !Sub "arn:aws:iam::${TrustedAccount}:root"}', "yes"),  # was unknown: the conditions hold parameters
    ('"*"', "no"),
])
def test_a_wildcard_capable_condition_value_is_read_widest_by_dropping_its_entry(tmp_path, principal, verdict):
    result = answers(template(tmp_path, ROLE_WITH_EXTERNAL_ID.replace("PRINCIPAL", principal)))[TRUST]
    assert result.verdict.value == verdict
