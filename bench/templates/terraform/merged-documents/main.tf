data "aws_caller_identity" "current" {}

data "aws_iam_policy_document" "base" {
  statement {
    sid       = "Owner"
    actions   = ["s3:*"]
    resources = ["arn:aws:s3:::team-data", "arn:aws:s3:::team-data/*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::${data.aws_caller_identity.current.account_id}:root"]
    }
  }

  statement {
    sid       = "Downloads"
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::team-data/public/*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
  }
}

data "aws_iam_policy_document" "restrict" {
  statement {
    sid       = "Downloads"
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::team-data/public/*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::${data.aws_caller_identity.current.account_id}:role/downloader"]
    }
  }
}

data "aws_iam_policy_document" "team_data" {
  source_policy_documents   = [data.aws_iam_policy_document.base.json]
  override_policy_documents = [data.aws_iam_policy_document.restrict.json]

  statement {
    sid       = "DenyHttp"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = ["arn:aws:s3:::team-data/*"]
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

resource "aws_s3_bucket_policy" "team_data" {
  bucket = "team-data"
  policy = data.aws_iam_policy_document.team_data.json
}

data "aws_iam_policy_document" "with_public" {
  source_policy_documents = [data.aws_iam_policy_document.restrict.json]

  statement {
    sid       = "Anyone"
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::team-data/anyone/*"]
    principals {
      type        = "AWS"
      identifiers = ["*"]
    }
  }
}

resource "aws_s3_bucket_policy" "other" {
  bucket = "team-data-2"
  policy = data.aws_iam_policy_document.with_public.json
}
