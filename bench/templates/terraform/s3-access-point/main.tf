data "aws_caller_identity" "current" {}

resource "aws_s3_access_point" "public1" {
  bucket = "corp-data"
  name = "ap1"
  policy = jsonencode({
    "Version" = "2012-10-17"
    "Statement" = [{
      "Effect" = "Allow"
      "Principal" = "*"
      "Action" = "s3:GetObject"
      "Resource" = "arn:aws:s3:us-east-1:111122223333:accesspoint/ap1/object/*"
    }, {
      "Effect" = "Deny"
      "Principal" = "*"
      "Action" = "s3:Delete*"
      "Resource" = "*"
    }]
  })
}

data "aws_iam_policy_document" "public2" {
  statement {
    effect = "Allow"
    actions = ["s3:GetObject"]
    resources = ["arn:aws:s3:us-east-1:111122223333:accesspoint/ap1/object/*"]
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

resource "aws_s3_access_point" "public2" {
  bucket = "corp-data"
  name = "ap1"
  policy = data.aws_iam_policy_document.public2.json
}

resource "aws_s3_access_point" "private3" {
  bucket = "corp-data"
  name = "ap1"
  policy = jsonencode({
    "Version" = "2012-10-17"
    "Statement" = [{
      "Effect" = "Allow"
      "Principal" = "*"
      "Action" = "s3:GetObject"
      "Resource" = "arn:aws:s3:us-east-1:111122223333:accesspoint/ap1/object/*"
      "Condition" = {
        "IpAddress" = {
          "aws:SourceIp" = "203.0.113.0/24"
        }
      }
    }]
  })
}
