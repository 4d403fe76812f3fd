resource "aws_sns_topic" "orders" {
  name = "orders"
}

resource "aws_sqs_queue" "orders" {
  name = "orders"
}

resource "aws_sqs_queue_policy" "orders" {
  queue_url = aws_sqs_queue.orders.id
  policy = templatefile("${path.module}/policies/queue.json.tpl", {
    queue_arn = aws_sqs_queue.orders.arn
    topic_arn = aws_sns_topic.orders.arn
  })
}

resource "aws_sqs_queue" "public_intake" {
  name = "intake"
}

resource "aws_sqs_queue_policy" "public_intake" {
  queue_url = aws_sqs_queue.public_intake.id
  policy    = file("${path.module}/policies/intake.json")
}
