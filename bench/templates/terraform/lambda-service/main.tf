variable "function_name" {
  type    = string
  default = "image-resizer"
}

variable "source_bucket" {
  type    = string
  default = "acme-originals"
}

data "aws_caller_identity" "current" {}
data "aws_region" "current" {}

data "aws_iam_policy_document" "assume_lambda" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "resizer" {
  name               = "${var.function_name}-role"
  assume_role_policy = data.aws_iam_policy_document.assume_lambda.json
}

resource "aws_iam_role_policy_attachment" "basic" {
  role       = aws_iam_role.resizer.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
}

resource "aws_iam_role_policy" "resizer" {
  name = "s3-access"
  role = aws_iam_role.resizer.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["s3:GetObject"]
        Resource = "arn:aws:s3:::${var.source_bucket}/*"
      },
      {
        Effect   = "Allow"
        Action   = ["s3:PutObject", "s3:PutObjectTagging"]
        Resource = "arn:aws:s3:::${var.source_bucket}-resized/*"
      },
      {
        Effect = "Allow"
        Action = ["logs:CreateLogStream", "logs:PutLogEvents"]
        Resource = [
          "arn:aws:logs:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:log-group:/aws/lambda/${var.function_name}:*"
        ]
      }
    ]
  })
}

resource "aws_lambda_function" "resizer" {
  function_name = var.function_name
  role          = aws_iam_role.resizer.arn
  handler       = "main.handler"
  runtime       = "python3.12"
  filename      = "${path.module}/build/resizer.zip"
}

resource "aws_lambda_permission" "from_s3" {
  statement_id   = "AllowS3Invoke"
  action         = "lambda:InvokeFunction"
  function_name  = aws_lambda_function.resizer.function_name
  principal      = "s3.amazonaws.com"
  source_arn     = "arn:aws:s3:::${var.source_bucket}"
  source_account = data.aws_caller_identity.current.account_id
}

resource "aws_lambda_permission" "from_sns" {
  statement_id  = "AllowSNSInvoke"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.resizer.function_name
  principal     = "sns.amazonaws.com"
  source_arn    = aws_sns_topic.uploads.arn
}

resource "aws_sns_topic" "uploads" {
  name = "${var.function_name}-uploads"
}

resource "aws_lambda_permission" "any_account" {
  statement_id  = "AllowCrossAccount"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.resizer.function_name
  principal     = "*"
}
