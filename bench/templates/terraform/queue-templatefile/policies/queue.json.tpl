{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "TopicDelivers",
      "Effect": "Allow",
      "Principal": { "Service": "sns.amazonaws.com" },
      "Action": "sqs:SendMessage",
      "Resource": "${queue_arn}",
      "Condition": { "ArnEquals": { "aws:SourceArn": "${topic_arn}" } }
    }
  ]
}
