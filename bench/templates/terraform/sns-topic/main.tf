data "aws_caller_identity" "current" {}

resource "aws_sns_topic_policy" "public1" {
  arn = "arn:aws:sns:us-east-1:111122223333:alerts"
  policy = jsonencode({
    "Version" = "2012-10-17"
    "Statement" = [{
      "Effect" = "Allow"
      "Principal" = "*"
      "Action" = "sns:Publish"
      "Resource" = "arn:aws:sns:us-east-1:111122223333:alerts"
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
    actions = ["sns:Publish"]
    resources = ["arn:aws:sns:us-east-1:111122223333:alerts"]
    principals {
      type = "*"
      identifiers = ["*"]
    }
    condition {
      test = "StringEquals"
      variable = "aws:PrincipalOrgID"
      values = ["o-a1b2c3d4e5"]
    }
  }
}

resource "aws_sns_topic_policy" "private2" {
  arn = "arn:aws:sns:us-east-1:111122223333:alerts"
  policy = data.aws_iam_policy_document.private2.json
}

resource "aws_sns_topic_policy" "private3" {
  arn = "arn:aws:sns:us-east-1:111122223333:alerts"
  policy = jsonencode({
    "Version" = "2012-10-17"
    "Statement" = [{
      "Effect" = "Allow"
      "Principal" = "*"
      "Action" = "sns:Publish"
      "Resource" = "arn:aws:sns:us-east-1:111122223333:alerts"
      "Condition" = {
        "StringEquals" = {
          "aws:SourceAccount" = data.aws_caller_identity.current.account_id
        }
      }
    }]
  })
}
