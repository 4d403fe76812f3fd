data "aws_caller_identity" "current" {}

locals {
  consumers = {
    billing   = "arn:aws:iam::333344445555:role/billing-reader"
    analytics = "arn:aws:iam::666677778888:role/analytics"
  }
  producer_services = ["events.amazonaws.com", "s3.amazonaws.com"]
}

resource "aws_sqs_queue" "events" {
  name = "events"
}

data "aws_iam_policy_document" "events" {
  statement {
    sid     = "Owner"
    actions = ["sqs:*"]
    resources = [aws_sqs_queue.events.arn]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::${data.aws_caller_identity.current.account_id}:root"]
    }
  }

  dynamic "statement" {
    for_each = local.consumers
    content {
      sid       = "Consumer${title(statement.key)}"
      actions   = ["sqs:ReceiveMessage", "sqs:DeleteMessage"]
      resources = [aws_sqs_queue.events.arn]
      principals {
        type        = "AWS"
        identifiers = [statement.value]
      }
    }
  }

  dynamic "statement" {
    for_each = local.producer_services
    iterator = svc
    content {
      actions   = ["sqs:SendMessage"]
      resources = [aws_sqs_queue.events.arn]
      principals {
        type        = "Service"
        identifiers = [svc.value]
      }
      condition {
        test     = "StringEquals"
        variable = "aws:SourceAccount"
        values   = [data.aws_caller_identity.current.account_id]
      }
    }
  }
}

resource "aws_sqs_queue_policy" "events" {
  queue_url = aws_sqs_queue.events.id
  policy    = data.aws_iam_policy_document.events.json
}

resource "aws_sqs_queue" "webhooks" {
  name = "webhooks"
}

data "aws_iam_policy_document" "webhooks" {
  statement {
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.webhooks.arn]
    principals {
      type        = "AWS"
      identifiers = ["*"]
    }
    dynamic "condition" {
      for_each = var.allowed_source_ips
      content {
        test     = "IpAddress"
        variable = "aws:SourceIp"
        values   = [condition.value]
      }
    }
  }
}

variable "allowed_source_ips" {
  type    = list(string)
  default = []
}

resource "aws_sqs_queue_policy" "webhooks" {
  queue_url = aws_sqs_queue.webhooks.id
  policy    = data.aws_iam_policy_document.webhooks.json
}
