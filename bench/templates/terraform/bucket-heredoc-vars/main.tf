variable "bucket" {
  type    = string
  default = "acme-logs"
}

resource "aws_s3_bucket_policy" "logs" {
  bucket = var.bucket
  policy = <<-EOT
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Sid": "VpceOnly",
          "Effect": "Allow",
          "Principal": "*",
          "Action": ["s3:GetObject", "s3:ListBucket"],
          "Resource": ["arn:aws:s3:::${var.bucket}", "arn:aws:s3:::${var.bucket}/*"],
          "Condition": {"StringEquals": {"aws:SourceVpce": "vpce-0a1b2c3d4e5f60718"}}
        },
        {
          "Sid": "LogDelivery",
          "Effect": "Allow",
          "Principal": {"Service": "logging.s3.amazonaws.com"},
          "Action": "s3:PutObject",
          "Resource": "arn:aws:s3:::${var.bucket}/access/*"
        }
      ]
    }
  EOT
}

resource "aws_s3_bucket_policy" "archive" {
  bucket = "${var.bucket}-archive"
  policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": {"AWS": "*"},
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::${var.bucket}-archive/*",
      "Condition": {"StringLike": {"aws:SourceVpce": "vpce-*"}}
    }
  ]
}
EOF
}
