variable "enable_alerts" {
  type    = bool
  default = true
}

data "aws_caller_identity" "current" {}

resource "aws_sns_topic" "alerts" {
  count = var.enable_alerts ? 1 : 0
  name  = "alerts"
}

data "aws_iam_policy_document" "alerts" {
  count = var.enable_alerts ? 1 : 0

  statement {
    sid       = "AccountPublishers"
    actions   = ["SNS:Publish", "SNS:Subscribe"]
    resources = [aws_sns_topic.alerts[0].arn]
    principals {
      type        = "AWS"
      identifiers = ["*"]
    }
    condition {
      test     = "StringEquals"
      variable = "AWS:SourceOwner"
      values   = [data.aws_caller_identity.current.account_id]
    }
  }

  statement {
    sid       = "CloudWatchAlarms"
    actions   = ["sns:Publish"]
    resources = [aws_sns_topic.alerts[0].arn]
    principals {
      type        = "Service"
      identifiers = ["cloudwatch.amazonaws.com"]
    }
  }
}

resource "aws_sns_topic_policy" "alerts" {
  count  = var.enable_alerts ? 1 : 0
  arn    = aws_sns_topic.alerts[0].arn
  policy = data.aws_iam_policy_document.alerts[0].json
}

resource "aws_sns_topic" "status" {
  name = "status-page"
}

resource "aws_sns_topic_policy" "status" {
  arn = aws_sns_topic.status.arn
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "AnyoneSubscribes"
      Effect    = "Allow"
      Principal = { AWS = "*" }
      Action    = ["sns:Subscribe", "sns:Receive"]
      Resource  = aws_sns_topic.status.arn
      Condition = {
        StringEquals = { "sns:Protocol" = ["email", "https"] }
      }
    }]
  })
}
