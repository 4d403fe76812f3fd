variable "environment" {
  type    = string
  default = "staging"
}

resource "aws_iam_group" "developers" {
  name = "developers"
}

resource "aws_iam_policy" "developer" {
  name        = "developer-${var.environment}"
  description = "Day-to-day developer access"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "ReadEverything"
        Effect   = "Allow"
        Action   = ["ec2:Describe*", "logs:Get*", "logs:FilterLogEvents", "cloudwatch:GetMetricData"]
        Resource = "*"
      },
      {
        Sid      = "ManageOwnAccessKeys"
        Effect   = "Allow"
        Action   = ["iam:CreateAccessKey", "iam:DeleteAccessKey", "iam:ListAccessKeys"]
        Resource = "arn:aws:iam::*:user/$${aws:username}"
      },
      {
        Sid      = "NoProdData"
        Effect   = "Deny"
        Action   = "s3:*"
        Resource = ["arn:aws:s3:::acme-prod-*", "arn:aws:s3:::acme-prod-*/*"]
      }
    ]
  })
}

resource "aws_iam_policy_attachment" "developers" {
  name       = "developers"
  groups     = [aws_iam_group.developers.name]
  policy_arn = aws_iam_policy.developer.arn
}

resource "aws_iam_group_policy" "developers_inline" {
  name  = "assume-read-roles"
  group = aws_iam_group.developers.name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = "sts:AssumeRole"
      Resource = "arn:aws:iam::*:role/read-only"
    }]
  })
}
