resource "aws_s3_bucket" "releases" {
  bucket = "acme-public-releases"
}

resource "aws_s3_bucket_policy" "releases" {
  bucket = aws_s3_bucket.releases.id

  policy = <<POLICY
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "PublicDownloads",
      "Effect": "Allow",
      "Principal": "*",
      "Action": "s3:GetObject",
      "Resource": "${aws_s3_bucket.releases.arn}/releases/*"
    },
    {
      "Sid": "PublishFromCi",
      "Effect": "Allow",
      "Principal": {"AWS": "arn:aws:iam::111122223333:role/ci-publisher"},
      "Action": ["s3:PutObject", "s3:PutObjectAcl"],
      "Resource": "${aws_s3_bucket.releases.arn}/*"
    }
  ]
}
POLICY
}

resource "aws_iam_user" "uploader" {
  name = "release-uploader"
}

resource "aws_iam_user_policy" "uploader" {
  name = "upload"
  user = aws_iam_user.uploader.name

  policy = <<-EOT
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Effect": "Allow",
          "Action": "s3:PutObject",
          "Resource": "${aws_s3_bucket.releases.arn}/releases/*"
        }
      ]
    }
  EOT
}
