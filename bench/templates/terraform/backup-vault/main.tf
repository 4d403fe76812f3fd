data "aws_caller_identity" "current" {}

resource "aws_backup_vault_policy" "public1" {
  backup_vault_name = "main"
  policy = jsonencode({
    "Version" = "2012-10-17"
    "Statement" = [{
      "Effect" = "Allow"
      "Principal" = "*"
      "Action" = "backup:CopyIntoBackupVault"
      "Resource" = "*"
      "Condition" = {
        "IpAddress" = {
          "aws:SourceIp" = "0.0.0.0/0"
        }
      }
    }]
  })
}

data "aws_iam_policy_document" "private2" {
  statement {
    effect = "Allow"
    actions = ["backup:CopyIntoBackupVault"]
    resources = ["*"]
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

resource "aws_backup_vault_policy" "private2" {
  backup_vault_name = "main"
  policy = data.aws_iam_policy_document.private2.json
}

resource "aws_backup_vault_policy" "private3" {
  backup_vault_name = "main"
  policy = jsonencode({
    "Version" = "2012-10-17"
    "Statement" = [{
      "Effect" = "Allow"
      "Principal" = "*"
      "Action" = "backup:CopyIntoBackupVault"
      "Resource" = "*"
      "Condition" = {
        "IpAddress" = {
          "aws:SourceIp" = "203.0.113.0/24"
        }
      }
    }]
  })
}
