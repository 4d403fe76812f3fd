data "aws_caller_identity" "current" {}

resource "aws_kms_key" "public1" {
  policy = jsonencode({
    "Version" = "2012-10-17"
    "Statement" = [{
      "Effect" = "Allow"
      "Principal" = {
        "AWS" = "*"
      }
      "Action" = ["kms:Decrypt", "kms:GenerateDataKey"]
      "Resource" = "*"
      "Condition" = {
        "StringEquals" = {
          "kms:ViaService" = "s3.us-east-1.amazonaws.com"
        }
      }
    }]
  })
}

data "aws_iam_policy_document" "private2" {
  statement {
    effect = "Allow"
    actions = ["kms:*"]
    resources = ["*"]
    principals {
      type = "AWS"
      identifiers = ["arn:aws:iam::${data.aws_caller_identity.current.account_id}:root"]
    }
  }
}

resource "aws_kms_key" "private2" {
  policy = data.aws_iam_policy_document.private2.json
}

resource "aws_kms_key" "private3" {
  policy = jsonencode({
    "Version" = "2012-10-17"
    "Statement" = [{
      "Effect" = "Allow"
      "Principal" = {
        "AWS" = "*"
      }
      "Action" = ["kms:Decrypt", "kms:GenerateDataKey"]
      "Resource" = "*"
      "Condition" = {
        "StringEquals" = {
          "kms:CallerAccount" = data.aws_caller_identity.current.account_id
          "kms:ViaService" = "s3.us-east-1.amazonaws.com"
        }
      }
    }]
  })
}
