data "aws_caller_identity" "current" {}

resource "aws_lambda_permission" "publicurl" {
  function_name = aws_lambda_function.fn.function_name
  action = "lambda:InvokeFunctionUrl"
  principal = "*"
  function_url_auth_type = "NONE"
}

resource "aws_lambda_permission" "privatebucket" {
  function_name = aws_lambda_function.fn.function_name
  action = "lambda:InvokeFunction"
  principal = "s3.amazonaws.com"
  source_arn = "arn:aws:s3:::corp-uploads"
  source_account = data.aws_caller_identity.current.account_id
}

resource "aws_lambda_permission" "privateaccount" {
  function_name = aws_lambda_function.fn.function_name
  action = "lambda:InvokeFunction"
  principal = "444455556666"
}

resource "aws_lambda_permission" "publicanyone" {
  function_name = aws_lambda_function.fn.function_name
  action = "lambda:InvokeFunction"
  principal = "*"
}

resource "aws_lambda_permission" "privateorg" {
  function_name = aws_lambda_function.fn.function_name
  action = "lambda:InvokeFunction"
  principal = "*"
  principal_org_id = "o-a1b2c3d4e5"
}
