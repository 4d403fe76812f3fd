variable "create_policy" {
  type    = bool
  default = true
}

variable "bucket_name" {
  type    = string
  default = "acme-audit-logs"
}

variable "trusted_accounts" {
  type    = list(string)
  default = ["111122223333", "444455556666"]
}

resource "aws_s3_bucket" "audit" {
  bucket = var.bucket_name
}

data "aws_iam_policy_document" "audit" {
  count = var.create_policy ? 1 : 0

  statement {
    sid       = "CrossAccountWrite"
    actions   = ["s3:PutObject"]
    resources = ["${aws_s3_bucket.audit.arn}/AWSLogs/*"]
    principals {
      type        = "AWS"
      identifiers = [for a in var.trusted_accounts : "arn:aws:iam::${a}:root"]
    }
    condition {
      test     = "StringEquals"
      variable = "s3:x-amz-acl"
      values   = ["bucket-owner-full-control"]
    }
  }
}

resource "aws_s3_bucket_policy" "audit" {
  count  = var.create_policy ? 1 : 0
  bucket = aws_s3_bucket.audit.id
  policy = data.aws_iam_policy_document.audit[0].json
}

resource "aws_sqs_queue" "events" {
  count = 2
  name  = "audit-events-${count.index}"
}

resource "aws_sqs_queue_policy" "events" {
  count     = 2
  queue_url = aws_sqs_queue.events[count.index].id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "AnyoneMaySend"
      Effect    = "Allow"
      Principal = "*"
      Action    = "sqs:SendMessage"
      Resource  = aws_sqs_queue.events[count.index].arn
    }]
  })
}
