"""Constructs of real templates (bench/templates' realistic corpus) read soundly: each test is one
construct, with the verdict it must get; witnesses are replayed through the concrete evaluator."""

from __future__ import annotations

from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from verifier.policy.catalogue import catalogue
from verifier.policy.evaluator import decide
from verifier.policy.ir import Request, RequestPrincipal
from verifier.policy.lint import findings
from verifier.policy.templates import answer_template, load_template

from tests.policy_witness import replayed, write

LAMBDA_PERMISSION = """\
    Resources:
      Fn:
        Type: AWS::Lambda::Function
      S3Invoke:
        Type: AWS::Lambda::Permission
        Properties:
          FunctionName: !Ref Fn
          Action: lambda:InvokeFunction
          Principal: s3.amazonaws.com
          SourceAccount: !Ref AWS::AccountId
          SourceArn: !Sub "arn:aws:s3:::${Bucket}"
      Bucket:
        Type: AWS::S3::Bucket
    """


def test_an_arn_condition_on_template_values_beside_string_equals_is_read(tmp_path):
    """SourceArn (ArnLike, read as StringEquals on template values) and SourceAccount (StringEquals)
    once made a duplicate operator: an input error on a valid template."""
    path = write(tmp_path, "perm.yaml", LAMBDA_PERMISSION)
    (found,) = load_template(path)
    keys = {c.key for s in found.policy.statements for c in s.conditions}
    assert found.unsupported is None and keys == {"aws:sourcearn", "aws:sourceaccount"}
    results, error = answer_template(path, "no-public-access", {"timeout": 10.0})
    assert error is None and [r.verdict.value for r in results] == ["yes"]


def test_template_values_holding_colons_are_no_malformed_arn(tmp_path):
    path = write(tmp_path, "site.yaml", """\
        Resources:
          Site:
            Type: AWS::S3::Bucket
          SitePolicy:
            Type: AWS::S3::BucketPolicy
            Properties:
              Bucket: !Ref Site
              PolicyDocument:
                Version: "2012-10-17"
                Statement:
                  - Effect: Allow
                    Principal: {AWS: !Sub "arn:aws:iam::${AWS::AccountId}:root"}
                    Action: s3:GetObject
                    Resource: !Sub "arn:${AWS::Partition}:s3:::${Site}/*"
                    Condition:
                      ArnEquals: {aws:SourceArn: !Ref Topic}
          Topic:
            Type: AWS::SNS::Topic
        """)
    (found,) = load_template(path)
    codes = {f.code for f in findings(found.policy, catalogue(), 5.0)[0]}
    assert not codes & {"MALFORMED_ARN", "ARN_CONDITION_NOT_ARN"}, codes


OPEN_API = """\
    Resources:
      Api:
        Type: AWS::ApiGateway::RestApi
        Properties:
          Policy:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Principal: "*"
                Action: execute-api:Invoke
                Resource: execute-api:/*
    """


def test_api_gateway_shorthand_is_the_api_itself(tmp_path):
    """`execute-api:/*` once matched nothing: an API open to everyone was answered not public."""
    path = write(tmp_path, "api.yaml", OPEN_API)
    (found,) = load_template(path)
    (result,), error = answer_template(path, "no-public-access", {"timeout": 10.0})
    assert error is None and result.verdict.value == "no", result.reason
    assert replayed(found, result)


def test_api_gateway_shorthand_in_a_policy_file_is_unknown(tmp_path):
    from verifier.cli import main

    path = write(tmp_path, "api.json", '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", '
                 '"Action": "execute-api:Invoke", "Resource": "execute-api:/*"}]}')
    out = CliRunner().invoke(main, ["policy", "no-public-access", path])
    assert out.exit_code == 3 and "execute-api:/*" in out.output, out.output


def test_an_identity_provider_given_by_reference_is_the_one_the_module_declares(tmp_path):
    """A Federated principal naming its provider by a reference to the module's provider is that provider:
    here GitHub's, whose tokens anyone gets (a variable URL stays unknown, test_template_providers_loops)."""
    write(tmp_path, "m/main.tf", """\
        resource "aws_iam_openid_connect_provider" "github" {
          url            = "https://token.actions.githubusercontent.com"
          client_id_list = ["sts.amazonaws.com"]
        }
        resource "aws_iam_role" "deploy" {
          assume_role_policy = jsonencode({
            Version = "2012-10-17"
            Statement = [{
              Effect    = "Allow"
              Action    = "sts:AssumeRoleWithWebIdentity"
              Principal = { Federated = aws_iam_openid_connect_provider.github.arn }
              Condition = { StringEquals = { "token.actions.githubusercontent.com:aud" = "sts.amazonaws.com" } }
            }]
          })
        }
        """)
    (result,), error = answer_template(str(tmp_path / "m"), "no-public-access", {"timeout": 10.0})
    assert error is None and result.verdict.value == "no" and result.counterexample.confirmed
    assert result.counterexample.request["principal"] == {
        "Federated": "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"}


def test_terraform_locals_indexed_documents_and_local_modules_are_read(tmp_path):
    write(tmp_path, "root/main.tf", """\
        locals {
          services = ["events.amazonaws.com"]
        }
        data "aws_iam_policy_document" "q" {
          count = 1
          statement {
            actions   = ["sqs:SendMessage"]
            resources = ["*"]
            principals {
              type        = "Service"
              identifiers = local.services
            }
          }
        }
        resource "aws_sqs_queue_policy" "q" {
          queue_url = "u"
          policy    = data.aws_iam_policy_document.q[0].json
        }
        module "open" {
          source = "./modules/open"
        }
        """)
    write(tmp_path, "root/modules/open/main.tf", """\
        variable "bucket" { type = string }
        resource "aws_s3_bucket_policy" "this" {
          bucket = var.bucket
          policy = jsonencode({
            Version   = "2012-10-17"
            Statement = [{ Effect = "Allow", Principal = "*", Action = "s3:GetObject", Resource = "arn:aws:s3:::b/*" }]
          })
        }
        """)
    root = str(tmp_path / "root")
    found = {f.label: f for f in load_template(root)}
    assert set(found) == {"aws_sqs_queue_policy.q.policy (data.aws_iam_policy_document.q)",
                          "module.open.aws_s3_bucket_policy.this.policy"}
    assert all(f.unsupported is None for f in found.values())
    results, _ = answer_template(root, "no-public-access", {"timeout": 10.0})
    verdicts = {r.target.split(": ", 1)[1]: r for r in results}
    assert verdicts["aws_sqs_queue_policy.q.policy (data.aws_iam_policy_document.q)"].verdict.value == "yes"
    public = verdicts["module.open.aws_s3_bucket_policy.this.policy"]
    assert public.verdict.value == "no" and replayed(found["module.open.aws_s3_bucket_policy.this.policy"], public)


def _arn_policy(operator: str, value: str) -> str:
    return ('{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "sns.amazonaws.com"}, '
            f'"Action": "sqs:SendMessage", "Resource": "*", "Condition": {{"{operator}": {{"aws:SourceArn": "{value}"}}}}}}]}}')


SOURCE_ARNS = [
    "arn:aws:events:${AWS::Region}:${AWS::AccountId}:rule/*",
    "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:/aws/*:*",
    "arn:aws:sns:${AWS::Region}:${AWS::AccountId}:alarms-?",
]


@settings(max_examples=60, deadline=None)
@given(pattern=st.sampled_from(SOURCE_ARNS), operator=st.sampled_from(["ArnLike", "ArnNotLike", "ArnEquals"]),
       region=st.sampled_from(["us-east-1", "eu-west-2"]), account=st.sampled_from(["111122223333", "444455556666"]),
       tail=st.text(alphabet="ab:/*-", max_size=8), service=st.sampled_from(["events", "sns", "logs"]))
def test_an_arn_condition_on_template_values_reads_as_string_like_exactly(pattern, operator, region, account, tail, service):
    """The Arn* -> String*Like rewrite of vet.py decides every request as IAM's Arn* matching does
    (the concrete evaluator, on the template values as policy variables)."""
    from verifier.policy.jsonpos import parse_json
    from verifier.policy.parse import policy_of
    from verifier.policy.templates.symbols import PSEUDO, SymbolTable
    from verifier.policy.templates.vet import vet

    table = SymbolTable()
    text = pattern
    for name in ("AWS::Partition", "AWS::Region", "AWS::AccountId"):
        text = text.replace("${" + name + "}", table.add(name, wildcard_free=True, example=PSEUDO[name][0], shape=PSEUDO[name][1]))
    doc = parse_json(_arn_policy(operator, text.replace("'", "'")), "p.json")
    written = policy_of(doc, "p.json")
    vetted, reason, _ = vet(doc, table)
    rewritten = policy_of(vetted, "p.json")
    assert reason is None and rewritten.statements[0].conditions[0].base.startswith("String")
    source = f"arn:aws:{service}:{region}:{account}:{tail}"
    context = (("aws:SourceArn", (source,)), ("template:AWS::Region", (region,)), ("template:AWS::AccountId", (account,)))
    request = Request("sqs:SendMessage", "arn:aws:sqs:us-east-1:111122223333:q", RequestPrincipal("Service", "sns.amazonaws.com"), context)
    assert decide(written, request).allowed == decide(rewritten, request).allowed


CONDITIONAL = """\
    Parameters:
      Env: {Type: String, AllowedValues: [dev, prod]}
    Conditions:
      IsProd: !Equals [!Ref Env, prod]
    Resources:
      B:
        Type: AWS::S3::Bucket
      Either:
        Type: AWS::S3::BucketPolicy
        Properties:
          Bucket: !Ref B
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Principal: {AWS: !If [IsProd, "arn:aws:iam::111122223333:root", "*"]}
                Action: s3:GetObject
                Resource: arn:aws:s3:::b/*
      Never:
        Type: AWS::S3::BucketPolicy
        Properties:
          Bucket: !Ref B
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Principal: {AWS: "arn:aws:iam::111122223333:root"}
                Action: s3:GetObject
                Resource: arn:aws:s3:::b/*
              - !If [IsProd, {Effect: Allow, Principal: {Service: s3.amazonaws.com}, Action: s3:PutObject,
                              Resource: arn:aws:s3:::b/*, Condition: {StringEquals: {aws:SourceAccount: "111122223333"}}},
                     !Ref AWS::NoValue]
      Always:
        Type: AWS::S3::BucketPolicy
        Properties:
          Bucket: !Ref B
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Principal: "*"
                Action: !If [IsProd, s3:GetObject, s3:ListBucket]
                Resource: arn:aws:s3:::b*
    """


def test_fn_if_is_answered_over_every_choice_of_its_conditions(tmp_path):
    path = write(tmp_path, "cond.yaml", CONDITIONAL)
    found = {f.label.split()[2]: f for f in load_template(path)}
    assert [len(f.variants) for f in found.values()] == [2, 2, 2]
    results, error = answer_template(path, "no-public-access", {"timeout": 10.0})
    verdict = {r.target.split(" of ")[1].split()[0]: r for r in results}
    assert error is None and {k: r.verdict.value for k, r in verdict.items()} == {"Either": "no", "Never": "yes", "Always": "no"}
    assert "with IsProd=false, which the parameters Env = 'dev' make" in verdict["Either"].message  # a deployment
    choice, variant = found["Always"].variants[0]
    assert choice == "IsProd=true" and replayed(variant, verdict["Always"])


def test_terraform_file_and_templatefile_documents_are_read_in_their_files(tmp_path):
    write(tmp_path, "m/main.tf", """\
        resource "aws_s3_bucket_policy" "shared" {
          bucket = "b"
          policy = templatefile("${path.module}/policies/bucket.json.tpl", { bucket_arn = aws_s3_bucket.b.arn })
        }
        resource "aws_iam_policy" "read" {
          policy = file("policies/missing.json")
        }
        """)
    write(tmp_path, "m/policies/bucket.json.tpl", """\
        {"Version": "2012-10-17",
         "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "${bucket_arn}/*"}]}
        """)
    found = {f.label: f for f in load_template(str(tmp_path / "m"))}
    shared = found["aws_s3_bucket_policy.shared.policy"]
    assert shared.unsupported is None and shared.policy.path.endswith("bucket.json.tpl") and shared.policy.statements[0].line == 2
    assert "missing.json" in found["aws_iam_policy.read.policy"].unsupported
    results, _ = answer_template(str(tmp_path / "m"), "no-public-access", {"timeout": 10.0})
    public = next(r for r in results if r.target.endswith("shared.policy"))
    assert public.verdict.value == "no" and replayed(shared, public)


FIND_IN_MAP = """\
    Mappings:
      Readers:
        us-east-1: {Account: "127311923021", Prefix: logs}
        eu-west-1: {Account: "156460612806", Prefix: logs}
      Open:
        us-east-1: {Account: "127311923021"}
        eu-west-1: {Account: "*"}
    Resources:
      B:
        Type: AWS::S3::Bucket
      Fixed:
        Type: AWS::S3::BucketPolicy
        Properties:
          Bucket: !Ref B
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Principal: {AWS: !FindInMap [Readers, !Ref "AWS::Region", Account]}
                Action: s3:PutObject
                Resource: !Sub ["arn:aws:s3:::b/${P}/*", {P: !FindInMap [Readers, us-east-1, Prefix]}]
      Opened:
        Type: AWS::S3::BucketPolicy
        Properties:
          Bucket: !Ref B
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Principal: {AWS: !FindInMap [Open, !Ref "AWS::Region", Account]}
                Action: s3:PutObject
                Resource: arn:aws:s3:::b/*
    """


def test_find_in_map_takes_the_values_of_its_mapping(tmp_path):
    """A literal key selects one value; a computed key one of the values it could select -- "*" among them
    is public in that region, so never a yes."""
    path = write(tmp_path, "map.yaml", FIND_IN_MAP)
    found = {f.label.split()[2]: f for f in load_template(path)}
    assert found["Fixed"].unsupported is None and found["Fixed"].policy.statements[0].resources[0].text == "arn:aws:s3:::b/logs/*"
    symbol = next(s for s in found["Fixed"].symbols.symbols.values() if "Readers" in s.source)
    assert symbol.allowed == ("127311923021", "156460612806") and symbol.wildcard_free
    results, _ = answer_template(path, "no-public-access", {"timeout": 10.0})
    verdict = {r.target.split(" of ")[1].split()[0]: r.verdict.value for r in results}
    assert verdict["Fixed"] == "yes" and verdict["Opened"] != "yes"


SAM = """\
    Transform: AWS::Serverless-2016-10-31
    Resources:
      Queue:
        Type: AWS::SQS::Queue
      Worker:
        Type: AWS::Serverless::Function
        Properties:
          Policies:
            - AWSLambdaBasicExecutionRole
            - SQSPollerPolicy: {QueueName: !GetAtt Queue.QueueName}
            - Statement:
                - Effect: Allow
                  Action: sqs:DeleteMessage
                  Resource: !GetAtt Queue.Arn
    """


def test_sam_inline_statements_without_version_are_read(tmp_path):
    """A SAM function's inline document (its managed policies and SAM policy templates are no documents);
    without "Version" its template values are plain text once deployed, so it is read as 2012-10-17 and
    validate still reports the missing version."""
    path = write(tmp_path, "sam.yaml", SAM)
    (found,) = load_template(path)
    assert found.label == "Policies[2] of Worker (AWS::Serverless::Function)" and found.unsupported is None
    assert found.policy.version == "2012-10-17" and found.written_version is None
    results, error = answer_template(path, "validate", {"timeout": 10.0})
    assert error is None and [r.message.split("[")[-1] for r in results] == ["warning MISSING_VERSION]"]


def test_a_dynamic_block_inside_a_statement_is_unknown_not_dropped(tmp_path):
    """Dropping a Deny's dynamic condition made it deny everyone: a public bucket was answered not public."""
    write(tmp_path, "m/main.tf", """\
        variable "blocked" {
          type = list(string)
        }
        data "aws_iam_policy_document" "p" {
          statement {
            actions   = ["s3:GetObject"]
            resources = ["arn:aws:s3:::b/*"]
            principals {
              type        = "*"
              identifiers = ["*"]
            }
          }
          statement {
            effect    = "Deny"
            actions   = ["s3:GetObject"]
            resources = ["arn:aws:s3:::b/*"]
            principals {
              type        = "*"
              identifiers = ["*"]
            }
            dynamic "condition" {
              for_each = var.blocked
              content {
                test     = "StringEquals"
                variable = "aws:PrincipalAccount"
                values   = [condition.value]
              }
            }
          }
        }
        resource "aws_s3_bucket_policy" "b" {
          bucket = "b"
          policy = data.aws_iam_policy_document.p.json
        }
        """)
    (result,), error = answer_template(str(tmp_path / "m"), "no-public-access", {"timeout": 10.0})
    assert error is None and result.verdict.value == "unknown" and 'dynamic "condition" block' in result.reason


def test_a_module_whose_source_is_not_read_makes_no_yes(tmp_path):
    """A registry module given a public bucket policy was "no IAM policy documents found": yes.
    Its policies are unknown now, as are those of a local module whose directory is missing."""
    write(tmp_path, "m/main.tf", """\
        module "bucket" {
          source        = "terraform-aws-modules/s3-bucket/aws"
          attach_policy = true
          policy = jsonencode({
            Version   = "2012-10-17"
            Statement = [{ Effect = "Allow", Principal = "*", Action = "s3:GetObject", Resource = "arn:aws:s3:::b/*" }]
          })
        }
        module "gone" {
          source = "./modules/gone"
        }
        """)
    results, error = answer_template(str(tmp_path / "m"), "no-public-access", {"timeout": 10.0})
    assert error is None
    assert [r.verdict.value for r in results] == ["unknown", "unknown"], [(r.target, r.reason) for r in results]
    reasons = sorted(r.reason for r in results)
    assert "module 'bucket' comes from a source that is not read" in reasons[0], reasons
    assert "module 'gone' is called from" in reasons[1] and "not a directory" in reasons[1], reasons


def test_resources_whose_policy_is_not_read_make_no_yes(tmp_path):
    """A nested stack and a CloudWatch Logs resource policy open to anyone were "no IAM policy
    documents found": yes. The nested stack (its template a URL) is unknown now, with its property
    named; the Logs policy is read (public)."""
    path = write(tmp_path, "t.yaml", """\
        Resources:
          Nested:
            Type: AWS::CloudFormation::Stack
            Properties:
              TemplateURL: https://example.com/t.yaml
          Logs:
            Type: AWS::Logs::ResourcePolicy
            Properties:
              PolicyName: p
              PolicyDocument: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"logs:PutLogEvents","Resource":"*"}]}'
        """)
    results, error = answer_template(path, "no-public-access", {"timeout": 10.0})
    assert error is None
    assert sorted((r.verdict.value, r.reason) for r in results) == [
        ("no", ""),
        ("unknown", "unsupported: TemplateURL of Nested (AWS::CloudFormation::Stack) is not read: what it grants is not known")]


def test_a_resource_its_count_turns_off_is_not_checked(tmp_path):
    """A local module's public bucket policy behind `count = var.public ? 1 : 0`, called with `public =
    false`, does not exist: it answered no (a wrong no). Called with a value the template leaves open
    (`each.key == "assets"`), some instance makes it: still checked. `count = 0` makes nothing either."""
    write(tmp_path, "m/main.tf", """\
        module "private" {
          source = "./bucket"
          public = false
        }
        module "teams" {
          source   = "./bucket"
          for_each = toset(["logs", "assets"])
          public   = each.key == "assets"
        }
        resource "aws_sqs_queue_policy" "never" {
          count     = 0
          queue_url = "q"
          policy    = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = "*", Action = "sqs:*", Resource = "*" }] })
        }
        """)
    write(tmp_path, "m/bucket/main.tf", """\
        variable "public" { type = bool }
        data "aws_iam_policy_document" "read" {
          count = var.public ? 1 : 0
          statement {
            actions   = ["s3:GetObject"]
            resources = ["arn:aws:s3:::b/*"]
            principals {
              type        = "*"
              identifiers = ["*"]
            }
          }
        }
        resource "aws_s3_bucket_policy" "this" {
          count  = var.public ? 1 : 0
          bucket = "b"
          policy = data.aws_iam_policy_document.read[0].json
        }
        """)
    results, error = answer_template(str(tmp_path / "m"), "no-public-access", {"timeout": 10.0})
    assert error is None
    assert [(r.target.split(": ", 1)[1], r.verdict.value) for r in results] == [
        ("module.teams.aws_s3_bucket_policy.this.policy (data.aws_iam_policy_document.read)", "no")]


def test_a_list_of_ranges_nothing_constrains_may_be_any_address(tmp_path):
    """An IP allow-list given as a list (a Terraform list(string) variable, a CloudFormation
    CommaDelimitedList parameter) was unknown ("IpAddress takes an IP address"); like a single free
    range, it may be ["0.0.0.0/0"]: public in that deployment."""
    write(tmp_path, "m/main.tf", """\
        variable "allowed_cidrs" {
          type    = list(string)
          default = ["10.0.0.0/8"]
        }
        data "aws_iam_policy_document" "ip" {
          statement {
            actions   = ["s3:GetObject"]
            resources = ["arn:aws:s3:::b/*"]
            principals {
              type        = "*"
              identifiers = ["*"]
            }
            condition {
              test     = "IpAddress"
              variable = "aws:SourceIp"
              values   = var.allowed_cidrs
            }
          }
        }
        resource "aws_s3_bucket_policy" "ip" {
          bucket = "b"
          policy = data.aws_iam_policy_document.ip.json
        }
        """)
    cfn = write(tmp_path, "t.yaml", """\
        Parameters:
          AllowedIps: {Type: CommaDelimitedList, Default: "203.0.113.0/24,198.51.100.0/24"}
          OfficeIps: {Type: CommaDelimitedList, AllowedValues: ["203.0.113.0/24"]}
        Resources:
          Open:
            Type: AWS::S3::BucketPolicy
            Properties:
              Bucket: b
              PolicyDocument:
                Version: "2012-10-17"
                Statement:
                  - {Effect: Allow, Principal: "*", Action: s3:GetObject, Resource: "arn:aws:s3:::b/*",
                     Condition: {IpAddress: {"aws:SourceIp": !Ref AllowedIps}}}
          Office:
            Type: AWS::S3::BucketPolicy
            Properties:
              Bucket: c
              PolicyDocument:
                Version: "2012-10-17"
                Statement:
                  - {Effect: Allow, Principal: "*", Action: s3:GetObject, Resource: "arn:aws:s3:::c/*",
                     Condition: {IpAddress: {"aws:SourceIp": !Ref OfficeIps}}}
        """)
    for path, verdicts in ((str(tmp_path / "m"), ["no"]), (cfn, ["no", "yes"])):
        found = {f.label: f for f in load_template(path)}
        results, error = answer_template(path, "no-public-access", {"timeout": 10.0})
        assert error is None and [r.verdict.value for r in results] == verdicts, [(r.target, r.reason) for r in results]
        assert "0.0.0.0/0" in results[0].message and results[0].counterexample.confirmed
        assert found[results[0].target.split(": ", 1)[1]].choices is not None
