data "aws_caller_identity" "current" {}

resource "aws_dynamodb_resource_policy" "public1" {
  resource_arn = "arn:aws:dynamodb:us-east-1:111122223333:table/orders"
  policy = jsonencode({
    "Version" = "2012-10-17"
    "Statement" = [{
      "Effect" = "Allow"
      "Principal" = "*"
      "Action" = "dynamodb:GetItem"
      "Resource" = "arn:aws:dynamodb:us-east-1:111122223333:table/orders"
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
    actions = ["dynamodb:GetItem"]
    resources = ["arn:aws:dynamodb:us-east-1:111122223333:table/orders"]
    principals {
      type = "AWS"
      identifiers = ["arn:aws:iam::444455556666:root"]
    }
  }
}

resource "aws_dynamodb_resource_policy" "private2" {
  resource_arn = "arn:aws:dynamodb:us-east-1:111122223333:table/orders"
  policy = data.aws_iam_policy_document.private2.json
}

resource "aws_dynamodb_resource_policy" "private3" {
  resource_arn = "arn:aws:dynamodb:us-east-1:111122223333:table/orders"
  policy = jsonencode({
    "Version" = "2012-10-17"
    "Statement" = [{
      "Effect" = "Allow"
      "Principal" = {
        "AWS" = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:root"
      }
      "Action" = "dynamodb:GetItem"
      "Resource" = "arn:aws:dynamodb:us-east-1:111122223333:table/orders"
    }]
  })
}
