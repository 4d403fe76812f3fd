data "aws_caller_identity" "current" {}

resource "aws_sqs_queue_policy" "public1" {
  queue_url = "https://sqs.us-east-1.amazonaws.com/111122223333/orders"
  policy = jsonencode({
    "Version" = "2012-10-17"
    "Statement" = [{
      "Effect" = "Allow"
      "Principal" = {
        "AWS" = "*"
      }
      "Action" = "sqs:SendMessage"
      "Resource" = "arn:aws:sqs:us-east-1:111122223333:orders"
      "Condition" = {
        "StringLike" = {
          "aws:PrincipalOrgID" = "o-*"
        }
      }
    }]
  })
}

data "aws_iam_policy_document" "private2" {
  statement {
    effect = "Allow"
    actions = ["sqs:SendMessage"]
    resources = ["arn:aws:sqs:us-east-1:111122223333:orders"]
    principals {
      type = "AWS"
      identifiers = ["arn:aws:iam::${data.aws_caller_identity.current.account_id}:root"]
    }
  }
}

resource "aws_sqs_queue_policy" "private2" {
  queue_url = "https://sqs.us-east-1.amazonaws.com/111122223333/orders"
  policy = data.aws_iam_policy_document.private2.json
}

resource "aws_sqs_queue_policy" "private3" {
  queue_url = "https://sqs.us-east-1.amazonaws.com/111122223333/orders"
  policy = jsonencode({
    "Version" = "2012-10-17"
    "Statement" = [{
      "Effect" = "Allow"
      "Principal" = "*"
      "Action" = "sqs:SendMessage"
      "Resource" = "arn:aws:sqs:us-east-1:111122223333:orders"
      "Condition" = {
        "StringEquals" = {
          "aws:PrincipalOrgID" = "o-a1b2c3d4e5"
        }
      }
    }]
  })
}
