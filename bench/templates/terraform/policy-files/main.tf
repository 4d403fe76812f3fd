variable "bucket_name" {
  type    = string
  default = "acme-exports"
}

variable "partner_account_id" {
  type    = string
  default = "555566667777"
}

resource "aws_s3_bucket" "exports" {
  bucket = var.bucket_name
}

resource "aws_s3_bucket_policy" "exports" {
  bucket = aws_s3_bucket.exports.id
  policy = templatefile("${path.module}/policies/exports-bucket.json.tpl", {
    bucket_arn  = aws_s3_bucket.exports.arn
    partner_arn = "arn:aws:iam::${var.partner_account_id}:root"
  })
}

resource "aws_iam_policy" "readonly" {
  name   = "exports-readonly"
  policy = file("${path.module}/policies/readonly.json")
}

resource "aws_iam_role" "exporter" {
  name               = "exporter"
  assume_role_policy = file("policies/trust-ec2.json")
}
