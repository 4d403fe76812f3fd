# Platform services: search domains, a replica key, log delivery, an organization event bus,
# a shared secret, an SSO permission set and a gateway endpoint -- policies written on the
# resources themselves (access_policies, policy, policy_document, inline_policy).

data "aws_caller_identity" "current" {}
data "aws_region" "current" {}

locals {
  account = data.aws_caller_identity.current.account_id
  region  = data.aws_region.current.name
}

resource "aws_opensearch_domain" "logs" {
  domain_name    = "logs"
  engine_version = "OpenSearch_2.11"
  access_policies = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "*" }
      Action    = "es:ESHttp*"
      Resource  = "arn:aws:es:${local.region}:${local.account}:domain/logs/*"
      Condition = { IpAddress = { "aws:SourceIp" = ["198.51.100.0/24"] } }
    }]
  })
}

resource "aws_elasticsearch_domain" "legacy" {
  domain_name = "legacy"
}

resource "aws_elasticsearch_domain_policy" "legacy" {
  domain_name     = aws_elasticsearch_domain.legacy.domain_name
  access_policies = <<-POLICY
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Effect": "Allow",
          "Principal": "*",
          "Action": "es:ESHttpGet",
          "Resource": "arn:aws:es:us-east-1:111122223333:domain/legacy/*"
        }
      ]
    }
  POLICY
}

resource "aws_kms_replica_key" "data" {
  primary_key_arn = "arn:aws:kms:us-east-1:111122223333:key/mrk-1234abcd12ab34cd56ef1234567890ab"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "Admin"
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::${local.account}:root" }
      Action    = "kms:*"
      Resource  = "*"
    }]
  })
}

resource "aws_cloudwatch_log_resource_policy" "search_logs" {
  policy_name = "search-logs"
  policy_document = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "es.amazonaws.com" }
      Action    = ["logs:PutLogEvents", "logs:CreateLogStream"]
      Resource  = "arn:aws:logs:${local.region}:${local.account}:log-group:/aws/opensearch/*"
      Condition = { StringEquals = { "aws:SourceAccount" = local.account } }
    }]
  })
}

data "aws_iam_policy_document" "bus" {
  statement {
    sid       = "OrgPutEvents"
    actions   = ["events:PutEvents"]
    resources = ["arn:aws:events:${local.region}:${local.account}:event-bus/default"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:PrincipalOrgID"
      values   = ["o-abc123def4"]
    }
  }
}

resource "aws_cloudwatch_event_bus_policy" "org" {
  policy         = data.aws_iam_policy_document.bus.json
  event_bus_name = "default"
}

resource "aws_secretsmanager_secret" "shared" {
  name = "shared/api-key"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = "*"
      Action    = "secretsmanager:GetSecretValue"
      Resource  = "*"
    }]
  })
}

resource "aws_ssoadmin_permission_set_inline_policy" "readers" {
  instance_arn       = "arn:aws:sso:::instance/ssoins-1234567890abcdef"
  permission_set_arn = "arn:aws:sso:::permissionSet/ssoins-1234567890abcdef/ps-1234567890abcdef"
  inline_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["s3:GetObject"], Resource = "*" }]
  })
}

resource "aws_vpc_endpoint" "s3" {
  vpc_id       = "vpc-0123456789abcdef0"
  service_name = "com.amazonaws.${local.region}.s3"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = "*", Action = "s3:GetObject", Resource = "*" }]
  })
}

resource "aws_lambda_layer_version" "shared" {
  layer_name          = "shared-utils"
  filename            = "layer.zip"
  compatible_runtimes = ["python3.12"]
}

resource "aws_lambda_layer_version_permission" "org" {
  layer_name      = aws_lambda_layer_version.shared.layer_arn
  version_number  = aws_lambda_layer_version.shared.version
  principal       = "*"
  organization_id = var.organization_id
  action          = "lambda:GetLayerVersion"
  statement_id    = "organization"
}

resource "aws_lambda_layer_version_permission" "everyone" {
  layer_name     = aws_lambda_layer_version.shared.layer_arn
  version_number = aws_lambda_layer_version.shared.version
  principal      = "*"
  action         = "lambda:GetLayerVersion"
  statement_id   = "everyone"
}

variable "organization_id" {
  type = string
  validation {
    condition     = can(regex("^o-[a-z0-9]{10,32}$", var.organization_id))
    error_message = "organization_id must be an organization id."
  }
}

resource "aws_organizations_policy" "data_perimeter" {
  name = "data-perimeter"
  type = "RESOURCE_CONTROL_POLICY"
  content = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "EnforceOrgIdentities"
      Effect    = "Deny"
      Principal = "*"
      Action    = ["s3:*", "sqs:*", "kms:*", "secretsmanager:*", "sts:AssumeRole"]
      Resource  = "*"
      Condition = {
        StringNotEqualsIfExists = { "aws:PrincipalOrgID" = var.organization_id }
        BoolIfExists            = { "aws:PrincipalIsAWSService" = "false" }
      }
    }]
  })
}
