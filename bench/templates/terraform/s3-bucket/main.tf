data "aws_caller_identity" "current" {}

resource "aws_s3_bucket_policy" "public1" {
  bucket = "corp-data"
  policy = jsonencode({
    "Version" = "2012-10-17"
    "Statement" = [{
      "Effect" = "Allow"
      "Principal" = "*"
      "Action" = "s3:GetObject"
      "Resource" = "arn:aws:s3:::corp-data/*"
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
    actions = ["s3:GetObject"]
    resources = ["arn:aws:s3:::corp-data/*"]
    principals {
      type = "Service"
      identifiers = ["cloudfront.amazonaws.com"]
    }
    condition {
      test = "ArnLike"
      variable = "aws:SourceArn"
      values = ["arn:aws:cloudfront::111122223333:distribution/E1A2B3C4D5"]
    }
  }
}

resource "aws_s3_bucket_policy" "private2" {
  bucket = "corp-data"
  policy = data.aws_iam_policy_document.private2.json
}

resource "aws_s3_bucket_policy" "public3" {
  bucket = "corp-data"
  policy = jsonencode({
    "Version" = "2012-10-17"
    "Statement" = [{
      "Effect" = "Allow"
      "Principal" = "*"
      "Action" = "s3:GetObject"
      "Resource" = "arn:aws:s3:::corp-data/*"
      "Condition" = {
        "StringEquals" = {
          "aws:PrincipalAccount" = "444455556666"
        }
      }
    }]
  })
}
