data "aws_caller_identity" "current" {}

resource "aws_secretsmanager_secret_policy" "public1" {
  secret_arn = "arn:aws:secretsmanager:us-east-1:111122223333:secret:db-password-AbCdEf"
  policy = jsonencode({
    "Version" = "2012-10-17"
    "Statement" = [{
      "Effect" = "Allow"
      "Principal" = "*"
      "Action" = "secretsmanager:GetSecretValue"
      "Resource" = "*"
    }, {
      "Effect" = "Deny"
      "Principal" = "*"
      "Action" = "secretsmanager:Delete*"
      "Resource" = "*"
    }]
  })
}

data "aws_iam_policy_document" "private2" {
  statement {
    effect = "Allow"
    actions = ["secretsmanager:GetSecretValue"]
    resources = ["*"]
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

resource "aws_secretsmanager_secret_policy" "private2" {
  secret_arn = "arn:aws:secretsmanager:us-east-1:111122223333:secret:db-password-AbCdEf"
  policy = data.aws_iam_policy_document.private2.json
}

resource "aws_secretsmanager_secret_policy" "private3" {
  secret_arn = "arn:aws:secretsmanager:us-east-1:111122223333:secret:db-password-AbCdEf"
  policy = jsonencode({
    "Version" = "2012-10-17"
    "Statement" = [{
      "Effect" = "Allow"
      "Principal" = {
        "Service" = "lambda.amazonaws.com"
      }
      "Action" = "secretsmanager:GetSecretValue"
      "Resource" = "*"
      "Condition" = {
        "ArnLike" = {
          "aws:SourceArn" = "arn:aws:lambda:us-east-1:111122223333:function:rotate"
        }
      }
    }]
  })
}
