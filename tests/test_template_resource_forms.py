"""Template values in a Resource keep the answers sound on resource forms, and an `Fn::If` choice that
removes every statement is a policy granting nothing, not malformed input."""

from __future__ import annotations

import pytest

from verifier.errors import InputError
from verifier.policy import checks
from verifier.policy.parse import parse_policy
from verifier.policy.templates import answer_template, load_template

from tests.policy_witness import replayed, write

BUCKET_POLICY = """\
    Resources:
      Bucket:
        Type: AWS::S3::Bucket
      BucketPolicy:
        Type: AWS::S3::BucketPolicy
        Properties:
          Bucket: !Ref Bucket
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Principal: "*"
                Action: s3:GetObject
                Resource: RESOURCE
    """


def _public(tmp_path, resource: str):
    path = write(tmp_path, "bucket.yaml", BUCKET_POLICY.replace("RESOURCE", resource))
    (result,), error = answer_template(path, "no-public-access", {"timeout": 5.0})
    assert error is None
    return path, result


def test_object_action_on_the_bucket_arn_alone_is_not_a_confirmed_no(tmp_path):
    """GetObject's documented resource is an object ARN; a bucket's ARN (its deployed value) matches none,
    so the deployed policy grants nothing. Once a confirmed no ("public") on the bucket ARN."""
    _, result = _public(tmp_path, "!GetAtt Bucket.Arn")
    assert result.verdict.value in ("yes", "unknown")
    if result.verdict.value == "unknown":
        assert "no resource form AWS documents" in result.reason
    deployed = parse_policy('{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*",'
                            ' "Action": "s3:GetObject", "Resource": "arn:aws:s3:::stack-bucket-1a2b3c"}]}', "deployed.json")
    assert checks.no_public_access(deployed, timeout=5.0).verdict.value == "yes"


def test_object_arn_under_a_template_bucket_arn_stays_a_confirmed_no(tmp_path):
    path, result = _public(tmp_path, '!Sub "${Bucket.Arn}/*"')
    assert result.verdict.value == "no" and result.counterexample.confirmed
    assert result.counterexample.request["action"] == "s3:GetObject"
    assert result.counterexample.request["resource"].count("/") == 1
    (found,) = load_template(path)
    assert replayed(found, result)


CHOSEN_STATEMENT = """\
    Parameters:
      Env: {Type: String, AllowedValues: [dev, prod]}
    Conditions:
      IsProd: !Equals [!Ref Env, prod]
    Resources:
      B:
        Type: AWS::S3::Bucket
      P:
        Type: AWS::S3::BucketPolicy
        Properties:
          Bucket: !Ref B
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - !If [IsProd, STATEMENT, !Ref AWS::NoValue]
    """
PRIVATE = '{Effect: Allow, Principal: {AWS: "arn:aws:iam::111122223333:root"}, Action: s3:GetObject, Resource: arn:aws:s3:::b/*}'
PUBLIC = '{Effect: Allow, Principal: "*", Action: s3:GetObject, Resource: arn:aws:s3:::b/*}'


def test_a_choice_leaving_no_statement_grants_nothing(tmp_path):
    """Once exit 2 ('"Statement" is an empty list') on a valid template."""
    path = write(tmp_path, "private.yaml", CHOSEN_STATEMENT.replace("STATEMENT", PRIVATE))
    (found,) = load_template(path)
    assert [(c, v.no_statements) for c, v in found.variants] == [("IsProd=true", False), ("IsProd=false", True)]
    (result,), error = answer_template(path, "no-public-access", {"timeout": 10.0})
    assert error is None and result.verdict.value == "yes"
    (result,), error = answer_template(path, "not-granted", {"timeout": 10.0, "actions": ["s3:PutObject"], "resources": []})
    assert error is None and result.verdict.value == "yes"


def test_the_other_choice_is_checked_as_usual(tmp_path):
    path = write(tmp_path, "public.yaml", CHOSEN_STATEMENT.replace("STATEMENT", PUBLIC))
    (result,), error = answer_template(path, "no-public-access", {"timeout": 10.0})
    assert error is None and result.verdict.value == "no"
    assert "with IsProd=true, which the parameters Env = 'prod' make" in result.message
    (found,) = load_template(path)
    assert replayed(found.variants[0][1], result)


def test_a_policy_without_statements_whatever_the_choice_is_malformed(tmp_path):
    path = write(tmp_path, "none.yaml", CHOSEN_STATEMENT.replace("STATEMENT", "!Ref AWS::NoValue"))
    with pytest.raises(InputError, match='"Statement" is an empty list'):
        load_template(path)


def test_a_yes_over_template_values_is_rechecked_by_cvc5(tmp_path):
    """No template key fixed: an empty conjunction, which z3 prints as a bare "and" that cvc5 rejected,
    so such a yes went unconfirmed by cvc5."""
    path = write(tmp_path, "owner.yaml", BUCKET_POLICY.replace("RESOURCE", '!Sub "${Bucket.Arn}/*"').replace(
        'Principal: "*"', 'Principal: {AWS: "arn:aws:iam::111122223333:root"}'))
    (result,), error = answer_template(path, "no-public-access", {"timeout": 10.0})
    assert error is None and result.verdict.value == "yes"
    assert "cvc5" in result.certificate.checked_by


TERRAFORM_BUCKET_POLICY = """\
    resource "aws_s3_bucket" "b" {}

    resource "aws_s3_bucket_policy" "p" {
      bucket = aws_s3_bucket.b.id
      policy = jsonencode({
        Version   = "2012-10-17"
        Statement = [{ Effect = "Allow", Principal = "*", Action = "s3:GetObject", Resource = RESOURCE }]
      })
    }
    """


@pytest.mark.parametrize("resource, public", [("aws_s3_bucket.b.arn", False), ('"${aws_s3_bucket.b.arn}/*"', True)])
def test_a_terraform_bucket_arn_is_a_bucket_arn(tmp_path, resource, public):
    """`aws_s3_bucket.b.arn` once took any ARN ("arn:u:s3:::G/G"): a confirmed no on the bucket ARN alone."""
    path = write(tmp_path, "tf/main.tf", TERRAFORM_BUCKET_POLICY.replace("RESOURCE", resource))
    (result,), error = answer_template(path, "no-public-access", {"timeout": 5.0})
    assert error is None
    if public:
        assert result.verdict.value == "no" and result.counterexample.confirmed
        assert result.counterexample.request["resource"].startswith("arn:aws:s3:::b/")
    else:
        assert result.verdict.value in ("yes", "unknown") and not (result.counterexample and result.counterexample.confirmed)
