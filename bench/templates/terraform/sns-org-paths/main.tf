data "aws_caller_identity" "current" {}

resource "aws_sns_topic" "alerts" {
  name = "alerts"
}

resource "aws_sns_topic_policy" "alerts" {
  arn = aws_sns_topic.alerts.arn
  policy = jsonencode({
    Version = "2012-10-17"
    Id      = "alerts"
    Statement = [
      {
        Sid       = "OwnerAccount"
        Effect    = "Allow"
        Principal = { AWS = "*" }
        Action    = ["sns:Publish", "sns:Subscribe", "sns:GetTopicAttributes"]
        Resource  = aws_sns_topic.alerts.arn
        Condition = { StringEquals = { "AWS:SourceOwner" = data.aws_caller_identity.current.account_id } }
      },
      {
        Sid       = "OrgUnit"
        Effect    = "Allow"
        Principal = { AWS = "*" }
        Action    = "sns:Publish"
        Resource  = aws_sns_topic.alerts.arn
        Condition = {
          "ForAnyValue:StringLike" = { "aws:PrincipalOrgPaths" = ["o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/*"] }
        }
      },
      {
        Sid       = "CloudWatch"
        Effect    = "Allow"
        Principal = { Service = "cloudwatch.amazonaws.com" }
        Action    = "sns:Publish"
        Resource  = aws_sns_topic.alerts.arn
        Condition = { StringEquals = { "aws:SourceAccount" = data.aws_caller_identity.current.account_id } }
      },
    ]
  })
}

resource "aws_sns_topic" "broadcast" {
  name = "broadcast"
}

resource "aws_sns_topic_policy" "broadcast" {
  arn = aws_sns_topic.broadcast.arn
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "AnyoneButDenied"
        Effect    = "Allow"
        Principal = "*"
        Action    = "sns:Subscribe"
        Resource  = aws_sns_topic.broadcast.arn
        Condition = { StringEquals = { "sns:Protocol" = "https" } }
      },
      {
        Sid         = "DenyAllButReads"
        Effect      = "Deny"
        Principal   = "*"
        NotAction   = ["sns:Subscribe", "sns:GetTopicAttributes"]
        Resource    = aws_sns_topic.broadcast.arn
      },
    ]
  })
}
