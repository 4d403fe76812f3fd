data "aws_caller_identity" "current" {}

resource "aws_efs_file_system_policy" "public1" {
  file_system_id = "fs-12345678"
  policy = jsonencode({
    "Version" = "2012-10-17"
    "Statement" = [{
      "Effect" = "Allow"
      "Principal" = "*"
      "Action" = "elasticfilesystem:ClientMount"
      "Resource" = "arn:aws:elasticfilesystem:us-east-1:111122223333:file-system/fs-12345678"
    }]
  })
}

data "aws_iam_policy_document" "private2" {
  statement {
    effect = "Allow"
    actions = ["elasticfilesystem:ClientMount"]
    resources = ["arn:aws:elasticfilesystem:us-east-1:111122223333:file-system/fs-12345678"]
    principals {
      type = "*"
      identifiers = ["*"]
    }
    condition {
      test = "StringEquals"
      variable = "aws:PrincipalAccount"
      values = ["444455556666"]
    }
  }
}

resource "aws_efs_file_system_policy" "private2" {
  file_system_id = "fs-12345678"
  policy = data.aws_iam_policy_document.private2.json
}

resource "aws_efs_file_system_policy" "private3" {
  file_system_id = "fs-12345678"
  policy = jsonencode({
    "Version" = "2012-10-17"
    "Statement" = [{
      "Effect" = "Allow"
      "Principal" = "*"
      "Action" = "elasticfilesystem:ClientMount"
      "Resource" = "arn:aws:elasticfilesystem:us-east-1:111122223333:file-system/fs-12345678"
      "Condition" = {
        "IpAddress" = {
          "aws:SourceIp" = "203.0.113.0/24"
        }
      }
    }]
  })
}
