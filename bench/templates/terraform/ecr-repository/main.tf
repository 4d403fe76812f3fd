data "aws_caller_identity" "current" {}

resource "aws_ecr_repository_policy" "public1" {
  repository = "app"
  policy = jsonencode({
    "Version" = "2012-10-17"
    "Statement" = [{
      "Effect" = "Allow"
      "Principal" = {
        "Service" = "codebuild.amazonaws.com"
      }
      "Action" = "ecr:BatchGetImage"
    }, {
      "Effect" = "Allow"
      "Principal" = "*"
      "Action" = "ecr:BatchGetImage"
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
    actions = ["ecr:BatchGetImage"]
    principals {
      type = "Service"
      identifiers = ["codebuild.amazonaws.com"]
    }
    condition {
      test = "ArnLike"
      variable = "aws:SourceArn"
      values = ["arn:aws:codebuild:us-east-1:111122223333:project/build"]
    }
  }
}

resource "aws_ecr_repository_policy" "private2" {
  repository = "app"
  policy = data.aws_iam_policy_document.private2.json
}

resource "aws_ecr_repository_policy" "private3" {
  repository = "app"
  policy = jsonencode({
    "Version" = "2012-10-17"
    "Statement" = [{
      "Effect" = "Allow"
      "Principal" = "*"
      "Action" = "ecr:BatchGetImage"
      "Condition" = {
        "StringEquals" = {
          "aws:PrincipalAccount" = "444455556666"
        }
      }
    }]
  })
}
