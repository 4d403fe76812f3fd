data "aws_caller_identity" "current" {}

resource "aws_opensearch_domain_policy" "public1" {
  domain_name = "logs"
  access_policies = jsonencode({
    "Version" = "2012-10-17"
    "Statement" = [{
      "Effect" = "Allow"
      "Principal" = {
        "AWS" = "*"
      }
      "Action" = "es:ESHttpGet"
      "Resource" = "arn:aws:es:us-east-1:111122223333:domain/logs/*"
      "Condition" = {
        "StringLike" = {
          "aws:PrincipalOrgID" = "o-*"
        }
      }
    }]
  })
}

data "aws_iam_policy_document" "private2" {
  statement {
    effect = "Allow"
    actions = ["es:ESHttpGet"]
    resources = ["arn:aws:es:us-east-1:111122223333:domain/logs/*"]
    principals {
      type = "*"
      identifiers = ["*"]
    }
    condition {
      test = "IpAddress"
      variable = "aws:SourceIp"
      values = ["203.0.113.0/24"]
    }
  }
}

resource "aws_opensearch_domain_policy" "private2" {
  domain_name = "logs"
  access_policies = data.aws_iam_policy_document.private2.json
}

resource "aws_opensearch_domain_policy" "private3" {
  domain_name = "logs"
  access_policies = jsonencode({
    "Version" = "2012-10-17"
    "Statement" = [{
      "Effect" = "Allow"
      "Principal" = {
        "AWS" = "arn:aws:iam::444455556666:root"
      }
      "Action" = "es:ESHttpGet"
      "Resource" = "arn:aws:es:us-east-1:111122223333:domain/logs/*"
    }]
  })
}
