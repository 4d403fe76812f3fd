data "aws_caller_identity" "current" {}

resource "aws_s3tables_table_bucket_policy" "public1" {
  table_bucket_arn = "arn:aws:s3tables:us-east-1:111122223333:bucket/analytics"
  resource_policy = jsonencode({
    "Version" = "2012-10-17"
    "Statement" = [{
      "Effect" = "Allow"
      "Principal" = {
        "Service" = "glue.amazonaws.com"
      }
      "Action" = "s3tables:GetTableData"
      "Resource" = "arn:aws:s3tables:us-east-1:111122223333:bucket/analytics/table/*"
    }, {
      "Effect" = "Allow"
      "Principal" = "*"
      "Action" = "s3tables:GetTableData"
      "Resource" = "arn:aws:s3tables:us-east-1:111122223333:bucket/analytics/table/*"
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
    actions = ["s3tables:GetTableData"]
    resources = ["arn:aws:s3tables:us-east-1:111122223333:bucket/analytics/table/*"]
    principals {
      type = "AWS"
      identifiers = ["arn:aws:iam::444455556666:root"]
    }
  }
}

resource "aws_s3tables_table_bucket_policy" "private2" {
  table_bucket_arn = "arn:aws:s3tables:us-east-1:111122223333:bucket/analytics"
  resource_policy = data.aws_iam_policy_document.private2.json
}

resource "aws_s3tables_table_bucket_policy" "private3" {
  table_bucket_arn = "arn:aws:s3tables:us-east-1:111122223333:bucket/analytics"
  resource_policy = jsonencode({
    "Version" = "2012-10-17"
    "Statement" = [{
      "Effect" = "Allow"
      "Principal" = {
        "AWS" = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:root"
      }
      "Action" = "s3tables:GetTableData"
      "Resource" = "arn:aws:s3tables:us-east-1:111122223333:bucket/analytics/table/*"
    }]
  })
}
