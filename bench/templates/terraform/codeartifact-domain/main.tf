data "aws_caller_identity" "current" {}

resource "aws_codeartifact_domain_permissions_policy" "public1" {
  domain = "corp"
  policy_document = jsonencode({
    "Version" = "2012-10-17"
    "Statement" = [{
      "Effect" = "Allow"
      "Principal" = "*"
      "Action" = "codeartifact:GetAuthorizationToken"
      "Resource" = "*"
    }, {
      "Effect" = "Deny"
      "Principal" = "*"
      "Action" = "codeartifact:Delete*"
      "Resource" = "*"
    }]
  })
}

data "aws_iam_policy_document" "private2" {
  statement {
    effect = "Allow"
    actions = ["codeartifact:GetAuthorizationToken"]
    resources = ["*"]
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

resource "aws_codeartifact_domain_permissions_policy" "private2" {
  domain = "corp"
  policy_document = data.aws_iam_policy_document.private2.json
}

resource "aws_codeartifact_domain_permissions_policy" "private3" {
  domain = "corp"
  policy_document = jsonencode({
    "Version" = "2012-10-17"
    "Statement" = [{
      "Effect" = "Allow"
      "Principal" = {
        "AWS" = "arn:aws:iam::444455556666:root"
      }
      "Action" = "codeartifact:GetAuthorizationToken"
      "Resource" = "*"
    }]
  })
}
