data "aws_caller_identity" "current" {}

resource "aws_kinesis_resource_policy" "public1" {
  resource_arn = "arn:aws:kinesis:us-east-1:111122223333:stream/clicks"
  policy = jsonencode({
    "Version" = "2012-10-17"
    "Statement" = [{
      "Effect" = "Allow"
      "Principal" = {
        "Service" = "firehose.amazonaws.com"
      }
      "Action" = "kinesis:GetRecords"
      "Resource" = "arn:aws:kinesis:us-east-1:111122223333:stream/clicks"
    }, {
      "Effect" = "Allow"
      "Principal" = "*"
      "Action" = "kinesis:GetRecords"
      "Resource" = "arn:aws:kinesis:us-east-1:111122223333:stream/clicks"
      "Condition" = {
        "StringLike" = {
          "aws:SourceArn" = "arn:aws:*"
        }
      }
    }]
  })
}

data "aws_iam_policy_document" "private2" {
  statement {
    effect = "Allow"
    actions = ["kinesis:GetRecords"]
    resources = ["arn:aws:kinesis:us-east-1:111122223333:stream/clicks"]
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

resource "aws_kinesis_resource_policy" "private2" {
  resource_arn = "arn:aws:kinesis:us-east-1:111122223333:stream/clicks"
  policy = data.aws_iam_policy_document.private2.json
}

resource "aws_kinesis_resource_policy" "private3" {
  resource_arn = "arn:aws:kinesis:us-east-1:111122223333:stream/clicks"
  policy = jsonencode({
    "Version" = "2012-10-17"
    "Statement" = [{
      "Effect" = "Allow"
      "Principal" = "*"
      "Action" = "kinesis:GetRecords"
      "Resource" = "arn:aws:kinesis:us-east-1:111122223333:stream/clicks"
      "Condition" = {
        "StringEquals" = {
          "aws:SourceAccount" = data.aws_caller_identity.current.account_id
        }
      }
    }]
  })
}
