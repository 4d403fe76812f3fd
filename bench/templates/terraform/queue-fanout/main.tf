locals {
  queues = {
    billing  = { retention = 345600 }
    shipping = { retention = 86400 }
  }
  common_tags = {
    team = "platform"
  }
}

resource "aws_sns_topic" "orders" {
  name = "orders"
  tags = local.common_tags
}

resource "aws_sqs_queue" "consumer" {
  for_each                  = local.queues
  name                      = "orders-${each.key}"
  message_retention_seconds = each.value.retention
  tags                      = local.common_tags
}

resource "aws_sqs_queue_policy" "consumer" {
  for_each  = aws_sqs_queue.consumer
  queue_url = each.value.id
  policy    = data.aws_iam_policy_document.consumer[each.key].json
}

data "aws_iam_policy_document" "consumer" {
  for_each = aws_sqs_queue.consumer

  statement {
    sid       = "FromOrdersTopic"
    effect    = "Allow"
    actions   = ["sqs:SendMessage"]
    resources = [each.value.arn]

    principals {
      type        = "Service"
      identifiers = ["sns.amazonaws.com"]
    }

    condition {
      test     = "ArnEquals"
      variable = "aws:SourceArn"
      values   = [aws_sns_topic.orders.arn]
    }
  }
}

resource "aws_sns_topic_subscription" "consumer" {
  for_each  = aws_sqs_queue.consumer
  topic_arn = aws_sns_topic.orders.arn
  protocol  = "sqs"
  endpoint  = each.value.arn
}
