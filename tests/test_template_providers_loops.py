"""Template constructs real repositories use around trust and resource policies (13th session): identity
providers the template declares, `for` expressions, values IAM reads as IP ranges. Each test asserts the
verdict; a no's request is replayed through the concrete evaluator."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from verifier.policy.parse import parse_policy
from verifier.policy.templates import answer_template, load_template

from tests.policy_witness import replayed, write

OPTIONS = {"timeout": 20.0}


def public(path: str) -> dict[str, str]:
    """The no-public-access verdict of every policy of the template, by label."""
    results, error = answer_template(path, "no-public-access", OPTIONS)
    assert error is None
    return {r.target.split(": ", 1)[1]: r for r in results}


GITHUB_TF = """\
    resource "aws_iam_openid_connect_provider" "github" {
      url             = "https://token.actions.githubusercontent.com"
      client_id_list  = ["sts.amazonaws.com"]
      thumbprint_list = ["ffffffffffffffffffffffffffffffffffffffff"]
    }

    data "aws_iam_policy_document" "trust" {
      statement {
        actions = ["sts:AssumeRoleWithWebIdentity"]
        principals {
          type        = "Federated"
          identifiers = [aws_iam_openid_connect_provider.github.arn]
        }
        condition {
          test     = "StringEquals"
          variable = "token.actions.githubusercontent.com:aud"
          values   = ["sts.amazonaws.com"]
        }
        %s
      }
    }

    resource "aws_iam_role" "deploy" {
      name               = "deploy"
      assume_role_policy = data.aws_iam_policy_document.trust.json
    }
    """

SUB_CONDITION = """condition {
          test     = "StringLike"
          variable = "token.actions.githubusercontent.com:sub"
          values   = ["repo:acme/web:ref:refs/heads/main"]
        }"""


def test_a_github_provider_the_module_declares_is_public_without_a_sub_condition(tmp_path):
    """aws_iam_openid_connect_provider.github.arn once stayed an unknown provider (unknown): its url says
    it is GitHub's, whose tokens anyone can get."""
    path = write(tmp_path, "m/main.tf", GITHUB_TF % "")
    (r,) = public(path).values()
    assert r.verdict == "no" and r.counterexample.confirmed
    (found,) = load_template(path)
    assert replayed(found, r)
    assert "oidc-provider/token.actions.githubusercontent.com" in str(r.counterexample.request["principal"])


def test_a_github_provider_the_module_declares_limited_to_one_repository_is_not_public(tmp_path):
    path = write(tmp_path, "m/main.tf", GITHUB_TF % SUB_CONDITION)
    (r,) = public(path).values()
    assert r.verdict == "yes"


def test_a_provider_url_that_is_a_variable_stays_unknown(tmp_path):
    text = GITHUB_TF.replace('url             = "https://token.actions.githubusercontent.com"', "url = var.issuer")
    path = write(tmp_path, "m/main.tf", 'variable "issuer" {}\n' + text % SUB_CONDITION)
    (r,) = public(path).values()
    assert r.verdict == "unknown" and "identity provider" in r.reason


CFN_PROVIDER = """\
    Resources:
      GithubOidc:
        Type: AWS::IAM::OIDCProvider
        Properties:
          Url: https://token.actions.githubusercontent.com
          ClientIdList: [sts.amazonaws.com]
      Corporate:
        Type: AWS::IAM::SAMLProvider
        Properties:
          Name: corporate-idp
          SamlMetadataDocument: "<xml/>"
      DeployRole:
        Type: AWS::IAM::Role
        Properties:
          AssumeRolePolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Action: sts:AssumeRoleWithWebIdentity
                Principal:
                  Federated: %s
                Condition:
                  StringEquals:
                    token.actions.githubusercontent.com:aud: sts.amazonaws.com
      SamlRole:
        Type: AWS::IAM::Role
        Properties:
          AssumeRolePolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Action: sts:AssumeRoleWithSAML
                Principal:
                  Federated: !Ref Corporate
                Condition:
                  StringEquals:
                    SAML:aud: https://signin.aws.amazon.com/saml
    """


def test_a_github_provider_the_stack_declares_is_public_by_ref_and_by_getatt(tmp_path):
    for how in ("!Ref GithubOidc", "!GetAtt GithubOidc.Arn"):
        path = write(tmp_path, "stack.yaml", CFN_PROVIDER % how)
        answers = public(path)
        deploy = answers["AssumeRolePolicyDocument of DeployRole (AWS::IAM::Role)"]
        assert deploy.verdict == "no" and deploy.counterexample.confirmed, how
        found = next(f for f in load_template(path) if "DeployRole" in f.label)
        assert replayed(found, deploy)
        assert answers["AssumeRolePolicyDocument of SamlRole (AWS::IAM::Role)"].verdict == "yes"


def test_a_saml_provider_the_stack_declares_without_a_name_is_not_public(tmp_path):
    """`!Ref` of an AWS::IAM::SAMLProvider is its ARN; its stand-in was once a bare name, read as an OIDC
    host that anyone holds tokens of (a wrong no)."""
    text = CFN_PROVIDER.replace("          Name: corporate-idp\n", "")
    path = write(tmp_path, "stack.yaml", text % "!Ref GithubOidc")
    assert public(path)["AssumeRolePolicyDocument of SamlRole (AWS::IAM::Role)"].verdict == "yes"


FOR_EXPRESSIONS = """\
    variable "reader_accounts" {
      type = list(string)
    }
    variable "blocked_ips" {
      type = list(string)
    }
    locals {
      buckets = ["logs", "media"]
      extra   = { ci = "arn:aws:iam::444455556666:role/ci", audit = "*" }
    }
    resource "aws_s3_bucket_policy" "readers" {
      bucket = "b"
      policy = jsonencode({
        Version = "2012-10-17"
        Statement = [{
          Effect    = "Allow"
          Principal = { AWS = [for a in var.reader_accounts : "arn:aws:iam::${a}:root"] }
          Action    = ["s3:GetObject"]
          Resource  = [for b in local.buckets : "arn:aws:s3:::${b}/*"]
        }]
      })
    }
    resource "aws_s3_bucket_policy" "per_key" {
      bucket = "b"
      policy = jsonencode({
        Version = "2012-10-17"
        Statement = [for name, who in local.extra : {
          Sid       = name
          Effect    = "Allow"
          Principal = { AWS = who }
          Action    = "s3:GetObject"
          Resource  = "arn:aws:s3:::b/${name}/*"
        }]
      })
    }
    resource "aws_s3_bucket_policy" "deny" {
      bucket = "b"
      policy = jsonencode({
        Version = "2012-10-17"
        Statement = [{
          Effect    = "Deny"
          Principal = "*"
          Action    = "s3:*"
          Resource  = "arn:aws:s3:::b/*"
          Condition = { NotIpAddress = { "aws:SourceIp" = [for c in var.blocked_ips : c] } }
        }]
      })
    }
    """


def test_for_expressions_over_locals_are_written_out_and_over_variables_read_as_one_element(tmp_path):
    """A `for` expression once was one template value for the whole list: the accounts of a variable
    inside principal ARNs (IAM reads no wildcard there) are not public whatever they are; a statement
    per element of a local map with "*" is public; a Deny's list stays as it was read."""
    path = write(tmp_path, "m/main.tf", FOR_EXPRESSIONS)
    answers = public(path)
    assert answers["aws_s3_bucket_policy.readers.policy"].verdict == "yes"
    per_key = answers["aws_s3_bucket_policy.per_key.policy"]
    assert per_key.verdict == "no" and per_key.counterexample.confirmed
    assert per_key.counterexample.request["resource"].startswith("arn:aws:s3:::b/audit/")
    found = {f.label: f for f in load_template(path)}
    assert replayed(found["aws_s3_bucket_policy.per_key.policy"], per_key)
    resources = [p.text for s in found["aws_s3_bucket_policy.readers.policy"].policy.statements for p in s.resources]
    assert resources == ["arn:aws:s3:::logs/*", "arn:aws:s3:::media/*"]
    deny = answers["aws_s3_bucket_policy.deny.policy"]
    assert deny.verdict == "unknown" and "NotIpAddress" in deny.reason  # read as before: one value


def test_a_for_expression_over_a_variable_in_a_condition_finds_a_deployment_that_is_public(tmp_path):
    """`repo:${repo}:*` over a variable without validation: with ["*"] anyone on GitHub may assume the
    role; the no names one element, a list a caller may pass."""
    sub = SUB_CONDITION.replace('["repo:acme/web:ref:refs/heads/main"]', '[for r in var.repositories : "repo:${r}:*"]')
    text = GITHUB_TF % sub
    path = write(tmp_path, "m/main.tf", 'variable "repositories" {\n  type = list(string)\n}\n' + text)
    (r,) = public(path).values()
    assert r.verdict == "no" and r.counterexample.confirmed and "(with r (an element of var.repositories" in r.message
    with_validation = path.replace("main.tf", "v/main.tf")
    write(tmp_path, "m/v/main.tf", 'variable "repositories" {\n  type = list(string)\n  validation {\n'
          '    condition     = length(var.repositories) > 1\n    error_message = "two"\n  }\n}\n' + text)
    (r,) = public(with_validation).values()
    assert r.verdict == "unknown"


API_POLICY = """\
    Resources:
      Api:
        Type: AWS::ApiGateway::RestApi
        Properties:
          Name: orders
          Policy:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Principal: "*"
                Action: execute-api:Invoke
                Resource: !Sub "arn:aws:execute-api:${AWS::Region}:${AWS::AccountId}:*/prod/GET/*"
              - Effect: Deny
                Principal: "*"
                Action: execute-api:Invoke
                Resource: !Sub "arn:aws:execute-api:${AWS::Region}:${AWS::AccountId}:*/prod/GET/admin/*"
                Condition:
                  StringNotEquals:
                    aws:SourceVpce: %s
    """


def test_a_pattern_the_encoding_cannot_write_over_every_value_is_public_in_one_deployment(tmp_path):
    """A policy variable beside a wildcard in one ARN segment once left the check unknown; the deployment
    with the pseudo parameters at their examples is public (anyone may GET outside the admin paths)."""
    path = write(tmp_path, "api.yaml", API_POLICY % "vpce-0123456789abcdef0")
    (r,) = public(path).values()
    assert r.verdict == "no" and r.counterexample.confirmed
    assert "in the deployment where AWS::Region = 'us-east-1', AWS::AccountId = '111122223333'" in r.message
    assert "/prod/GET/admin/" not in r.counterexample.request["resource"]
    (found,) = load_template(path)
    assert replayed(found.example.found, r)


def test_a_template_value_without_a_known_example_gives_no_deployment(tmp_path):
    """A parameter without AllowedValues (its example is not shown to be a value it takes) is not written out."""
    text = "Parameters:\n  Endpoint:\n    Type: String\n" + textwrap.dedent(API_POLICY % "!Ref Endpoint")
    path = write(tmp_path, "api.yaml", text)
    (r,) = public(path).values()
    (found,) = load_template(path)
    assert r.verdict == "unknown" and found.example is None


OFFICE_TOPIC = """\
    Parameters:
      OfficeCidr:
        Type: String
        %s
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
              - Effect: Allow
                Principal: "*"
                Action: sns:Publish
                Resource: !Ref Topic
                Condition:
                  IpAddress:
                    aws:SourceIp: !Ref OfficeCidr
    """


def test_an_ip_range_parameter_is_answered_per_value_it_can_take(tmp_path):
    """A template value in IpAddress once left the check unknown (the encoding reads no symbol there)."""
    listed = write(tmp_path, "listed.yaml", OFFICE_TOPIC % "AllowedValues: [198.51.100.0/24, 203.0.113.0/24]")
    (r,) = public(listed).values()
    assert r.verdict == "yes" and "198.51.100.0/24'; OfficeCidr = '203.0.113.0/24')" in r.message
    anything = write(tmp_path, "free.yaml", OFFICE_TOPIC % "Default: 198.51.100.0/24")
    (r,) = public(anything).values()
    assert r.verdict == "no" and r.counterexample.confirmed and "OfficeCidr = '0.0.0.0/0'" in r.message
    (found,) = load_template(anything)
    assert replayed(found.choices.variants[0][1], r)
    patterned = write(tmp_path, "pattern.yaml", OFFICE_TOPIC % 'AllowedPattern: "10\\\\..*"')
    (r,) = public(patterned).values()
    assert r.verdict == "unknown"  # 0.0.0.0/0 is not a value it can take


def test_a_terraform_ip_variable_without_validation_can_be_any_range(tmp_path):
    policy = """\
        resource "aws_s3_bucket_policy" "site" {
          bucket = "site"
          policy = jsonencode({
            Version = "2012-10-17"
            Statement = [{
              Effect    = "Allow"
              Principal = "*"
              Action    = "s3:GetObject"
              Resource  = "arn:aws:s3:::site/*"
              Condition = { IpAddress = { "aws:SourceIp" = var.office_cidr } }
            }]
          })
        }
        """
    free = write(tmp_path, "free/main.tf", 'variable "office_cidr" {\n  type = string\n}\n' + textwrap.dedent(policy))
    (r,) = public(free).values()
    assert r.verdict == "no" and "var.office_cidr = '0.0.0.0/0'" in r.message
    validated = write(tmp_path, "validated/main.tf", 'variable "office_cidr" {\n  type = string\n  validation {\n'
                      '    condition     = can(cidrhost(var.office_cidr, 0))\n    error_message = "a CIDR"\n  }\n}\n'
                      + textwrap.dedent(policy))
    (r,) = public(validated).values()
    assert r.verdict == "unknown"


def test_concat_merge_execution_arns_and_module_arguments_are_read_as_written(tmp_path):
    """Each once made the policy (or a value in it) one template value: `concat` of statement lists
    (a statement must be an object), an API's execution_arn beside `/*/*` (the encoding writes no
    variable beside a wildcard in one segment), a module variable its caller gives ("could be *")."""
    write(tmp_path, "root/modules/bucket/main.tf", """\
        variable "reader_arns" {
          type = list(string)
        }
        data "aws_iam_policy_document" "this" {
          statement {
            actions   = ["s3:GetObject"]
            resources = ["arn:aws:s3:::exports/*"]
            principals {
              type        = "AWS"
              identifiers = var.reader_arns
            }
          }
        }
        resource "aws_s3_bucket_policy" "this" {
          bucket = "exports"
          policy = data.aws_iam_policy_document.this.json
        }
        """)
    path = write(tmp_path, "root/main.tf", """\
        module "private" {
          source      = "./modules/bucket"
          reader_arns = ["arn:aws:iam::444455556666:role/importer"]
        }
        module "public" {
          source      = "./modules/bucket"
          reader_arns = ["*"]
        }
        resource "aws_api_gateway_rest_api" "api" {
          name = "api"
        }
        resource "aws_lambda_permission" "apigw" {
          action        = "lambda:InvokeFunction"
          function_name = "f"
          principal     = "apigateway.amazonaws.com"
          source_arn    = "${aws_api_gateway_rest_api.api.execution_arn}/*/*"
        }
        locals {
          base = [{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::444455556666:root" }, Action = "kms:Decrypt", Resource = "*" }]
          open = { Effect = "Allow", Principal = "*", Action = "kms:Decrypt", Resource = "*" }
        }
        resource "aws_kms_key" "k" {
          policy = jsonencode({
            Version   = "2012-10-17"
            Statement = concat(local.base, [merge(local.open, { Condition = { StringEquals = { "kms:CallerAccount" = "444455556666" } } })])
          })
        }
        """)
    answers = public(str(Path(path).parent))
    assert answers["module.private.aws_s3_bucket_policy.this.policy (data.aws_iam_policy_document.this)"].verdict == "yes"
    opened = answers["module.public.aws_s3_bucket_policy.this.policy (data.aws_iam_policy_document.this)"]
    assert opened.verdict == "no" and opened.counterexample.confirmed
    assert answers["aws_lambda_permission.apigw"].verdict == "yes"
    assert answers["aws_kms_key.k.policy"].verdict == "yes"
    key = next(f for f in load_template(str(Path(path).parent)) if f.label == "aws_kms_key.k.policy")
    assert [s.conditions[0].key for s in key.policy.statements if s.conditions] == ["kms:calleraccount"]


SAM_URLS = """\
    Transform: AWS::Serverless-2016-10-31
    Globals:
      Function:
        Runtime: python3.12
        FunctionUrlConfig:
          AuthType: NONE
    Parameters:
      Auth:
        Type: String
    Resources:
      PublicByGlobals:
        Type: AWS::Serverless::Function
        Properties:
          Handler: app.handler
          CodeUri: src/
      IamOnly:
        Type: AWS::Serverless::Function
        Properties:
          Handler: app.handler
          CodeUri: src/
          FunctionUrlConfig:
            AuthType: AWS_IAM
      ByParameter:
        Type: AWS::Serverless::Function
        Properties:
          Handler: app.handler
          CodeUri: src/
          FunctionUrlConfig:
            AuthType: !Ref Auth
      Queue:
        Type: AWS::SQS::Queue
      QueuePolicy:
        Type: AWS::SQS::QueueInlinePolicy
        Properties:
          Queue: !Ref Queue
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Principal: "*"
                Action: sqs:SendMessage
                Resource: !GetAtt Queue.Arn
    """


def test_sam_function_urls_and_inline_queue_policies_are_found(tmp_path):
    """A SAM function URL with AuthType NONE (here from Globals) and an AWS::SQS::QueueInlinePolicy were
    once not found at all: a public grant the template makes, answered "no documents" (missed)."""
    path = write(tmp_path, "sam.yaml", SAM_URLS)
    answers = public(path)
    url = answers["FunctionUrlConfig of PublicByGlobals (AWS::Serverless::Function)"]
    assert url.verdict == "no" and url.counterexample.confirmed
    assert url.counterexample.request["action"].lower() == "lambda:invokefunctionurl"
    assert "FunctionUrlConfig of IamOnly (AWS::Serverless::Function)" not in answers
    assert answers["FunctionUrlConfig of ByParameter (AWS::Serverless::Function)"].verdict == "unknown"
    queue = answers["PolicyDocument of QueuePolicy (AWS::SQS::QueueInlinePolicy)"]
    assert queue.verdict == "no" and queue.counterexample.confirmed
    found = {f.label: f for f in load_template(path)}
    assert replayed(found["FunctionUrlConfig of PublicByGlobals (AWS::Serverless::Function)"], url)


MORE = """\
    Resources:
      BusPolicy:
        Type: AWS::Events::EventBusPolicy
        Properties:
          StatementId: AllowAll
          Statement:
            Effect: Allow
            Principal: "*"
            Action: events:PutEvents
            Resource: !Sub "arn:aws:events:${AWS::Region}:${AWS::AccountId}:event-bus/default"
      OrgBusPolicy:
        Type: AWS::Events::EventBusPolicy
        Properties:
          StatementId: AllowOrg
          Statement:
            Effect: Allow
            Principal: "*"
            Action: events:PutEvents
            Resource: !Sub "arn:aws:events:${AWS::Region}:${AWS::AccountId}:event-bus/default"
            Condition:
              StringEquals:
                aws:PrincipalOrgID: o-a1b2c3d4e5
      LegacyBusPolicy:
        Type: AWS::Events::EventBusPolicy
        Properties:
          StatementId: Legacy
          Action: events:PutEvents
          Principal: "*"
      LogsPolicy:
        Type: AWS::Logs::ResourcePolicy
        Properties:
          PolicyName: es
          PolicyDocument: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"es.amazonaws.com"},"Action":["logs:PutLogEvents","logs:CreateLogStream"],"Resource":"*"}]}'
      LayerPermission:
        Type: AWS::Lambda::LayerVersionPermission
        Properties:
          Action: lambda:GetLayerVersion
          LayerVersionArn: arn:aws:lambda:us-east-1:111122223333:layer:x:1
          Principal: "*"
      OrgLayerPermission:
        Type: AWS::Lambda::LayerVersionPermission
        Properties:
          Action: lambda:GetLayerVersion
          LayerVersionArn: arn:aws:lambda:us-east-1:111122223333:layer:x:1
          Principal: "*"
          OrganizationId: o-a1b2c3d4e5
    """


def test_event_bus_log_and_layer_policies_are_read(tmp_path):
    """AWS::Events::EventBusPolicy's Statement, AWS::Logs::ResourcePolicy (JSON text) and
    AWS::Lambda::LayerVersionPermission were once unread (unknown); the older bus policy form still is."""
    path = write(tmp_path, "more.yaml", MORE)
    answers = public(path)
    verdicts = {label: r.verdict.value for label, r in answers.items()}
    assert verdicts == {
        "Statement of BusPolicy (AWS::Events::EventBusPolicy)": "no",
        "Statement of OrgBusPolicy (AWS::Events::EventBusPolicy)": "yes",
        "LegacyBusPolicy (AWS::Events::EventBusPolicy)": "unknown",
        "PolicyDocument of LogsPolicy (AWS::Logs::ResourcePolicy)": "yes",
        "Permission of LayerPermission (AWS::Lambda::LayerVersionPermission)": "no",
        "Permission of OrgLayerPermission (AWS::Lambda::LayerVersionPermission)": "yes",
    }
    found = {f.label: f for f in load_template(path)}
    for label in ("Statement of BusPolicy (AWS::Events::EventBusPolicy)", "Permission of LayerPermission (AWS::Lambda::LayerVersionPermission)"):
        assert answers[label].counterexample.confirmed and replayed(found[label], answers[label])


PARENT = """\
    Parameters:
      Office:
        Type: String
    Resources:
      Data:
        Type: AWS::CloudFormation::Stack
        Properties:
          TemplateURL: ./children/data.yaml
          Parameters:
            Cidr: 10.0.0.0/8
            ReaderAccount: "444455556666"
      Open:
        Type: AWS::CloudFormation::Stack
        Properties:
          TemplateURL: children/data.yaml
          Parameters:
            Cidr: !Ref Office
            ReaderAccount: "444455556666"
      Remote:
        Type: AWS::CloudFormation::Stack
        Properties:
          TemplateURL: https://s3.amazonaws.com/b/x.yaml
    """
CHILD = """\
    Parameters:
      Cidr:
        Type: String
      ReaderAccount:
        Type: String
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
              - Effect: Allow
                Principal: "*"
                Action: s3:GetObject
                Resource: !Sub "${Bucket.Arn}/*"
                Condition:
                  IpAddress:
                    aws:SourceIp: !Ref Cidr
              - Effect: Allow
                Principal:
                  AWS: !Sub "arn:aws:iam::${ReaderAccount}:root"
                Action: s3:GetObject
                Resource: !Sub "${Bucket.Arn}/*"
    """


def test_a_nested_stack_whose_template_is_a_local_file_is_read_with_the_parameters_it_is_given(tmp_path):
    """`TemplateURL: ./children/data.yaml` was once "not read" (unknown): the child's policy is read, its
    parameters fixed by what the parent writes out; one given from the parent's own free parameter
    is not a value the child chooses (no `0.0.0.0/0` deployment of it)."""
    write(tmp_path, "stack/children/data.yaml", CHILD)
    parent = write(tmp_path, "stack/parent.yaml", PARENT)
    answers = public(parent)
    assert answers["Data/PolicyDocument of Policy (AWS::S3::BucketPolicy)"].verdict == "yes"
    assert answers["Open/PolicyDocument of Policy (AWS::S3::BucketPolicy)"].verdict == "unknown"
    assert answers["Remote (AWS::CloudFormation::Stack)"].verdict == "unknown"
    (alone,) = public(str(tmp_path / "stack/children/data.yaml")).values()
    assert alone.verdict == "no" and "Cidr = '0.0.0.0/0'" in alone.message  # on its own, any value is given


ACCOUNTS = st.lists(st.sampled_from(["111122223333", "444455556666", "777788889999"]), min_size=1, max_size=3)
NAMES = st.lists(st.sampled_from(["logs", "media", "web"]), min_size=1, max_size=3, unique=True)


@settings(max_examples=15, deadline=None)
@given(accounts=ACCOUNTS, buckets=NAMES, extra=st.dictionaries(st.sampled_from(["ci", "audit"]), st.sampled_from(["*", "arn:aws:iam::444455556666:role/x"]), max_size=2))
def test_for_concat_and_merge_over_locals_write_out_what_terraform_computes(tmp_path_factory, accounts, buckets, extra):
    """Written out by the reader, the policy is the one Terraform computes (the same statements as the
    JSON written here by hand): principals per account, resources per bucket, a statement per key."""
    hcl = lambda v: json.dumps(v)  # noqa: E731 -- JSON lists, objects and strings are HCL too
    path = write(tmp_path_factory.mktemp("m"), "main.tf", f"""\
        locals {{
          accounts = {hcl(accounts)}
          buckets  = {hcl(buckets)}
          extra    = {hcl(extra)}
        }}
        resource "aws_s3_bucket_policy" "p" {{
          bucket = "b"
          policy = jsonencode({{
            Version = "2012-10-17"
            Statement = concat([merge({{ Effect = "Allow", Action = "s3:GetObject" }}, {{
              Principal = {{ AWS = [for a in local.accounts : "arn:aws:iam::${{a}}:root"] }}
              Resource  = [for b in local.buckets : "arn:aws:s3:::${{b}}/*"]
            }})], [for name, who in local.extra : {{
              Sid = name, Effect = "Allow", Principal = {{ AWS = who }}, Action = "s3:GetObject", Resource = "arn:aws:s3:::b/${{name}}/*"
            }}])
          }})
        }}
        """)
    expected = {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "s3:GetObject", "Principal": {"AWS": [f"arn:aws:iam::{a}:root" for a in accounts]},
         "Resource": [f"arn:aws:s3:::{b}/*" for b in buckets]},
        *({"Sid": k, "Effect": "Allow", "Principal": {"AWS": v}, "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::b/{k}/*"}
          for k, v in sorted(extra.items()))]}
    (found,) = load_template(path)
    written = parse_policy(json.dumps(expected), path)
    def shape(p):
        return [(s.sid, s.effect, [(x.kind, x.value) for x in s.principals], [r.text for r in s.resources], [a.text for a in s.actions])
                for s in p.statements]
    assert found.unsupported is None and shape(found.policy) == shape(written)


def test_a_witness_resource_of_fewer_than_six_arn_parts_is_polished_without_a_crash():
    """The search may return a resource such as "arn:x" (a model the solver picks under load): polishing it
    once raised IndexError (a traceback from no-public-access on a template, seen in the test suite)."""
    from verifier.policy.witness import _resources

    candidates = _resources("arn:x", ("arn:${Partition}:sqs:${Region}:${Account}:${QueueName}",), "111122223333")
    assert candidates[0] == "arn:aws:sqs:us-east-1:111122223333:example-queue" and candidates[-1] == "arn:x"


def test_a_for_expression_whose_element_names_no_value_is_not_read_as_one_copy(tmp_path):
    """Deny statements per element of a variable that do not use the element: with an empty list the
    bucket is public, so one copy (which denies everything) must not answer yes."""
    path = write(tmp_path, "m/main.tf", """\
        variable "lockdown" {
          type = list(string)
        }
        resource "aws_s3_bucket_policy" "p" {
          bucket = "b"
          policy = jsonencode({
            Version = "2012-10-17"
            Statement = concat([{ Effect = "Allow", Principal = "*", Action = "s3:GetObject", Resource = "arn:aws:s3:::b/*" }],
              [for x in var.lockdown : { Effect = "Deny", Principal = "*", Action = "s3:*", Resource = "arn:aws:s3:::b/*" }])
          })
        }
        """)
    (r,) = public(path).values()
    assert r.verdict != "yes"


def test_a_resource_with_a_wide_value_beside_a_generated_arn_is_read_as_any_resource_for_a_yes(tmp_path):
    """`${Bucket.Arn}/${Fn::Select ...}/*`: read widest, the wide value became `*` beside the ARN's symbol,
    which the encoding cannot write (unknown); read as `*` whole, fixed principals answer yes."""
    path = write(tmp_path, "p.yaml", """\
        Parameters:
          Partner: {Type: String, Default: "444455556666", AllowedPattern: "\\\\d{12}"}
        Resources:
          Bucket:
            Type: AWS::S3::Bucket
          P:
            Type: AWS::S3::BucketPolicy
            Properties:
              Bucket: !Ref Bucket
              PolicyDocument:
                Version: "2012-10-17"
                Statement:
                  - Effect: Allow
                    Principal: {AWS: !Sub "arn:aws:iam::${Partner}:root"}
                    Action: s3:GetObject
                    Resource: !Join ["", [!GetAtt Bucket.Arn, "/", !Select [0, !Split ["-", !Ref AWS::StackName]], "/*"]]
        """)
    (r,) = public(path).values()
    assert r.verdict == "yes" and "even one holding a wildcard" in r.message
