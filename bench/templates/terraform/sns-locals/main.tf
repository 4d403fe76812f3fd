data "aws_caller_identity" "current" {}

locals {
  publisher_services = ["events.amazonaws.com", "cloudwatch.amazonaws.com"]
  topic_name         = "ops-alerts"
}

resource "aws_sns_topic" "alerts" {
  name = local.topic_name
}

resource "aws_sns_topic_policy" "alerts" {
  arn = aws_sns_topic.alerts.arn
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "ServicesPublish"
        Effect    = "Allow"
        Principal = { Service = local.publisher_services }
        Action    = "sns:Publish"
        Resource  = aws_sns_topic.alerts.arn
        Condition = {
          StringEquals = { "aws:SourceAccount" = data.aws_caller_identity.current.account_id }
        }
      },
      {
        Sid       = "OwnerManage"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:root" }
        Action    = ["sns:GetTopicAttributes", "sns:SetTopicAttributes", "sns:Subscribe"]
        Resource  = aws_sns_topic.alerts.arn
      }
    ]
  })
}
