"""Policies of resource types the template readers did not list were skipped: a template holding only
such a policy, public, answered "no IAM policy documents found" (yes). Now a resource of a type no list
names is a policy not read (unknown) when one of its values is a policy document, and the common types
are read as what they are. Every no is replayed through the concrete evaluator."""

from __future__ import annotations

from verifier.policy.templates import answer_template, load_template

from tests.policy_witness import replayed, write

PUBLIC_JSON = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"ssm:GetOpsItem","Resource":"*"}]}'


def _answers(path: str) -> list[tuple[str, str, str]]:
    results, error = answer_template(path, "no-public-access", {"timeout": 10.0})
    assert error is None, error
    return sorted((r.target.split(": ", 1)[1], r.verdict.value, r.reason) for r in results)


def _replays(path: str) -> None:
    """Every no of the template is a request its policy allows."""
    found = {f.label: f for f in load_template(path)}
    results, _ = answer_template(path, "no-public-access", {"timeout": 10.0})
    for r in results:
        if r.verdict.value == "no":
            assert r.counterexample is not None and r.counterexample.confirmed
            assert replayed(found[r.target.split(": ", 1)[1]], r), r.counterexample.request


def test_a_cloudformation_resource_of_an_unlisted_type_holding_a_policy_is_unknown(tmp_path):
    path = write(tmp_path, "t.yaml", f"""\
        Resources:
          Ops:
            Type: AWS::SSM::ResourcePolicy
            Properties:
              ResourceArn: arn:aws:ssm:us-east-1:111122223333:opsitemgroup/default
              Policy: '{PUBLIC_JSON}'
          Firewall:
            Type: AWS::WAFv2::WebACL
            Properties:
              Scope: REGIONAL
              DefaultAction: {{Allow: {{}}}}
              Rules:
                - Name: block
                  Priority: 0
                  Action: {{Block: {{}}}}
                  Statement: {{ByteMatchStatement: {{SearchString: x, FieldToMatch: {{UriPath: {{}}}}}}}}
        """)
    assert _answers(path) == [("Ops (AWS::SSM::ResourcePolicy)", "unknown",
                               "unsupported: Policy of Ops (AWS::SSM::ResourcePolicy) is not read: what it grants is not known")]


def test_a_waf_rule_statement_is_no_policy_document(tmp_path):
    path = write(tmp_path, "t.yaml", """\
        Resources:
          Firewall:
            Type: AWS::WAFv2::WebACL
            Properties:
              Rules:
                - Name: block
                  Statement: {ByteMatchStatement: {SearchString: x}}
        """)
    results, error = answer_template(path, "no-public-access", {"timeout": 10.0})
    assert error is None and [(r.verdict.value, r.message) for r in results] == [
        ("yes", "no IAM policy documents found in the template")]


def test_cloudformation_replica_keys_global_tables_and_event_buses_are_read(tmp_path):
    path = write(tmp_path, "t.yaml", """\
        Resources:
          Replica:
            Type: AWS::KMS::ReplicaKey
            Properties:
              PrimaryKeyArn: arn:aws:kms:us-east-1:111122223333:key/mrk-1
              KeyPolicy:
                Version: "2012-10-17"
                Statement:
                  - Effect: Allow
                    Principal: {AWS: !Sub "arn:aws:iam::${AWS::AccountId}:root"}
                    Action: kms:*
                    Resource: "*"
          Global:
            Type: AWS::DynamoDB::GlobalTable
            Properties:
              Replicas:
                - Region: us-east-1
                  ResourcePolicy:
                    PolicyDocument:
                      Version: "2012-10-17"
                      Statement:
                        - Effect: Allow
                          Principal: "*"
                          Action: dynamodb:GetItem
                          Resource: "*"
          Bus:
            Type: AWS::Events::EventBus
            Properties:
              Name: shared
              Policy:
                Version: "2012-10-17"
                Statement:
                  - Effect: Allow
                    Principal: {AWS: "*"}
                    Action: events:PutEvents
                    Resource: !Sub "arn:aws:events:${AWS::Region}:${AWS::AccountId}:event-bus/shared"
                    Condition: {StringEquals: {"aws:PrincipalOrgID": o-abc123def4}}
          Flow:
            Type: AWS::Serverless::StateMachine
            Properties:
              Policies:
                Version: "2012-10-17"
                Statement:
                  - Effect: Allow
                    Action: sqs:SendMessage
                    Resource: "*"
        """)
    assert [(label, verdict) for label, verdict, _ in _answers(path)] == [
        ("KeyPolicy of Replica (AWS::KMS::ReplicaKey)", "yes"),
        ("Policies of Flow (AWS::Serverless::StateMachine)", "yes"),
        ("Policy of Bus (AWS::Events::EventBus)", "yes"),
        ("Replicas[0].ResourcePolicy.PolicyDocument of Global (AWS::DynamoDB::GlobalTable)", "no"),
    ]
    _replays(path)


def test_a_terraform_resource_of_an_unlisted_type_holding_a_policy_is_unknown(tmp_path):
    write(tmp_path, "m/main.tf", """\
        variable "endpoint_policy" {
          type = string
        }
        resource "aws_media_store_container_policy" "media" {
          container_name = "media"
          policy = jsonencode({
            Version   = "2012-10-17"
            Statement = [{ Effect = "Allow", Principal = "*", Action = "mediastore:GetObject", Resource = "*" }]
          })
        }
        resource "aws_glue_resource_policy" "catalog" {
          policy = var.endpoint_policy
        }
        resource "aws_instance" "web" {
          ami       = "ami-1"
          user_data = file("${path.module}/init.sh")
        }
        resource "aws_ecr_lifecycle_policy" "keep" {
          repository = "r"
          policy     = jsonencode({ rules = [{ rulePriority = 1, action = { type = "expire" } }] })
        }
        """)
    write(tmp_path, "m/init.sh", "#!/bin/sh\necho hi\n")
    assert _answers(str(tmp_path / "m")) == [
        ("aws_glue_resource_policy.catalog", "unknown",
         "unsupported: policy of aws_glue_resource_policy.catalog is not read: what it grants is not known"),
        ("aws_media_store_container_policy.media", "unknown",
         "unsupported: policy of aws_media_store_container_policy.media is not read: what it grants is not known"),
    ]


def test_terraform_domains_replica_keys_and_log_policies_are_read(tmp_path):
    write(tmp_path, "m/main.tf", """\
        data "aws_caller_identity" "current" {}
        resource "aws_opensearch_domain" "search" {
          domain_name = "search"
          access_policies = jsonencode({
            Version   = "2012-10-17"
            Statement = [{ Effect = "Allow", Principal = { AWS = "*" }, Action = "es:ESHttpGet",
                           Resource = "arn:aws:es:us-east-1:111122223333:domain/search/*" }]
          })
        }
        resource "aws_kms_replica_key" "replica" {
          primary_key_arn = "arn:aws:kms:us-east-1:111122223333:key/mrk-1"
          policy = jsonencode({
            Version   = "2012-10-17"
            Statement = [{ Effect = "Allow", Action = "kms:*", Resource = "*",
                           Principal = { AWS = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:root" } }]
          })
        }
        resource "aws_cloudwatch_log_resource_policy" "es" {
          policy_name = "es"
          policy_document = <<-EOF
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "es.amazonaws.com"},
              "Action": "logs:PutLogEvents", "Resource": "arn:aws:logs:us-east-1:111122223333:log-group:/es/*"}]}
          EOF
        }
        """)
    path = str(tmp_path / "m")
    assert [(label, verdict) for label, verdict, _ in _answers(path)] == [
        ("aws_cloudwatch_log_resource_policy.es.policy_document", "yes"),
        ("aws_kms_replica_key.replica.policy", "yes"),
        ("aws_opensearch_domain.search.access_policies", "no"),
    ]
    _replays(path)


def test_for_each_copies_are_read_with_their_identifier_taking_each_element(tmp_path):
    """`Fn::ForEach` (AWS::LanguageExtensions) in Resources was skipped: "no IAM policy documents found"."""
    path = write(tmp_path, "t.yaml", """\
        Transform: AWS::LanguageExtensions
        Parameters:
          Names: {Type: CommaDelimitedList, Default: "logs,assets"}
        Resources:
          Fn::ForEach::Buckets:
            - Name
            - !Ref Names
            - ${Name}Policy:
                Type: AWS::S3::BucketPolicy
                Properties:
                  Bucket: !Sub "${Name}"
                  PolicyDocument:
                    Version: "2012-10-17"
                    Statement:
                      - Effect: Allow
                        Principal: "*"
                        Action: s3:GetObject
                        Resource: !Sub "arn:aws:s3:::${Name}/*"
          Fn::ForEach::Topics:
            - Team
            - [payments, orders]
            - ${Team}TopicPolicy:
                Type: AWS::SNS::TopicPolicy
                Properties:
                  Topics: [t]
                  PolicyDocument:
                    Version: "2012-10-17"
                    Statement:
                      - Effect: Allow
                        Principal: {AWS: "*"}
                        Action: sns:Publish
                        Resource: "*"
                        Condition: {StringEquals: {"aws:SourceAccount": !Ref AWS::AccountId}}
        """)
    assert [(label, verdict) for label, verdict, _ in _answers(path)] == [
        ("PolicyDocument of ${Name}Policy (AWS::S3::BucketPolicy)", "no"),
        ("PolicyDocument of ${Team}TopicPolicy (AWS::SNS::TopicPolicy)", "yes"),
    ]
    _replays(path)


def test_to_json_string_of_a_document_is_read(tmp_path):
    path = write(tmp_path, "t.yaml", """\
        Transform: AWS::LanguageExtensions
        Resources:
          Logs:
            Type: AWS::Logs::ResourcePolicy
            Properties:
              PolicyName: p
              PolicyDocument:
                Fn::ToJsonString:
                  Version: "2012-10-17"
                  Statement:
                    - Effect: Allow
                      Principal: "*"
                      Action: logs:PutLogEvents
                      Resource: "*"
        """)
    assert [(label, verdict) for label, verdict, _ in _answers(path)] == [
        ("PolicyDocument of Logs (AWS::Logs::ResourcePolicy)", "no")]
    _replays(path)


def test_terraform_layer_version_permissions_are_read(tmp_path):
    """aws_lambda_layer_version_permission (principal "*": any account may use the layer) was skipped."""
    write(tmp_path, "m/main.tf", """\
        resource "aws_lambda_layer_version_permission" "everyone" {
          layer_name     = "arn:aws:lambda:us-east-1:111122223333:layer:shared"
          version_number = 1
          principal      = "*"
          action         = "lambda:GetLayerVersion"
          statement_id   = "everyone"
        }
        resource "aws_lambda_layer_version_permission" "org" {
          layer_name      = "arn:aws:lambda:us-east-1:111122223333:layer:shared"
          version_number  = 1
          principal       = "*"
          organization_id = "o-abc123def4"
          action          = "lambda:GetLayerVersion"
          statement_id    = "org"
        }
        """)
    path = str(tmp_path / "m")
    assert [(label, verdict) for label, verdict, _ in _answers(path)] == [
        ("aws_lambda_layer_version_permission.everyone", "no"),
        ("aws_lambda_layer_version_permission.org", "yes"),
    ]
    _replays(path)


def test_a_sam_api_event_with_a_resource_policy_is_unknown(tmp_path):
    """A SAM function's Api event writing the implicit API's resource policy (CustomStatements: statements
    without a "Statement" around them) sits in a property no path reads: it was skipped, a yes."""
    path = write(tmp_path, "t.yaml", """\
        Transform: AWS::Serverless-2016-10-31
        Resources:
          Fn:
            Type: AWS::Serverless::Function
            Properties:
              Runtime: python3.12
              Handler: app.handler
              Policies: [{S3ReadPolicy: {BucketName: b}}]
              Events:
                Get:
                  Type: Api
                  Properties:
                    Path: /
                    Method: get
                    Auth:
                      ResourcePolicy:
                        CustomStatements:
                          - {Effect: Allow, Principal: "*", Action: execute-api:Invoke, Resource: execute-api:/*}
        """)
    assert _answers(path) == [("Fn (AWS::Serverless::Function)", "unknown",
                               "unsupported: Events of Fn (AWS::Serverless::Function) is not read: what it grants is not known")]


def test_a_vpc_endpoint_policy_is_read_and_grants_nothing(tmp_path):
    """An endpoint policy only limits what identity and resource policies grant through the endpoint: its
    Principal "*" is no public access (it was skipped by both readers, then not read)."""
    statement = '{ Effect = "Allow", Principal = "*", Action = "s3:*", Resource = "*" }'
    write(tmp_path, "m/main.tf", f"""\
        resource "aws_vpc_endpoint" "s3" {{
          vpc_id       = "vpc-1"
          service_name = "com.amazonaws.us-east-1.s3"
          policy       = jsonencode({{ Version = "2012-10-17", Statement = [{statement}] }})
        }}
        """)
    [(label, verdict, _)] = _answers(str(tmp_path / "m"))
    assert (label, verdict) == ("aws_vpc_endpoint.s3.policy", "yes")
    results, _ = answer_template(str(tmp_path / "m"), "no-public-access", {"timeout": 10.0})
    assert "VPC endpoint policy" in results[0].message and results[0].certificate.kind == "definition"


def test_scps_and_rcps_are_read_and_grant_nothing(tmp_path):
    """Organizations policies: an SCP or RCP (written, or a type computed at deployment with a document as
    content) is read -- validate lints it -- and grants no access, so it is never public; a tag policy's
    content is no IAM document and is left alone (no input error, no unknown)."""
    path = write(tmp_path, "t.yaml", """\
        Parameters:
          Kind: {Type: String, AllowedValues: [SERVICE_CONTROL_POLICY, RESOURCE_CONTROL_POLICY]}
        Resources:
          Scp:
            Type: AWS::Organizations::Policy
            Properties:
              Name: deny-leave
              Type: SERVICE_CONTROL_POLICY
              Content:
                Version: "2012-10-17"
                Statement: [{Effect: Deny, Action: organizations:LeaveOrganization, Resource: "*"}]
          Rcp:
            Type: AWS::Organizations::Policy
            Properties:
              Name: everyone
              Type: !Ref Kind
              Content: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}'
          Tags:
            Type: AWS::Organizations::Policy
            Properties:
              Name: tags
              Type: TAG_POLICY
              Content: {tags: {costcenter: {tag_key: {"@@assign": CostCenter}}}}
        """)
    assert [(label, verdict) for label, verdict, _ in _answers(path)] == [
        ("Content of Rcp (AWS::Organizations::Policy)", "yes"), ("Content of Scp (AWS::Organizations::Policy)", "yes")]
    write(tmp_path, "m/main.tf", """\
        resource "aws_organizations_policy" "region" {
          name    = "eu-only"
          content = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Deny", NotAction = "iam:*", Resource = "*",
                                 Condition = { StringNotEquals = { "aws:RequestedRegion" = "eu-west-1" } } }] })
        }
        resource "aws_organizations_policy" "backup" {
          name    = "backup"
          type    = "BACKUP_POLICY"
          content = jsonencode({ plans = {} })
        }
        """)
    assert [(label, verdict) for label, verdict, _ in _answers(str(tmp_path / "m"))] == [
        ("aws_organizations_policy.region.content", "yes")]
    results, error = answer_template(str(tmp_path / "m"), "validate", {"timeout": 10.0, "fail_on": "error"})
    assert error is None and [r.verdict.value for r in results] == ["yes"]


def test_properties_an_include_writes_are_unknown(tmp_path):
    """A bucket policy whose properties come from `Fn::Transform` (AWS::Include: a snippet in S3) was
    "no IAM policy documents found": yes."""
    path = write(tmp_path, "t.yaml", """\
        Resources:
          BucketPolicy:
            Type: AWS::S3::BucketPolicy
            Properties:
              Bucket: b
              Fn::Transform:
                Name: AWS::Include
                Parameters: {Location: s3://shared-snippets/bucket-policy.yaml}
        """)
    assert _answers(path) == [("BucketPolicy (AWS::S3::BucketPolicy)", "unknown",
                               "unsupported: Fn::Transform of BucketPolicy (AWS::S3::BucketPolicy) is not read: what it grants is not known")]


def test_an_openapi_body_policy_is_read_and_a_sam_definition_body_one_is_unknown(tmp_path):
    """A REST API's resource policy written in its OpenAPI Body (x-amazon-apigateway-policy), and a SAM
    API's in its DefinitionBody, were skipped: yes. The first is read (public), the second unknown."""
    path = write(tmp_path, "t.yaml", """\
        Transform: AWS::Serverless-2016-10-31
        Resources:
          Api:
            Type: AWS::ApiGateway::RestApi
            Properties:
              Name: api
              Body:
                openapi: "3.0.1"
                x-amazon-apigateway-policy:
                  Version: "2012-10-17"
                  Statement:
                    - {Effect: Allow, Principal: "*", Action: execute-api:Invoke, Resource: execute-api:/*}
          SamApi:
            Type: AWS::Serverless::Api
            Properties:
              StageName: prod
              DefinitionBody:
                openapi: "3.0.1"
                x-amazon-apigateway-policy:
                  Version: "2012-10-17"
                  Statement:
                    - {Effect: Allow, Principal: "*", Action: execute-api:Invoke, Resource: execute-api:/*}
        """)
    assert [(label, verdict) for label, verdict, _ in _answers(path)] == [
        ("Body.x-amazon-apigateway-policy of Api (AWS::ApiGateway::RestApi)", "no"),
        ("SamApi (AWS::Serverless::Api)", "unknown")]
    _replays(path)
