data "aws_caller_identity" "current" {}
data "aws_region" "current" {}
data "aws_partition" "current" {}

locals {
  account_id = data.aws_caller_identity.current.account_id
  consumer_accounts = {
    analytics = "444455556666"
    billing   = "777788889999"
  }
  admin_role_arns = [
    "arn:${data.aws_partition.current.partition}:iam::${local.account_id}:role/KeyAdmin",
    "arn:${data.aws_partition.current.partition}:iam::${local.account_id}:role/BreakGlass",
  ]
}

resource "aws_kms_key" "shared" {
  description         = "shared data key"
  enable_key_rotation = true
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = concat([
      {
        Sid       = "RootAccount"
        Effect    = "Allow"
        Principal = { AWS = "arn:${data.aws_partition.current.partition}:iam::${local.account_id}:root" }
        Action    = "kms:*"
        Resource  = "*"
      },
      {
        Sid       = "Admins"
        Effect    = "Allow"
        Principal = { AWS = local.admin_role_arns }
        Action    = ["kms:Create*", "kms:Describe*", "kms:Enable*", "kms:Put*", "kms:ScheduleKeyDeletion"]
        Resource  = "*"
      },
      {
        Sid       = "ViaS3InAccount"
        Effect    = "Allow"
        Principal = { AWS = "*" }
        Action    = ["kms:Decrypt", "kms:GenerateDataKey*"]
        Resource  = "*"
        Condition = {
          StringEquals = {
            "kms:CallerAccount" = local.account_id
            "kms:ViaService"    = "s3.${data.aws_region.current.name}.amazonaws.com"
          }
        }
      },
    ], [
      for name, account in local.consumer_accounts : {
        Sid       = "Consumer${title(name)}"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::${account}:root" }
        Action    = ["kms:Decrypt", "kms:DescribeKey"]
        Resource  = "*"
      }
    ])
  })
}

resource "aws_kms_key" "consumers" {
  description = "consumer key"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      for name, account in local.consumer_accounts : {
        Sid       = "Consumer${name}"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::${account}:root" }
        Action    = ["kms:Decrypt", "kms:DescribeKey"]
        Resource  = "*"
      }
    ]
  })
}
