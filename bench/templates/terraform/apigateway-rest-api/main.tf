data "aws_caller_identity" "current" {}

resource "aws_api_gateway_rest_api_policy" "public1" {
  rest_api_id = "a1b2c3d4e5"
  policy = jsonencode({
    "Version" = "2012-10-17"
    "Statement" = [{
      "Effect" = "Allow"
      "Principal" = {
        "AWS" = "*"
      }
      "Action" = "execute-api:Invoke"
      "Resource" = "arn:aws:execute-api:us-east-1:111122223333:a1b2c3d4e5/*"
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
    actions = ["execute-api:Invoke"]
    resources = ["arn:aws:execute-api:us-east-1:111122223333:a1b2c3d4e5/*"]
    principals {
      type = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
    condition {
      test = "ArnLike"
      variable = "aws:SourceArn"
      values = ["arn:aws:lambda:us-east-1:111122223333:function:caller"]
    }
  }
}

resource "aws_api_gateway_rest_api_policy" "private2" {
  rest_api_id = "a1b2c3d4e5"
  policy = data.aws_iam_policy_document.private2.json
}

resource "aws_api_gateway_rest_api_policy" "private3" {
  rest_api_id = "a1b2c3d4e5"
  policy = jsonencode({
    "Version" = "2012-10-17"
    "Statement" = [{
      "Effect" = "Allow"
      "Principal" = "*"
      "Action" = "execute-api:Invoke"
      "Resource" = "arn:aws:execute-api:us-east-1:111122223333:a1b2c3d4e5/*"
      "Condition" = {
        "StringEquals" = {
          "aws:PrincipalAccount" = "444455556666"
        }
      }
    }]
  })
}
