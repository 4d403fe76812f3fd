variable "bucket_name" {
  type    = string
  default = "shared-artifacts"
}

variable "reader_account_ids" {
  description = "Accounts that may read artifacts"
  type        = list(string)
  default     = ["111111111111", "222222222222"]
}

resource "aws_s3_bucket" "artifacts" {
  bucket = var.bucket_name
}

data "aws_iam_policy_document" "artifacts" {
  dynamic "statement" {
    for_each = var.reader_account_ids
    content {
      sid     = "Reader${statement.key}"
      effect  = "Allow"
      actions = ["s3:GetObject", "s3:ListBucket"]
      resources = [
        aws_s3_bucket.artifacts.arn,
        "${aws_s3_bucket.artifacts.arn}/*",
      ]
      principals {
        type        = "AWS"
        identifiers = ["arn:aws:iam::${statement.value}:root"]
      }
    }
  }

  statement {
    sid       = "DenyHttp"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = ["${aws_s3_bucket.artifacts.arn}/*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

resource "aws_s3_bucket_policy" "artifacts" {
  bucket = aws_s3_bucket.artifacts.id
  policy = data.aws_iam_policy_document.artifacts.json
}

data "aws_iam_policy_document" "open_reports" {
  dynamic "statement" {
    for_each = toset(["reports/", "exports/"])
    content {
      sid       = "Public${replace(statement.value, "/", "")}"
      actions   = ["s3:GetObject"]
      resources = ["${aws_s3_bucket.artifacts.arn}/${statement.value}*"]
      principals {
        type        = "*"
        identifiers = ["*"]
      }
    }
  }
}

resource "aws_s3_bucket" "reports" {
  bucket = "${var.bucket_name}-reports"
}

resource "aws_s3_bucket_policy" "reports" {
  bucket = aws_s3_bucket.reports.id
  policy = data.aws_iam_policy_document.open_reports.json
}
