data "aws_caller_identity" "current" {}

resource "aws_glacier_vault" "public1" {
  name = "archive"
  access_policy = jsonencode({
    "Version" = "2012-10-17"
    "Statement" = [{
      "Effect" = "Allow"
      "Principal" = "*"
      "Action" = "glacier:InitiateJob"
      "Resource" = "arn:aws:glacier:us-east-1:111122223333:vaults/archive"
    }]
  })
}

data "aws_iam_policy_document" "private2" {
  statement {
    effect = "Allow"
    actions = ["glacier:InitiateJob"]
    resources = ["arn:aws:glacier:us-east-1:111122223333:vaults/archive"]
    principals {
      type = "*"
      identifiers = ["*"]
    }
    condition {
      test = "StringEquals"
      variable = "aws:SourceAccount"
      values = [data.aws_caller_identity.current.account_id]
    }
  }
}

resource "aws_glacier_vault" "private2" {
  name = "archive"
  access_policy = data.aws_iam_policy_document.private2.json
}

resource "aws_glacier_vault" "private3" {
  name = "archive"
  access_policy = jsonencode({
    "Version" = "2012-10-17"
    "Statement" = [{
      "Effect" = "Allow"
      "Principal" = {
        "Service" = "backup.amazonaws.com"
      }
      "Action" = "glacier:InitiateJob"
      "Resource" = "arn:aws:glacier:us-east-1:111122223333:vaults/archive"
      "Condition" = {
        "ArnLike" = {
          "aws:SourceArn" = "arn:aws:backup:us-east-1:111122223333:backup-vault:main"
        }
      }
    }]
  })
}
